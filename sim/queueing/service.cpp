#include "sim/queueing/service.h"

#include <algorithm>
#include <stdexcept>

namespace placesim::sim {

Service::Service(std::uint32_t capacity, Time start) : capacity_(capacity) { reset_stats(start); }

void Service::set_busy(Time now, std::uint32_t busy) {
  busy_ = busy;
  busy_level_.set(now, busy);
  const double over = busy_ > capacity_ ? busy_ - capacity_ : 0.0;
  over_level_.set(now, over);
  over_unbilled_.set(now, over);
}

bool Service::try_start(Time now, std::int32_t priority) {
  if (busy_ >= capacity_) return false;
  // Someone already waiting with the same or a better claim goes first.
  if (!queue_.empty() && queue_.front().priority <= priority) return false;
  set_busy(now, busy_ + 1);
  waits_.add(0.0);
  return true;
}

void Service::enqueue(Time now, std::uint64_t agent, std::int32_t priority) {
  queue_.push_back(Waiting{agent, priority, false, sequence_++, now});
  std::push_heap(queue_.begin(), queue_.end(), served_later);
  queue_len_.set(now, static_cast<double>(waiting()));
}

QueueEntry Service::pop_top() {
  std::pop_heap(queue_.begin(), queue_.end(), served_later);
  const Waiting w = queue_.back();
  queue_.pop_back();
  return QueueEntry{w.agent, w.priority, w.sequence, w.since};
}

void Service::drop_left_top() {
  while (!queue_.empty() && queue_.front().left) {
    pop_top();
    --left_;
  }
}

void Service::compact() {
  std::erase_if(queue_, [](const Waiting& w) { return w.left; });
  left_ = 0;
  std::make_heap(queue_.begin(), queue_.end(), served_later);
}

void Service::release(Time now) {
  if (busy_ == 0) throw std::logic_error("Service::release with no busy server");
  set_busy(now, busy_ - 1);
}

std::optional<QueueEntry> Service::start_next(Time now) {
  if (busy_ >= capacity_ || queue_.empty()) return std::nullopt;
  const QueueEntry e = pop_top();
  drop_left_top();
  queue_len_.set(now, static_cast<double>(waiting()));
  set_busy(now, busy_ + 1);
  waits_.add(now - e.since);
  return e;
}

std::optional<QueueEntry> Service::pop_waiting(Time now) {
  if (queue_.empty()) return std::nullopt;
  const QueueEntry e = pop_top();
  drop_left_top();
  queue_len_.set(now, static_cast<double>(waiting()));
  return e;
}

bool Service::remove_waiting(Time now, std::uint64_t agent) {
  // An agent that left and queued again has one entry still waiting.
  const auto it = std::find_if(queue_.begin(), queue_.end(),
                               [agent](const Waiting& w) { return w.agent == agent && !w.left; });
  if (it == queue_.end()) return false;
  it->left = true;
  ++left_;
  drop_left_top();
  // Marked entries lengthen each scan; rebuild before they pile up.
  if (left_ > 32 && left_ * 4 > queue_.size()) compact();
  queue_len_.set(now, static_cast<double>(waiting()));
  return true;
}

void Service::set_capacity(Time now, std::uint32_t capacity) {
  capacity_ = capacity;
  capacity_level_.set(now, capacity);
  set_busy(now, busy_);  // the run-down above the new capacity
}

double Service::take_over_capacity(Time now) {
  const double area = over_unbilled_.area(now);
  over_unbilled_.reset(now, over_unbilled_.level());
  return area;
}

void Service::reset_stats(Time now) {
  waits_ = RunningStats{};
  busy_level_.reset(now, busy_);
  capacity_level_.reset(now, capacity_);
  over_level_.reset(now, busy_ > capacity_ ? busy_ - capacity_ : 0.0);
  queue_len_.reset(now, static_cast<double>(waiting()));
}

double Service::utilisation(Time now) const {
  const double paid = capacity_level_.area(now) + over_level_.area(now);
  return paid > 0.0 ? busy_level_.area(now) / paid : 0.0;
}

}  // namespace placesim::sim
