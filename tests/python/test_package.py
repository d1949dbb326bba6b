"""The Python package (import placesim): the same numbers as the command line,
its errors as exceptions, and the arrays as xarray and pandas objects.

Runs against build/python (PYTHONPATH set by ctest).
"""
import os
import shutil
import sys
import tempfile
import unittest

import h5py
import numpy as np
import yaml

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "cli"))
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "hpc"))
from helpers import TempDir, run, source  # noqa: E402
from sweep_common import write_sweep  # noqa: E402

try:
    import placesim
except ImportError as e:  # the module is not built here (no pybind11)
    print("skipped: %s" % e)
    sys.exit(77)

BASE = source("tests", "cli", "good", "base.yaml")


def cli_npv(args, d):
    out = os.path.join(d, "cli.h5")
    r = run(["run"] + args + ["-q", "-o", out, "--force"])
    assert r.returncode == 0, r.stderr
    with h5py.File(out, "r") as f:
        return f["appraisal/npv"][:], out


class Run(unittest.TestCase):
    def test_npv_is_the_command_lines_bit_for_bit_for_any_thread_count(self):
        with TempDir() as d:
            want, _ = cli_npv(["-r", "4", "--seed", "11"], d)
            for threads in (1, 2):
                r = placesim.run(replications=4, seed=11, threads=threads)
                self.assertIsInstance(r.npv, np.ndarray)
                self.assertEqual(r.npv.tobytes(), want.tobytes())

    def test_a_dict_a_path_and_set_give_the_same_runs(self):
        with TempDir() as d:
            want, _ = cli_npv([BASE, "-r", "3", "--seed", "5", "--set", "services.support.capacity=12"], d)
        with open(BASE) as f:
            scenario = yaml.safe_load(f)
        by_path = placesim.run(BASE, replications=3, seed=5, set={"services.support.capacity": 12})
        scenario["services"]["support"]["capacity"] = 12
        by_dict = placesim.run(scenario, replications=3, seed=5)
        self.assertEqual(by_path.npv.tobytes(), want.tobytes())
        self.assertEqual(by_dict.npv.tobytes(), want.tobytes())

    def test_load_reads_a_results_file(self):
        with TempDir() as d:
            want, path = cli_npv(["-r", "2", "--seed", "3"], d)
            r = placesim.load(path)
        self.assertEqual(r.npv.tobytes(), want.tobytes())
        self.assertEqual((r.seed, r.replications), (3, 2))
        self.assertEqual(r.regimes[0], "siloed")
        self.assertIn("placesim.Results", repr(r))

    def test_bad_input_raises_with_file_line_and_column(self):
        with TempDir() as d:
            bad = os.path.join(d, "bad.yaml")
            with open(BASE) as f, open(bad, "w") as g:
                g.write(f.read().replace("replications:", "replicatoins:", 1))
            with self.assertRaises(placesim.ScenarioError) as c:
                placesim.validate(bad)
            self.assertEqual(c.exception.status, 2)
            self.assertTrue(c.exception.errors)
            self.assertRegex(c.exception.errors[0], r"bad\.yaml:\d+:\d+: replicatoins: ")
            self.assertIsInstance(c.exception, ValueError)
        with self.assertRaises(placesim.ScenarioError) as c:
            placesim.run(replications=2, set={"services.key_worker.capacity": -3})
        self.assertIn("services.key_worker.capacity", str(c.exception))
        self.assertIsNone(placesim.validate(BASE))
        with self.assertRaises(TypeError):
            placesim.run(42)


class Arrays(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.r = placesim.run(replications=3, seed=8)
        cls.tmp = tempfile.mkdtemp()
        _, cls.path = cli_npv(["-r", "3", "--seed", "8"], cls.tmp)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp)

    def test_xarray_names_every_dimension_and_labels_it(self):
        ds = self.r.to_xarray()
        spend = ds["spend"]
        self.assertEqual(spend.dims, ("regime", "replication", "year", "agency"))
        self.assertEqual(list(spend["agency"].values), self.r.agencies)
        self.assertEqual(list(spend["year"].values), self.r.years)
        with h5py.File(self.path, "r") as f:
            np.testing.assert_array_equal(spend.sel(regime="pooled").values, f["runs/pooled/spend"][:])
            np.testing.assert_array_equal(ds["appraisal.npv_by_agency"].values, f["appraisal/npv_by_agency"][:])
            share = f["runs/siloed/metrics/preventive_share"][:]
        self.assertEqual(ds["appraisal.npv_by_agency"].dims, ("replication", "agency"))
        np.testing.assert_array_equal(ds["metrics"].sel(regime="siloed", metric="preventive_share").values, share)

    def test_pandas_gives_a_tidy_table(self):
        df = self.r.to_pandas("npv_by_agency")
        self.assertEqual(list(df.columns), ["replication", "agency", "npv_by_agency"])
        self.assertEqual(len(df), 3 * len(self.r.agencies))
        total = df.groupby("replication")["npv_by_agency"].sum().values
        np.testing.assert_allclose(total, self.r.npv, rtol=1e-9)
        with self.assertRaises(KeyError):
            self.r.to_pandas("no_such_array")


class Studies(unittest.TestCase):
    def test_switch_finds_what_the_command_line_finds(self):
        args = dict(param="services.support.effect.scale", replications=2, seed=3, range=(0, 4))
        got = placesim.switch(BASE, **args)
        with TempDir() as d:
            out = os.path.join(d, "s.h5")
            r = run(["switch", BASE, "--param", args["param"], "-r", "2", "--seed", "3", "--range", "0,4",
                     "-q", "-o", out])
            self.assertEqual(r.returncode, 0, r.stderr)
            with h5py.File(out, "r") as f:
                found = bool(f["switch"].attrs["found"])
                value = float(f["switch/value"][()]) if "value" in f["switch"] else None
        self.assertEqual(got["found"], found)
        self.assertEqual(got["value"], value)
        self.assertEqual(len(got["points"]["x"]), len(got["points"]["mean"]))

    def test_sweeps_and_calibrations_are_reachable(self):
        with TempDir() as d:
            spec = os.path.join(d, "sweep.yaml")
            write_sweep(spec, replications=2)
            sweep = placesim.sweep(spec, threads=2)
            self.assertEqual(sweep["points.values"].shape[0], 4)
            shutil.copy(BASE, os.path.join(d, "base.yaml"))
            cal = os.path.join(d, "cal.yaml")
            with open(cal, "w") as f:
                f.write("""placesim_calibration: 1
scenario: base.yaml
regime: siloed
set: {population.families: 300}
parameters:
  events.arrest.rate_per_year: {dist: uniform, min: 0.01, max: 0.5}
targets:
  - {name: arrests, metric: events_per_family_year.arrest, value: 0.3, sd: 0.05, source: synthetic}
particles: 20
simulations: 60
seed: 4
""")
            post = placesim.calibrate(cal, threads=2)
            self.assertEqual(post["parameters"].shape[1], 1)
            self.assertAlmostEqual(float(post["weights"].sum()), 1.0, places=9)


if __name__ == "__main__":
    unittest.main()
