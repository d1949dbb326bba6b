#!/usr/bin/python3
"""Runs the shipped place scenarios and prints the calibration table of
docs/calibration.md: what each scenario produces against its published
targets.

  tools/calibration.py [-r REPLICATIONS] [SCENARIO.yaml ...]

Needs a build (tools/build) and Debian's python3-h5py. The metrics are also
what tests/regression checks, within bands.
"""
import argparse
import os
import subprocess
import sys
import tempfile

import h5py
import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.environ.get("PLACESIM_BIN", os.path.join(ROOT, "build", "placesim"))
PLACES = ["default", "national_troubled_families", "greater_manchester", "essex", "cheshire_west_and_chester",
          "west_london_triborough", "westminster_family_recovery", "birmingham"]


def interval(xs):
    """Mean and 95% confidence interval of the mean."""
    xs = np.asarray(xs, dtype=float)
    m = xs.mean()
    h = 1.96 * xs.std(ddof=1) / np.sqrt(len(xs)) if len(xs) > 1 else float("nan")
    return m, m - h, m + h


def metrics(path):
    """The calibration figures of one results file, as a dict."""
    with h5py.File(path, "r") as f:
        agencies = [a.decode() for a in f["dims/agencies"][:]]
        cats = [c.decode() for c in f["dims/categories"][:]]
        spend = f["runs/siloed/spend"][:]                       # [rep, year, agency]
        by_cat = f["runs/siloed/spend_by_category"][:]          # [rep, year, agency, cat]
        families = f["runs/siloed/families"][:]                 # [rep, year]
        per_family = spend.sum(axis=(1, 2)) / families.sum(axis=1)
        reactive = by_cat[..., [cats.index("reactive"), cats.index("reactive_cashable")]].sum(axis=(1, 2, 3))
        out = {
            "replications": spend.shape[0],
            "families": float(families[:, 0].mean()),
            "cost_per_family_year": interval(per_family),
            "reactive_share": interval(reactive / by_cat.sum(axis=(1, 2, 3))),
            "agency_share": dict(zip(agencies, (spend.sum(axis=(0, 1)) / spend.sum()).round(3))),
        }
        if "nhs" in agencies:
            nhs = by_cat[:, :, agencies.index("nhs"), :].sum(axis=(0, 1))
            out["nhs_prevention_share"] = float(nhs[cats.index("preventive")] / nhs.sum())
        if "appraisal/npv" in f:
            npv = f["appraisal/npv"][:]
            net = f["appraisal/net_saving"][:].sum(axis=2)     # [rep, year]
            out["npv"] = interval(npv)
            out["npv_p5_p95"] = (float(np.percentile(npv, 5)), float(np.percentile(npv, 95)))
            out["p_npv_positive"] = float((npv > 0).mean())
            out["net_saving_year1"] = interval(net[:, 0])
            out["net_saving_last_year"] = interval(net[:, -1])
            bcr = f["appraisal/bcr"][:]
            out["bcr"] = float(np.nanmedian(bcr)) if np.isfinite(bcr).any() else float("nan")
            claims = []
            if "appraisal/claims" in f:
                for k in sorted(f["appraisal/claims"].keys(), key=int):
                    g = f["appraisal/claims"][k]
                    a = g.attrs
                    claims.append({"label": a["label"], "claimed": float(a["claimed"]), "share": bool(a["share"]),
                                   "basis": a["basis"], "value_type": a["value_type"],
                                   "p": (float(a["probability"]), float(a["probability_ci95_low"]),
                                         float(a["probability_ci95_high"])),
                                   "median": float(np.median(g["simulated"][:]))})
            out["claims"] = claims
    return out


def run(scenario, reps, out, threads=0):
    subprocess.run([BIN, "run", scenario, "-r", str(reps), "-q", "--force", "-o", out, "--threads", str(threads)],
                   check=True)
    return metrics(out)


def money(x):
    a = abs(x)
    s = f"£{a / 1e9:.2f}bn" if a >= 1e9 else f"£{a / 1e6:.1f}m" if a >= 1e6 else f"£{a / 1e3:.1f}k"
    return ("−" if x < 0 else "") + s


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("-r", "--replications", type=int, default=20)
    ap.add_argument("--results", action="append", default=[], metavar="NAME=FILE.h5",
                    help="use this results file for a scenario instead of running it")
    ap.add_argument("scenarios", nargs="*")
    args = ap.parse_args()
    given = dict(r.split("=", 1) for r in args.results)
    # A bare name is a shipped scenario: `national_troubled_families`.
    names = [p if os.path.exists(p) else os.path.join(ROOT, "scenarios", p + ".yaml")
             for p in args.scenarios or ([] if given else PLACES)]
    names += [os.path.join(ROOT, "scenarios", n + ".yaml") for n in given if n not in args.scenarios]
    print("| scenario | reps | families | siloed £/family-year (95% CI) | reactive share | NPV mean (95% CI) | "
          "NPV 5–95% | P(NPV>0) | year 1 / last year net saving | BCR (median) |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    claims = []
    with tempfile.TemporaryDirectory() as tmp:
        for path in names:
            name = os.path.splitext(os.path.basename(path))[0]
            m = metrics(given[name]) if name in given else run(path, args.replications,
                                                                   os.path.join(tmp, name + ".h5"))
            c = m["cost_per_family_year"]
            n = m.get("npv")
            print(f"| {name} | {m['replications']} | {m['families']:,.0f} | {money(c[0])} ({money(c[1])}–{money(c[2])}) | "
                  f"{m['reactive_share'][0]:.0%} | "
                  + (f"{money(n[0])} ({money(n[1])}–{money(n[2])}) | {money(m['npv_p5_p95'][0])} to "
                     f"{money(m['npv_p5_p95'][1])} | {m['p_npv_positive']:.0%} | "
                     f"{money(m['net_saving_year1'][0])} / {money(m['net_saving_last_year'][0])} | {m['bcr']:.2f} |"
                     if n else "– | – | – | – | – |"))
            for c in m.get("claims", []):
                claims.append((name, c))
            if "nhs_prevention_share" in m:
                print(f"<!-- {name}: NHS spend on prevention {m['nhs_prevention_share']:.1%}; "
                      f"agency shares {m['agency_share']} -->", file=sys.stderr)
    print()
    print("| scenario | claim | basis | claimed | P(simulated ≥ claim) (Wilson 95%) | simulated median |")
    print("|---|---|---|---|---|---|")
    for name, c in claims:
        fmt = (lambda v: f"{v:.3f}") if c["share"] else money
        p, lo, hi = c["p"]
        print(f"| {name} | {c['label']} | {c['basis']}, {c['value_type']} | {fmt(c['claimed'])} | "
              f"{p:.0%} ({lo:.0%}–{hi:.0%}) | {fmt(c['median'])} |")

if __name__ == "__main__":
    main()
