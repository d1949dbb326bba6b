#pragma once
//! A capacity-limited service: c servers and a priority queue, with statistics.

#include <cstdint>
#include <optional>
#include <vector>

#include "sim/core/time.h"
#include "sim/stats/running_stats.h"

namespace placesim::sim {

//! An agent waiting for a server.
struct QueueEntry {
  std::uint64_t agent = 0;     //!< who waits
  std::int32_t priority = 0;   //!< lower is served first
  std::uint64_t sequence = 0;  //!< FIFO order within a priority
  Time since = 0.0;            //!< when it joined the queue
};

//! Servers and a queue. The service decides who is served next; the caller
//! schedules completions (so durations can come from any stream it owns).
class Service {
 public:
  //! A service with the given number of servers (0 allowed: all must queue).
  explicit Service(std::uint32_t capacity = 1, Time start = 0.0);

  //! Takes a server at `now` if one is free (and nobody of the same or higher
  //! priority is waiting); records a zero wait. False when the agent must queue.
  bool try_start(Time now, std::int32_t priority = 0);
  //! Puts an agent in the queue.
  void enqueue(Time now, std::uint64_t agent, std::int32_t priority = 0);
  //! Frees a server at `now` (an agent finished or left service).
  void release(Time now);
  //! If a server is free and someone waits, starts the next waiting agent,
  //! records its wait and returns it.
  std::optional<QueueEntry> start_next(Time now);
  //! Takes the next waiting agent out of the queue without serving it (the
  //! service is closing); its wait is not counted. Nothing when nobody waits.
  std::optional<QueueEntry> pop_waiting(Time now);
  //! Removes a waiting agent (it left the queue); false when not found. An
  //! agent is meant to wait once in a queue at a time (a caller queues it
  //! only where it does not wait); of one queued twice, the entry found
  //! first goes, which may not be the one that would be served first.
  bool remove_waiting(Time now, std::uint64_t agent);
  //! Changes the number of servers. Busy servers above the new capacity finish
  //! their work first (their server-time is counted as over capacity, see
  //! take_over_capacity); nobody new starts until busy is under it. Call
  //! start_next after an increase.
  void set_capacity(Time now, std::uint32_t capacity);
  //! Server-time busy above capacity (run-down after a cut) since the last
  //! call, and restarts the count: the caller pays for it.
  double take_over_capacity(Time now);
  //! Restarts every statistic at `now` (ends a warm-up period).
  void reset_stats(Time now);

  //! Number of servers.
  [[nodiscard]] std::uint32_t capacity() const { return capacity_; }
  //! Servers now busy.
  [[nodiscard]] std::uint32_t busy() const { return busy_; }
  //! Agents now waiting.
  [[nodiscard]] std::size_t waiting() const { return queue_.size() - left_; }
  //! Mean wait in queue (days) of agents that started service since the reset.
  [[nodiscard]] double mean_wait() const { return waits_.mean(); }
  //! Wait statistics of agents that started service since the reset.
  [[nodiscard]] const RunningStats& waits() const { return waits_; }
  //! Busy server-time divided by server-time paid for (capacity, and busy
  //! servers above it while they run down) since the reset: never above 1.
  [[nodiscard]] double utilisation(Time now) const;
  //! Time-average number waiting since the reset.
  [[nodiscard]] double mean_queue_length(Time now) const { return queue_len_.average(now); }
  //! Time-average number in service since the reset.
  [[nodiscard]] double mean_busy(Time now) const { return busy_level_.average(now); }
  //! Agents that started service since the reset.
  [[nodiscard]] std::uint64_t started() const { return waits_.count(); }

 private:
  // A queue entry and whether its agent has left: an entry is marked where
  // it lies, and skipped when it reaches the top. Removal is then one scan
  // to find the agent rather than a scan and a rebuild of the heap, and the
  // order of service is unchanged: it is fixed by (priority, sequence), not
  // by the heap's layout. The mark takes the entry's padding: it stays 32 bytes.
  struct Waiting {
    std::uint64_t agent;
    std::int32_t priority;
    bool left;
    std::uint64_t sequence;
    Time since;
  };
  static_assert(sizeof(Waiting) == 32, "the mark fits the padding after the priority");
  static bool served_later(const Waiting& a, const Waiting& b) {
    return a.priority > b.priority || (a.priority == b.priority && a.sequence > b.sequence);
  }
  void set_busy(Time now, std::uint32_t busy);
  QueueEntry pop_top();
  void drop_left_top();
  void compact();

  std::uint32_t capacity_;
  std::uint32_t busy_ = 0;
  std::uint64_t sequence_ = 0;
  std::vector<Waiting> queue_;  // a heap ordered by served_later; its top never left
  std::size_t left_ = 0;        // entries in it whose agents have left
  RunningStats waits_;
  TimeWeighted busy_level_;
  TimeWeighted capacity_level_;
  TimeWeighted over_level_;     // busy above capacity, since the reset
  TimeWeighted over_unbilled_;  // the same, since the last take_over_capacity
  TimeWeighted queue_len_;
};

}  // namespace placesim::sim
