#!/usr/bin/env python3
"""Where each shipped scenario's NPV comes from: the Shapley table in docs/calibration.md.

Runs `placesim run SCENARIO --decompose` for every shipped scenario with a
fixed seed and writes, between the markers in docs/calibration.md, each
option's Shapley value per mechanism (mean and 95% CI over replications), the
sign the docs may claim, and the share of the NPV from `view` (the wrong
pocket) against the rest. The docs state causes only from this table.

  tools/decomposition.py [--build DIR] [--scenario NAME[:REPS]]... [--results NAME=FILE.h5]... [--keep DIR]
  tools/decomposition.py --check [--build DIR]     (what the tests run)

--check re-runs the scenarios the docs mark as checked, with the replications
and seed the docs state, and fails if a sign the docs claim no longer holds.
Slow scenarios (national) are run once by hand and passed with --results.
"""
import argparse
import json
import math
import os
import re
import subprocess
import sys
import tempfile

import h5py
import numpy as np

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
DOC = os.path.join(ROOT, "docs", "calibration.md")
BEGIN, END = "<!-- BEGIN DECOMPOSITION -->", "<!-- END DECOMPOSITION -->"
CLAIMS = re.compile(r"<!-- decomposition claims: (\{.*\}) -->")
SEED = 7
# (scenario, replications, checked by the tests): the checked ones are fast enough for CI.
SCENARIOS = [("default", 12, True), ("essex", 12, False), ("greater_manchester", 8, False),
             ("cheshire_west_and_chester", 8, False), ("west_london_triborough", 8, False),
             ("westminster_family_recovery", 8, False), ("birmingham", 8, False),
             ("national_troubled_families", 2, False)]
# Student's t, 97.5%, by degrees of freedom (1..30); normal beyond.
T975 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160,
        2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056,
        2.052, 2.048, 2.045, 2.042]


def interval(x):
    x = np.asarray(x, dtype=float)
    n = len(x)
    if n < 2:
        return x.mean(), math.nan, math.nan
    t = T975[n - 2] if n - 1 <= len(T975) else 1.96
    h = t * x.std(ddof=1) / math.sqrt(n)
    return x.mean(), x.mean() - h, x.mean() + h


def sign(lo, hi):
    """+ or - when the 95% interval excludes zero; ? when it does not."""
    if math.isnan(lo):
        return "?"
    return "+" if lo > 0 else "-" if hi < 0 else "?"


def money(v):
    """£ in bn, m or k to three figures or so; below £1k in whole pounds, so a
    small value never reads as £0k, and a value that rounds to £0 has no sign."""
    if math.isnan(v):
        return "n/a"
    a = abs(v)
    s = "-" if v < 0 and round(a) > 0 else ""
    if a >= 1e9:
        return f"{s}£{a / 1e9:.2f}bn"
    if a >= 1e5:
        return f"{s}£{a / 1e6:.2f}m"
    return f"{s}£{a / 1e3:.0f}k" if a >= 999.5 else f"{s}£{a:.0f}"


def run_decomposition(binary, name, reps, folder):
    out = os.path.join(folder, name + ".h5")
    cmd = [binary, "run", os.path.join(ROOT, "scenarios", name + ".yaml"), "-r", str(reps), "--seed",
           str(SEED), "--decompose", "-q", "-o", out]
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"decomposition: {' '.join(cmd)} failed:\n{r.stderr}")
    return out


def read(path):
    """{option: {"npv": [...], "shapley": {mechanism: [...]}}} from a results file."""
    with h5py.File(path, "r") as f:
        mechanisms = [m.decode() for m in f["decomposition/mechanisms"][()]]
        reps = int(f.attrs["replications"])
        out = {}
        for option in f["appraisal/options"]:
            sh = f[f"decomposition/options/{option}/shapley_npv"][()]
            out[option] = {"npv": f[f"appraisal/options/{option}/npv"][()],
                           "shapley": {m: sh[:, i] for i, m in enumerate(mechanisms)}}
        return reps, mechanisms, out


def table(name, reps, mechanisms, options):
    lines = [f"#### {name} ({reps} replications, seed {SEED})", ""]
    head = "| Mechanism |" + "".join(f" {o}: Shapley NPV, mean [95% CI] | sign |" for o in options)
    lines += [head, "|---|" + "---|---|" * len(options)]
    claims = {}
    for m in mechanisms:
        row = f"| `{m}` |"
        for o, d in options.items():
            x = d["shapley"][m]
            if not np.any(x):
                row += " 0 in every replication | |"
                continue
            mean, lo, hi = interval(x)
            s = sign(lo, hi)
            claims.setdefault(o, {})[m] = s
            row += f" {money(mean)} [{money(lo)}, {money(hi)}] | {s} |"
        lines.append(row)
    row = "| **NPV** |"
    for o, d in options.items():
        mean, lo, hi = interval(d["npv"])
        row += f" {money(mean)} [{money(lo)}, {money(hi)}] | {sign(lo, hi)} |"
    lines.append(row)
    row = "| share from `view` |"
    for o, d in options.items():
        view = np.mean(d["shapley"]["view"])
        rest = sum(abs(np.mean(d["shapley"][m])) for m in mechanisms)
        row += f" {100 * abs(view) / rest:.0f}% of the mechanisms' absolute total | |" if rest else " n/a | |"
    lines.append(row)
    return lines + [""], claims


