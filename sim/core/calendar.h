#pragma once
//! The event calendar: a total order on (time, priority, insertion sequence)
//! with scheduling, cancellation and rescheduling in O(log n) or better.

#include <cassert>
#include <cstdint>
#include <vector>

#include "sim/core/event.h"
#include "sim/core/prefetch.h"
#include "sim/core/priority.h"

namespace placesim::sim {

//! Indexed 4-ary heap of events, with buckets in front of it once it is
//! large. Ties in time are broken by Priority, then by the order of
//! scheduling, so every run processes events in one fixed order, however the
//! events are stored. Slots are recycled.
//!
//! Why buckets: a national model holds a quarter of a million pending events,
//! and every pop from a heap that size walks nine levels of nodes, most of
//! them misses to memory (docs/performance.md, "The calendar"). Past
//! `spread_at` pending events the calendar keeps only the earliest in the
//! heap and the rest, unsorted, in buckets of a fixed width of time (and an
//! overflow past the last bucket); a bucket joins the heap when the heap is
//! down to its last event. Every event in a bucket is later than every event
//! in the heap (a bucket's index is a monotone function of time), so the heap's
//! top is the calendar's.
class EventCalendar {
 public:
  //! A calendar that spreads its events into buckets once `spread_at` are pending.
  explicit EventCalendar(std::size_t spread_at = kSpreadAt)
      : spread_at_first_(spread_at), spread_at_(spread_at) {}
  static constexpr std::size_t kSpreadAt = 16384;  //!< default: the heap's nodes fit in 256 KiB
  //! Schedules an event; the time must not be NaN and the kind must fit 16 bits.
  EventHandle schedule(Time time, Priority priority, std::uint32_t kind, std::uint64_t target,
                       std::uint32_t arg = 0);
  //! Removes a pending event; returns false if it already ran or was cancelled.
  bool cancel(EventHandle handle);
  //! Moves a pending event to a new time (it queues as if newly scheduled).
  bool reschedule(EventHandle handle, Time time);
  //! Moves a pending event and gives it a new target and argument (same kind).
  bool reschedule(EventHandle handle, Time time, std::uint64_t target, std::uint32_t arg);
  //! True while the event is still waiting to run.
  [[nodiscard]] bool pending(EventHandle handle) const {
    return handle.slot < slots_.size() && slots_[handle.slot].generation == handle.generation &&
           slots_[handle.slot].pos != kFree;
  }
  //! When a pending event is due (kNever when it is not pending).
  [[nodiscard]] Time time_of(EventHandle handle) const {
    return pending(handle) ? node_of(slots_[handle.slot]).time : kNever;
  }
  //! Time of the next event, or kNever when empty.
  [[nodiscard]] Time next_time() const;
  //! Removes and returns the next event; the calendar must not be empty.
  Event pop();
  //! The next event, left on the calendar; the calendar must not be empty.
  [[nodiscard]] Event top() const;
  //! Handle of the next event.
  [[nodiscard]] EventHandle top_handle() const {
    assert(!heap_.empty());
    const std::uint32_t slot = heap_.front().slot;
    return EventHandle{slot, slots_[slot].generation};
  }
  //! The kind of a pending event.
  [[nodiscard]] std::uint32_t kind_of(EventHandle handle) const {
    assert(pending(handle));
    return slots_[handle.slot].kind;
  }
  //! The (priority, sequence) key of a pending event: it changes when the
  //! event is rescheduled.
  [[nodiscard]] std::uint64_t order_of(EventHandle handle) const {
    return pending(handle) ? slots_[handle.slot].order.get() : 0;
  }
  //! The low 32 bits of the target of the event that runs next after the
  //! top, should the top run and go (kNoHint when none): a hint for
  //! prefetching what that event will read while the top is handled. Its
  //! calendar slot is prefetched too. Ties in time are settled as the
  //! calendar runs them (by priority, then by when each was last scheduled
  //! or rescheduled).
  [[nodiscard]] std::uint32_t next_hint() const;
  static constexpr std::uint32_t kNoHint = 0xffffffffu;  //!< next_hint(): no second event
  //! Starts fetching an event's slot into the cache, for a caller that will
  //! move it soon (a hint: changes nothing; any handle is safe).
  void prefetch_event(EventHandle handle) const {
    if (handle.slot < slots_.size()) sim::prefetch(&slots_[handle.slot]);
  }
  //! Starts fetching a pending event's time, once its slot is at hand (a hint).
  void prefetch_time(EventHandle handle) const {
    if (pending(handle)) sim::prefetch(&node_of(slots_[handle.slot]));
  }
  //! True when nothing is scheduled.
  [[nodiscard]] bool empty() const { return count_ == 0; }
  //! Number of pending events.
  [[nodiscard]] std::size_t size() const { return count_; }
  //! True while events are kept in buckets as well as the heap (for tests).
  [[nodiscard]] bool spread() const { return spread_; }
  //! How many times the events were spread into buckets (for tests).
  [[nodiscard]] std::uint64_t spreads() const { return spreads_; }
  //! Pre-sizes the tables for n pending events.
  void reserve(std::size_t n);
  //! Drops every pending event (all handles become stale) and spreads again
  //! at the constructor's `spread_at`.
  void clear();

