"""Readers against tampered and foreign files: `report` on results files,
`merge` on shards, `sweep --resume` on checkpoints. Every case ends in exit 2
with a sentence naming the file (or exit 1 for a damaged file HDF5 itself
cannot read), never a crash, a hang, NaN or a report of garbage."""
import os
import shutil
import struct
import subprocess
import sys
import unittest

import h5py
import numpy as np

from helpers import BIN, USER_BLOCK, TempDir, fnv1a, reseal, run, source

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "hpc"))
from sweep_common import write_sweep  # noqa: E402


def refuse(test, args, codes=(2,), text=None, cwd=None):
    r = run(args, cwd=cwd, timeout=120)
    test.assertIn(r.returncode, codes, r.stderr)
    test.assertTrue(r.stderr.startswith("placesim: error: "), r.stderr)
    if text:
        test.assertIn(text, r.stderr)
    return r


class Aggregates(unittest.TestCase):
    """`report` on forged aggregate files: refused, never a page of NaN."""
    def test_forged_aggregates_are_refused(self):
        from test_aggregate import aggregate_text
        with TempDir() as d:
            spec, good = os.path.join(d, "a.yaml"), os.path.join(d, "good.h5")
            with open(spec, "w") as f:
                f.write(aggregate_text(replications=2))
            r = run(["aggregate", spec, "-o", good, "-q"])
            self.assertEqual(r.returncode, 0, r.stderr)
            cases = {"zero measure": ("aggregate/place_measure", np.array([0.0, 400.0])),
                     "NaN total": ("aggregate/npv", np.array([np.nan, 1.0])),
                     "short": ("aggregate/naive_npv", np.array([1.0]))}
            for name, (path, value) in cases.items():
                bad = os.path.join(d, name.replace(" ", "_") + ".h5")
                shutil.copy(good, bad)
                with h5py.File(bad, "r+") as f:
                    del f[path]
                    f[path] = value
                reseal(bad)
                refuse(self, ["report", bad, "-o", os.path.join(d, "x.html")], text=bad)
                self.assertFalse(os.path.exists(os.path.join(d, "x.html")), name)


