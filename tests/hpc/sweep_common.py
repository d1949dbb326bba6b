"""Helpers shared by the sweep tests."""
import os
import sys

import h5py
import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "cli"))
from helpers import source  # noqa: E402,F401


def contents(path):
    """Every dataset and root attribute of a file, except the time it was written."""
    out = {}
    with h5py.File(path, "r") as f:
        def visit(name, obj):
            if isinstance(obj, h5py.Dataset):
                v = obj[()]
                out[name] = [x.decode() for x in v] if v.dtype.kind in "OS" else np.asarray(v)
        f.visititems(visit)
        for k, v in f.attrs.items():
            if k != "created":
                out["@" + k] = v
    return out


def assert_same(test, a, b):
    ca, cb = contents(a), contents(b)
    test.assertEqual(sorted(ca), sorted(cb))
    for k in ca:
        if isinstance(ca[k], np.ndarray):
            test.assertEqual(ca[k].tobytes(), cb[k].tobytes(), k)   # byte for byte, NaN included
        else:
            test.assertEqual(ca[k], cb[k], k)


def write_sweep(path, replications=3, seed=7, extra=""):
    """A sweep of the default scenario, small enough for tests."""
    with open(path, "w") as f:
        f.write(f"""placesim_sweep: 1
name: test sweep
base: {source('scenarios', 'default.yaml')}
set:
  - time.years=3
  - population.families=600
  - business_case.claims=[]
parameters:
  services.key_worker.capacity: {{values: [20, 35]}}
  regimes.pooled.lost_referrals: {{min: 0.0, max: 0.2, levels: 2}}
design: {{type: grid}}
replications: {replications}
seed: {seed}
{extra}""")
