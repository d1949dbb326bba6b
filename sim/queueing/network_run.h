#pragma once
//! One replication of a plain open network: the engine's reference workload.

#include <cstdint>
#include <vector>

#include "sim/queueing/network.h"

namespace placesim::sim {

//! Per-service results of one network replication, after the warm-up.
struct NetworkRunResult {
  std::vector<double> mean_wait;          //!< days in queue, per service
  std::vector<double> utilisation;        //!< busy / available server-time
  std::vector<double> mean_queue_length;  //!< time-average number waiting
  std::vector<double> throughput;         //!< service starts per day
  std::uint64_t counted_events = 0;       //!< arrivals at services + departures
  std::uint64_t calendar_events = 0;      //!< events popped from the calendar
};

//! Runs the network from empty for warmup + horizon days with streams from
//! `key`, and measures the last `horizon` days only.
NetworkRunResult run_network(const NetworkSpec& spec, StreamKey key, Time warmup, Time horizon);

}  // namespace placesim::sim
