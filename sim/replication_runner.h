#pragma once
//! Runs independent replications in parallel on TBB, each into its own slot.

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <atomic>
#include <cstdint>
#include <functional>
#include <mutex>
#include <vector>

namespace placesim::sim {

//! Called with the number of replications finished so far (serialised).
using ProgressFn = std::function<void(std::size_t done, std::size_t total)>;

//! Runs simulate(first + i) for i in [0, count) on `threads` threads (0: all
//! cores) and returns the records in replication order. Each record is written
//! into its own pre-sized slot, so the result does not depend on scheduling;
//! reduce it in order (as the caller iterates the vector) for bit-identical sums.
template <class Record, class Simulate>
std::vector<Record> run_replications(std::uint64_t first, std::size_t count, int threads,
                                     Simulate&& simulate, const ProgressFn& progress = {}) {
  std::vector<Record> records(count);
  std::atomic<std::size_t> done{0};
  std::mutex progress_mutex;
  tbb::task_arena arena(threads > 0 ? threads : tbb::task_arena::automatic);
  arena.execute([&] {
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, count, 1),
                      [&](const tbb::blocked_range<std::size_t>& range) {
                        for (std::size_t i = range.begin(); i != range.end(); ++i) {
                          records[i] = simulate(first + i);
                          std::size_t d = ++done;
                          if (progress) {
                            std::lock_guard lock(progress_mutex);
                            progress(d, count);
                          }
                        }
                      });
  });
  return records;
}

}  // namespace placesim::sim
