"""The Python package (import placesim): the same numbers as the command line,
its errors as exceptions, and the arrays as xarray and pandas objects.

Runs against build/python (PYTHONPATH set by ctest).
"""
import os
import shutil
import sys
import tempfile
import unittest
import warnings

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
        self.assertEqual(placesim.validate(BASE), [])
        with self.assertRaises(TypeError):
            placesim.run(42)
        for bad in (2.5, True, "3"):
            with self.assertRaises(TypeError):
                placesim.run(replications=bad)
        with self.assertRaises(TypeError):
            placesim.run(set=["not", 3])

    def test_values_keep_their_types_and_warnings_reach_python(self):
        import numpy
        with open(BASE) as f:
            scenario = yaml.safe_load(f)
        scenario["services"]["support"]["capacity"] = numpy.int64(12)  # numpy, as a notebook makes them
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            r = placesim.run(scenario, replications=2, seed=1, set={"name": "Essex: pilot #2"})
        self.assertEqual(r.scenario_name, "Essex: pilot #2")  # text, not YAML
        self.assertEqual(r.attrs["scenario_source"], "<scenario dict>")
        self.assertTrue(r.warnings)  # base.yaml's cohort drifts: the run says so
        self.assertEqual([str(w.message) for w in caught if w.category is placesim.PlacesimWarning], r.warnings)
        self.assertEqual((r.option, r.baseline), ("pooled", "siloed"))

    def test_a_dict_extends_a_file_relative_to_the_working_folder(self):
        with TempDir() as d:
            shutil.copy(BASE, os.path.join(d, "base.yaml"))
            here = os.getcwd()
            os.chdir(d)
            try:
                r = placesim.run({"extends": "base.yaml", "name": "child"}, replications=2, seed=1)
                with self.assertRaises(placesim.ScenarioError) as c:
                    placesim.validate({"extends": "base.yaml", "replicatoins": 3})
            finally:
                os.chdir(here)
        self.assertEqual(r.scenario_name, "child")
        self.assertRegex(c.exception.errors[0], r"^<scenario dict>:\d+:\d+: replicatoins: ")

    def test_hidden_from_mpi_when_python_was_started_by_mpirun(self):
        # MPI may start once a process: a second run must not try again.
        os.environ["OMPI_COMM_WORLD_SIZE"] = "1"
        try:
            a = placesim.run(replications=2, seed=2)
            b = placesim.run(replications=2, seed=2)
        finally:
            del os.environ["OMPI_COMM_WORLD_SIZE"]
        self.assertEqual(a.npv.tobytes(), b.npv.tobytes())


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
        self.assertEqual(len(self.r.to_pandas("evpi")), 1)

    def test_to_xarray_is_a_copy(self):
        ds = self.r.to_xarray()
        before = float(self.r.to_xarray()["spend"].sum())
        ds["spend"] /= 1e6
        self.assertEqual(float(self.r.to_xarray()["spend"].sum()), before)

    def test_a_file_of_another_format_version_is_refused(self):
        old = os.path.join(self.tmp, "old.h5")
        shutil.copy(self.path, old)
        with h5py.File(old, "r+") as f:
            f.attrs["format_version"] = f.attrs["format_version"] - 1
            wanted = int(f.attrs["format_version"]) + 1
        for read in (placesim.load, placesim.load_dataset):
            with self.assertRaises(ValueError) as c:
                read(old)
            self.assertIn("format version %d, written by placesim" % (wanted - 1), str(c.exception))
            self.assertIn("reads version %d" % wanted, str(c.exception))
        with h5py.File(old, "r+") as f:
            del f.attrs["format_version"]
        with self.assertRaises(ValueError):
            placesim.load(old)
        with h5py.File(old, "r+") as f:
            f.attrs["format_version"] = wanted
            f.attrs["filetype"] = "placesim-sweep"
        with self.assertRaises(ValueError) as c:
            placesim.load(old)  # a sweep's version, but not a results file
        self.assertIn("is not a placesim-results file", str(c.exception))
        with h5py.File(old, "r+") as f:
            f.attrs["filetype"] = "placesim-posterior"
            f.attrs["format_version"] = 1
        placesim.load_dataset(old)  # the command line still reads a format-1 posterior
        self.assertEqual(placesim.load(self.path).replications, 3)  # the file as written reads

    def test_decomposition_is_read(self):
        r = placesim.run(BASE, replications=2, seed=2, decompose=True)
        ds = r.to_xarray()
        shapley = [v for v in ds.data_vars if v.startswith("decomposition.") and "shapley" in v]
        self.assertTrue(shapley, sorted(ds.data_vars))


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
                interval = tuple(f["switch/interval"][:]) if "interval" in f["switch"] else None
                low_open = bool(f["switch"].attrs.get("interval_low_open", 0))
                high_open = bool(f["switch"].attrs.get("interval_high_open", 0))
        self.assertEqual(got["found"], found)
        self.assertEqual(got["value"], value)
        self.assertEqual(len(got["points"]["x"]), len(got["points"]["mean"]))
        if interval is not None:  # a side beyond the range is None, never the range's end
            self.assertEqual(got["interval"][0], None if low_open else interval[0])
            self.assertEqual(got["interval"][1], None if high_open else interval[1])

    def test_sweeps_and_calibrations_are_reachable(self):
        with TempDir() as d:
            spec = os.path.join(d, "sweep.yaml")
            write_sweep(spec, replications=2)
            sweep = placesim.sweep(spec, threads=2)
            self.assertEqual(sweep["points.values"].shape[0], 4)
            self.assertEqual(sweep.attrs["filetype"], "placesim-sweep")
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
            self.assertEqual(list(post["posterior.parameters"].coords["parameter"].values),
                             ["events.arrest.rate_per_year"])
            self.assertAlmostEqual(float(post["posterior.weights"].sum()), 1.0, places=9)
            self.assertIn("converged", post.attrs)


if __name__ == "__main__":
    unittest.main()
