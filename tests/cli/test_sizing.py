"""Places sized right: placesim init --families, and the warnings of a run
whose budgets, places or arrivals are out of proportion to its cohort."""
import os
import unittest

import h5py
import yaml

from helpers import TempDir, run, source

ESSEX = os.path.abspath(source("scenarios", "essex.yaml"))


def sizing_warnings(stderr):
    # Every warning, effects displaced included: no shipped place displaces one.
    return [l for l in stderr.splitlines() if l.startswith("placesim: warning:")]


class Sizing(unittest.TestCase):
    def test_init_resizes_what_grows_with_the_cohort(self):
        with TempDir() as d:
            new = os.path.join(d, "district.yaml")
            r = run(["init", new, "--families", "600", "--from", ESSEX])
            self.assertEqual(r.returncode, 0, r.stderr)
            written = yaml.safe_load(open(new))
            self.assertEqual(written["extends"], os.path.relpath(ESSEX, d))
            r = run(["validate", "--effective", new])
            self.assertEqual(r.returncode, 0, r.stderr)
            merged = yaml.safe_load(r.stdout.split("\n", 1)[1])
            essex = yaml.safe_load(run(["validate", "--effective", ESSEX]).stdout.split("\n", 1)[1])
            f = 600 / essex["population"]["families"]
            self.assertEqual(merged["population"]["families"], 600)
            self.assertAlmostEqual(merged["agencies"]["council"]["budget"],
                                   essex["agencies"]["council"]["budget"] * f, delta=1e-5 * merged["agencies"]["council"]["budget"])
            self.assertAlmostEqual(merged["arrivals"][0]["per_day"], essex["arrivals"][0]["per_day"] * f, places=5)
            kw, kw0 = merged["services"]["key_worker"], essex["services"]["key_worker"]
            self.assertEqual(kw["capacity"], max(1, round(kw0["capacity"] * f)))
            # What does not grow with the cohort is the source's.
            self.assertEqual(merged["services"]["key_worker"]["effect"], kw0["effect"])
            self.assertEqual(merged["regimes"], essex["regimes"])
            # The resized place keeps its cohort and fits its budgets and places.
            out = os.path.join(d, "district.h5")
            r = run(["run", new, "-r", "2", "--seed", "3", "-o", out])
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertEqual(sizing_warnings(r.stderr), [])
            with h5py.File(out, "r") as h:
                end = h["runs/siloed/families"][()].mean(axis=0)[-1]
            self.assertLess(abs(end / 600 - 1), 0.25, end)

    def test_a_cohort_changed_alone_is_warned_about(self):
        with TempDir() as d:
            r = run(["run", "-r", "2", "--seed", "3", "-o", os.path.join(d, "r.h5"),
                     "--set", "population.families=600"])
            self.assertEqual(r.returncode, 0, r.stderr)
            w = sizing_warnings(r.stderr)
            self.assertTrue(any("the cohort drifts from 600 families" in l for l in w), w)
            self.assertTrue(any(l.startswith("placesim: warning: agencies.") and ".budget is" in l
                                and "x what the baseline spends" in l for l in w), w)
            self.assertIn("placesim init NEW.yaml --families N", w[-1])
            # The scenario as shipped: nothing to warn about.
            r = run(["run", "-r", "2", "--seed", "3", "-o", os.path.join(d, "s.h5")])
            self.assertEqual(sizing_warnings(r.stderr), [])

    def test_init_never_replaces_its_source(self):
        with TempDir() as d:
            src = os.path.join(d, "src.yaml")
            open(src, "w").write(open(source("scenarios", "default.yaml")).read())
            before = open(src).read()
            r = run(["init", src, "--families", "100", "--from", src, "--force"])
            self.assertEqual(r.returncode, 2)
            self.assertIn("is also an input", r.stderr)
            self.assertEqual(open(src).read(), before)
            # A tiny place: its starting state rounds to nothing, not past its cohort.
            tiny = os.path.join(d, "tiny.yaml")
            r = run(["init", tiny, "--families", "5", "--from", src])
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertEqual(run(["validate", tiny]).returncode, 0)

    def test_init_mistakes_are_usage_errors(self):
        with TempDir() as d:
            new = os.path.join(d, "n.yaml")
            for args, text in [(["--families", "600"], "--families needs NEW.yaml"),
                               ([new, "--from", ESSEX], "--from goes with --families"),
                               ([new, "--families", "0"], "--families: '0' is not a whole number"),
                               ([new, "--families", "9", "--from", os.path.join(d, "none.yaml")],
                                "no such scenario file")]:
                r = run(["init"] + args)
                self.assertEqual(r.returncode, 2, args)
                self.assertIn(text, r.stderr, args)
                self.assertFalse(os.path.exists(new))


if __name__ == "__main__":
    unittest.main()
