"""Runs the benchmarks behind tools/bench/run and prints what they measured.

Each figure is the best of a few repetitions (the least disturbed by the
rest of the machine); the spread is printed beside it.
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

import yaml

# mpirun as root (CI runs as root) needs both, and two ranks on two cores may
# need oversubscription when the machine counts fewer slots.
os.environ.setdefault("OMPI_ALLOW_RUN_AS_ROOT", "1")
os.environ.setdefault("OMPI_ALLOW_RUN_AS_ROOT_CONFIRM", "1")
os.environ.setdefault("OMPI_MCA_rmaps_base_oversubscribe", "1")
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BUILD = os.environ.get("PLACESIM_BUILD_DIR", os.path.join(ROOT, "build"))
PLACESIM = os.path.join(BUILD, "placesim")
BENCH = os.path.join(BUILD, "placesim_bench")
NATIONAL = os.path.join(ROOT, "scenarios", "national_troubled_families.yaml")
SMALL_PLACE = os.path.join(ROOT, "scenarios", "cheshire_west_and_chester.yaml")
# A calibration of a small place (800 families) to two published figures, as
# docs/calibration.md describes: its simulations per second, and the wall
# time of a calibration allowed 2,000 simulations on 2 threads.
CALIBRATION = """placesim_calibration: 1
scenario: {scenario}
regime: siloed
parameters:
  needs.dimensions.crime.cost_per_year.1: {{dist: uniform, min: 10000, max: 40000}}
  needs.dimensions.work.cost_per_year.1: {{dist: uniform, min: 10000, max: 30000}}
targets:
  - {{name: cost, metric: cost_per_family_year, value: 76190, sd: 7600, source: "DCLG 2013 [V]"}}
  - {{name: welfare, metric: share_of_spend.dwp, value: 0.22, sd: 0.03, source: "EIF 2015 [S]"}}
