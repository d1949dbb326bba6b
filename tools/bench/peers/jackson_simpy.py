#!/usr/bin/python3
"""The Jackson network of scenarios/validation/jackson.yaml, written for SimPy.

The peer for placesim's engine benchmark (docs/performance.md): the same
network, the same horizon, events counted the same way (every arrival at a
service, external or routed, plus every departure), one core. Written the way
a SimPy user would write it: a process per source, a process per customer,
a Resource per service.

  tools/bench/peers/jackson_simpy.py [--days 100000] [--seed 1]

Prints one JSON line: events, wall seconds, events per second, the SimPy
version and the mean wait at each service (to check it is the same model:
they match Erlang C, as placesim's do).

SimPy 4 is on PyPI (`pip install simpy`); Debian 12 ships SimPy 3.0.11 as
python3-simpy3, whose API for this model is the same.
"""
import argparse
import json
import os
import random
import sys
import time

import simpy
import yaml


def load_network(path):
    with open(path) as f:
        doc = yaml.safe_load(f)
    services = {}
    for name, s in doc["services"].items():
        d = s["duration"]
        assert d["dist"] == "exponential", "the peer models exponential services only"
        services[name] = {
            "capacity": int(s["capacity"]),
            "mean": float(d["mean_days"]),
            "routes": [(r["to"], float(r["p"])) for r in s.get("on_exit", [])],
        }
    sources = [(a["into"], float(a["per_day"])) for a in doc["arrivals"]]
    return services, sources


def run(services, sources, days, seed):
    env = simpy.Environment()
    rng = random.Random(seed)
    resources = {n: simpy.Resource(env, capacity=s["capacity"]) for n, s in services.items()}
    count = {"events": 0}
    waits = {n: [0.0, 0] for n in services}

    def route(name):
        u = rng.random()
        for to, p in services[name]["routes"]:
            if u < p:
                return to
            u -= p
        return None

    def customer(name):
        while name is not None:
            count["events"] += 1  # arrival
            arrived = env.now
            with resources[name].request() as req:
                yield req
                w = waits[name]
                w[0] += env.now - arrived
                w[1] += 1
                yield env.timeout(rng.expovariate(1.0 / services[name]["mean"]))
            count["events"] += 1  # departure
            name = route(name)

    def source(into, per_day):
        while True:
            yield env.timeout(rng.expovariate(per_day))
            env.process(customer(into))

    for into, per_day in sources:
        env.process(source(into, per_day))
    start = time.perf_counter()
    env.run(until=days)
    wall = time.perf_counter() - start
    return count["events"], wall, {n: (w[0] / w[1] if w[1] else 0.0) for n, w in waits.items()}


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scenario", default=os.path.join(here, "..", "..", "..", "scenarios", "validation", "jackson.yaml"))
    ap.add_argument("--days", type=float, default=100000.0)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    services, sources = load_network(args.scenario)
    events, wall, waits = run(services, sources, args.days, args.seed)
    json.dump({"peer": "simpy", "simpy_version": simpy.__version__, "python": sys.version.split()[0],
               "days": args.days, "events": events, "wall_s": wall, "events_per_s": events / wall,
               "events_per_day": events / args.days, "mean_wait_days": waits}, sys.stdout)
    print()


if __name__ == "__main__":
    main()
