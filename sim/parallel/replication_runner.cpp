#include "sim/parallel/replication_runner.h"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/parallel_pipeline.h>
#include <tbb/task_arena.h>

#include <algorithm>
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

void stream_indices(std::size_t count, int threads, std::size_t window,
                    const std::function<void(std::size_t, std::size_t)>& work,
                    const std::function<void(std::size_t, std::size_t)>& deliver,
                    const ProgressFn& progress) {
  if (count == 0) return;
  window = std::max<std::size_t>(1, window);
  std::size_t next = 0;
  std::atomic<std::size_t> done{0};
  std::mutex progress_mutex;
  // At most `window` tokens live, and delivery is in order: while i waits to
  // be delivered every index after it that has started is live too, so no
  // index reaches i + window and i's slot is not reused before it is delivered.
  tbb::task_arena arena(threads > 0 ? threads : tbb::task_arena::automatic);
  arena.execute([&] {
    tbb::parallel_pipeline(
        window,
        tbb::make_filter<void, std::size_t>(tbb::filter_mode::serial_in_order,
                                            [&](tbb::flow_control& fc) -> std::size_t {
                                              if (next == count) {
                                                fc.stop();
                                                return 0;
                                              }
                                              return next++;
                                            }) &
            tbb::make_filter<std::size_t, std::size_t>(tbb::filter_mode::parallel,
                                                       [&](std::size_t i) {
                                                         work(i, i % window);
                                                         const std::size_t d = ++done;
                                                         if (progress) {
                                                           std::lock_guard lock(progress_mutex);
                                                           progress(d, count);
                                                         }
                                                         return i;
                                                       }) &
            tbb::make_filter<std::size_t, void>(tbb::filter_mode::serial_in_order,
                                                [&](std::size_t i) { deliver(i, i % window); }));
  });
}

}  // namespace placesim::sim
