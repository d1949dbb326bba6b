#include "sim/parallel/replication_runner.h"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <atomic>
#include <mutex>

namespace placesim::sim {

int thread_count(int threads) {
  return threads > 0 ? threads : tbb::task_arena(tbb::task_arena::automatic).max_concurrency();
}

void parallel_indices(std::size_t count, int threads, const std::function<void(std::size_t)>& body,
                      const ProgressFn& progress) {
  std::atomic<std::size_t> done{0};
  std::mutex progress_mutex;
  tbb::task_arena arena(threads > 0 ? threads : tbb::task_arena::automatic);
  arena.execute([&] {
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, count, 1),
                      [&](const tbb::blocked_range<std::size_t>& range) {
                        for (std::size_t i = range.begin(); i != range.end(); ++i) {
                          body(i);
                          const std::size_t d = ++done;
                          if (progress) {
                            std::lock_guard lock(progress_mutex);
                            progress(d, count);
                          }
                        }
                      });
  });
}

}  // namespace placesim::sim
