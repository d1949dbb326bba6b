"""placesim calibrate: synthetic recovery (targets made by a run at known
parameter values must be covered by the posterior's 90% interval, which is
narrower than the prior's), reproducibility, and errors in calibration files."""
import glob
import json
import os
import re
import shutil
import signal
import subprocess
import time
import unittest

import h5py
import numpy as np

from helpers import BIN, TempDir, reseal, run, source

MPIRUN = shutil.which("mpirun")
MPI_ENV = dict(os.environ, OMPI_ALLOW_RUN_AS_ROOT="1", OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1",
               OMPI_MCA_rmaps_base_oversubscribe="1")
# OpenMPI leaks by design at MPI_Finalize (see tests/hpc/test_sweeps.py).
MPI_ENV["ASAN_OPTIONS"] = ":".join(filter(None, [os.environ.get("ASAN_OPTIONS", ""), "detect_leaks=0"]))

BASE = source("tests", "cli", "good", "base.yaml")
TRUE_RATE, TRUE_COST = 0.1, 593.0  # events.arrest in base.yaml


def weighted_interval(x, w, lo=0.05, hi=0.95):
    order = np.argsort(x, kind="stable")
    c = np.cumsum(w[order])
    return x[order][np.searchsorted(c, lo * c[-1])], x[order][np.searchsorted(c, hi * c[-1])]


CALIBRATION = """placesim_calibration: 1
scenario: base.yaml
regime: siloed
set: {{population.families: 1000}}
parameters:
  events.arrest.rate_per_year: {{dist: uniform, min: 0.01, max: 0.5}}
  events.arrest.unit_cost.gbp: {{dist: uniform, min: 100, max: 2000}}
targets:
  - {{name: arrests, metric: events_per_family_year.arrest, value: {arrests}, sd: {arrests_sd}, source: synthetic}}
  - {{name: cost, metric: cost_per_family_year, value: {cost}, sd: {cost_sd}, source: synthetic}}
particles: 40
simulations: 400
seed: 4
"""


def assert_same_posterior(test, a_path, b_path):
    with h5py.File(a_path, "r") as a, h5py.File(b_path, "r") as b:
        for name in ["parameters", "weights", "metrics", "distance", "tolerance", "simulations"]:
            np.testing.assert_array_equal(a["posterior/" + name][:], b["posterior/" + name][:])


