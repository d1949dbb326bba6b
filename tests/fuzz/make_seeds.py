"""Writes seed inputs for the file-reader fuzz targets into a folder:
results/ (a results file), sweeps/ (a finished sweep and its two shards) and
units/ (a checkpoint log). Used by tools/fuzz and by the replay tests.

  make_seeds.py PLACESIM_BIN OUT_DIR
"""
import os
import struct
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(SOURCE, "tests", "hpc"))
from sweep_common import write_sweep  # noqa: E402


def fnv1a(data, h=0xcbf29ce484222325):
    for b in data:
        h = ((h ^ b) * 0x100000001b3) & 0xFFFFFFFFFFFFFFFF
    return h


def main(binary, out):
    for sub in ("results", "sweeps", "units"):
        os.makedirs(os.path.join(out, sub), exist_ok=True)

    def run(*args):
        subprocess.run([binary] + list(args), check=True, capture_output=True)

    base = os.path.join(SOURCE, "tests", "cli", "good", "base.yaml")
    run("run", base, "-r", "2", "-o", os.path.join(out, "results", "base.h5"), "-q", "--force")
    with tempfile.TemporaryDirectory() as d:
        sweep = os.path.join(d, "sweep.yaml")
        write_sweep(sweep, replications=1)
        run("sweep", sweep, "-o", os.path.join(out, "sweeps", "sweep.h5"), "-q", "--force")
        for k in (1, 2):
            run("sweep", sweep, "--shard", "%d/2" % k, "-o", os.path.join(out, "sweeps", "shard%d.h5" % k), "-q",
                "--force")
    width, records = 3, []
    header = b"placesim-units1\0" + struct.pack("<QQQ", 0x1234, width, 0)
    for unit in range(4):
        u = struct.pack("<Q", unit)
        v = struct.pack("<%dd" % width, *[unit * 1.5 + j for j in range(width)])
        records.append(u + v + struct.pack("<Q", fnv1a(v, fnv1a(u))))
    with open(os.path.join(out, "units", "a.units"), "wb") as f:
        f.write(header + b"".join(records))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
