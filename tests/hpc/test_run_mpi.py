"""placesim run under mpirun: ranks share the replications and rank 0 writes
the same numbers as a serial run, byte for byte; bad input stops every rank
before any simulation, said once."""
import os
import shutil
import subprocess
import unittest

from sweep_common import assert_same  # first: it puts helpers on the path
import h5py  # noqa: E402
from helpers import BIN, ScratchTest, reseal, run, source  # noqa: E402
from test_sweeps import MPI_ENV, MPIRUN  # noqa: E402

# Small: three years, no claims (they need a longer window).
SMALL = ["--set", "time.years=3", "--set", "business_case.claims=[]", "--seed", "5"]

CALIBRATION = """placesim_calibration: 1
scenario: base.yaml
regime: siloed
set: {population.families: 1000}
parameters:
  events.arrest.rate_per_year: {dist: uniform, min: 0.01, max: 0.5}
targets:
  - {name: arrests, metric: events_per_family_year.arrest, value: 0.3, sd: 0.03, source: synthetic}
particles: 20
simulations: 60
seed: 4
"""


def mpirun(ranks, args, timeout=600):
    return subprocess.run([MPIRUN, "-n", str(ranks), BIN] + args, capture_output=True, text=True,
                          env=MPI_ENV, timeout=timeout)


