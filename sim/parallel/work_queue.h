#pragma once
//! Handing out work in chunks: within one process, or among MPI ranks.

#include <cstddef>
#include <memory>
#include <optional>
#include <utility>

namespace placesim::sim {

//! Hands out successive chunks [begin, end) of a list of work.
class WorkQueue {
 public:
  virtual ~WorkQueue() = default;
  //! The next chunk of at most `size` positions, or nothing when all are taken.
  virtual std::optional<std::pair<std::size_t, std::size_t>> next(std::size_t size) = 0;
};

//! A queue of `total` positions within one process (thread-safe).
std::unique_ptr<WorkQueue> local_queue(std::size_t total);

}  // namespace placesim::sim
