#!/usr/bin/python3
"""Load a placesim results file into pandas DataFrames.

    python3 tools/examples/load_results.py results/default.h5

Needs Debian's python3-h5py and python3-pandas. The file layout is
documented in docs/results-format.md.
"""
import sys

import h5py
import pandas as pd


def labels(f, name):
    """The labels of one dimension, as text."""
    return [x.decode() if isinstance(x, bytes) else x for x in f["dims/" + name][:]]


def load_spend(path):
    """Tidy spend: one row per replication, regime, year, agency and category."""
    frames = []
    with h5py.File(path, "r") as f:
        if f.attrs["filetype"] != "placesim-results":
            raise ValueError(path + " is not a placesim results file")
        years, agencies, categories = labels(f, "years"), labels(f, "agencies"), labels(f, "categories")
        for regime in labels(f, "regimes"):
            data = f["runs/" + regime + "/spend_by_category"][:]  # [replication, year, agency, category]
            index = pd.MultiIndex.from_product(
                [range(data.shape[0]), years, agencies, categories],
                names=["replication", "year", "agency", "category"])
            frame = pd.DataFrame({"gbp": data.reshape(-1)}, index=index).reset_index()
            frame.insert(1, "regime", regime)
            frames.append(frame)
    return pd.concat(frames, ignore_index=True)


def load_npv(path):
    """Net present value of pooling per replication (and after optimism bias)."""
    with h5py.File(path, "r") as f:
        return pd.DataFrame({"npv": f["appraisal/npv"][:],
                             "npv_optimism_adjusted": f["appraisal/npv_optimism_adjusted"][:]})


def main(path):
    spend = load_spend(path)
    totals = spend.groupby(["regime", "year"]).gbp.sum() / spend.replication.nunique()
    print("Mean total spend by regime and year (GBP):")
    print(totals.unstack("regime").round(0))
    npv = load_npv(path)
    print("\nNPV of pooling (GBP):")
    print(npv.describe(percentiles=[0.05, 0.5, 0.95]).round(0))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