@unittest.skipUnless(MPIRUN, "mpirun is not installed (tools/setup installs openmpi-bin)")
class RunMpi(ScratchTest):
    def test_ranks_equal_serial_with_decomposition_and_evaluation(self):
        # Five replications in chunks of two over three ranks: uneven shares,
        # and the Shapley values and evaluation estimates travel too.
        args = ["run", "-r", "5", "-t", "1", "--decompose"] + SMALL
        r = run(args + ["-o", self.path("serial.h5"), "-q"], timeout=600)
        self.assertEqual(r.returncode, 0, r.stderr)
        for ranks in (2, 3):
            out = self.path("mpi%d.h5" % ranks)
            r = mpirun(ranks, args + ["-o", out, "--csv", self.path("csv%d" % ranks)])
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertIn("on %d ranks" % ranks, r.stderr)
            # rank 0 alone speaks: one summary, one closing line
            self.assertEqual(r.stdout.count("replications of 3 regimes"), 1, r.stdout)
            self.assertEqual(r.stderr.count("replications x"), 1, r.stderr)
            assert_same(self, self.path("serial.h5"), out)
        self.assertEqual(sorted(os.listdir(self.dir)),
                         ["csv2", "csv3", "mpi2.h5", "mpi3.h5", "serial.h5"])

    def test_records_reach_rank_0_a_segment_at_a_time(self):
        # On two ranks of one thread a segment is 32 replications (8 chunks of
        # two a rank): 40 take two segments, the second cut short, and rank 0
        # holds one segment's records at a time; the file is a serial run's.
        args = ["run", "-r", "40", "-t", "1", "-q", "--set", "population.families=500"] + SMALL
        r = run(args + ["-o", self.path("serial.h5")], timeout=600)
        self.assertEqual(r.returncode, 0, r.stderr)
        r = mpirun(2, args + ["-o", self.path("mpi.h5")])
        self.assertEqual(r.returncode, 0, r.stderr)
        assert_same(self, self.path("serial.h5"), self.path("mpi.h5"))

    @unittest.skipUnless(shutil.which("taskset") and (os.cpu_count() or 1) >= 2, "needs taskset and 2 cores")
    def test_ranks_with_different_cores_cut_the_same_segments(self):
        # With all cores (-t 0), a rank held to one core takes chunks of two
        # and the other chunks of four; the segments must still be rank 0's.
        args = ["run", "-r", "40", "-q", "--set", "population.families=500"] + SMALL
        r = run(args + ["-o", self.path("serial.h5")], timeout=600)
        self.assertEqual(r.returncode, 0, r.stderr)
        for pinned in (0, 1):
            out = self.path("mpi%d.h5" % pinned)
            ranks = [["-n", "1", BIN] + args + ["-o", out] for _ in range(2)]
            ranks[pinned] = ["-n", "1", shutil.which("taskset"), "-c", "0", BIN] + args + ["-o", out]
            r = subprocess.run([MPIRUN, "--bind-to", "none"] + ranks[0] + [":"] + ranks[1],
                               capture_output=True, text=True, env=MPI_ENV, timeout=600)
            self.assertEqual(r.returncode, 0, r.stderr)
            assert_same(self, self.path("serial.h5"), out)

    def test_until_ci_stops_where_a_serial_run_stops(self):
        # A target no run meets: both stop at the cap, after the same batches.
        args = ["run", "-r", "2", "-t", "1", "--until-ci", "1", "--max-replications", "5", "-q"] + SMALL
        r = run(args + ["-o", self.path("serial.h5")], timeout=600)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("not met", r.stderr)
        r = mpirun(2, args + ["-o", self.path("mpi.h5")])
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stderr.count("not met"), 1, r.stderr)
        assert_same(self, self.path("serial.h5"), self.path("mpi.h5"))

    def test_posterior_draws_are_those_of_a_serial_run(self):
        # Each replication's fitted values are a pure function of its index.
        shutil.copy(source("tests", "cli", "good", "base.yaml"), self.dir)
        with open(self.path("cal.yaml"), "w") as f:
            f.write(CALIBRATION)
        r = run(["calibrate", self.path("cal.yaml"), "-o", self.path("post.h5"), "-q"], timeout=600)
        self.assertEqual(r.returncode, 0, r.stderr)
        args = ["run", "--posterior", self.path("post.h5"), "-r", "4", "-t", "1", "-q"]
        r = run(args + ["-o", self.path("serial.h5")], timeout=600)
        self.assertEqual(r.returncode, 0, r.stderr)
        r = mpirun(2, args + ["-o", self.path("mpi.h5")])
        self.assertEqual(r.returncode, 0, r.stderr)
        assert_same(self, self.path("serial.h5"), self.path("mpi.h5"))

    def test_a_replication_that_fails_on_one_rank_stops_them_all(self):
        # A posterior with one particle out of range: the replications that draw
        # it fail on whichever rank runs them; every rank stops (no hang), the
        # failing one says why, as a serial run does, and nothing is written.
        shutil.copy(source("tests", "cli", "good", "base.yaml"), self.dir)
        with open(self.path("cal.yaml"), "w") as f:
            f.write(CALIBRATION)
        post = self.path("post.h5")
        r = run(["calibrate", self.path("cal.yaml"), "-o", post, "-q"], timeout=600)
        self.assertEqual(r.returncode, 0, r.stderr)
        with h5py.File(post, "r+") as f:
            theta = f["posterior/parameters"][:]
            theta[8, 0] = -1.0  # drawn by a replication of the first 8 (seed 4)
            f["posterior/parameters"][:] = theta
        reseal(post)
        args = ["run", "--posterior", post, "-r", "8", "-t", "1", "-q"]
        r = run(args + ["-o", self.path("serial.h5")], timeout=600)
        self.assertEqual(r.returncode, 2, r.stderr)
        self.assertIn("out of range", r.stderr)
        for ranks in (2, 3):
            r = mpirun(ranks, args + ["-o", self.path("mpi.h5")], timeout=300)
            self.assertEqual(r.returncode, 2, r.stderr)
            self.assertIn("out of range", r.stderr)
            self.assertEqual(r.stderr.count("out of range"), 1, r.stderr)
            self.assertNotIn("SIGTERM", r.stderr)  # the failing rank was not killed first
        self.assertFalse(os.path.exists(self.path("mpi.h5")))
        self.assertFalse(os.path.exists(self.path("serial.h5")))

    def test_bad_input_stops_every_rank_said_once(self):
        exists = self.path("exists.h5")
        with open(exists, "w") as f:
            f.write("x")
        r = mpirun(2, ["run", "-r", "2", "-o", exists] + SMALL, timeout=120)
        self.assertEqual(r.returncode, 2, r.stderr)
        self.assertEqual(r.stderr.count("already exists"), 1, r.stderr)
        r = mpirun(2, ["run", "-r", "2", "-o", self.path("x.h5"), "--set", "time.years=0"], timeout=120)
        self.assertEqual(r.returncode, 2, r.stderr)
        # said by rank 0 alone (the others' exit may still have mpirun stop it after)
        self.assertEqual(r.stderr.count("time.years: value 0 is out of range"), 1, r.stderr)
        self.assertEqual(sorted(os.listdir(self.dir)), ["exists.h5"])

    def test_an_aggregate_on_ranks_equals_a_serial_one(self):
        # Every place's replications are shared out; rank 0 adds them up.
        from test_aggregate import aggregate_text
        with open(self.path("agg.yaml"), "w") as f:
            f.write(aggregate_text(hazards=0.3, costs=0.1, effects=0.5, replications=5))
        args = ["aggregate", self.path("agg.yaml"), "-t", "1"]
        r = run(args + ["-o", self.path("serial.h5"), "-q"], timeout=600)
        self.assertEqual(r.returncode, 0, r.stderr)
        r = mpirun(2, args + ["-o", self.path("mpi.h5")])
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("on 2 ranks", r.stderr)
        self.assertEqual(r.stdout.count("Naive: "), 1, r.stdout)  # rank 0 alone speaks
        assert_same(self, self.path("serial.h5"), self.path("mpi.h5"))


if __name__ == "__main__":
    unittest.main()