class Calibrate(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = TempDir()
        cls.dir = cls.tmp.__enter__()
        shutil.copy(BASE, cls.dir)
        truth = os.path.join(cls.dir, "truth.h5")
        r = run(["run", BASE, "--set", "population.families=1000", "-r", "10", "--seed", "77", "-q",
                 "-o", truth])
        assert r.returncode == 0, r.stderr
        with h5py.File(truth, "r") as f:
            m = f["runs/siloed/metrics"]
            arrests, cost = m["events_per_family_year.arrest"][:], m["cost_per_family_year"][:]
        # Each target's sd: twice a replication's spread, as a published figure's would be wide.
        cls.text = CALIBRATION.format(arrests=arrests.mean(), arrests_sd=2 * arrests.std(ddof=1),
                                      cost=cost.mean(), cost_sd=2 * cost.std(ddof=1))
        cls.cal = os.path.join(cls.dir, "cal.yaml")
        with open(cls.cal, "w") as f:
            f.write(cls.text)
        cls.post = os.path.join(cls.dir, "post.h5")
        r = run(["calibrate", cls.cal, "-o", cls.post, "-t", "2"])
        assert r.returncode == 0, r.stderr
        cls.stdout = r.stdout

    @classmethod
    def tearDownClass(cls):
        cls.tmp.__exit__(None, None, None)

    def test_recovers_the_truth_and_shrinks_the_prior(self):
        with h5py.File(self.post, "r") as f:
            names = [n.decode() for n in f["posterior/names"][:]]
            theta, w = f["posterior/parameters"][:], f["posterior/weights"][:]
        self.assertEqual(names, ["events.arrest.rate_per_year", "events.arrest.unit_cost.gbp"])
        self.assertAlmostEqual(w.sum(), 1.0, places=12)
        for k, (truth, lo, hi) in enumerate([(TRUE_RATE, 0.01, 0.5), (TRUE_COST, 100, 2000)]):
            a, b = weighted_interval(theta[:, k], w)
            self.assertLess(a, truth, names[k])
            self.assertGreater(b, truth, names[k])
            self.assertLess(b - a, 0.75 * 0.9 * (hi - lo), names[k])  # the prior's 90% interval
        self.assertIn("events.arrest.rate_per_year: uniform(0.01 to 0.5) -> ", self.stdout)

    def test_file_layout(self):
        with h5py.File(self.post, "r") as f:
            self.assertEqual(f.attrs["filetype"], "placesim-posterior")
            self.assertEqual(f.attrs["format_version"], 2)
            self.assertEqual(f.attrs["seed"], 4)
            self.assertEqual(f.attrs["calibration_yaml"], self.text)
            d = f["posterior/weights"].shape[0]
            self.assertEqual(d, 40)
            self.assertEqual(f["posterior/parameters"].shape, (d, 2))
            self.assertEqual(f["posterior/metrics"].shape, (d, 2))
            self.assertEqual([t.decode() for t in f["posterior/targets"][:]], ["arrests", "cost"])
            prior = f["posterior/prior"][:]
            self.assertEqual(prior.shape, (1000, 2))
            for k, (lo, hi) in enumerate([(0.01, 0.5), (100, 2000)]):  # uniform priors
                self.assertTrue(((prior[:, k] >= lo) & (prior[:, k] <= hi)).all())
                # a uniform's mean within 4 se of its middle: the draws are the prior's
                se = (hi - lo) / np.sqrt(12 * 1000)
                self.assertLess(abs(prior[:, k].mean() - (lo + hi) / 2), 4 * se)
            sims = f["posterior/simulations"][:]
            self.assertLessEqual(sims[-1], 400)
            tol = f["posterior/tolerance"][:]
            self.assertLess(tol[-1], tol[0])

    def test_report_sets_each_posterior_against_its_prior(self):
        html = os.path.join(self.dir, "cal.html")
        post = os.path.join(self.dir, "with-report.h5")
        r = run(["calibrate", self.cal, "-o", post, "-q", "--report", html])
        self.assertEqual(r.returncode, 0, r.stderr)
        with open(html) as f:
            page = f.read()
        # the same page from the file alone
        again = os.path.join(self.dir, "again.html")
        r = run(["report", post, "-o", again])
        self.assertEqual(r.returncode, 0, r.stderr)
        with open(again) as f:
            self.assertEqual(f.read(), page)
        data = json.loads(re.search(r"const D = (.*);\n", page).group(1))
        with h5py.File(post, "r") as f:
            theta, w = f["posterior/parameters"][:], f["posterior/weights"][:]
            fitted, prior = f["posterior/metrics"][:], f["posterior/prior"][:]
        self.assertEqual([p["name"] for p in data["parameters"]],
                         ["events.arrest.rate_per_year", "events.arrest.unit_cost.gbp"])
        for k, p in enumerate(data["parameters"]):
            self.assertAlmostEqual(p["posterior"]["mean"], float(w @ theta[:, k]), delta=1e-9 * abs(p["posterior"]["mean"]))
            self.assertAlmostEqual(p["prior"]["mean"], float(prior[:, k].mean()), delta=1e-9 * abs(p["prior"]["mean"]))
            self.assertAlmostEqual(sum(p["posterior_share"]), 1.0, places=9)  # every draw in a bin
            self.assertGreater(sum(p["prior_share"]), 0.989)  # the prior's middle 99% at least
            self.assertLess(p["posterior"]["q05"], p["posterior"]["q95"])
            self.assertGreater(p["narrowed"], 0.25)  # the targets pin both (see the recovery test)
        for t, target in enumerate(data["targets"]):
            self.assertAlmostEqual(target["fit"]["mean"], float(w @ fitted[:, t]), delta=1e-9 * abs(target["fit"]["mean"]))
        c = np.array(data["correlation"])
        np.testing.assert_allclose(c, c.T)
        np.testing.assert_allclose(np.diag(c), 1.0)
        r = run(["report", post, "-o", os.path.join(self.dir, "x.html"), "--png", self.dir])
        self.assertEqual(r.returncode, 2)
        self.assertIn("--png is for results files", r.stderr)
        # a report path that cannot be written is refused before any simulation
        r = run(["calibrate", self.cal, "-o", os.path.join(self.dir, "y.h5"), "--report", html])
        self.assertEqual(r.returncode, 2)
        self.assertIn("already exists", r.stderr)
        r = run(["calibrate", self.cal, "-o", os.path.join(self.dir, "y.h5"), "--report", self.cal, "--force"])
        self.assertEqual(r.returncode, 2)
        self.assertFalse(os.path.exists(os.path.join(self.dir, "y.h5.parts")))

    def test_older_and_damaged_posteriors(self):
        # format 1 (no prior sample) still runs, and its report says the priors are not stored
        old = os.path.join(self.dir, "v1.h5")
        shutil.copy(self.post, old)
        with h5py.File(old, "r+") as f:
            del f["posterior/prior"]
            f.attrs["format_version"] = 1
        reseal(old)
        r = run(["run", "--posterior", old, "-r", "2", "-q", "-o", os.path.join(self.dir, "v1-run.h5")])
        self.assertEqual(r.returncode, 0, r.stderr)
        html = os.path.join(self.dir, "v1.html")
        r = run(["report", old, "-o", html])
        self.assertEqual(r.returncode, 0, r.stderr)
        with open(html) as f:
            data = json.loads(re.search(r"const D = (.*);\n", f.read()).group(1))
        self.assertIsNone(data["parameters"][0]["prior"])
        # a metric that is not a number, or a target sd of 0, is refused, naming the file
        for name, value in [("posterior/metrics", np.nan), ("posterior/target_sd", 0.0)]:
            bad = os.path.join(self.dir, "bad.h5")
            shutil.copy(self.post, bad)
            with h5py.File(bad, "r+") as f:
                x = f[name][:]
                x.flat[0] = value
                f[name][...] = x
            reseal(bad)
            r = run(["report", bad, "-o", os.path.join(self.dir, "bad.html"), "--force"])
            self.assertEqual(r.returncode, 2, name)
            self.assertIn("bad.h5", r.stderr)
            os.remove(bad)

    def test_whole_numbers_are_set_rounded(self):
        text = self.text.replace("parameters:\n", "parameters:\n  services.support.capacity: {dist: uniform, min: 4, max: 30, integer: true}\n")
        text = text.replace("simulations: 400", "simulations: 160")
        cal = os.path.join(self.dir, "whole.yaml")
        with open(cal, "w") as f:
            f.write(text)
        post = os.path.join(self.dir, "whole.h5")
        r = run(["calibrate", cal, "-o", post, "-q"])
        self.assertEqual(r.returncode, 0, r.stderr)
        with h5py.File(post, "r") as f:
            self.assertEqual(list(f["posterior/integer"][:]), [1.0, 0.0, 0.0])
        out = os.path.join(self.dir, "whole-run.h5")
        r = run(["run", "--posterior", post, "-r", "4", "-q", "-o", out])
        self.assertEqual(r.returncode, 0, r.stderr)
        with h5py.File(out, "r") as f:
            labels = [x.decode() for x in f["dims/parameters"][:]]
            capacity = f["parameters/drawn"][:, labels.index("services.support.capacity")]
        np.testing.assert_array_equal(capacity, np.round(capacity))
        self.assertTrue(((capacity >= 4) & (capacity <= 30)).all())

    def test_same_posterior_for_any_thread_count(self):
        one = os.path.join(self.dir, "one.h5")
        r = run(["calibrate", self.cal, "-o", one, "-t", "1", "-q"])
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stdout, "")
        assert_same_posterior(self, self.post, one)

    def test_kill_and_resume_equals_uninterrupted(self):
        out = os.path.join(self.dir, "resumed.h5")
        p = subprocess.Popen([BIN, "calibrate", self.cal, "-o", out, "-q", "-t", "1"])
        # Kill once some simulations are checkpointed (polling the logs), before the end.
        parts = out + ".parts"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and p.poll() is None:
            logs = [os.path.join(parts, x) for x in os.listdir(parts)] if os.path.isdir(parts) else []
            if logs and sum(os.path.getsize(x) for x in logs) > 2000:
                break
            time.sleep(0.005)
        if p.poll() is not None:
            self.skipTest("the calibration finished before it could be killed")
        p.send_signal(signal.SIGKILL)
        p.wait()
        self.assertFalse(os.path.exists(out))
        r = run(["calibrate", self.cal, "-o", out])
        self.assertEqual(r.returncode, 2)
        self.assertIn("use --resume", r.stderr)
        r = run(["calibrate", self.cal, "-o", out, "--resume", "-t", "2"])
        self.assertEqual(r.returncode, 0, r.stderr)
        resumed = int(re.search(r"(\d+) simulations resumed from checkpoints", r.stderr).group(1))
        self.assertGreater(resumed, 0)
        self.assertLess(resumed, 400)
        assert_same_posterior(self, self.post, out)
        self.assertFalse(os.path.exists(parts))
        r = run(["calibrate", self.cal, "-o", out, "--resume"])
        self.assertEqual(r.returncode, 0)
        self.assertIn("already complete", r.stderr)

    def test_run_draws_from_the_posterior_for_any_thread_count(self):
        out = {}
        for t in ["1", "2"]:
            out[t] = os.path.join(self.dir, "run%s.h5" % t)
            r = run(["run", "--posterior", self.post, "-r", "8", "--seed", "5", "-t", t, "-q", "-o", out[t]])
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertNotIn("was fitted to", r.stderr)
        with h5py.File(out["1"], "r") as a, h5py.File(out["2"], "r") as b, h5py.File(self.post, "r") as p:
            for name in ["parameters/drawn", "appraisal/npv", "runs/siloed/spend"]:
                np.testing.assert_array_equal(a[name][:], b[name][:])
            labels = [x.decode() for x in a["dims/parameters"][:]]
            self.assertEqual(labels[-2:], ["events.arrest.rate_per_year", "events.arrest.unit_cost.gbp"])
            drawn = a["parameters/drawn"][:, -2:]
            rows = {tuple(r) for r in p["posterior/parameters"][:]}
            for row in drawn:  # each replication takes one draw, both values together
                self.assertIn(tuple(row), rows)
            self.assertGreater(len({tuple(r) for r in drawn}), 1)
            self.assertEqual(a.attrs["posterior_source"], self.post)
            self.assertEqual(a["provenance/manifest"].attrs["posterior_source"], self.post)
            # the arrests run at the fitted rates: the scenario's own 0.1 is not in the draws
            self.assertNotIn(0.1, drawn[:, 0])

    def test_run_posterior_refusals(self):
        with TempDir() as d:
            junk = os.path.join(d, "junk.h5")
            with open(junk, "w") as f:
                f.write("not hdf5")
            r = run(["run", "--posterior", junk, "-o", os.path.join(d, "o.h5")])
            self.assertEqual(r.returncode, 2)
            self.assertIn("--posterior", r.stderr)
            r = run(["run", "--posterior", os.path.join(d, "none.h5"), "-o", os.path.join(d, "o.h5")])
            self.assertEqual(r.returncode, 2)
            self.assertIn("does not exist", r.stderr)
            # a scenario without the fitted key paths (its unit cost a plain number)
            plain = os.path.join(d, "plain.yaml")
            with open(BASE) as f:
                text = f.read()
            with open(plain, "w") as f:
                f.write(text.replace("unit_cost: {gbp: 593, price_year: 2008}", "unit_cost: 593"))
            r = run(["run", plain, "--posterior", self.post, "-o", os.path.join(d, "o.h5")])
            self.assertEqual(r.returncode, 2, r.stderr)
            self.assertIn("events.arrest.unit_cost.gbp", r.stderr)
            self.assertEqual(sorted(os.listdir(d)), ["junk.h5", "plain.yaml"])
        # a --set on a fitted value wins, and says so
        out = os.path.join(self.dir, "override.h5")
        r = run(["run", "--posterior", self.post, "--set", "events.arrest.rate_per_year=0.9", "-r", "2", "-q", "-o", out])
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("--set events.arrest.rate_per_year replaces the fitted value", r.stderr)
        with h5py.File(out, "r") as f:
            self.assertIn("rate_per_year: 0.9", f.attrs["scenario_yaml"])
        # another scenario takes the values, with a warning that it is another
        r = run(["run", BASE, "--set", "population.families=200", "--posterior", self.post, "-r", "2",
                 "-q", "-o", os.path.join(self.dir, "other.h5")])
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("was fitted to", r.stderr)

    def check_refused(self, text, *expected):
        with TempDir() as d:
            shutil.copy(BASE, d)
            path = os.path.join(d, "c.yaml")
            with open(path, "w") as f:
                f.write(text)
            r = run(["calibrate", path, "-o", os.path.join(d, "p.h5")])
            self.assertEqual(r.returncode, 2, r.stderr)
            for e in expected:
                self.assertIn(e, r.stderr)
            self.assertEqual(sorted(os.listdir(d)), ["base.yaml", "c.yaml"], "nothing is written")

    def test_errors_name_the_place_and_what_is_allowed(self):
        bad = self.text.replace("metric: cost_per_family_year", "metric: cost_per_family")
        self.check_refused(bad, "c.yaml:10:", "targets.1.metric", "no metric 'cost_per_family'",
                           "share_of_spend.AGENCY")
        self.check_refused(self.text.replace("regime: siloed", "regime: pool"), "c.yaml:3:",
                           "no regime 'pool'", "one of: siloed, pooled")
        self.check_refused(self.text.replace("events.arrest.unit_cost.gbp:", "events.arrest.unit_cost:"),
                           "c.yaml:7:", "parameters.events.arrest.unit_cost", "events.arrest.unit_cost.gbp")
        self.check_refused(self.text.replace("{dist: uniform, min: 0.01, max: 0.5}", "{dist: constant, value: 1}"),
                           "c.yaml:6:", "a constant prior leaves nothing to fit")
        self.check_refused(self.text.replace(
            "{dist: uniform, min: 0.01, max: 0.5}",
            "{dist: mixture, components: [{p: 0.5, dist: point, value: 0.1}, {p: 0.5, dist: uniform, min: 0.01, max: 0.5}]}"),
            "c.yaml:6:", "a prior with a point mass cannot be fitted")
        self.check_refused(self.text.replace("events.arrest.rate_per_year:", "events.arest.rate_per_year:"),
                           "c.yaml:6:", "parameters.events.arest.rate_per_year")
        self.check_refused(self.text.replace("events.arrest.unit_cost.gbp: {dist: uniform, min: 100, max: 2000}",
                                             "services.support.capacity: {dist: uniform, min: 4, max: 20}"),
                           "c.yaml:7:", "not whole", "integer: true")
        self.check_refused(self.text.replace("{dist: uniform, min: 0.01, max: 0.5}", "{dist: normal, mean: 0.1, sd: 0.2}"),
                           "c.yaml:6:", "3 sd below the prior's mean")
        self.check_refused(self.text.replace("{dist: uniform, min: 0.01, max: 0.5}", "{dist: normal, mean: 0.1, sd: 0}"),
                           "c.yaml:6:", "a constant prior")
        self.check_refused(self.text.replace("events.arrest.rate_per_year:", "time.years:"),
                           "c.yaml:6:", "parameters.time.years", "cannot fit this")
        self.check_refused(self.text.replace("placesim_calibration: 1", "placesim_calibration: 2"),
                           "calibration format version 2 is not supported")
        self.check_refused(self.text.replace("scenario: base.yaml", "scenario: nothere.yaml"),
                           "c.yaml:2:", "cannot read the scenario")

    def test_shipped_calibrations_validate(self):
        files = sorted(glob.glob(source("scenarios", "calibrations", "*.yaml")))
        self.assertTrue(files)
        for path in files:
            r = run(["validate", path])
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertIn(": ok (calibration: ", r.stdout)
            # The scenario is named as a reader would write it, not by the path it was found by.
            self.assertNotIn("calibrations/..", r.stdout)
            self.assertIn("of " + os.path.normpath(os.path.join(os.path.dirname(path), "..")), r.stdout)
        for extra in [["--set", "population.families=10"], ["--effective"]]:  # not ignored in silence
            r = run(["validate", self.cal] + extra)
            self.assertEqual(r.returncode, 2, extra)
            self.assertIn("is a calibration file; --set and --effective apply to scenarios", r.stderr)
        r = run(["validate", self.cal.replace("cal.yaml", "none.yaml")])
        self.assertEqual(r.returncode, 2)
        bad = os.path.join(self.dir, "bad-validate.yaml")
        with open(bad, "w") as f:
            f.write(self.text.replace("regime: siloed", "regime: pool"))
        r = run(["validate", bad])
        self.assertEqual(r.returncode, 2)
        self.assertIn("bad-validate.yaml:3:", r.stderr)

    def test_usage_errors(self):
        r = run(["calibrate", self.cal])
        self.assertEqual(r.returncode, 2)
        self.assertIn("-o POSTERIOR.h5", r.stderr)
        r = run(["calibrate", self.cal, "-o", os.path.join(self.dir, "x.h5"), "-n", "0"])
        self.assertEqual(r.returncode, 2)
        r = run(["calibrate", self.cal, "-o", os.path.join(self.dir, "x.h5"), "-n", "79"])
        self.assertEqual(r.returncode, 2)
        self.assertIn("allow at least 80 simulations", r.stderr)
        self.assertFalse(os.path.exists(os.path.join(self.dir, "x.h5.parts")), "no checkpoints on bad input")
        # no output may replace an input: the calibration file or its scenario
        scenario = os.path.join(self.dir, "base.yaml")
        before = open(scenario).read()
        for target in [scenario, self.cal]:
            r = run(["calibrate", self.cal, "-o", target, "--force"])
            self.assertEqual(r.returncode, 2, r.stderr)
            self.assertIn("is also an input", r.stderr)
        self.assertEqual(open(scenario).read(), before)
        # overrides given as a mapping keep their YAML quoting
        quoted = os.path.join(self.dir, "quoted.yaml")
        with open(quoted, "w") as f:
            f.write(self.text.replace("set: {population.families: 1000}", 'set: {population.families: 1000, name: "base: fitted #1"}'))
        r = run(["validate", quoted])
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertFalse(os.path.exists(os.path.join(self.dir, "x.h5")))


