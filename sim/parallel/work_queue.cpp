#include "sim/parallel/work_queue.h"

#include <algorithm>
#include <atomic>

namespace placesim::sim {
namespace {

class LocalQueue : public WorkQueue {
 public:
  explicit LocalQueue(std::size_t total) : total_(total) {}
  std::optional<std::pair<std::size_t, std::size_t>> next(std::size_t size) override {
    const std::size_t begin = next_.fetch_add(size);
    if (begin >= total_) return std::nullopt;
    return std::pair{begin, std::min(begin + size, total_)};
  }

 private:
  std::size_t total_;
  std::atomic<std::size_t> next_{0};
};

}  // namespace

std::unique_ptr<WorkQueue> local_queue(std::size_t total) {
  return std::make_unique<LocalQueue>(total);
}

}  // namespace placesim::sim
