"""A full disk never destroys results: run, sweep and merge writing to a small
tmpfs that fills up end in exit 1 with the real cause, the old outputs intact,
no temporary files, and (for sweeps) the checkpoints kept for --resume.

Needs root to mount a tmpfs; where it cannot, the test is skipped (and ctest
shows it as skipped)."""
import os
import shutil
import subprocess
import tempfile
import unittest

from helpers import BIN, TempDir, run, source

sys_path = os.path.join(os.path.dirname(__file__), "..", "hpc")


def can_mount():
    if os.geteuid() != 0 or not shutil.which("mount"):
        return False
    d = tempfile.mkdtemp(prefix="placesim-tmpfs-probe-")
    ok = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", d], capture_output=True).returncode == 0
    if ok:
        subprocess.run(["umount", d])
    os.rmdir(d)
    return ok


@unittest.skipUnless(can_mount(), "needs root and permission to mount a tmpfs")
class DiskFull(unittest.TestCase):
    def setUp(self):
        self.mnt = tempfile.mkdtemp(prefix="placesim-tmpfs-")
        subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", self.mnt], check=True)

    def tearDown(self):
        subprocess.run(["umount", self.mnt])
        os.rmdir(self.mnt)

    def fill(self, leave_kb):
        st = os.statvfs(self.mnt)
        free = st.f_bavail * st.f_frsize
        with open(os.path.join(self.mnt, "filler"), "wb") as f:
            f.write(b"\0" * max(0, free - leave_kb * 1024))

    def assert_clean(self, keep):
        self.assertEqual(sorted(x for x in os.listdir(self.mnt) if x != "filler"), sorted(keep))

    def test_run(self):
        out = os.path.join(self.mnt, "r.h5")
        self.assertEqual(run(["run", "-r", "2", "-o", out, "-q"]).returncode, 0)
        before = open(out, "rb").read()
        self.fill(leave_kb=40)
        r = run(["run", "-r", "2", "-o", out, "--report", os.path.join(self.mnt, "r.html"), "--force", "-q"])
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertRegex(r.stderr, r"placesim: error: run: .*(No space left|disk full)")
        self.assertEqual(open(out, "rb").read(), before)
        self.assert_clean(["r.h5"])

    def test_sweep_keeps_its_checkpoints(self):
        sys_sweep = os.path.join(self.mnt, "sweep.yaml")
        import sys
        sys.path.insert(0, sys_path)
        from sweep_common import write_sweep
        write_sweep(sys_sweep, replications=6)
        self.fill(leave_kb=24)
        out = os.path.join(self.mnt, "s.h5")
        r = run(["sweep", sys_sweep, "-o", out, "-q", "-t", "1"], timeout=300)
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertIn("No space left", r.stderr)
        self.assertFalse(os.path.exists(out))
        leftovers = [x for x in os.listdir(self.mnt) if ".tmp." in x]
        self.assertEqual(leftovers, [])
        # Room again: the sweep resumes from what was checkpointed.
        os.remove(os.path.join(self.mnt, "filler"))
        r = run(["sweep", sys_sweep, "-o", out, "-q", "--resume"], timeout=300)
        self.assertEqual(r.returncode, 0, r.stderr)

    def test_merge(self):
        import sys
        sys.path.insert(0, sys_path)
        from sweep_common import write_sweep
        with TempDir() as d:
            sweep = os.path.join(d, "sweep.yaml")
            write_sweep(sweep)
            shards = [os.path.join(d, "s%d.h5" % k) for k in (1, 2)]
            for k, path in enumerate(shards, 1):
                self.assertEqual(run(["sweep", sweep, "--shard", "%d/2" % k, "-o", path, "-q"]).returncode, 0)
            out = os.path.join(self.mnt, "m.h5")
            self.assertEqual(run(["merge", "-o", out] + shards).returncode, 0)
            before = open(out, "rb").read()
            self.fill(leave_kb=8)
            r = run(["merge", "-o", out, "--force"] + shards)
            self.assertEqual(r.returncode, 1, r.stderr)
            self.assertEqual(open(out, "rb").read(), before)
            self.assert_clean(["m.h5"])


if __name__ == "__main__":
    unittest.main()
