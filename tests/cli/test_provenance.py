"""The Aqua Book bundle in every results file: a manifest, the assumptions
log built from the scenario's source tags, and the limits of use."""
import csv
import os
import unittest

import h5py

from helpers import TempDir, run, source


def tagged_value_lines(path, tag):
    """Lines of a scenario that hold a value and whose comment carries [tag."""
    n = 0
    for line in open(path, encoding="utf-8"):
        stripped = line.strip()
        if not stripped or stripped.startswith("#") or " #" not in line:
            continue
        if "[" + tag in line.split(" #", 1)[1]:
            n += 1
    return n


def strings(ds):
    return [x.decode() for x in ds[()]]


class Provenance(unittest.TestCase):
    def test_every_assumed_value_of_the_default_is_logged(self):
        with TempDir() as d:
            out = os.path.join(d, "r.h5")
            r = run(["run", "-r", "2", "-o", out, "--csv", os.path.join(d, "csv"), "-q",
                     "--set", "services.key_worker.capacity=70"])
            self.assertEqual(r.returncode, 0, r.stderr)
            with h5py.File(out, "r") as f:
                m = f["provenance/manifest"].attrs
                self.assertEqual(m["seed"], f.attrs["seed"])
                self.assertEqual(len(m["scenario_fnv1a"]), 16)
                self.assertIn("not forecasts", m["limits_of_use"])
                a = f["provenance/assumptions"]
                keys, tags, notes = strings(a["key"]), strings(a["tag"]), strings(a["source"])
            expected = tagged_value_lines(source("scenarios", "default.yaml"), "U")
            self.assertGreater(expected, 20)
            self.assertEqual(tags.count("U"), expected)
            self.assertEqual(keys[tags.index("set")], "services.key_worker.capacity")
            self.assertIn("--set services.key_worker.capacity=70", notes[tags.index("set")])
            i = keys.index("population.leave_per_year")
            self.assertEqual(tags[i], "U")
            with open(os.path.join(d, "csv", "assumptions.csv"), newline="") as f:
                rows = list(csv.DictReader(f))
            self.assertEqual([row["key"] for row in rows], keys)
            # The report reads the log back from the file alone.
            html = os.path.join(d, "r.html")
            r = run(["report", out, "-o", html])
            self.assertEqual(r.returncode, 0, r.stderr)
            text = open(html, encoding="utf-8").read()
            self.assertIn("Assumptions log", text)
            self.assertIn("%d assumed [U]" % expected, text)
            self.assertIn("population.leave_per_year", text)

    def test_a_place_logs_the_national_values_it_inherits(self):
        with TempDir() as d:
            out = os.path.join(d, "r.h5")
            r = run(["run", source("scenarios", "essex.yaml"), "-r", "1", "-o", out, "-q"])
            self.assertEqual(r.returncode, 0, r.stderr)
            with h5py.File(out, "r") as f:
                a = f["provenance/assumptions"]
                where = dict(zip(strings(a["key"]), strings(a["where"])))
            self.assertIn("national_troubled_families.yaml:", where["population.leave_per_year"])
            self.assertIn("essex.yaml:", where["regimes.pooled.setup_costs"])


if __name__ == "__main__":
    unittest.main()
