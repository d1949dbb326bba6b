// placesim's benchmarks (Google Benchmark). Run through tools/bench/run, which
// also times whole runs, thread scaling, memory and the SimPy peer; the
// figures and how they were measured are in docs/performance.md.
//
// Events are counted as the peer simulators count them: every arrival at a
// service (external or routed) plus every departure.
#include <benchmark/benchmark.h>

#include <functional>
#include <queue>
#include <string>
#include <utility>
#include <vector>

#include "models/family/model_params.h"
#include "models/regimes/replication.h"
#include "models/scenario/load.h"
#include "sim/core/calendar.h"
#include "sim/queueing/network_run.h"
#include "sim/random/random_stream.h"
#include "sim/random/samplers.h"

namespace {

using namespace placesim;

const std::string kSource = PLACESIM_SOURCE_DIR;

models::Scenario load(const std::string& rel, const std::vector<std::string>& sets = {}) {
  return models::load_scenario_file(kSource + "/" + rel, sets).scenario;
}

// The engine's network spec from a scenario's queueing core.
sim::NetworkSpec network_of(const models::Scenario& s) {
  sim::NetworkSpec net;
  for (const auto& sv : s.services) {
    sim::NetworkService ns{sv.key, sv.capacity[0], sv.duration, {}};
    for (const auto& r : sv.on_exit) ns.on_exit.add(r.service, r.p);
    net.services.push_back(ns);
  }
  for (const auto& a : s.arrivals) net.sources.push_back({a.into, a.per_day});
  return net;
}

void BM_PhiloxUniform(benchmark::State& state) {
  sim::RandomStream s(sim::StreamKey{1, 2}, 3, 4);
  double sum = 0.0;
  for (auto _ : state) sum += s.uniform();
  benchmark::DoNotOptimize(sum);
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_PhiloxUniform);

void BM_Exponential(benchmark::State& state) {
  sim::RandomStream s(sim::StreamKey{1, 2}, 3, 4);
  double sum = 0.0;
  for (auto _ : state) sum += sim::sample_exponential(s, 2.0);
  benchmark::DoNotOptimize(sum);
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Exponential);

// The hold model: pop the earliest event, schedule one a random time later.
void BM_CalendarHold(benchmark::State& state) {
  sim::EventCalendar cal;
  sim::RandomStream s(sim::StreamKey{1, 2}, 3, 4);
  for (int i = 0; i < state.range(0); ++i)
    cal.schedule(sim::sample_exponential(s, 1.0), sim::Priority::update, 0, i);
  for (auto _ : state) {
    sim::Event e = cal.pop();
    cal.schedule(e.time + sim::sample_exponential(s, 1.0), sim::Priority::update, 0, e.target);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_CalendarHold)->Arg(32)->Arg(4096)->Arg(131072);

// The engine on the Jackson network of scenarios/validation/jackson.yaml.
void BM_JacksonEngine(benchmark::State& state) {
  const auto net = network_of(load("scenarios/validation/jackson.yaml"));
  const double days = 100000.0;
  std::uint64_t events = 0;
  std::uint64_t rep = 0;
  for (auto _ : state)
    events += sim::run_network(net, sim::StreamKey{1, rep++}, 0.0, days).counted_events;
  state.counters["events/s"] =
      benchmark::Counter(static_cast<double>(events), benchmark::Counter::kIsRate);
  state.counters["events/day"] =
      static_cast<double>(events) / (days * static_cast<double>(state.iterations()));
}
BENCHMARK(BM_JacksonEngine)->Unit(benchmark::kMillisecond)->UseRealTime();

// The reference for both: a minimal hand-written loop for the same network
// and horizon. A binary heap of (time, what) events, queues as counters (FIFO
// of exponential services needs no identities), the same Philox streams and
// samplers; events counted as above.
void BM_JacksonHandLoop(benchmark::State& state) {
  const auto net = network_of(load("scenarios/validation/jackson.yaml"));
  const double days = 100000.0;
  const auto n = static_cast<std::uint32_t>(net.services.size());
  std::uint64_t events = 0, rep = 0;
  for (auto _ : state) {
    sim::RandomStream rs(sim::StreamKey{1, rep++}, 0, 0);
    using Ev = std::pair<double, std::uint32_t>;  // what < n: a departure from what; else a source
    std::priority_queue<Ev, std::vector<Ev>, std::greater<>> heap;
    std::vector<std::uint32_t> busy(n, 0), queued(n, 0);
    std::vector<double> mean(n);
    for (std::uint32_t i = 0; i < n; ++i) mean[i] = net.services[i].duration.mean();
    auto arrive = [&](double t, std::uint32_t sv) {
      ++events;
      if (busy[sv] < net.services[sv].capacity) {
        ++busy[sv];
        heap.emplace(t + sim::sample_exponential(rs, mean[sv]), sv);
      } else {
        ++queued[sv];
      }
    };
    for (std::uint32_t a = 0; a < net.sources.size(); ++a)
      heap.emplace(sim::sample_exponential(rs, 1.0 / net.sources[a].per_day), n + a);
    while (heap.top().first < days) {
      const auto [t, what] = heap.top();
      heap.pop();
      if (what >= n) {
        const auto& src = net.sources[what - n];
        heap.emplace(t + sim::sample_exponential(rs, 1.0 / src.per_day), what);
        arrive(t, src.into);
        continue;
      }
      ++events;
      if (queued[what] > 0) {
        --queued[what];
        heap.emplace(t + sim::sample_exponential(rs, mean[what]), what);
      } else {
        --busy[what];
      }
      const std::uint32_t to = net.services[what].on_exit.route(rs.uniform());
      if (to != sim::Routing::kLeave) arrive(t, to);
    }
  }
  state.counters["events/s"] =
      benchmark::Counter(static_cast<double>(events), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_JacksonHandLoop)->Unit(benchmark::kMillisecond)->UseRealTime();

// The same network through the whole family model (placesim run jackson.yaml).
// Its events are counted as above by the network's events per day, measured
// by the engine over the same horizon (the model keeps no such count; both
// run the same stationary network, so the rates agree to sampling error).
void BM_JacksonModel(benchmark::State& state) {
  const auto s =
      load("scenarios/validation/jackson.yaml", {"time.years=100", "time.warmup_years=0"});
  const double days = 100 * models::kDaysPerYear;
  const double per_day =
      static_cast<double>(
          sim::run_network(network_of(s), sim::StreamKey{2, 0}, 0.0, days).counted_events) /
      days;
  std::uint64_t events = 0, rep = 0;
  for (auto _ : state) {
    auto r = models::run_replication(s, {}, 1, rep++);
    for (double w : r.regimes[0].wait_days) benchmark::DoNotOptimize(w);
    events += r.regimes[0].events_processed;
  }
  state.counters["calendar events/s"] =
      benchmark::Counter(static_cast<double>(events), benchmark::Counter::kIsRate);
  state.counters["events/s"] = benchmark::Counter(
      per_day * days * static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_JacksonModel)->Unit(benchmark::kMillisecond)->UseRealTime();

// One replication of the default scenario (its regimes and its trial), on one thread.
void BM_DefaultReplication(benchmark::State& state) {
  const auto s = models::load_scenario_text(models::default_scenario_text(), "default").scenario;
  std::uint64_t events = 0, rep = 0;
  for (auto _ : state) {
    auto r = models::run_replication(s, {}, s.seed, rep++);
    events += models::events_of(r);  // the trial's too: it is in the time
  }
  state.counters["replications/s"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
  state.counters["events/s"] =
      benchmark::Counter(static_cast<double>(events), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_DefaultReplication)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
