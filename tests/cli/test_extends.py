"""Scenario files that extend others: what runs, and where errors point."""
import os
import unittest

import h5py
import yaml

from helpers import ERROR_LINE, TempDir, run, source

NATIONAL = os.path.abspath(source("scenarios", "national_troubled_families.yaml"))
DEFAULT = os.path.abspath(source("scenarios", "default.yaml"))


class Extends(unittest.TestCase):
    def write(self, d, name, text):
        path = os.path.join(d, name)
        with open(path, "w") as f:
            f.write(text)
        return path

    def test_effective_scenario_merges_the_parent(self):
        with TempDir() as d:
            child = self.write(d, "child.yaml", "extends: %s\nname: small\nreplications: 4\n"
                               % NATIONAL)
            r = run(["validate", "--effective", child, "--set", "seed=3"])
            self.assertEqual(r.returncode, 0, r.stderr)
            merged = yaml.safe_load(r.stdout)
            parent = yaml.safe_load(open(NATIONAL))
            self.assertNotIn("extends", merged)
            self.assertEqual(merged["name"], "small")
            self.assertEqual(merged["seed"], 3)
            self.assertEqual(merged["replications"], 4)
            self.assertEqual(merged["services"], parent["services"])
            self.assertEqual(list(merged["agencies"]), list(parent["agencies"]))

    def test_a_run_stores_the_merged_scenario(self):
        with TempDir() as d:
            child = self.write(d, "child.yaml", "extends: %s\npopulation:\n  families: 600\ntime:\n  years: 3\nbusiness_case:\n  claims: []\n"
                               % DEFAULT)
            out = os.path.join(d, "r.h5")
            r = run(["run", child, "-r", "1", "-o", out, "-q"])
            self.assertEqual(r.returncode, 0, r.stderr)
            with h5py.File(out, "r") as f:
                stored = yaml.safe_load(f.attrs["scenario_yaml"])
            self.assertEqual(stored["population"]["families"], 600)
            self.assertIn("services", stored)
            # The report reads the scenario back from the file alone.
            r = run(["report", out, "-o", os.path.join(d, "r.html")])
            self.assertEqual(r.returncode, 0, r.stderr)

    def test_errors_name_the_file_that_wrote_the_value(self):
        with TempDir() as d:
            parent = self.write(d, "parent.yaml", "extends: %s\nservices:\n  key_worker:\n    capacity: -4\n"
                                % DEFAULT)
            child = self.write(d, "child.yaml", "extends: parent.yaml\n\npopulation:\n  families: -1\n")
            r = run(["validate", child])
            self.assertEqual(r.returncode, 2)
            lines = r.stderr.strip().splitlines()
            self.assertEqual(len(lines), 2, r.stderr)
            for line in lines:
                self.assertRegex(line, ERROR_LINE)
            self.assertTrue(any(l.startswith("placesim: error: %s:4:13: population.families:" % child)
                                for l in lines), r.stderr)
            self.assertTrue(any(l.startswith("placesim: error: %s:4:15: services.key_worker.capacity:" % parent)
                                for l in lines), r.stderr)

    def test_loops_and_missing_files_are_bad_input(self):
        with TempDir() as d:
            a = self.write(d, "a.yaml", "extends: b.yaml\n")
            self.write(d, "b.yaml", "extends: a.yaml\n")
            r = run(["run", a, "-o", os.path.join(d, "r.h5")])
            self.assertEqual(r.returncode, 2)
            self.assertIn("files extend each other in a loop", r.stderr)
            self.assertFalse(os.path.exists(os.path.join(d, "r.h5")))
            lost = self.write(d, "lost.yaml", "extends: nowhere.yaml\n")
            r = run(["validate", lost])
            self.assertEqual(r.returncode, 2)
            self.assertIn("%s:1:10: extends: cannot read" % lost, r.stderr)

    def test_a_file_it_extends_is_never_an_output(self):
        with TempDir() as d:
            parent = self.write(d, "parent.yaml", open(DEFAULT).read())
            child = self.write(d, "child.yaml", "extends: parent.yaml\n")
            before = open(parent).read()
            for args in (["run", child, "-r", "1", "-o", parent, "-f"],
                         ["run", child, "-r", "1", "--report", parent, "-f"]):
                r = run(args)
                self.assertEqual(r.returncode, 2, args)
                self.assertIn("is also an input", r.stderr)
            self.assertEqual(open(parent).read(), before)

    def test_format_versions_must_agree(self):
        with TempDir() as d:
            self.write(d, "parent.yaml", "placesim: 2\nname: x\n")
            child = self.write(d, "child.yaml", "placesim: 1\nextends: parent.yaml\n")
            r = run(["validate", child])
            self.assertEqual(r.returncode, 2)
            self.assertIn("%s:1:11: placesim: is 1 here but 2 in" % child, r.stderr)

    def test_a_sweep_base_may_extend(self):
        with TempDir() as d:
            self.write(d, "small.yaml", "extends: %s\npopulation:\n  families: 600\n"
                       "time:\n  years: 3\nbusiness_case:\n  claims: []\n" % DEFAULT)
            sweep = self.write(d, "sweep.yaml",
                               "placesim_sweep: 1\nname: s\nbase: small.yaml\nreplications: 1\nseed: 1\ndesign: {type: grid}\n"
                               "parameters:\n  services.key_worker.capacity: {values: [20, 40]}\n")
            r = run(["sweep", sweep, "-o", os.path.join(d, "s.h5"), "-q"])
            self.assertEqual(r.returncode, 0, r.stderr)


if __name__ == "__main__":
    unittest.main()
