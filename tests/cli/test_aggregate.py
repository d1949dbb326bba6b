"""placesim aggregate: places added up and scaled to a total, checked against
the file's own arrays; between-place variation widens the total's spread;
the same numbers on any thread count; bad input exits 2 and writes nothing."""
import os
import unittest

import h5py
import numpy as np
from helpers import ERROR_LINE, ScratchTest, run, source

# Two small places from the default scenario: 500 and 400 families, 5 years.
PLACES = """places:
  north:
    scenario: default
    set: [population.families=500, time.years=5]
  south:
    scenario: default
    set: [population.families=400, time.years=5]
naive: south
"""


def aggregate_text(hazards=0.0, costs=0.0, effects=0.0, replications=8):
    return f"""placesim_aggregate: 1
name: two places
scale_by: families
total: {{value: 9000, source: a test}}
replications: {replications}
seed: 5
between_places:
  hazards: {{sd: {hazards}, source: test}}
  costs: {{sd: {costs}, source: test}}
  effects: {{sd: {effects}, source: test}}
""" + PLACES


def arrays(path):
    with h5py.File(path, "r") as f:
        g = f["aggregate"]
        out = {k: g[k][()] for k in g if isinstance(g[k], h5py.Dataset) and g[k].dtype.kind == "f"}
        out["attrs"] = dict(g.attrs)
        out["root"] = dict(f.attrs)
        out["places"] = [p.decode() for p in f["dims/places"][()]]
        out["agencies"] = [a.decode() for a in f["dims/agencies"][()]]
        return out


class Aggregate(ScratchTest):
    def aggregate(self, name, *args, **spread):
        with open(self.path(name + ".yaml"), "w") as f:
            f.write(aggregate_text(**spread))
        r = run(["aggregate", self.path(name + ".yaml"), "-o", self.path(name + ".h5")] + list(args))
        self.assertEqual(r.returncode, 0, r.stderr)
        return r

    def test_the_total_is_the_places_scaled_up(self):
        r = self.aggregate("a", "--report", self.path("a.html"), hazards=0.3, costs=0.1, effects=0.5)
        self.assertIn("Naive: south alone, no place effects", r.stdout)
        # A place's warnings, named by it (these places' cohorts are resized by --set alone).
        self.assertIn("placesim: warning: north: the cohort drifts from 500 families", r.stderr)
        a = arrays(self.path("a.h5"))
        self.assertEqual(a["root"]["filetype"], "placesim-aggregate")
        self.assertEqual(a["places"], ["north", "south"])
        self.assertEqual(a["attrs"]["naive_place"], "south")
        self.assertEqual(list(a["place_measure"]), [500.0, 400.0])
        n = 8
        self.assertEqual(a["npv"].shape, (n,))
        self.assertEqual(a["place_npv"].shape, (n, 2))
        self.assertEqual(a["place_effects"].shape, (n, 2, 3))
        # The total: the places' NPV per family times England's families.
        np.testing.assert_allclose(a["npv"], 9000 / 900 * a["place_npv"].sum(axis=1), rtol=1e-12)
        np.testing.assert_allclose(a["npv_adjusted"], 10 * a["place_npv_adjusted"].sum(axis=1),
                                   rtol=1e-12)
        np.testing.assert_allclose(a["agency_npv"].sum(axis=1), a["npv"], rtol=1e-9)
        np.testing.assert_allclose(a["agency_npv"], 10 * a["place_agency_npv"].sum(axis=1),
                                   rtol=1e-12)
        np.testing.assert_allclose(a["place_agency_npv"].sum(axis=2), a["place_npv"], rtol=1e-9)
        # The naive figure: the south alone, without place effects, times 9000 / 400.
        np.testing.assert_allclose(a["naive_npv"], 22.5 * a["naive_own_npv"], rtol=1e-12)
        self.assertTrue(np.all(np.isfinite(a["npv"])))
        with open(self.path("a.html")) as f:
            page = f.read()
        self.assertIn("two places", page)
        self.assertIn("between-place model", page)

    def test_without_spread_a_place_is_its_naive_run(self):
        self.aggregate("flat")
        a = arrays(self.path("flat.h5"))
        self.assertEqual(a["place_npv"][:, 1].tobytes(), a["naive_own_npv"].tobytes())
        self.assertTrue(np.all(a["place_effects"] == 1.0))

    def test_between_place_variation_widens_the_total(self):
        # The same seed, so the same families and national draws: only the
        # place effects differ.
        self.aggregate("flat")
        self.aggregate("spread", hazards=0.8, costs=0.8, effects=0.8)
        flat, spread = arrays(self.path("flat.h5")), arrays(self.path("spread.h5"))
        self.assertEqual(flat["naive_npv"].tobytes(), spread["naive_npv"].tobytes())
        self.assertGreater(np.std(spread["npv"]), 1.5 * np.std(flat["npv"]))
        logs = np.log(spread["place_effects"])
        self.assertTrue(np.all(logs != 0.0))

    def test_threads_do_not_change_the_numbers(self):
        self.aggregate("one", "-t", "1", hazards=0.3)
        self.aggregate("two", "-t", "2", hazards=0.3)
        one, two = arrays(self.path("one.h5")), arrays(self.path("two.h5"))
        for k in ("npv", "place_npv", "agency_npv", "naive_npv", "place_effects"):
            self.assertEqual(one[k].tobytes(), two[k].tobytes(), k)

    def test_report_and_validate_read_it(self):
        self.aggregate("a", "-q")
        r = run(["report", self.path("a.h5")])
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertTrue(os.path.exists(self.path("a.html")))
        r = run(["validate", self.path("a.yaml")])
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("ok (aggregate: 2 places scaled up by families to 9000, naive place south)",
                      r.stdout)

    def test_shards_merge_into_the_whole(self):
        self.aggregate("whole", "-q", hazards=0.3)
        spec = self.path("whole.yaml")
        for k in ("2/3", "1/3", "3/3"):
            r = run(["aggregate", spec, "--shard", k, "-o", self.path("s%s.h5" % k[0]), "-q"])
            self.assertEqual(r.returncode, 0, r.stderr)
        r = run(["merge", "-o", self.path("merged.h5"), self.path("s3.h5"), self.path("s1.h5"),
                 self.path("s2.h5")])
        self.assertEqual(r.returncode, 0, r.stderr)
        whole, merged = arrays(self.path("whole.h5")), arrays(self.path("merged.h5"))
        for k in whole:
            if isinstance(whole[k], np.ndarray):
                self.assertEqual(whole[k].tobytes(), merged[k].tobytes(), k)
        # A shard alone is not a result: report and a partial merge refuse it.
        r = run(["merge", "-o", self.path("part.h5"), self.path("s1.h5"), self.path("s3.h5")])
        self.assertEqual(r.returncode, 2, r.stderr)
        self.assertIn("starts at replication", r.stderr)
        r = run(["report", self.path("s1.h5")])
        self.assertEqual(r.returncode, 2, r.stderr)
        self.assertIn("merge", r.stderr)
        self.assertFalse(os.path.exists(self.path("part.h5")))

    def test_england_validates_and_runs(self):
        england = source("scenarios", "aggregates", "england.yaml")
        r = run(["validate", england])
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("6 places", r.stdout)


