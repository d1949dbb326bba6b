#include "models/sweep/sweep_runner.h"

#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <atomic>
#include <mutex>

namespace placesim::models {
namespace {

class LocalQueue : public WorkQueue {
 public:
  explicit LocalQueue(std::size_t total) : total_(total) {}
  std::optional<std::pair<std::size_t, std::size_t>> next(std::size_t size) override {
    std::size_t begin = next_.fetch_add(size);
    if (begin >= total_) return std::nullopt;
    return std::pair{begin, std::min(begin + size, total_)};
  }

 private:
  std::size_t total_;
  std::atomic<std::size_t> next_{0};
};

}  // namespace

std::unique_ptr<WorkQueue> local_queue(std::size_t total) { return std::make_unique<LocalQueue>(total); }

std::vector<UnitResult> run_units(const SweepWork& w, const std::vector<std::uint64_t>& todo, WorkQueue& queue,
                                  int threads, UnitLog* log, const std::function<void(std::size_t)>& progress) {
  std::vector<UnitResult> done;
  std::mutex mutex;
  tbb::task_arena arena(threads > 0 ? threads : tbb::task_arena::automatic);
  // Chunks of a few units per thread: small enough to balance the load
  // across ranks, large enough that the queue is rarely asked.
  const std::size_t chunk = static_cast<std::size_t>(std::max(1, arena.max_concurrency())) * 2;
  while (auto range = queue.next(chunk)) {
    if (progress) progress(range->second);
    arena.execute([&] {
      tbb::parallel_for(range->first, range->second, [&](std::size_t i) {
        UnitResult r = w.compute(todo[i]);
        if (log) log->append(r);
        std::lock_guard lock(mutex);
        done.push_back(std::move(r));
      });
    });
  }
  return done;
}

}  // namespace placesim::models
