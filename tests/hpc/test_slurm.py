"""A real Slurm: a single-node cluster started for the test runs the shipped
array script for a 4-shard sweep (the shards merge into the unsharded file),
the shipped MPI run script on two ranks (the serial run's numbers) and the
aggregate array script on two shards (merged, the unsharded aggregate)."""
import glob
import os
import shutil
import subprocess
import unittest

from sweep_common import assert_same, source, write_sweep  # first: it puts helpers on the path
from helpers import BIN, TempDir, run  # noqa: E402

def job_logs(pattern):
    """What the job's tasks wrote, for a failure's message."""
    out = ""
    for p in glob.glob(pattern):
        with open(p) as f:
            out += f.read()
    return out


CAN_RUN = os.geteuid() == 0 and shutil.which("slurmctld") and shutil.which("slurmd") and shutil.which("munged")


@unittest.skipUnless(CAN_RUN, "needs root and Slurm (slurmctld, slurmd, munge): skipped")
class Slurm(unittest.TestCase):
    def test_array_job_shards_merge(self):
        with TempDir() as d:
            cluster = os.path.join(d, "cluster")
            start = subprocess.run([source("tools", "slurm", "local-cluster"), "start", cluster],
                                   capture_output=True, text=True, timeout=120)
            self.assertEqual(start.returncode, 0, start.stdout + start.stderr)
            try:
                sweep = os.path.join(d, "sweep.yaml")
                write_sweep(sweep)
                env = dict(os.environ, SLURM_CONF=os.path.join(cluster, "slurm.conf"), PLACESIM=BIN)
                job = subprocess.run(["sbatch", "--wait", "--array=1-4", "--export=ALL",
                                      source("tools", "slurm", "sweep_array.sbatch"), sweep, os.path.join(d, "shards")],
                                     cwd=d, env=env, capture_output=True, text=True, timeout=900)
                logs = job_logs(os.path.join(d, "*.out"))
                self.assertEqual(job.returncode, 0, job.stdout + job.stderr + logs)
                shards = sorted(glob.glob(os.path.join(d, "shards", "shard-*.h5")))
                self.assertEqual(len(shards), 4)
                merged = os.path.join(d, "merged.h5")
                self.assertEqual(run(["merge", "-o", merged] + shards).returncode, 0)
                serial = os.path.join(d, "serial.h5")
                self.assertEqual(run(["sweep", sweep, "-o", serial, "-q"]).returncode, 0)
                assert_same(self, serial, merged)
                self.mpi_run_job(d, env)
                self.aggregate_array_job(d, env)
            finally:
                subprocess.run([source("tools", "slurm", "local-cluster"), "stop", cluster], timeout=120)

    def mpi_run_job(self, d, env):
        if not shutil.which("mpirun"):
            return
        env = dict(env, OMPI_ALLOW_RUN_AS_ROOT="1", OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1",
                   OMPI_MCA_rmaps_base_oversubscribe="1")
        small = ["-r", "4", "--seed", "3", "--set", "time.years=3", "--set", "business_case.claims=[]"]
        out = os.path.join(d, "run-mpi.h5")
        job = subprocess.run(["sbatch", "--wait", "--nodes=1", "--ntasks=2", "--ntasks-per-node=2",
                              "--cpus-per-task=1", "--mem-per-cpu=0", "--export=ALL",
                              source("tools", "slurm", "run_mpi.sbatch"), source("scenarios", "default.yaml"),
                              out] + small, cwd=d, env=env, capture_output=True, text=True, timeout=900)
        logs = job_logs(os.path.join(d, "placesim-run-mpi-*.out"))
        self.assertEqual(job.returncode, 0, job.stdout + job.stderr + logs)
        serial = os.path.join(d, "run-serial.h5")
        r = run(["run", source("scenarios", "default.yaml"), "-o", serial, "-q", "-t", "1"] + small, timeout=600)
        self.assertEqual(r.returncode, 0, r.stderr)
        assert_same(self, serial, out)

    def aggregate_array_job(self, d, env):
        from test_aggregate import aggregate_text
        spec = os.path.join(d, "agg.yaml")
        with open(spec, "w") as f:
            f.write(aggregate_text(hazards=0.3, replications=3))
        shards = os.path.join(d, "agg-shards")
        job = subprocess.run(["sbatch", "--wait", "--array=1-2", "--cpus-per-task=1", "--export=ALL",
                              source("tools", "slurm", "aggregate_array.sbatch"), spec, shards],
                             cwd=d, env=env, capture_output=True, text=True, timeout=900)
        logs = job_logs(os.path.join(d, "placesim-aggregate-*.out"))
        self.assertEqual(job.returncode, 0, job.stdout + job.stderr + logs)
        merged, serial = os.path.join(d, "agg-merged.h5"), os.path.join(d, "agg-serial.h5")
        parts = sorted(glob.glob(os.path.join(shards, "shard-*.h5")))
        self.assertEqual(len(parts), 2)
        r = run(["merge", "-o", merged] + parts)
        self.assertEqual(r.returncode, 0, r.stderr)
        r = run(["aggregate", spec, "-o", serial, "-q"], timeout=600)
        self.assertEqual(r.returncode, 0, r.stderr)
        assert_same(self, serial, merged)


if __name__ == "__main__":
    unittest.main()
