"""placesim's command line: help, versions, subcommands, init, schema, determinism."""
import glob
import json
import os
import unittest

import h5py
import jsonschema
import numpy as np
import yaml

from helpers import BIN, TempDir, run, source

COMMANDS = ["run", "validate", "init", "sweep", "switch", "calibrate", "merge", "report", "schema"]


def shipped_scenarios():
    files = sorted(glob.glob(source("scenarios", "**", "*.yaml"), recursive=True))
    return [f for f in files if os.sep + "sweeps" + os.sep not in f and os.sep + "calibrations" + os.sep not in f]


def numeric_datasets(path):
    out = {}
    with h5py.File(path, "r") as f:
        def visit(name, obj):
            if isinstance(obj, h5py.Dataset) and obj.dtype.kind == "f":
                out[name] = obj[()]
        f.visititems(visit)
    return out


class Basics(unittest.TestCase):
    def test_help_lists_every_command(self):
        r = run(["--help"])
        self.assertEqual(r.returncode, 0)
        for c in COMMANDS:
            self.assertIn(c, r.stdout)
        for c in COMMANDS:
            sub = run([c, "--help"])
            self.assertEqual(sub.returncode, 0, c)
            self.assertIn("Usage: placesim " + c, sub.stdout)

    def test_version(self):
        r = run(["--version"])
        self.assertEqual(r.returncode, 0)
        self.assertRegex(r.stdout, r"^placesim \d+\.\d+\.\d+\n$")

    def test_no_command_shows_help_and_fails(self):
        r = run([])
        self.assertEqual(r.returncode, 2)
        self.assertIn("Usage: placesim COMMAND", r.stdout)

    def test_unknown_command_suggests(self):
        r = run(["rnu"])
        self.assertEqual(r.returncode, 2)
        self.assertIn("placesim: error: unknown command 'rnu'; did you mean 'run'?", r.stderr)

    def test_unknown_option_is_a_usage_error(self):
        r = run(["run", "--replicatons", "3"])
        self.assertEqual(r.returncode, 2)
        self.assertIn("placesim: error: run:", r.stderr)
        self.assertIn("see 'placesim run --help'", r.stderr)


class Scenarios(unittest.TestCase):
    def test_every_shipped_scenario_validates(self):
        files = shipped_scenarios()
        self.assertGreaterEqual(len(files), 2)
        r = run(["validate"] + files)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stdout.count(": ok ("), len(files))

    def test_schema_is_json_and_accepts_every_shipped_scenario(self):
        r = run(["schema"])
        self.assertEqual(r.returncode, 0)
        schema = json.loads(r.stdout)
        with open(source("scenarios", "placesim.schema.json")) as f:
            self.assertEqual(json.load(f), schema)
        scenarios = [f for f in shipped_scenarios() if os.sep + "aggregates" + os.sep not in f]
        for path in scenarios + [source("tests", "cli", "good", "base.yaml")]:
            with open(path) as f:
                jsonschema.validate(yaml.safe_load(f), schema)

    def test_key_reference_in_the_docs_is_current(self):
        r = run(["schema", "--markdown"])
        self.assertEqual(r.returncode, 0)
        with open(source("docs", "scenario-format.md")) as f:
            text = f.read()
        begin, end = "<!-- BEGIN KEY REFERENCE -->\n", "<!-- END KEY REFERENCE -->"
        committed = text[text.index(begin) + len(begin):text.index(end)]
        self.assertEqual(committed, r.stdout, "docs/scenario-format.md is stale: run tools/update-docs")

    def test_schema_agrees_with_the_loader_where_they_once_differed(self):
        schema = json.loads(run(["schema"]).stdout)
        with open(source("tests", "cli", "good", "base.yaml")) as f:
            good = yaml.safe_load(f)
        # 6.8e6 is a number to the loader; PyYAML (YAML 1.1) reads it as text.
        good["agencies"]["council"]["budget"] = "6.8e6"
        jsonschema.validate(good, schema)
        for path, value in [(("time", "start_year"), "2012/14"),
                            (("population", "leave_per_year"), {"dist": "gamma", "mean": -1, "sd": 1})]:
            bad = yaml.safe_load(yaml.safe_dump(good))
            bad[path[0]][path[1]] = value
            with self.assertRaises(jsonschema.ValidationError, msg=str(value)):
                jsonschema.validate(bad, schema)

    def test_schema_rejects_unknown_keys_and_bad_types(self):
        schema = json.loads(run(["schema"]).stdout)
        for name in ["01-unknown-top-key", "02-unknown-service-key", "12-capacity-not-number",
                     "18-probability-over-one", "36-unknown-dist", "05-wrong-version"]:
            with open(source("tests", "cli", "bad_scenarios", name + ".yaml")) as f:
                doc = yaml.safe_load(f)
            with self.assertRaises(jsonschema.ValidationError, msg=name):
                jsonschema.validate(doc, schema)

    def test_init_writes_the_default_and_it_runs_the_same(self):
        with TempDir() as d:
            path = os.path.join(d, "my.yaml")
            self.assertEqual(run(["init", path]).returncode, 0)
            again = run(["init", path])
            self.assertEqual(again.returncode, 2)
            self.assertIn("already exists", again.stderr)
            self.assertEqual(run(["init", path, "--force"]).returncode, 0)
            with open(path) as f:
                self.assertEqual(f.read(), run(["init"]).stdout)
            args = ["-r", "2", "--seed", "9", "--set", "time.years=2", "--set", "business_case.claims=[]", "-q"]
            self.assertEqual(run(["run", path, "-o", os.path.join(d, "a.h5")] + args).returncode, 0)
            self.assertEqual(run(["run", "-o", os.path.join(d, "b.h5")] + args).returncode, 0)
            a, b = numeric_datasets(os.path.join(d, "a.h5")), numeric_datasets(os.path.join(d, "b.h5"))
            self.assertEqual(sorted(a), sorted(b))
            for k in a:
                np.testing.assert_array_equal(a[k], b[k], err_msg=k)


class Determinism(unittest.TestCase):
    def test_one_and_two_threads_give_identical_numbers(self):
        with TempDir() as d:
            base = ["run", source("tests", "cli", "good", "base.yaml"), "-r", "6", "-q"]
            self.assertEqual(run(base + ["-t", "1", "-o", os.path.join(d, "t1.h5")]).returncode, 0)
            self.assertEqual(run(base + ["-t", "2", "-o", os.path.join(d, "t2.h5")]).returncode, 0)
            one, two = numeric_datasets(os.path.join(d, "t1.h5")), numeric_datasets(os.path.join(d, "t2.h5"))
            self.assertGreater(len(one), 20)
            for k in one:
                # byte-identical, NaN included
                self.assertEqual(one[k].tobytes(), two[k].tobytes(), k)


if __name__ == "__main__":
    unittest.main()