 private:
  static constexpr std::uint32_t kFree = 0xffffffffu;
  // A 4-ary heap: half the depth of a binary one, and a node's children sit
  // together in memory.
  static constexpr std::size_t kArity = 4;
  // A 64-bit value in two 32-bit halves, so the slot table needs only 4-byte
  // alignment and no padding.
  struct Halves {
    std::uint32_t low;
    std::uint32_t high;
    void set(std::uint64_t v) {
      low = static_cast<std::uint32_t>(v);
      high = static_cast<std::uint32_t>(v >> 32);
    }
    [[nodiscard]] std::uint64_t get() const { return low | std::uint64_t{high} << 32; }
  };
  // Sixteen bytes, so a node's four children take 64 bytes (one or two cache
  // lines, where 24-byte nodes took two or three). Ties in time are rare, so
  // their order key is looked up in the slot table. The padding holds the
  // low half of the target, for next_hint() without a look-up.
  struct Node {
    Time time;
    std::uint32_t slot;
    std::uint32_t hint;
  };
  // Thirty-two bytes (4-byte aligned, no padding), as a large model keeps a slot per agent.
  struct Slot {
    Halves target;
    Halves order;  // priority in the top 8 bits, sequence below
    std::uint32_t arg;
    // Index in heap_, or in pool_ when in a bucket or the overflow; kFree when not pending.
    std::uint32_t pos;
    std::uint32_t generation;
    std::uint16_t kind;
    std::uint16_t where;  // kInHeap, kInOverflow or the bucket's index
  };
  static constexpr std::uint16_t kInHeap = 0xffff;
  static constexpr std::uint16_t kInOverflow = 0xfffe;
  static constexpr std::uint32_t kBuckets = 4096;  // fewer than kInOverflow

  static_assert(sizeof(Halves) == 8 && alignof(Halves) == 4, "a 64-bit value in two 32-bit halves");
  static_assert(sizeof(Node) == 16, "heap nodes are 16 bytes: four children take 64");
  static_assert(sizeof(Slot) == 32, "slots are 32 bytes");

