// EventCalendar's buckets: where an event goes, how buckets join the heap,
// and the blocks their events are kept in.
#include <algorithm>
#include <cmath>
#include <limits>

#include "sim/core/calendar.h"
#include "sim/core/prefetch.h"

namespace placesim::sim {
namespace {

// The spread's width of time is set so that about this many of the earliest
// events share a bucket, so the heap starts from a bucket's worth. What it
// holds later depends on how many events are scheduled sooner than the
// buckets that have joined it: 235 to 290 in the national model (a few KiB of
// nodes, in the nearest cache, where it held a quarter of a million), where
// its buckets span months of time and the overflow is spread again a few
// times a simulated decade (with 32, every simulated month).
constexpr double kPerBucket = 256.0;
// How far ahead the width is judged: the time the earliest kAhead events span.
constexpr std::size_t kAhead = 1024;
// The times it is judged from: every n-th finite time, n = max(1, finite /
// kSampleCap), so from kSampleCap to 2 * kSampleCap - 1 of them (or all).
constexpr std::size_t kSampleCap = 8192;

}  // namespace

void EventCalendar::append(std::uint16_t where, const Node& node) {
  List& list = list_of(where);
  const std::uint32_t at = list.size % kBlock;
  if (at == 0) {  // the top block is full: a new one on top
    std::uint32_t block;
    if (free_blocks_.empty()) {
      block = static_cast<std::uint32_t>(next_block_.size());
      next_block_.push_back(kNoBlock);
      pool_.resize(pool_.size() + kBlock);
    } else {
      block = free_blocks_.back();
      free_blocks_.pop_back();
    }
    next_block_[block] = list.head;
    list.head = block;
  }
  const std::uint32_t pos = list.head * kBlock + at;
  pool_[pos] = node;
  Slot& s = slots_[node.slot];
  s.where = where;
  s.pos = pos;
  ++list.size;
}

void EventCalendar::detach(std::uint32_t slot) {
  const Slot& s = slots_[slot];
  if (s.where == kInHeap) {
    remove_at(s.pos);
    return;
  }
  List& list = list_of(s.where);
  const std::uint32_t last = list.head * kBlock + (list.size - 1) % kBlock;
  if (const std::uint32_t pos = s.pos; pos != last) {  // the list's last event takes its place
    pool_[pos] = pool_[last];
    slots_[pool_[pos].slot].pos = pos;
  }
  if (--list.size % kBlock == 0) {  // the top block is empty: free it
    free_blocks_.push_back(list.head);
    list.head = next_block_[list.head];
  }
}

// Calls each(node, block, last) for the events of `list`, block by block from
// the top, `last` on a block's last event; a block is not read again after
// that call, so `each` may free it.
template <class F>
void EventCalendar::for_each_in(const List& list, F&& each) const {
  if (list.size == 0) return;
  std::uint32_t n = (list.size - 1) % kBlock + 1;  // the top block's events
  for (std::uint32_t block = list.head; block != kNoBlock; n = kBlock) {
    const std::uint32_t below = next_block_[block];
    for (std::uint32_t i = 0; i < n; ++i) {
      const Node node = pool_[block * kBlock + i];  // a copy: `each` may grow the pool
      each(node, block, i + 1 == n);
    }
    block = below;
  }
}

// Empties `list`, calling each(node) for its events, and frees each block as
// it is read, so `each` may append to any list, this one too.
template <class F>
void EventCalendar::drain(List& list, F&& each) {
  const List taken = list;
  list = List{};
  for_each_in(taken, [&](const Node& node, std::uint32_t block, bool block_done) {
    each(node);
    if (block_done) free_blocks_.push_back(block);
  });
}

// The heap keeps at least two events while two are pending, so its top and
// the top's successor (next_hint) are the calendar's.
void EventCalendar::refill() {
  while (spread_ && heap_.size() < 2) {
    if (next_bucket_ < kBuckets) {
      List& bucket = buckets_[next_bucket_++];
      for_each_in(bucket,
                  [this](const Node& node, std::uint32_t, bool) { prefetch(&slots_[node.slot]); });
      drain(bucket, [this](const Node& node) { push_heap(node); });
    } else if (overflow_.size == 0) {
      spread_ = false;  // what is left is in the heap
    } else {
      spread_out();  // every bucket has joined: spread the overflow from its earliest
    }
  }
}

// Spreads the heap's events and the overflow's from the earliest, or, when
// fewer than two have finite times, keeps them all in the heap. The buckets
// are empty.
void EventCalendar::spread_out() {
  if (!choose_width()) {
    drain(overflow_, [this](const Node& node) { push_heap(node); });
    spread_ = false;
    // Not again until the heap has doubled: spreading is linear in its size.
    spread_at_ = std::max(spread_at_, 2 * heap_.size());
    return;
  }
  spread_ = true;
  ++spreads_;
  next_bucket_ = 1;  // the earliest event is in bucket 0, so the heap is not empty
  buckets_.resize(kBuckets);
  // The heap keeps its events of bucket 0 in place (and its capacity); the
  // rest go to their buckets, and heapify() sets every position after.
  std::size_t kept = 0;
  for (const Node& node : heap_) {
    if (const std::uint16_t b = bucket_of(node.time); b == kInHeap) {
      heap_[kept++] = node;
    } else {
      append(b, node);
    }
  }
  heap_.resize(kept);
  drain(overflow_, [this](const Node& node) {
    if (const std::uint16_t b = bucket_of(node.time); b == kInHeap) {
      heap_.push_back(node);
    } else {
      append(b, node);
    }
  });
  heapify();
}

// Sets origin_ and inv_width_ from the heap's and the overflow's events:
// false when fewer than two have finite times (or their times give no width).
bool EventCalendar::choose_width() {
  auto each_time = [this](auto&& f) {
    for (const Node& node : heap_) f(node.time);
    for_each_in(overflow_, [&](const Node& node, std::uint32_t, bool) { f(node.time); });
  };
  std::size_t finite = 0;
  double t0 = std::numeric_limits<double>::infinity();
  each_time([&](double t) {
    if (!std::isfinite(t)) return;
    ++finite;
    t0 = std::min(t0, t);
  });
  if (finite < 2) return false;
  const std::size_t stride = std::max<std::size_t>(1, finite / kSampleCap);
  std::vector<double> sample;
  sample.reserve(finite / stride + 1);
  std::size_t seen = 0;
  each_time([&](double t) {
    if (std::isfinite(t) && seen++ % stride == 0) sample.push_back(t);
  });
  // The sample's k-th time stands for the (k * per)-th of all the events.
  const double per = static_cast<double>(finite) / static_cast<double>(sample.size());
  const std::size_t ahead = std::min(finite - 1, kAhead);
  const std::size_t k = std::clamp<std::size_t>(
      static_cast<std::size_t>(static_cast<double>(ahead) / per), 1, sample.size() - 1);
  std::nth_element(sample.begin(), sample.begin() + static_cast<std::ptrdiff_t>(k), sample.end());
  const double tk = sample[k];
  // Ties at the earliest time: any width will do, as they share bucket 0.
  const double width = tk > t0 ? (tk - t0) * kPerBucket / (static_cast<double>(k) * per) : 1.0;
  const double inv_width = 1.0 / width;
  if (!(inv_width > 0.0) || !std::isfinite(inv_width)) return false;
  origin_ = t0;
  inv_width_ = inv_width;
  return true;
}

void EventCalendar::heapify() {
  const std::size_t n = heap_.size();
  for (std::size_t i = 0; i < n; ++i) place(i, heap_[i]);
  if (n < 2) return;
  for (std::size_t i = (n - 2) / kArity + 1; i-- > 0;) sift_down(i, heap_[i]);
}

void EventCalendar::clear() {
  for (const Node& node : heap_) free_slot(node.slot);
  heap_.clear();
  for (List& bucket : buckets_) drain(bucket, [this](const Node& node) { free_slot(node.slot); });
  drain(overflow_, [this](const Node& node) { free_slot(node.slot); });
  spread_ = false;
  spread_at_ = spread_at_first_;
  next_bucket_ = 0;
  count_ = 0;
}

}  // namespace placesim::sim
