#pragma once
//! Closed-form results of queueing theory that the engine must reproduce.

#include <cstdint>
#include <vector>

#include "sim/queueing/network.h"

namespace placesim::sim {

//! Erlang C: probability that an arrival to an M/M/c queue with offered load
//! a = lambda * mean_service (a < c) has to wait.
double erlang_c(std::uint32_t c, double offered_load);

//! Mean wait in queue of an M/M/c queue (days): C(c, a) / (c mu - lambda).
//! Infinite when the queue is unstable.
double mmc_mean_wait(double arrival_rate, double mean_service, std::uint32_t c);

//! Arrival rates into each service of an open network, solving the traffic
//! equations lambda = lambda_ext + P^T lambda. Empty when they have no
//! non-negative solution (an agent could cycle forever).
std::vector<double> traffic_rates(const NetworkSpec& spec);

//! Theoretical steady state of one service of a Jackson network.
struct ServiceTheory {
  double arrival_rate = 0.0;  //!< per day
  double utilisation = 0.0;   //!< lambda * mean / c
  double mean_wait = 0.0;     //!< days in queue (Erlang C)
};

//! Steady state of every service, treating each as M/M/c with the rate from
//! traffic_rates (exact for Jackson networks: exponential service, Poisson input).
std::vector<ServiceTheory> jackson_theory(const NetworkSpec& spec);

}  // namespace placesim::sim