def build_doc(binary, wanted, given, folder):
    blocks, claims = [], {}
    for name, reps, checked in SCENARIOS:
        if wanted and name not in wanted:
            continue
        reps = wanted.get(name) or reps
        path = given.get(name) or run_decomposition(binary, name, reps, folder)
        n, mechanisms, options = read(path)
        lines, c = table(name, n, mechanisms, options)
        blocks += lines
        claims[name] = {"replications": n, "seed": SEED, "checked": checked, "signs": c}
        print(f"decomposition: {name} ({n} replications) done", file=sys.stderr)
    return blocks, claims


def write_doc(blocks, claims):
    with open(DOC) as f:
        text = f.read()
    if BEGIN not in text or END not in text:
        sys.exit(f"decomposition: {DOC} has no {BEGIN} ... {END} markers")
    old = CLAIMS.search(text)
    merged = json.loads(old.group(1)) if old else {}
    merged.update(claims)
    body = "\n".join([BEGIN, f"<!-- decomposition claims: {json.dumps(merged, sort_keys=True)} -->",
                      "<!-- generated by tools/decomposition.py: do not edit by hand -->", ""] + blocks + [END])
    start, end = text.index(BEGIN), text.index(END) + len(END)
    old_blocks = text[start:end]
    # Keep the tables of scenarios not re-run this time.
    for name, _, _ in SCENARIOS:
        if name in claims:
            continue
        m = re.search(rf"#### {re.escape(name)} \(.*?(?=\n#### |\n{re.escape(END)})", old_blocks, re.S)
        if m:
            body = body.replace(END, m.group(0).rstrip() + "\n\n" + END)
    with open(DOC, "w") as f:
        f.write(text[:start] + body + text[end:])


def check(binary):
    with open(DOC) as f:
        m = CLAIMS.search(f.read())
    if not m:
        sys.exit("decomposition: docs/calibration.md states no decomposition claims")
    failures = []
    for name, c in json.loads(m.group(1)).items():
        if not c["checked"]:
            continue
        with tempfile.TemporaryDirectory() as folder:
            _, _, options = read(run_decomposition(binary, name, c["replications"], folder))
        for option, signs in c["signs"].items():
            for mech, claimed in signs.items():
                if claimed == "?":
                    continue  # the docs claim no sign
                mean, lo, hi = interval(options[option]["shapley"][mech])
                if sign(lo, hi) != claimed:
                    failures.append(f"{name}: {option}: {mech} was {claimed}, now {money(mean)} "
                                    f"[{money(lo)}, {money(hi)}]")
    if failures:
        sys.exit("decomposition: signs the docs claim no longer hold (re-run tools/decomposition.py and "
                 "revise docs/model.md and docs/calibration.md):\n  " + "\n  ".join(failures))
    print("decomposition: every sign the docs claim holds")


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--build", default=os.environ.get("PLACESIM_BUILD_DIR", os.path.join(ROOT, "build")))
    p.add_argument("--scenario", action="append", default=[], help="NAME or NAME:REPLICATIONS (default: all)")
    p.add_argument("--results", action="append", default=[], help="NAME=FILE.h5, a decomposed run to use")
    p.add_argument("--check", action="store_true", help="fail if a sign the docs claim no longer holds")
    p.add_argument("--keep", help="write the results files to this folder and keep them")
    a = p.parse_args()
    binary = os.environ.get("PLACESIM_BIN", os.path.join(a.build, "placesim"))
    if a.check:
        check(binary)
        return
    wanted = {}
    for s in a.scenario:
        name, _, reps = s.partition(":")
        wanted[name] = int(reps) if reps else None
    given = dict(r.split("=", 1) for r in a.results)
    for name in given:
        wanted.setdefault(name, None)
    # --keep DIR keeps the results files (for tools/calibration.py --results).
    if a.keep:
        os.makedirs(a.keep, exist_ok=True)
        blocks, claims = build_doc(binary, wanted, given, a.keep)
    else:
        with tempfile.TemporaryDirectory() as folder:
            blocks, claims = build_doc(binary, wanted, given, folder)
    write_doc(blocks, claims)


if __name__ == "__main__":
    main()
