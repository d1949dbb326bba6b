"""The results file holds every dataset and attribute of the contract
(DESIGN.md section 8), readable with h5py, h5dump and pandas."""
import os
import subprocess
import sys
import unittest

import h5py
import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "cli"))
from helpers import TempDir, run, source  # noqa: E402

sys.path.insert(0, source("tools", "examples"))
import load_results  # noqa: E402


class Contract(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = TempDir()
        d = cls.tmp.__enter__()
        cls.path = os.path.join(d, "out.h5")
        r = run(["run", source("tests", "cli", "good", "base.yaml"), "-r", "5", "-q", "-o", cls.path,
                 "--set", "agencies.police.budget=6.0e+5"])
        assert r.returncode == 0, r.stderr

    @classmethod
    def tearDownClass(cls):
        cls.tmp.__exit__(None, None, None)

    def test_root_attributes(self):
        with h5py.File(self.path, "r") as f:
            self.assertEqual(f.attrs["filetype"], "placesim-results")
            self.assertEqual(f.attrs["format_version"], 9)
            self.assertRegex(f.attrs["placesim_version"], r"^\d+\.\d+\.\d+$")
            self.assertEqual(f.attrs["seed"], 3)
            self.assertEqual(f.attrs["replications"], 5)
            self.assertRegex(f.attrs["created"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
            # the effective scenario, overrides applied
            self.assertIn("6.0e+5", f.attrs["scenario_yaml"])

    def test_dimensions_are_hdf5_dimension_scales(self):
        with h5py.File(self.path, "r") as f:
            spend = f["runs/siloed/spend"]
            self.assertEqual([d.label for d in spend.dims], ["replication", "year", "agency"])
            self.assertEqual(spend.dims[0][0].name, "/dims/replication")
            self.assertEqual(spend.dims[1][0].name, "/dims/years")
            self.assertEqual(spend.dims[2][0].name, "/dims/agencies")
            self.assertEqual(list(spend.dims[2][0].asstr()[()]), ["council", "police"])
            self.assertEqual(len(f["dims/replication"]), f.attrs["replications"])

    def test_dimension_labels(self):
        with h5py.File(self.path, "r") as f:
            self.assertEqual(load_results.labels(f, "agencies"), ["council", "police"])
            self.assertEqual(load_results.labels(f, "years"), ["2011/12", "2012/13"])
            self.assertEqual(load_results.labels(f, "event_types"), ["arrest", "custody"])
            self.assertEqual(load_results.labels(f, "services"), ["front_door", "support", "joint"])
            self.assertEqual(load_results.labels(f, "regimes"), ["siloed", "pooled"])

    def test_runs_datasets_and_shapes(self):
        with h5py.File(self.path, "r") as f:
            for regime in ["siloed", "pooled"]:
                g = f["runs/" + regime]
                self.assertEqual(g["spend"].shape, (5, 2, 2))
                self.assertEqual(g["events"].shape, (5, 2, 2))
                self.assertEqual(g["wait_days"].shape, (5, 3))
                self.assertEqual(g["utilisation"].shape, (5, 3))
                for name in ["spend", "events", "wait_days", "utilisation"]:
                    self.assertEqual(g[name].dtype, np.float64)
                    self.assertTrue(g[name].attrs["units"])
                    self.assertTrue(g[name].attrs["description"])
                self.assertEqual(g["spend"].attrs["dims"], "replication,year,agency")
                np.testing.assert_allclose(g["spend"][:], g["spend_by_category"][:].sum(axis=3))

    def test_metrics_recompute_from_the_arrays(self):
        # docs/results-format.md "Metrics", recomputed here from the stored arrays.
        with h5py.File(self.path, "r") as f:
            cats = load_results.labels(f, "categories")
            agencies = load_results.labels(f, "agencies")
            events = load_results.labels(f, "event_types")
            needs = load_results.labels(f, "needs")
            for regime in ["siloed", "pooled"]:
                g = f["runs/" + regime]
                m = {k: g["metrics"][k][:] for k in g["metrics"]}
                by_cat = g["spend_by_category"][:]
                total = by_cat.sum(axis=(1, 2, 3))
                fy = g["family_years"][:].sum(axis=1)
                ye = g["families"][:]
                self.assertTrue((fy > 0).all())
                np.testing.assert_allclose(m["cost_per_family_year"], total / fy, rtol=1e-12)
                pre = by_cat[..., cats.index("preventive")].sum(axis=(1, 2))
                np.testing.assert_allclose(m["preventive_share"], pre / total, rtol=1e-12)
                rea = by_cat[..., [cats.index("reactive"), cats.index("reactive_cashable")]].sum(axis=(1, 2, 3))
                np.testing.assert_allclose(m["reactive_share"], rea / total, rtol=1e-12)
                for i, a in enumerate(agencies):
                    np.testing.assert_allclose(m["share_of_spend." + a],
                                               by_cat[:, :, i, :].sum(axis=(1, 2)) / total, rtol=1e-12)
                ev = g["events"][:]
                for i, e in enumerate(events):
                    np.testing.assert_allclose(m["events_per_family_year." + e],
                                               ev[:, :, i].sum(axis=1) / fy, rtol=1e-12)
                prev = g["prevalence"][:]
                for i, n in enumerate(needs):
                    np.testing.assert_allclose(m["share_with_high_need." + n],
                                               (prev[:, :, i, 2] * ye).sum(axis=1) / ye.sum(axis=1), rtol=1e-12)
                self.assertNotIn("care_rate", m)  # this scenario has no care_entry event
                self.assertEqual(g["metrics/cost_per_family_year"].attrs["dims"], "replication")

    def test_net_saving_is_siloed_minus_pooled(self):
        with h5py.File(self.path, "r") as f:
            net = f["appraisal/net_saving"][:]
            self.assertEqual(net.shape, (5, 2, 2))
            np.testing.assert_array_equal(net, f["runs/siloed/spend"][:] - f["runs/pooled/spend"][:])

    def test_npv_recomputed_with_green_book_factors(self):
        # Year t = 0 is undiscounted; 3.5% a year from then (to year 30).
        with h5py.File(self.path, "r") as f:
            net = f["appraisal/net_saving"][:].sum(axis=2)
            factors = 1.035 ** -np.arange(net.shape[1])
            np.testing.assert_allclose(f["appraisal/npv"][:], net @ factors, rtol=1e-12, atol=1e-6)
            self.assertIn("npv_optimism_adjusted", f["appraisal"])

    def test_subgroups_partition_the_reactive_spend(self):
        # Every reactive pound is a family's but the starting state's episodes
        # (base.yaml has two), which are the same in every regime.
        with h5py.File(self.path, "r") as f:
            unattached = []
            for regime in ["siloed", "pooled"]:
                g = f["runs/" + regime]
                spend = g["subgroup_spend"]
                self.assertEqual(spend.shape, (5, 2, 3, 4, 2))
                self.assertEqual([d.label for d in spend.dims],
                                 ["replication", "year", "entry_cohort", "need_profile", "spend_kind"])
                self.assertEqual(list(spend.dims[2][0].asstr()[()]), ["before_window", "2011/12", "2012/13"])
                self.assertEqual(list(spend.dims[3][0].asstr()[()]),
                                 ["no_need", "moderate_only", "one_high", "several_high"])
                self.assertEqual(list(spend.dims[4][0].asstr()[()]), ["reactive", "services"])
                reactive = g["spend_by_category"][:, :, :, :2].sum(axis=(2, 3))
                unattached.append(reactive - spend[:, :, :, :, 0].sum(axis=(2, 3)))
                self.assertTrue((unattached[-1] > -1e-6).all())
                self.assertEqual(g["subgroup_families"].shape, (5, 3, 4))
                self.assertTrue((g["subgroup_worked_with"][:] <= g["subgroup_families"][:]).all())
            np.testing.assert_allclose(unattached[0], unattached[1], atol=1e-6)
            lived = f["runs/siloed/need_years"]
            self.assertEqual([d.label for d in lived.dims], ["replication", "year", "need", "need_level_lived"])
            self.assertEqual(list(lived.dims[3][0].asstr()[()]), ["moderate", "high"])
            self.assertTrue((lived[:].sum(axis=3) <= f["runs/siloed/family_years"][:][:, :, None] + 1e-9).all())
            self.assertNotIn("social_npv", f["appraisal"])  # base.yaml values no need's burden
            self.assertGreater(unattached[0].sum(), 0)
            np.testing.assert_array_equal(f["runs/siloed/subgroup_families"][:],
                                          f["runs/pooled/subgroup_families"][:])

    def test_h5dump_reads_it(self):
        r = subprocess.run(["h5dump", "-H", self.path], capture_output=True, text=True)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn('DATASET "net_saving"', r.stdout)

    def test_example_loads_a_dataframe(self):
        spend = load_results.load_spend(self.path)
        self.assertEqual(list(spend.columns), ["replication", "regime", "year", "agency", "category", "gbp"])
        self.assertEqual(len(spend), 2 * 5 * 2 * 2 * 7)  # reps x years x regimes x agencies x categories
        with h5py.File(self.path, "r") as f:
            self.assertAlmostEqual(spend[spend.regime == "pooled"].gbp.sum(), f["runs/pooled/spend"][:].sum(), places=3)
        self.assertEqual(len(load_results.load_npv(self.path)), 5)
        out = subprocess.run([sys.executable, source("tools", "examples", "load_results.py"), self.path],
                             capture_output=True, text=True)
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertIn("NPV of pooling", out.stdout)


if __name__ == "__main__":
    unittest.main()