class BadAggregate(ScratchTest):
    def refused(self, text, *args):
        with open(self.path("bad.yaml"), "w") as f:
            f.write(text)
        r = run(["aggregate", self.path("bad.yaml"), "-o", self.path("out.h5")] + list(args))
        self.assertEqual(r.returncode, 2, r.stderr)
        self.assertFalse(os.path.exists(self.path("out.h5")))
        return r.stderr

    def test_errors_name_file_line_and_key(self):
        err = self.refused(aggregate_text().replace("sd: 0.0, source: test}\n  effects", "sd: -1}\n  effects"))
        self.assertIn("bad.yaml:9:15: between_places.costs.sd: value -1 is out of range", err)
        self.assertIn("between_places.costs.source: missing required key 'source'", err)
        for line in err.splitlines():
            self.assertRegex(line, ERROR_LINE)

    def test_place_mistakes_are_named_in_the_aggregate(self):
        err = self.refused(aggregate_text().replace("population.families=500", "population.families=-3"))
        self.assertRegex(err, r"bad.yaml:\d+:\d+: places.north.set.0: population.families: value -3 is out of range")
        err = self.refused(aggregate_text().replace("  south:", "  north:"))
        self.assertIn("places.north: the place is named twice", err)
        err = self.refused(aggregate_text().replace("value: 9000", "value: 100"))
        self.assertIn("total.value: the places hold 900 of it, more than the total 100", err)
        err = self.refused(aggregate_text().replace("value: 9000", "value: 1e300"))
        self.assertIn("total.value: value 1e300 is out of range (a number from 1 to 1e15)", err)

    def test_a_place_error_is_named_in_its_own_file(self):
        with open(self.path("place.yaml"), "w") as f:
            f.write("placesim: 1\nextends: default\npopulation: {families: -3}\n")
        err = self.refused(aggregate_text().split("places:\n  north")[0] +
                           "places:\n  only: {scenario: place.yaml}\n")
        self.assertIn("place.yaml:3:", err)
        self.assertIn("population.families", err)

    def test_usage(self):
        r = run(["aggregate"])
        self.assertEqual(r.returncode, 2)
        self.assertIn("give an aggregate file", r.stderr)
        with open(self.path("a.yaml"), "w") as f:
            f.write(aggregate_text())
        r = run(["aggregate", self.path("a.yaml"), "-o", self.path("a.yaml")])
        self.assertEqual(r.returncode, 2, r.stderr)
        with open(self.path("taken.h5"), "w") as f:
            f.write("mine")
        r = run(["aggregate", self.path("a.yaml"), "-o", self.path("taken.h5")])
        self.assertEqual(r.returncode, 2, r.stderr)
        with open(self.path("taken.h5")) as f:
            self.assertEqual(f.read(), "mine")
        self.assertEqual(run(["aggregate", "--help"]).returncode, 0)


if __name__ == "__main__":
    unittest.main()
