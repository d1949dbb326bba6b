"""Regression tier (as in OpenMC): every shipped scenario runs with a fixed
seed and a few replications, its results file is reduced to text, and the text
must equal the stored reference in references/. A change to the model that
moves any figure fails here until the references are refreshed deliberately:

  tools/test --update-references     (then read the diff before committing)

No test here asserts what the figures should be: the model's answer is its
output, and the references only record it.
"""
import difflib
import os
import sys
import unittest

import h5py
import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "cli"))
from helpers import TempDir, run, source  # noqa: E402

UPDATE = os.environ.get("PLACESIM_UPDATE_REFERENCES") == "1"
REFERENCES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "references")
# (scenario, replications, extra arguments): small, but enough to exercise every path.
SCENARIOS = [
    ("default", 3, ["--decompose"]),
    ("greater_manchester", 2, []),
    ("essex", 2, []),
    ("cheshire_west_and_chester", 2, []),
    ("west_london_triborough", 2, []),
    ("westminster_family_recovery", 2, []),
    ("birmingham", 2, []),
    ("validation/jackson", 2, []),
]
SLOW = [("national_troubled_families", 1, [])]
SEED = 20261130


def fmt(x):
    return "nan" if np.isnan(x) else "%.10g" % x


def line(name, values):
    return name + ": " + " ".join(fmt(v) for v in np.ravel(values))


def labels(f, name):
    return [x.decode() if isinstance(x, bytes) else x for x in f["dims/" + name][:]]


def digest(path):
    """The results file as text: every figure that matters, summed where a sum keeps it informative."""
    out = []
    with h5py.File(path, "r") as f:
        out.append("scenario: %s" % f.attrs["scenario_name"])
        out.append("seed: %d replications: %d" % (f.attrs["seed"], f.attrs["replications"]))
        for dim in ("years", "agencies", "event_types", "services", "regimes", "parameters"):
            out.append("%s: %s" % (dim, " ".join(labels(f, dim))))
        out.append(line("parameters drawn", f["parameters/drawn"][:]))
        for regime in labels(f, "regimes"):
            g = f["runs/" + regime]
            out.append("[%s]" % regime)
            out.append(line("spend by year and agency, summed over replications", g["spend"][:].sum(axis=0)))
            out.append(line("spend by category, summed", g["spend_by_category"][:].sum(axis=(0, 1, 2))))
            out.append(line("events by type, summed", g["events"][:].sum(axis=(0, 1))))
            out.append(line("families at year end, summed", g["families"][:].sum(axis=0)))
            out.append(line("turned around at year end, summed", g["turned_around"][:].sum(axis=0)))
            out.append(line("places bought by service, summed", g["places_bought"][:].sum(axis=(0, 1))))
            out.append(line("mean wait by service", g["wait_days"][:].mean(axis=0)))
            out.append(line("utilisation by service", g["utilisation"][:].mean(axis=0)))
        if "appraisal" in f:
            a = f["appraisal"]
            out.append("[appraisal]")
            for name in ("npv", "npv_optimism_adjusted", "cashable_npv", "bcr", "payback_year", "costs_pv",
                         "benefits_pv"):
                out.append(line(name, a[name][:]))
            out.append(line("npv by agency", a["npv_by_agency"][:]))
            for i in sorted(a.get("claims", {}).keys(), key=int) if "claims" in a else []:
                out.append(line("claim %s simulated" % i, a["claims/%s/simulated" % i][:]))
            if "decomposition" in a:
                for m in sorted(a["decomposition"].keys()):
                    out.append(line("decomposition %s" % m, a["decomposition/%s/npv" % m][:]))
        if "evaluation" in f:
            e = f["evaluation"]
            out.append("[evaluation] %s" % " ".join(x.decode() if isinstance(x, bytes) else x
                                                    for x in e["designs"][:]))
            for name in ("estimate", "families", "turned_around", "turned_around_baseline"):
                out.append(line(name, e[name][:]))
    return "\n".join(out) + "\n"


class Regression(unittest.TestCase):
    def check(self, name, reps, extra):
        with TempDir() as d:
            out = os.path.join(d, "r.h5")
            r = run(["run", source("scenarios", name + ".yaml"), "-r", str(reps), "--seed", str(SEED), "-o", out,
                     "-q", "-t", "2"] + extra, timeout=900)
            self.assertEqual(r.returncode, 0, r.stderr)
            text = digest(out)
        ref = os.path.join(REFERENCES, name.replace("/", "_") + ".txt")
        if UPDATE:
            with open(ref, "w") as f:
                f.write(text)
            print("updated", ref)
            return
        self.assertTrue(os.path.exists(ref), "no reference for %s: run tools/test --update-references" % name)
        with open(ref) as f:
            expected = f.read()
        if text != expected:
            diff = "".join(list(difflib.unified_diff(expected.splitlines(True), text.splitlines(True),
                                                     "reference", "this build"))[:60])
            self.fail("%s differs from its reference (if the change is intended, run tools/test "
                      "--update-references and review the diff):\n%s" % (name, diff))

    def test_shipped_scenarios(self):
        for name, reps, extra in SCENARIOS:
            with self.subTest(name):
                self.check(name, reps, extra)


class RegressionNational(Regression):
    def test_shipped_scenarios(self):
        for name, reps, extra in SLOW:
            with self.subTest(name):
                self.check(name, reps, extra)


if __name__ == "__main__":
    unittest.main()
