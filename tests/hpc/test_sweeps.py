"""Sweeps: MPI ranks, shards and merge, kill and resume, and their errors."""
import os
import re
import shutil
import signal
import subprocess
import time
import unittest

import h5py

from sweep_common import assert_same, source, write_sweep  # first: it puts helpers on the path
from helpers import BIN, TempDir, run  # noqa: E402

MPIRUN = shutil.which("mpirun")
MPI_ENV = dict(os.environ, OMPI_ALLOW_RUN_AS_ROOT="1", OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1",
               OMPI_MCA_rmaps_base_oversubscribe="1")
# In the sanitizer build: OpenMPI leaks by design at MPI_Finalize, from
# plugins it has already unloaded (no stack to suppress by), so leak checks
# are off for ranks; every other check stays on.
MPI_ENV["ASAN_OPTIONS"] = ":".join(filter(None, [os.environ.get("ASAN_OPTIONS", ""), "detect_leaks=0"]))


class SweepCase(unittest.TestCase):
    """A small sweep, run serially before each test."""

    def setUp(self):
        self.tmp = TempDir()
        self.dir = self.tmp.__enter__()
        self.sweep = os.path.join(self.dir, "sweep.yaml")
        write_sweep(self.sweep)
        self.serial = os.path.join(self.dir, "serial.h5")
        r = run(["sweep", self.sweep, "-o", self.serial, "-q"])
        self.assertEqual(r.returncode, 0, r.stderr)

    def tearDown(self):
        self.tmp.__exit__(None, None, None)


