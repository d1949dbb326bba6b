#pragma once
// Networks with known steady states, shared by the engine's statistical tests.

#include "sim/queueing/network.h"

namespace placesim::test {

// The open Jackson network of issue 2 (council, nhs, police, probation).
inline sim::NetworkSpec jackson_network() {
  using sim::Distribution;
  sim::NetworkSpec spec;
  const char* names[] = {"council", "nhs", "police", "probation"};
  const std::uint32_t c[] = {8, 6, 5, 3};
  const double mean[] = {2.0, 1.0, 1.25, 2.5};
  for (int i = 0; i < 4; ++i) {
    spec.services.push_back({names[i], c[i], Distribution::exponential(mean[i]), {}});
  }
  spec.services[0].on_exit.add(1, 0.2);
  spec.services[0].on_exit.add(2, 0.1);
  spec.services[1].on_exit.add(0, 0.1);
  spec.services[1].on_exit.add(2, 0.1);
  spec.services[2].on_exit.add(1, 0.1);
  spec.services[2].on_exit.add(3, 0.3);
  spec.services[3].on_exit.add(0, 0.1);
  spec.sources = {{0, 2.6}, {1, 3.5}, {2, 2.2}};
  return spec;
}

// A single M/M/c queue.
inline sim::NetworkSpec mmc_network(double lambda, double mean, std::uint32_t c) {
  sim::NetworkSpec spec;
  spec.services.push_back({"queue", c, sim::Distribution::exponential(mean), {}});
  spec.sources = {{0, lambda}};
  return spec;
}

}  // namespace placesim::test