class Results(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = TempDir()
        cls.dir = cls.tmp.__enter__()
        cls.good = os.path.join(cls.dir, "good.h5")
        r = run(["run", source("tests", "cli", "good", "base.yaml"), "-r", "3", "-o", cls.good, "-q"])
        assert r.returncode == 0, r.stderr

    @classmethod
    def tearDownClass(cls):
        cls.tmp.__exit__(None, None, None)

    def tampered(self, name, change, seal=True):
        path = os.path.join(self.dir, name + ".h5")
        shutil.copy(self.good, path)
        with h5py.File(path, "r+") as f:
            change(f)
        if seal:
            reseal(path)
        return path

    def test_any_change_breaks_the_checksum(self):
        path = self.tampered("unsealed", lambda f: f.attrs.__setitem__("seed", np.int64(4)), seal=False)
        self.report_refuses(path, "is damaged")

    def report_refuses(self, path, text):
        out = path + ".html"
        refuse(self, ["report", path, "-o", out], text=text)
        self.assertFalse(os.path.exists(out))

    def test_replications_attribute(self):
        for value in (0, -1, 10**9):
            with self.subTest(value):
                def set_reps(f, v=value):
                    f.attrs["replications"] = np.int64(v)
                self.report_refuses(self.tampered("reps%d" % value, set_reps), "replications")
        self.report_refuses(self.tampered("reps5", lambda f: f.attrs.__setitem__("replications", np.int64(5))),
                            "where [5")

    def test_reshaped_and_missing_datasets(self):
        def reshape(f):
            data = f["runs/siloed/spend_by_category"][()]
            del f["runs/siloed/spend_by_category"]
            f["runs/siloed/spend_by_category"] = data.reshape(data.shape[0], -1)
        self.report_refuses(self.tampered("reshaped", reshape), "spend_by_category")

        def drop(f):
            del f["appraisal/npv"]
        self.report_refuses(self.tampered("dropped", drop), "/appraisal/npv")

        def text(f):
            del f["runs/siloed/events"]
            f["runs/siloed/events"] = np.array([b"x"] * 3)
        self.report_refuses(self.tampered("text", text), "events")

    def test_extent_larger_than_the_file(self):
        # A header may claim any extent; a reader that believed it would
        # allocate that much. Declared but never written: no storage at all.
        def huge_labels(f):
            del f["dims/agencies"]
            f.create_dataset("dims/agencies", shape=(1 << 40,), dtype=h5py.string_dtype())
        self.report_refuses(self.tampered("huge_labels", huge_labels), "implausibly large")

        def huge_numbers(f):
            del f["appraisal/npv"]
            f.create_dataset("appraisal/npv", shape=(int(f.attrs["replications"]),), dtype="f8")
        self.report_refuses(self.tampered("huge_numbers", huge_numbers), "implausibly large")

    def test_labels_and_regime_names(self):
        def bad_regime(f):
            del f["dims/regimes"]
            f["dims/regimes"] = np.array([b"../../etc"], dtype=h5py.string_dtype())
        self.report_refuses(self.tampered("regime", bad_regime), "regime")

        def no_levels(f):
            del f["dims/levels"]
            f["dims/levels"] = np.array([b"a"], dtype=h5py.string_dtype())
        self.report_refuses(self.tampered("levels", no_levels), "levels")

    def test_foreign_and_damaged_files(self):
        foreign = os.path.join(self.dir, "foreign.h5")
        with h5py.File(foreign, "w") as f:
            f["x"] = np.arange(3)
        self.report_refuses(foreign, "it is not an HDF5 file placesim wrote")
        text = os.path.join(self.dir, "text.h5")
        with open(text, "w") as f:
            f.write("not hdf5")
        self.report_refuses(text, "HDF5")
        # Bytes flipped through the file: refused, never a crash.
        data = bytearray(open(self.good, "rb").read())
        for i, at in enumerate(range(USER_BLOCK, len(data), max(1, len(data) // 40))):
            flipped = os.path.join(self.dir, "flip%d.h5" % i)
            copy = bytearray(data)
            copy[at] ^= 0xFF
            open(flipped, "wb").write(copy)
            r = run(["report", flipped, "-o", flipped + ".html"], timeout=60)
            self.assertEqual(r.returncode, 2, "byte %d: %s" % (at, r.stderr))
            self.assertIn("is damaged", r.stderr)


class Shards(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = TempDir()
        cls.dir = cls.tmp.__enter__()
        cls.sweep = os.path.join(cls.dir, "sweep.yaml")
        write_sweep(cls.sweep)
        cls.shards = [os.path.join(cls.dir, "s%d.h5" % k) for k in (1, 2)]
        for k, path in enumerate(cls.shards, 1):
            assert run(["sweep", cls.sweep, "--shard", "%d/2" % k, "-o", path, "-q"]).returncode == 0

    @classmethod
    def tearDownClass(cls):
        cls.tmp.__exit__(None, None, None)

    def merge_refuses(self, change, text):
        bad = os.path.join(self.dir, "bad.h5")
        shutil.copy(self.shards[1], bad)
        with h5py.File(bad, "r+") as f:
            change(f)
        reseal(bad)
        out = os.path.join(self.dir, "merged.h5")
        refuse(self, ["merge", "-o", out, self.shards[0], bad], text=text)
        self.assertFalse(os.path.exists(out))

    def test_shard_attributes(self):
        for shard, shards in ((-1, 2), (3, 2), (100000, 2), (0, 2), (1, 0)):
            with self.subTest((shard, shards)):
                def change(f, k=shard, n=shards):
                    f.attrs["shard"] = np.int64(k)
                    f.attrs["shards"] = np.int64(n)
                self.merge_refuses(change, "shard")

    def test_unit_tables(self):
        def drop_rows(f):
            for name in ("index", "measures", "detail"):
                data = f["units/" + name][()]
                del f["units/" + name]
                f["units/" + name] = data[:-1]
        self.merge_refuses(drop_rows, "units/index")

        def foreign_unit(f):
            data = f["units/index"][()]
            data[0] = 1e9
            f["units/index"][...] = data
        self.merge_refuses(foreign_unit, "outside its sweep")

        def other_points(f):
            f.attrs["points"] = np.int64(f.attrs["points"] + 1)
        self.merge_refuses(other_points, "points")

        def hash_text(f):
            f.attrs["sweep_hash"] = "zz"
        self.merge_refuses(hash_text, "sweep_hash")


class Checkpoints(unittest.TestCase):
    def test_forged_record_is_refused_on_resume(self):
        with TempDir() as d:
            sweep = os.path.join(d, "sweep.yaml")
            write_sweep(sweep, replications=12)
            out = os.path.join(d, "s.h5")
            parts = out + ".parts"
            p = subprocess.Popen([BIN, "sweep", sweep, "-o", out, "-q", "-t", "1"])
            import time
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline:
                logs = [os.path.join(parts, x) for x in os.listdir(parts)] if os.path.isdir(parts) else []
                if logs and os.path.getsize(logs[0]) > 200:
                    break
                time.sleep(0.02)
            p.kill()
            p.wait()
            log = logs[0]
            with open(log, "rb") as f:
                header = f.read(40)
            width = struct.unpack("<Q", header[24:32])[0]
            unit = struct.pack("<Q", 10**9)
            values = struct.pack("<%dd" % width, *([1.0] * width))
            with open(log, "ab") as f:
                f.write(unit + values + struct.pack("<Q", fnv1a(values, fnv1a(unit))))
            r = refuse(self, ["sweep", sweep, "-o", out, "--resume", "-q"], text="damaged")
            self.assertFalse(os.path.exists(out))
            self.assertTrue(os.path.exists(log))  # the evidence is kept
            r = run(["sweep", sweep, "-o", out, "--force", "-q"])
            self.assertEqual(r.returncode, 0, r.stderr)


class Forged(unittest.TestCase):
    """Files forged with a valid checksum that crash or hang HDF5 1.10 itself
    (found by fuzzing with PLACESIM_FUZZ_RESEAL=1; tests/cli/forged/README.md):
    report and merge read them in a child process first and say the file is
    damaged, instead of crashing or hanging."""

    FORGED = source("tests", "cli", "forged")

    def env(self):
        return dict(os.environ, PLACESIM_READ_TIMEOUT="3")

    def check(self, args, text):
        with TempDir() as d:
            r = run(args, cwd=d, timeout=60, env=self.env())
            self.assertEqual(r.returncode, 2, r.stderr)
            # Under a sanitizer build the child's own crash report comes first.
            last = r.stderr.strip().splitlines()[-1]
            self.assertTrue(last.startswith("placesim: error: "), r.stderr)
            self.assertIn(text, last)
            self.assertEqual([x for x in os.listdir(d)], [], "nothing is written")

    def test_report_on_a_file_that_crashes_hdf5(self):
        self.check(["report", os.path.join(self.FORGED, "results-hdf5-segv.h5"), "-o", "r.html"],
                   "is damaged: reading it")

    def test_report_on_a_file_that_hangs_hdf5(self):
        self.check(["report", os.path.join(self.FORGED, "sweep-hdf5-hang.h5"), "-o", "r.html"],
                   "is damaged: reading it did not finish in 3 s")

    def test_merge_with_a_shard_that_hangs_hdf5(self):
        self.check(["merge", "-o", "m.h5", os.path.join(self.FORGED, "sweep-hdf5-hang.h5")],
                   "is damaged: reading it did not finish in 3 s")


if __name__ == "__main__":
    unittest.main()