class Sweeps(SweepCase):

    def test_layout_and_example(self):
        with h5py.File(self.serial, "r") as f:
            self.assertEqual(f.attrs["filetype"], "placesim-sweep")
            self.assertEqual(f["points/values"].shape, (4, 2))
            self.assertEqual(f["replications/measures"].shape, (4, 3, 9))
            self.assertIn("tornado_effect", f["sensitivity"])
        example = os.path.join(self.dir, "example.h5")
        r = run(["sweep", source("scenarios", "sweeps", "example.yaml"), "-o", example, "-q"])
        self.assertEqual(r.returncode, 0, r.stderr)
        r = run(["report", example, "-o", os.path.join(self.dir, "example.html")])
        self.assertEqual(r.returncode, 0, r.stderr)

    def test_threads_do_not_change_results(self):
        one = os.path.join(self.dir, "one.h5")
        self.assertEqual(run(["sweep", self.sweep, "-o", one, "-q", "-t", "1"]).returncode, 0)
        assert_same(self, self.serial, one)

    def test_shards_merge_to_the_unsharded_file(self):
        shards = [os.path.join(self.dir, "s%d.h5" % k) for k in (1, 2, 3)]
        for k, path in enumerate(shards, 1):
            r = run(["sweep", self.sweep, "--shard", "%d/3" % k, "-o", path, "-q"])
            self.assertEqual(r.returncode, 0, r.stderr)
        merged = os.path.join(self.dir, "merged.h5")
        r = run(["merge", "-o", merged] + shards[::-1])
        self.assertEqual(r.returncode, 0, r.stderr)
        assert_same(self, self.serial, merged)
        # Missing, repeated and foreign shards are refused.
        r = run(["merge", "-o", os.path.join(self.dir, "x.h5"), shards[0], shards[2]])
        self.assertEqual(r.returncode, 2)
        self.assertIn("shards missing: 2 of 3", r.stderr)
        r = run(["merge", "-o", os.path.join(self.dir, "x.h5"), shards[0], shards[0], shards[1]])
        self.assertEqual(r.returncode, 2)
        self.assertIn("are both shard 1 of 3", r.stderr)
        other = os.path.join(self.dir, "other.yaml")
        write_sweep(other, seed=8)
        foreign = os.path.join(self.dir, "foreign.h5")
        self.assertEqual(run(["sweep", other, "--shard", "2/3", "-o", foreign, "-q"]).returncode, 0)
        r = run(["merge", "-o", os.path.join(self.dir, "x.h5"), shards[0], foreign, shards[2]])
        self.assertEqual(r.returncode, 2)
        self.assertIn("a shard of a different sweep", r.stderr)
        self.assertFalse(os.path.exists(os.path.join(self.dir, "x.h5")))

    def test_kill_and_resume_equals_uninterrupted(self):
        long_sweep = os.path.join(self.dir, "long.yaml")
        write_sweep(long_sweep, replications=12)
        whole = os.path.join(self.dir, "whole.h5")
        start = time.monotonic()
        self.assertEqual(run(["sweep", long_sweep, "-o", whole, "-q"]).returncode, 0)
        duration = time.monotonic() - start
        out = os.path.join(self.dir, "resumed.h5")
        p = subprocess.Popen([BIN, "sweep", long_sweep, "-o", out, "-q"])
        # Kill once some units are checkpointed (polling the logs), well before the end.
        deadline = time.monotonic() + duration * 5
        parts = out + ".parts"
        while time.monotonic() < deadline:
            logs = [os.path.join(parts, x) for x in os.listdir(parts)] if os.path.isdir(parts) else []
            if logs and sum(os.path.getsize(x) for x in logs) > 600:
                break
            time.sleep(0.02)
        p.send_signal(signal.SIGKILL)
        p.wait()
        self.assertFalse(os.path.exists(out))
        r = run(["sweep", long_sweep, "-o", out])
        self.assertEqual(r.returncode, 2)
        self.assertIn("use --resume", r.stderr)
        r = run(["sweep", long_sweep, "-o", out, "--resume"])
        self.assertEqual(r.returncode, 0, r.stderr)
        m = re.search(r"(\d+) units, (\d+) resumed from checkpoints, (\d+) computed", r.stderr)
        units, resumed, computed = map(int, m.groups())
        self.assertEqual(units, 4 * 12)
        self.assertGreater(resumed, 0)
        self.assertLess(resumed, units)
        self.assertEqual(resumed + computed, units)  # nothing recomputed, nothing lost
        assert_same(self, whole, out)
        self.assertFalse(os.path.exists(out + ".parts"))
        r = run(["sweep", long_sweep, "-o", out, "--resume"])
        self.assertEqual(r.returncode, 0)
        self.assertIn("already complete", r.stderr)

    def test_bad_sweeps_are_refused_with_their_place(self):
        bad = os.path.join(self.dir, "bad.yaml")
        cases = [("design: {type: grid}", "design: {type: gird}", "design.type", "did you mean 'grid'"),
                 ("replications: 3", "replicatons: 3", "replicatons", "unknown key"),
                 ("{values: [20, 35]}", "{values: [20, -35]}", "services.key_worker.capacity", "at sweep point 3"),
                 ("{min: 0.0, max: 0.2, levels: 2}", "{min: 0.3, max: 0.2}", "regimes.pooled.lost_referrals",
                  "min must be below max")]
        with open(self.sweep) as f:
            good = f.read()
        for old, new, path, text in cases:
            with self.subTest(new), open(bad, "w") as f:
                f.write(good.replace(old, new))
            r = run(["sweep", bad, "-o", os.path.join(self.dir, "bad.h5")])
            self.assertEqual(r.returncode, 2, r.stderr)
            self.assertRegex(r.stderr, r"placesim: error: .+:\d+:\d+: ")
            self.assertIn(path, r.stderr)
            self.assertIn(text, r.stderr)
            self.assertFalse(os.path.exists(os.path.join(self.dir, "bad.h5")))

    def test_sobol_design_reports_indices(self):
        sobol = os.path.join(self.dir, "sobol.yaml")
        with open(self.sweep) as f:
            text = f.read().replace("design: {type: grid}", "design: {type: sobol, points: 4}").replace(
                "replications: 3", "replications: 1")
        with open(sobol, "w") as f:
            f.write(text)
        out = os.path.join(self.dir, "sobol.h5")
        r = run(["sweep", sobol, "-o", out, "-q"])
        self.assertEqual(r.returncode, 0, r.stderr)
        with h5py.File(out, "r") as f:
            self.assertEqual(f["points/values"].shape, (4 * (2 + 2), 2))
            self.assertEqual(f["sensitivity/sobol_first"].shape, (2,))
            self.assertEqual(f["sensitivity/sobol_total"].shape, (2,))


@unittest.skipUnless(MPIRUN, "mpirun is not installed (tools/setup installs openmpi-bin)")
class Mpi(SweepCase):
    def test_two_ranks_equal_one(self):
        out = os.path.join(self.dir, "mpi.h5")
        r = subprocess.run([MPIRUN, "-n", "2", BIN, "sweep", self.sweep, "-o", out, "-t", "1"],
                           capture_output=True, text=True, env=MPI_ENV, timeout=600)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("on 2 ranks", r.stderr)
        assert_same(self, self.serial, out)


if __name__ == "__main__":
    unittest.main()
