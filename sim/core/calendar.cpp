#include "sim/core/calendar.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "sim/core/prefetch.h"

namespace placesim::sim {
namespace {

// An order key is the priority above 56 bits of sequence: at a billion events
// a second the sequence lasts two years.
constexpr unsigned kSequenceBits = 56;
static_assert(static_cast<double>(1ull << kSequenceBits) / 1e9 / (365.25 * 86400.0) > 2.0,
              "the sequence outlasts two years at a billion events a second");
static_assert(static_cast<unsigned>(Priority::observe) < (1u << (64 - kSequenceBits)),
              "every priority fits above the sequence");

}  // namespace

std::uint64_t EventCalendar::next_order(Priority p) {
  return (static_cast<std::uint64_t>(p) << kSequenceBits) |
         (sequence_++ & ((1ull << kSequenceBits) - 1));
}

EventHandle EventCalendar::schedule(Time time, Priority priority, std::uint32_t kind,
                                    std::uint64_t target, std::uint32_t arg) {
  if (std::isnan(time)) throw std::logic_error("EventCalendar: event scheduled at NaN time");
  if (kind > 0xffffu) throw std::logic_error("EventCalendar: event kind above 65535");
  std::uint32_t slot;
  if (free_slots_.empty()) {
    slot = static_cast<std::uint32_t>(slots_.size());
    slots_.push_back(Slot{});
  } else {
    slot = free_slots_.back();
    free_slots_.pop_back();
  }
  Slot& s = slots_[slot];
  s.target.set(target);
  s.order.set(next_order(priority));
  s.kind = static_cast<std::uint16_t>(kind);
  s.arg = arg;
  ++count_;
  insert(Node{time, slot, s.target.low});
  return EventHandle{slot, s.generation};
}

void EventCalendar::push_heap(const Node& node) {
  heap_.push_back(Node{});
  sift_up(heap_.size() - 1, node);
}

void EventCalendar::insert(const Node& node) {
  if (spread_) {
    if (const std::uint16_t b = bucket_of(node.time); b == kInHeap) {
      push_heap(node);
    } else {
      append(b, node);
    }
    refill();  // the heap keeps two events while there are two
    return;
  }
  push_heap(node);
  if (heap_.size() >= spread_at_) {
    spread_out();
    refill();
  }
}

bool EventCalendar::cancel(EventHandle h) {
  if (!pending(h)) return false;
  detach(h.slot);
  free_slot(h.slot);
  --count_;
  if (spread_) refill();
  return true;
}

bool EventCalendar::reschedule(EventHandle h, Time time) {
  if (!pending(h)) return false;
  if (std::isnan(time)) throw std::logic_error("EventCalendar: event rescheduled to NaN time");
  Slot& s = slots_[h.slot];
  s.order.set(next_order(static_cast<Priority>(s.order.get() >> kSequenceBits)));
  const Node node{time, h.slot, s.target.low};
  if (s.where != kInHeap || (spread_ && bucket_of(time) != kInHeap)) {
    detach(h.slot);  // to or from a bucket
    insert(node);
    return true;
  }
  const std::size_t pos = s.pos;
  if (pos > 0 && before(node, heap_[(pos - 1) / kArity])) {
    sift_up(pos, node);
  } else {
    sift_down(pos, node);
  }
  return true;
}

bool EventCalendar::reschedule(EventHandle h, Time time, std::uint64_t target, std::uint32_t arg) {
  if (!pending(h)) return false;
  slots_[h.slot].target.set(target);
  slots_[h.slot].arg = arg;
  return reschedule(h, time);
}

Time EventCalendar::next_time() const { return heap_.empty() ? kNever : heap_.front().time; }

std::uint32_t EventCalendar::next_hint() const {
  const std::size_t n = heap_.size();
  if (n < 2) return kNoHint;
  // The root's earliest child, ties in time settled as sift_down settles
  // them: a model that keeps its times as floats ties often, and in a large
  // one a hint that left ties to chance named the wrong target for one
  // event in eleven (docs/performance.md).
  const std::size_t next = earliest(1, std::min(kArity + 1, n));
  prefetch(&slots_[heap_[next].slot]);
  return heap_[next].hint;
}

Event EventCalendar::pop() {
  if (heap_.empty()) throw std::logic_error("EventCalendar: pop from an empty calendar");
  const Node top = heap_.front();
  const Slot& s = slots_[top.slot];
  Event e{top.time, s.kind, s.arg, s.target.get()};
  remove_at(0);
  free_slot(top.slot);
  --count_;
  if (spread_) refill();
  return e;
}

Event EventCalendar::top() const {
  if (heap_.empty()) throw std::logic_error("EventCalendar: top of an empty calendar");
  const Node& n = heap_.front();
  const Slot& s = slots_[n.slot];
  return Event{n.time, s.kind, s.arg, s.target.get()};
}

void EventCalendar::reserve(std::size_t n) {
  heap_.reserve(std::min(n, spread_at_));
  if (n >= spread_at_) {  // the lists hold at most every event and a block not full each
    pool_.reserve(n + (std::size_t{kBuckets} + 1) * kBlock);
    next_block_.reserve(pool_.capacity() / kBlock);
  }
  slots_.reserve(n);
  free_slots_.reserve(n);
}

void EventCalendar::place(std::size_t pos, const Node& node) {
  heap_[pos] = node;
  Slot& s = slots_[node.slot];
  s.pos = static_cast<std::uint32_t>(pos);
  s.where = kInHeap;
}

void EventCalendar::sift_up(std::size_t pos, Node node) {
  while (pos > 0) {
    std::size_t parent = (pos - 1) / kArity;
    if (!before(node, heap_[parent])) break;
    place(pos, heap_[parent]);
    pos = parent;
  }
  place(pos, node);
}

void EventCalendar::sift_down(std::size_t pos, Node node) {
  const std::size_t n = heap_.size();
  for (;;) {
    const std::size_t first = kArity * pos + 1;
    if (first >= n) break;
    const std::size_t last = std::min(first + kArity, n);
    // The grandchildren's nodes (256 bytes across five cache lines: a line
    // from each child's first and the last one's last): the next level's
    // read then overlaps this one instead of waiting behind it.
    if (const std::size_t g0 = kArity * first + 1; g0 < n) {
      const std::size_t g1 = std::min(kArity * last, n - 1);
      for (std::size_t g = g0; g <= g1; g += kArity) prefetch(&heap_[g]);
      prefetch(&heap_[g1]);
    }
    const std::size_t child = earliest(first, last);
    if (!before(heap_[child], node)) break;
    place(pos, heap_[child]);
    pos = child;
  }
  place(pos, node);
}

void EventCalendar::remove_at(std::size_t pos) {
  Node last = heap_.back();
  heap_.pop_back();
  if (pos == heap_.size()) return;
  if (pos > 0 && before(last, heap_[(pos - 1) / kArity])) {
    sift_up(pos, last);
  } else {
    sift_down(pos, last);
  }
}

void EventCalendar::free_slot(std::uint32_t slot) {
  Slot& s = slots_[slot];
  s.pos = kFree;
  ++s.generation;
  free_slots_.push_back(slot);
}

}  // namespace placesim::sim