particles: 100
simulations: {simulations}
seed: 1
"""


def google_benchmark(name, reps):
    """Runs one Google Benchmark; returns the counters of its best repetition."""
    out = subprocess.run([BENCH, f"--benchmark_filter=^{name}(/real_time)?$", f"--benchmark_repetitions={reps}",
                          "--benchmark_format=json"], check=True, capture_output=True, text=True).stdout
    runs = [b for b in json.loads(out)["benchmarks"] if b.get("run_type") == "iteration"]
    return runs


def timed(args):
    """Wall seconds and peak resident memory (bytes) of one command, by GNU time."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as t:
        subprocess.run(["/usr/bin/time", "-f", "%e %M", "-o", t.name] + args, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wall, kb = t.read().split()[-2:]
    return float(wall), int(kb) * 1024


def run_args(tmp, scenario, reps, threads, sets, quiet=True, out="bench.h5"):
    """The command line of `placesim run` for one measure."""
    args = [PLACESIM, "run"] + ([scenario] if scenario else []) + [
        "-r", str(reps), "--threads", str(threads)] + (["-q"] if quiet else []) + [
        "--force", "-o", os.path.join(tmp, out)]
    for s in sets:
        args += ["--set", s]
    return args


def run_placesim(tmp, scenario, reps, threads, sets=(), launcher=()):
    return timed(list(launcher) + run_args(tmp, scenario, reps, threads, sets))


def count_events(tmp, scenario, reps, threads, sets=()):
    """Calendar events a run handles, from placesim's closing line (not
    timed: the line needs a run without -q, which reads its results back
    for the summary). Threads change no number, so neither does this."""
    args = run_args(tmp, scenario, reps, threads, sets, quiet=False, out="count.h5")
    done = subprocess.run(args, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    m = re.search(r" in ([0-9.e+-]+) s \(([0-9.e+-]+) million events/s", done.stderr)
    if not m:
        sys.exit(f"bench: no event count in placesim's closing line:\n{done.stderr}")
    return float(m[1]) * float(m[2]) * 1e6


def family_years(tmp):
    """Family-years simulated in the last run's file: every regime, every replication."""
    import h5py  # noqa: E402 (only some measures need it)
    with h5py.File(os.path.join(tmp, "bench.h5"), "r") as f:
        return sum(float(f["runs"][g]["family_years"][()].sum()) for g in f["runs"])


def numeric_leaves(node, path):
    """(key path, number) for every numeric leaf under a YAML mapping."""
    if isinstance(node, dict):
        for k, v in node.items():
            yield from numeric_leaves(v, f"{path}.{k}")
    elif isinstance(node, (int, float)) and not isinstance(node, bool):
        yield path, node


def best(xs):
    return min(xs), max(xs)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true", help="fewer repetitions and a shorter default-scenario run")
    args = ap.parse_args()
    reps = 2 if args.quick else 5
    fig = {}
    rows = []

    # 1. Engine on the Jackson network, against SimPy on the same horizon.
    runs = google_benchmark("BM_JacksonEngine", reps)
    eps = [r["events/s"] for r in runs]
    fig["engine_events_per_s"] = max(eps)
    fig["engine_events_per_day"] = runs[0]["events/day"]
    rows.append(("Engine, Jackson network (events/s, 1 core)", f"{max(eps) / 1e6:.2f} M",
                 f"{min(eps) / 1e6:.2f}-{max(eps) / 1e6:.2f} M", ">= 7.5 M"))
    # The same network by a minimal hand-written loop and through the whole
    # family model (placesim run jackson.yaml), events counted alike.
    hand = max(r["events/s"] for r in google_benchmark("BM_JacksonHandLoop", reps))
    model = max(r["events/s"] for r in google_benchmark("BM_JacksonModel", reps))
    fig["hand_loop_events_per_s"] = hand
    fig["model_events_per_s"] = model
    fig["model_to_hand_loop"] = model / hand
    rows.append(("Hand-written loop, same network (events/s, 1 core)", f"{hand / 1e6:.2f} M", "", ""))
    rows.append(("Engine / hand-written loop", f"{max(eps) / hand:.2f}x", "", ""))
    rows.append(("Family model (placesim run jackson.yaml) / hand-written loop", f"{model / hand:.2f}x",
                 f"{model / 1e6:.2f} M events/s", ">= 0.5x"))
    peer = []
    for seed in range(1, (2 if args.quick else 4)):
        out = subprocess.run(["/usr/bin/python3", os.path.join(ROOT, "tools", "bench", "peers", "jackson_simpy.py"),
                              "--days", "100000", "--seed", str(seed)], check=True, capture_output=True, text=True)
        peer.append(json.loads(out.stdout))
    peer_eps = max(p["events_per_s"] for p in peer)
    fig["simpy_version"] = peer[0]["simpy_version"]
    fig["simpy_events_per_s"] = peer_eps
    fig["simpy_events_per_day"] = peer[0]["events_per_day"]
    fig["ratio_to_simpy"] = fig["engine_events_per_s"] / peer_eps
    rows.append((f"SimPy {peer[0]['simpy_version']}, same network and horizon", f"{peer_eps / 1e6:.3f} M", "", ""))
    rows.append(("placesim / SimPy", f"{fig['ratio_to_simpy']:.0f}x", "", ">= 25x"))

    # 2. Default scenario: one replication of both regimes, one thread.
    runs = google_benchmark("BM_DefaultReplication", reps)
    rps = [r["replications/s"] for r in runs]
    fig["default_replications_per_s_1thread"] = max(rps)
    fig["default_events_per_s_1thread"] = max(r["events/s"] for r in runs)
    rows.append(("Default scenario, replications/s (both regimes, 1 core)", f"{max(rps):.2f}",
                 f"{min(rps):.2f}-{max(rps):.2f}", ""))
    rows.append(("Default scenario, calendar events/s (1 core)", f"{fig['default_events_per_s_1thread'] / 1e6:.2f} M", "", ""))

    with tempfile.TemporaryDirectory() as tmp:
        # 3. 1,000 replications of both regimes on 2 threads, as a user runs it.
        n = 200 if args.quick else 1000
        walls = [run_placesim(tmp, None, n, 2)[0] for _ in range(1 if args.quick else 2)]
        fig[f"default_{n}_reps_2_threads_s"] = min(walls)
        rows.append((f"Default scenario, {n} replications on 2 threads (s)", f"{min(walls):.1f}",
                     f"{min(walls):.1f}-{max(walls):.1f}", "< 60 s for 1000"))

        # 4. Scaling: the same work on 1 and 2 threads, alternated so both see
        # the same machine.
        one, two = [], []
        for _ in range(2 if args.quick else 3):
            one.append(run_placesim(tmp, None, 100, 1)[0])
            two.append(run_placesim(tmp, None, 100, 2)[0])
        fig["scaling_1_to_2_threads"] = min(one) / min(two)
        rows.append(("Scaling, 100 replications, 1 -> 2 threads", f"{fig['scaling_1_to_2_threads']:.2f}x",
                     f"{min(one):.1f} s / {min(two):.1f} s", ">= 1.8x"))
        # Time per family-year on one thread (appraisal years; the run's
        # start-up and writing included), held against the national scenario's.
        # (Threads change no number, so the last file serves both.)
        default_fy = family_years(tmp)
        default_s = min(one)
        default_us = default_s / default_fy * 1e6
        default_events = count_events(tmp, None, 100, 2)
        fig["default_us_per_family_year_1thread"] = default_us
        rows.append(("Default scenario, time per family-year, 1 thread", f"{default_us:.2f} us", "", ""))

        # 4a. What a replication adds to a run's peak memory: records go to
        # the results as they are done, so this is the results' own share.
        few, many = (50, 200) if args.quick else (100, 400)
        _, m_few = run_placesim(tmp, None, few, 2)
        _, m_many = run_placesim(tmp, None, many, 2)
        per_rep = (m_many - m_few) / (many - few)
        fig["default_bytes_per_replication"] = per_rep
        rows.append((f"Default scenario, peak memory a replication adds ({few} -> {many})",
                     f"{per_rep / 1024:.0f} KiB", f"peak {m_many / 2**20:.0f} MiB at {many}", ""))
        # 4a'. A 10,000-replication run: the default place shrunk to 40
        # families, so it takes seconds; what a replication keeps depends on
        # the years, agencies and services, not on the families.
        small = os.path.join(tmp, "small.yaml")
        subprocess.run([PLACESIM, "init", small, "--from", "default", "--families", "40", "--force"],
                       check=True, capture_output=True)
        few, many = (1000, 4000) if args.quick else (1000, 10000)
        _, m_few = run_placesim(tmp, small, few, 2)
        _, m_many = run_placesim(tmp, small, many, 2)
        per_rep = (m_many - m_few) / (many - few)
        fig["many_replications_bytes_per_replication"] = per_rep
        fig["many_replications_peak_bytes"] = m_many
        rows.append((f"Default place at 40 families, {many:,} replications: peak memory, and what a "
                     f"replication adds ({few} -> {many})", f"{m_many / 2**20:.0f} MiB",
                     f"{per_rep / 1024:.1f} KiB a replication", ""))

        # 4b. The same work on 1 and 2 MPI ranks of one thread each (placesim
        # run shares the replications among ranks; rank 0 writes the file).
        mpirun = shutil.which("mpirun")
        if mpirun:
            one, two = [], []
            for _ in range(2 if args.quick else 3):
                one.append(run_placesim(tmp, None, 100, 1, launcher=[mpirun, "-n", "1"])[0])
                two.append(run_placesim(tmp, None, 100, 1, launcher=[mpirun, "-n", "2"])[0])
            fig["scaling_1_to_2_ranks"] = min(one) / min(two)
            rows.append(("Scaling, 100 replications, 1 -> 2 MPI ranks of 1 thread",
                         f"{fig['scaling_1_to_2_ranks']:.2f}x", f"{min(one):.1f} s / {min(two):.1f} s", ""))
        else:
            print("bench: no mpirun; MPI scaling not measured", file=sys.stderr)

        # 5. Memory per family in the national scenario: the growth of peak
        # memory from a tenth of the families to all of them, one replication.
        if os.path.exists(NATIONAL):
            with open(NATIONAL) as f:
                national = yaml.safe_load(f)
            families = int(national["population"]["families"])
            shrink = 10
            small = families // shrink
            # Starting caseloads and arrivals shrink with the cohort: a tenth
            # of the place, not a tenth of the families in all of it.
            sets = [f"population.families={small}"] + [
                f"{path}={max(0, round(v / shrink))}"
                for path, v in numeric_leaves(national.get("initial", {}), "initial")]
            sets += [f"arrivals.{i}.per_day={a['per_day'] / shrink}"
                     for i, a in enumerate(national.get("arrivals", []))]
            w_all, m_all = run_placesim(tmp, NATIONAL, 1, 1)
            national_fy = family_years(tmp)
            national_events = count_events(tmp, NATIONAL, 1, 1)
            national_us = w_all / national_fy * 1e6
            fig["national_us_per_family_year_1thread"] = national_us
            _, m_small = run_placesim(tmp, NATIONAL, 1, 1, sets)
            per_family = (m_all - m_small) / (families - small)
            fig["national_families"] = families
            fig["national_peak_rss_bytes"] = m_all
            fig["national_bytes_per_family"] = per_family
            fig["national_one_replication_s"] = w_all
            rows.append((f"National scenario, memory per family ({families:,} families)", f"{per_family:.0f} B",
                         f"peak {m_all / 2**20:.0f} MiB", "<= 512 B"))
            rows.append(("National scenario, one replication, 1 thread (s)", f"{w_all:.1f}", "", ""))
            rows.append(("National scenario, time per family-year, 1 thread",
                         f"{national_us:.2f} us", f"{national_us / default_us:.2f}x the default's",
                         "<= 1.25x the default's"))
            # The same place at a tenth of its size (placesim init scales its
            # places, queue limits, caps, caseloads, arrivals and budgets, so
            # families meet the same queues and rationing; set-up costs come
            # out of the fund first, so they shrink too): what the national
            # scenario's families cost a year without the cohort's size. The
            # full cohort's ratio to it is the cost of scale alone.
            tenth = os.path.join(tmp, "tenth.yaml")
            subprocess.run([PLACESIM, "init", tenth, "--from", NATIONAL, "--families", str(small), "--force"],
                           check=True, stdout=subprocess.DEVNULL)
            place = [f"regimes.{g}.setup_costs.{i}={c / shrink}"
                     for g, r in national.get("regimes", {}).items()
                     for i, c in enumerate((r or {}).get("setup_costs", []) or [])]
            w_tenth = min(run_placesim(tmp, tenth, 1, 1, place)[0] for _ in range(3))
            tenth_fy = family_years(tmp)
            tenth_events = count_events(tmp, tenth, 1, 1, place)
            tenth_us = w_tenth / tenth_fy * 1e6
            fig["national_tenth_us_per_family_year_1thread"] = tenth_us
            fig["national_scale_cost"] = national_us / tenth_us
            rows.append(("National scenario at a tenth of the place, time per family-year",
                         f"{tenth_us:.2f} us", f"full cohort {national_us / tenth_us:.2f}x this", ""))
            # A family-year's cost is the events in it times the cost of an
            # event: the national scenario's families have more events a year
            # (what they do), and each event costs more across the cohort
            # (its size). Both, so the ratio above is read for what it is.
            # The count is every run's, the trial's and any decomposition's
            # too, as the wall time is; the family-years are the regimes'
            # (what is appraised), so a family-year's events include the
            # trial's work, in every scenario alike.
            per_fy = [default_events / default_fy, tenth_events / tenth_fy, national_events / national_fy]
            per_event = [default_s / default_events * 1e6, w_tenth / tenth_events * 1e6,
                         w_all / national_events * 1e6]
            fig["calendar_events_per_family_year"] = dict(zip(("default", "national_tenth", "national"), per_fy))
            fig["us_per_calendar_event_1thread"] = dict(zip(("default", "national_tenth", "national"), per_event))
            rows.append(("Calendar events a family-year: default / national at a tenth / national",
                         " / ".join(f"{x:.1f}" for x in per_fy),
                         f"national {per_fy[2] / per_fy[0]:.2f}x the default's", ""))
            rows.append(("Time a calendar event, 1 thread (us): default / national at a tenth / national",
                         " / ".join(f"{x:.2f}" for x in per_event),
                         f"national {per_event[2] / per_event[0]:.2f}x the default's", ""))
            fig["national_psa_replications_per_core_hour"] = 3600.0 / w_all
            rows.append(("National PSA throughput, replications per core-hour",
                         f"{3600.0 / w_all:.0f}", "", ""))
        else:
            print("bench: no national scenario; memory per family not measured", file=sys.stderr)

        # 6. Calibration of a small place: simulations per second (each runs
        # the siloed regime once) and the wall time of a 2,000-simulation budget.
        cal = os.path.join(tmp, "cal.yaml")
        budget = 400 if args.quick else 2000
        with open(cal, "w") as f:
            f.write(CALIBRATION.format(scenario=SMALL_PLACE, simulations=budget))
        post = os.path.join(tmp, "post.h5")
        wall, _ = timed([PLACESIM, "calibrate", cal, "-o", post, "--force", "-t", "2", "-q"])
        import h5py  # noqa: E402 (only this measure needs it)
        with h5py.File(post, "r") as f:
            ran = int(f["posterior/simulations"][-1])
            converged = bool(f.attrs["converged"])
        fig["calibrate_simulations"] = ran
        fig["calibrate_wall_s"] = wall
        fig["calibrate_simulations_per_s_2_threads"] = ran / wall
        rows.append(("Calibration of a small place, simulations/s (2 threads)", f"{ran / wall:.1f}", "", ""))
        rows.append((f"Calibration allowed {budget:,} simulations, 2 threads (s)", f"{wall:.0f}",
                     f"{ran:,} run, {'converged' if converged else 'not converged'}", "< 600 s"))

    width = max(len(r[0]) for r in rows)
    print(f"{'measure':<{width}}  {'best':>10}  {'range':>20}  target")
    for name, value, spread, target in rows:
        print(f"{name:<{width}}  {value:>10}  {spread:>20}  {target}")
    os.makedirs(os.path.join(ROOT, "results"), exist_ok=True)
    with open(os.path.join(ROOT, "results", "bench.json"), "w") as f:
        json.dump(fig, f, indent=2)
    print("bench: figures written to results/bench.json")


if __name__ == "__main__":
    main()
