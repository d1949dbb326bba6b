#pragma once
//! Runs independent replications in parallel, each into its own slot, so
//! the result does not depend on scheduling. Threads come from oneTBB, which
//! only this folder's sources see.

#include <cstdint>
#include <functional>
#include <vector>

namespace placesim::sim {

//! Called with the number of tasks finished so far (serialised).
using ProgressFn = std::function<void(std::size_t done, std::size_t total)>;

//! Runs body(i) for every i in [0, count) on `threads` threads (0: all
//! cores), in any order; calls progress after each. Exceptions propagate.
void parallel_indices(std::size_t count, int threads, const std::function<void(std::size_t)>& body,
                      const ProgressFn& progress = {});

//! The number of threads `threads` stands for (0: all cores).
int thread_count(int threads);

//! Runs simulate(first + i) for i in [0, count) and returns the records in
//! replication order: reduce them in that order for bit-identical sums.
template <class Record, class Simulate>
std::vector<Record> run_replications(std::uint64_t first, std::size_t count, int threads,
                                     Simulate&& simulate, const ProgressFn& progress = {}) {
  std::vector<Record> records(count);
  parallel_indices(
      count, threads, [&](std::size_t i) { records[i] = simulate(first + i); }, progress);
  return records;
}

}  // namespace placesim::sim
