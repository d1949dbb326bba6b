#pragma once
//! Runs independent replications in parallel, each into its own slot, so
//! the result does not depend on scheduling. Threads come from oneTBB, which
//! only this folder's sources see.

#include <algorithm>
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

//! Runs work(i, slot) for every i in [0, count) on `threads` threads (0: all
//! cores), at most `window` at once, and deliver(i, slot) for each on one
//! thread at a time in the order of i, as soon as i and all before it are
//! done. `slot` is i's place in a ring of `window` slots, free again once i is
//! delivered. Calls progress after each work. Exceptions propagate.
void stream_indices(std::size_t count, int threads, std::size_t window,
                    const std::function<void(std::size_t i, std::size_t slot)>& work,
                    const std::function<void(std::size_t i, std::size_t slot)>& deliver,
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

//! Runs simulate(first + i) for i in [0, count) and hands each record to
//! sink(first + i, record) in replication order, holding at most a few per
//! thread: a run's memory does not grow with its replications.
template <class Record, class Simulate, class Sink>
void stream_replications(std::uint64_t first, std::size_t count, int threads, Simulate&& simulate,
                         Sink&& sink, const ProgressFn& progress = {}) {
  const std::size_t window = 4 * static_cast<std::size_t>(thread_count(threads));
  std::vector<Record> slots(std::min(window, count));
  stream_indices(
      count, threads, window,
      [&](std::size_t i, std::size_t slot) { slots[slot] = simulate(first + i); },
      [&](std::size_t i, std::size_t slot) {
        sink(first + i, std::move(slots[slot]));
        slots[slot] = Record{};
      },
      progress);
}

}  // namespace placesim::sim
