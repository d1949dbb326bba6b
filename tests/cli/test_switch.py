"""placesim switch: switching values against a break-even known exactly."""
import math
import os
import unittest

import h5py
import numpy as np

from helpers import TempDir, run, source

ESSEX = source("scenarios", "essex.yaml")
# Set-up costs paid from a fund that buys nothing (money off), in agencies
# whose budgets never bind, change no decision, so the NPV falls by exactly
# what they add: it crosses zero where the first year's set-up cost equals the
# NPV without any.
LINEAR = ["--set", "regimes.pooled.mechanisms.money=false", "--set", "regimes.pooled.setup_costs=[0]",
          "-r", "3", "--seed", "4"]
for agency in ["council", "nhs", "police", "justice", "dwp", "central_government"]:
    LINEAR += ["--set", "agencies.%s.budget=1e12" % agency]


def t975(df):
    # Student's t quantile for 2 degrees of freedom, in closed form.
    assert df == 2
    p = 0.975
    return (2 * p - 1) / math.sqrt(2 * p * (1 - p))


class Switch(unittest.TestCase):
    def test_break_even_setup_cost_is_the_npv_without_it(self):
        with TempDir() as d:
            base = os.path.join(d, "base.h5")
            r = run(["run", ESSEX, "-o", base, "-q"] + LINEAR)
            self.assertEqual(r.returncode, 0, r.stderr)
            with h5py.File(base, "r") as f:
                npv0 = f["appraisal/npv"][()]
            self.assertGreater(npv0.mean(), 0)
            out = os.path.join(d, "switch.h5")
            r = run(["switch", ESSEX, "--param", "regimes.pooled.setup_costs.0", "--range", "0,1e9",
                     "-o", out] + LINEAR)
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertIn("crosses zero at", r.stdout)
            mean, se = npv0.mean(), npv0.std(ddof=1) / math.sqrt(len(npv0))
            with h5py.File(out, "r") as f:
                g = f["switch"]
                self.assertEqual(f.attrs["filetype"], "placesim-switch")
                self.assertEqual(g.attrs["param"], "regimes.pooled.setup_costs.0")
                self.assertEqual(g.attrs["found"], 1)
                self.assertAlmostEqual(g["value"][()] / mean, 1.0, places=7)
                low, high = g["interval"][()]
                self.assertAlmostEqual(high / (mean + t975(2) * se), 1.0, places=6)
                self.assertEqual(g.attrs["interval_high_open"], 0)
                if mean - t975(2) * se > 0:
                    self.assertAlmostEqual(low / (mean - t975(2) * se), 1.0, places=6)
                else:  # below the range searched: flagged, and the range's end given
                    self.assertEqual(g.attrs["interval_low_open"], 1)
                    self.assertEqual(low, 0.0)
                x = g["points/x"][()]
                self.assertEqual(len(x), len(g["points/mean"][()]))
                self.assertLessEqual(len(x), 10)
                self.assertFalse(np.isnan(g["points/mean"][()]).any())

    def test_one_replication_and_whole_numbers(self):
        with TempDir() as d:
            out = os.path.join(d, "one.h5")
            r = run(["switch", "--param", "services.key_worker.capacity", "--whole", "--range", "40,400",
                     "-r", "1", "--seed", "2", "-o", out])
            self.assertEqual(r.returncode, 0, r.stderr)
            with h5py.File(out, "r") as f:
                g = f["switch"]
                self.assertEqual(g.attrs["interval_known"], 0)
                self.assertNotIn("interval", g)
                self.assertFalse(np.isnan(g["points/se"][()]).any())
            self.assertNotIn("95% interval", r.stdout)

    def test_mistakes_are_usage_errors_and_write_nothing(self):
        with TempDir() as d:
            out = os.path.join(d, "s.h5")
            cases = [
                ([], "give the input to vary with --param"),
                (["--param", "seed", "--target", "irr"], "--target must be npv, npv_adjusted or claim:N"),
                (["--param", "regimes.pooled.setup_costs.0", "--range", "5,1"], "--range must be LOW,HIGH"),
                (["--param", "regimes.pooled.handoff_days", "--target", "claim:9", "--range", "1,2"],
                 "no claim 9"),
                # A value the scenario refuses, met during the search.
                (["--param", "regimes.pooled.setup_costs.0", "--range", "-5e6,5e6"],
                 "regimes.pooled.setup_costs.0"),
            ]
            for args, text in cases:
                r = run(["switch", ESSEX, "-o", out] + args + LINEAR)
                self.assertEqual(r.returncode, 2, (args, r.stderr))
                self.assertIn(text, r.stderr, args)
                self.assertFalse(os.path.exists(out), args)


if __name__ == "__main__":
    unittest.main()