@unittest.skipUnless(MPIRUN, "mpirun is not installed (tools/setup installs openmpi-bin)")
class Mpi(unittest.TestCase):
    def test_two_ranks_equal_one(self):
        with TempDir() as d:
            shutil.copy(BASE, d)
            cal = os.path.join(d, "cal.yaml")
            with open(cal, "w") as f:
                f.write(CALIBRATION.format(arrests=0.32, arrests_sd=0.02, cost=546, cost_sd=40))
            serial = os.path.join(d, "serial.h5")
            r = run(["calibrate", cal, "-o", serial, "-q"])
            self.assertEqual(r.returncode, 0, r.stderr)
            out = os.path.join(d, "mpi.h5")
            r = subprocess.run([MPIRUN, "-n", "2", BIN, "calibrate", cal, "-o", out, "-t", "1"],
                               capture_output=True, text=True, env=MPI_ENV, timeout=600)
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertIn("2 ranks", r.stderr)
            assert_same_posterior(self, serial, out)
            # a refused report path ends every rank at once, before any simulation
            exists = os.path.join(d, "exists.html")
            with open(exists, "w") as f:
                f.write("x")
            r = subprocess.run([MPIRUN, "-n", "2", BIN, "calibrate", cal, "-o", os.path.join(d, "m2.h5"), "-t", "1",
                                "--report", exists], capture_output=True, text=True, env=MPI_ENV, timeout=120)
            self.assertNotEqual(r.returncode, 0)
            self.assertIn("already exists", r.stderr)
            self.assertFalse(os.path.exists(os.path.join(d, "m2.h5.parts")))


if __name__ == "__main__":
    unittest.main()