  [[nodiscard]] bool before(const Node& a, const Node& b) const {
    return a.time < b.time ||
           (a.time == b.time && slots_[a.slot].order.get() < slots_[b.slot].order.get());
  }
  // The earliest of the heap's nodes [first, last), a node's children: by
  // time alone, without branches (which child wins is a coin toss a
  // predictor gets wrong half the time); only a tie in time needs the order
  // keys, read from the slot table.
  [[nodiscard]] std::size_t earliest(std::size_t first, std::size_t last) const {
    std::size_t best = first;
    double soonest = heap_[first].time;
    bool tie = false;
    for (std::size_t c = first + 1; c < last; ++c) {
      const double t = heap_[c].time;
      tie |= t == soonest;
      const bool earlier = t < soonest;
      best = earlier ? c : best;
      soonest = earlier ? t : soonest;
    }
    if (tie) {
      best = first;
      for (std::size_t c = first + 1; c < last; ++c) {
        if (before(heap_[c], heap_[best])) best = c;
      }
    }
    return best;
  }
  std::uint64_t next_order(Priority p);
  // A pending event's node: in the heap, or in a bucket's or the overflow's block.
  [[nodiscard]] const Node& node_of(const Slot& s) const {
    return s.where == kInHeap ? heap_[s.pos] : pool_[s.pos];
  }
  // Where an event at time t belongs while spread: the heap, a bucket or the overflow.
  [[nodiscard]] std::uint16_t bucket_of(Time t) const {
    const double x = (t - origin_) * inv_width_;
    if (!(x < kBuckets)) return kInOverflow;
    return x < static_cast<double>(next_bucket_) ? kInHeap : static_cast<std::uint16_t>(x);
  }
  // A bucket or the overflow: a stack of blocks of kBlock nodes in pool_,
  // all full but the top one, which holds the last (size - 1) % kBlock + 1.
  // Blocks come from one free list, so a list that empties hands its blocks
  // to the next: the lists together hold about the events pending, never a
  // second copy of them.
  struct List {
    std::uint32_t head = kNoBlock;  // the top block
    std::uint32_t size = 0;
  };
  static constexpr std::uint32_t kBlock = 16;  // nodes a block: 256 bytes
  static constexpr std::uint32_t kNoBlock = 0xffffffffu;
  static_assert(kBlock * sizeof(Node) == 256, "a block is 256 bytes");
  static_assert(kSpreadAt * sizeof(Node) == std::size_t{256} * 1024,
                "a heap of kSpreadAt nodes is 256 KiB");
  List& list_of(std::uint16_t where) { return where == kInOverflow ? overflow_ : buckets_[where]; }
  void insert(const Node& node);
  void push_heap(const Node& node);
  void append(std::uint16_t where, const Node& node);
  void detach(std::uint32_t slot);
  template <class F>
  void for_each_in(const List& list, F&& each) const;
  template <class F>
  void drain(List& list, F&& each);
  void refill();
  void spread_out();
  [[nodiscard]] bool choose_width();
  void heapify();
  void place(std::size_t pos, const Node& node);
  void sift_up(std::size_t pos, Node node);
  void sift_down(std::size_t pos, Node node);
  void remove_at(std::size_t pos);
  void free_slot(std::uint32_t slot);

  std::vector<Node> heap_;
  std::vector<Slot> slots_;
  std::vector<std::uint32_t> free_slots_;
  std::uint64_t sequence_ = 0;
  std::size_t count_ = 0;        // pending events, wherever kept
  std::size_t spread_at_first_;  // spread_at_ as constructed, and after clear()
  std::size_t spread_at_;        // heap size at which a calendar not spread spreads
  bool spread_ = false;          // buckets in use
  std::uint64_t spreads_ = 0;
  std::uint32_t next_bucket_ = 0;  // buckets before it have joined the heap
  double origin_ = 0.0;            // bucket b holds times from origin_ + b / inv_width_
  double inv_width_ = 0.0;
  std::vector<List> buckets_;               // [bucket], unsorted
  List overflow_;                           // past the last bucket, unsorted
  std::vector<Node> pool_;                  // [block * kBlock + i]: the lists' nodes
  std::vector<std::uint32_t> next_block_;   // [block]: the block under it in its list
  std::vector<std::uint32_t> free_blocks_;  // blocks in no list
};

}  // namespace placesim::sim
