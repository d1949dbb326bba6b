#include "sim/queueing/network_run.h"

namespace placesim::sim {

NetworkRunResult run_network(const NetworkSpec& spec, StreamKey key, Time warmup, Time horizon) {
  Simulation sim(key);
  PlainNetworkHooks hooks;
  Network<PlainNetworkHooks> net(spec, sim, hooks);
  sim.reserve(256);
  net.start();
  auto handle = [&net](const Event& e) { net.handle(e); };
  NetworkRunResult r;
  r.calendar_events = sim.run_until(warmup, handle);
  net.reset_stats();
  std::uint64_t counted_before = net.counted_events();
  r.calendar_events += sim.run_until(warmup + horizon, handle);
  r.counted_events = net.counted_events() - counted_before;
  const Time end = sim.now();
  for (std::uint32_t s = 0; s < spec.services.size(); ++s) {
    const Service& sv = net.service(s);
    r.mean_wait.push_back(sv.mean_wait());
    r.utilisation.push_back(sv.utilisation(end));
    r.mean_queue_length.push_back(sv.mean_queue_length(end));
    r.throughput.push_back(static_cast<double>(sv.started()) / horizon);
  }
  return r;
}

}  // namespace placesim::sim
