#include "models/studies/sweep_runner.h"

#include <algorithm>
#include <mutex>

#include "sim/parallel/replication_runner.h"

namespace placesim::models {

std::vector<double> unit_values(const UnitResult& r) {
  std::vector<double> v = r.measures;
  v.insert(v.end(), r.detail.begin(), r.detail.end());
  return v;
}

UnitResult unit_from_values(std::uint64_t unit, const std::vector<double>& values,
                            std::size_t measures) {
  UnitResult r;
  r.unit = unit;
  r.measures.assign(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(measures));
  r.detail.assign(values.begin() + static_cast<std::ptrdiff_t>(measures), values.end());
  return r;
}

std::vector<UnitResult> run_units(const SweepWork& w, const std::vector<std::uint64_t>& todo,
                                  sim::WorkQueue& queue, int threads, sim::CheckpointLog* log,
                                  const std::function<void(std::size_t)>& progress) {
  std::vector<UnitResult> done;
  std::mutex mutex;
  // Chunks of a few units per thread: small enough to balance the load
  // across ranks, large enough that the queue is rarely asked.
  const auto chunk = static_cast<std::size_t>(std::max(1, sim::thread_count(threads))) * 2;
  while (auto range = queue.next(chunk)) {
    if (progress) progress(range->second);
    sim::parallel_indices(range->second - range->first, threads, [&](std::size_t i) {
      UnitResult r = w.compute(todo[range->first + i]);
      if (log) log->append(r.unit, unit_values(r));
      std::lock_guard lock(mutex);
      done.push_back(std::move(r));
    });
  }
  return done;
}

std::vector<UnitResult> gather_units(const sim::Mpi& mpi, const std::vector<UnitResult>& mine,
                                     std::size_t measures, std::size_t detail) {
  if (mpi.ranks().count == 1) return mine;
  // Flattened: unit index (exact below 2^53), measures, detail.
  const std::size_t width = 1 + measures + detail;
  std::vector<double> send;
  for (const UnitResult& r : mine) {
    send.push_back(static_cast<double>(r.unit));
    for (double v : unit_values(r)) send.push_back(v);
  }
  const std::vector<double> all = mpi.gather(send);
  std::vector<UnitResult> out;
  for (std::size_t i = 0; i + width <= all.size(); i += width) {
    out.push_back(
        unit_from_values(static_cast<std::uint64_t>(all[i]),
                         std::vector<double>(all.begin() + static_cast<std::ptrdiff_t>(i + 1),
                                             all.begin() + static_cast<std::ptrdiff_t>(i + width)),
                         measures));
  }
  return out;
}

}  // namespace placesim::models
