#pragma once
//! Running replications: every regime of a replication on the same families
//! with the same random draws (common random numbers).

#include <cstdint>
#include <vector>

#include "models/family/record.h"
#include "models/scenario/scenario.h"
#include "sim/parallel/replication_runner.h"

namespace placesim::models {

//! Runs replication `rep` of every variant with master seed `seed`.
ReplicationRecord run_replication(const Scenario& s, const std::vector<RegimeVariant>& variants,
                                  std::uint64_t seed, std::uint64_t rep);

//! Runs replications [first, first + count) on `threads` threads (0: all) and
//! returns them in replication order: the same numbers for any thread count.
std::vector<ReplicationRecord> run_replications(const Scenario& s,
                                                const std::vector<RegimeVariant>& variants,
                                                std::uint64_t seed, std::uint64_t first,
                                                std::size_t count, int threads,
                                                const sim::ProgressFn& progress = {});

}  // namespace placesim::models
