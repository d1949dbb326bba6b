#pragma once
//! The event calendar: a total order on (time, priority, insertion sequence)
//! with O(log n) scheduling, cancellation and rescheduling.

#include <cassert>
#include <cstdint>
#include <vector>

#include "sim/core/event.h"
#include "sim/core/priority.h"

namespace placesim::sim {

//! Indexed 4-ary heap of events. Ties in time are broken by Priority, then by
//! the order of scheduling, so every run processes events in one fixed order.
//! Slots are recycled: steady-state scheduling allocates nothing.
class EventCalendar {
 public:
  //! Schedules an event; the time must not be NaN.
  EventHandle schedule(Time time, Priority priority, std::uint32_t kind, std::uint64_t target,
                       std::uint32_t arg = 0);
  //! Removes a pending event; returns false if it already ran or was cancelled.
  bool cancel(EventHandle handle);
  //! Moves a pending event to a new time (it queues as if newly scheduled).
  bool reschedule(EventHandle handle, Time time);
  //! Moves a pending event and gives it a new target and argument (same kind).
  bool reschedule(EventHandle handle, Time time, std::uint64_t target, std::uint32_t arg);
  //! True while the event is still waiting to run.
  [[nodiscard]] bool pending(EventHandle handle) const;
  //! When a pending event is due (kNever when it is not pending).
  [[nodiscard]] Time time_of(EventHandle handle) const {
    return pending(handle) ? heap_[slots_[handle.slot].heap_pos].time : kNever;
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
  //! calendar slot is prefetched too.
  [[nodiscard]] std::uint32_t next_hint() const;
  static constexpr std::uint32_t kNoHint = 0xffffffffu;  //!< next_hint(): no second event
  //! True when nothing is scheduled.
  [[nodiscard]] bool empty() const { return heap_.empty(); }
  //! Number of pending events.
  [[nodiscard]] std::size_t size() const { return heap_.size(); }
  //! Pre-sizes the tables for n pending events.
  void reserve(std::size_t n);
  //! Drops every pending event (all handles become stale).
  void clear();

 private:
  static constexpr std::uint32_t kFree = 0xffffffffu;
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
    std::uint32_t kind;
    std::uint32_t arg;
    std::uint32_t heap_pos;
    std::uint32_t generation;
  };

  static_assert(sizeof(Halves) == 8 && alignof(Halves) == 4, "a 64-bit value in two 32-bit halves");
  static_assert(sizeof(Node) == 16, "heap nodes are 16 bytes: four children take 64");
  static_assert(sizeof(Slot) == 32, "slots are 32 bytes");

  [[nodiscard]] bool before(const Node& a, const Node& b) const {
    return a.time < b.time ||
           (a.time == b.time && slots_[a.slot].order.get() < slots_[b.slot].order.get());
  }
  std::uint64_t next_order(Priority p);
  void place(std::size_t pos, const Node& node);
  void sift_up(std::size_t pos, Node node);
  void sift_down(std::size_t pos, Node node);
  void remove_at(std::size_t pos);
  void free_slot(std::uint32_t slot);

  std::vector<Node> heap_;
  std::vector<Slot> slots_;
  std::vector<std::uint32_t> free_slots_;
  std::uint64_t sequence_ = 0;
};

}  // namespace placesim::sim
