#pragma once
//! One replication's clock and calendar, and the loop that runs its events.

#include <cstdint>
#include <sstream>
#include <stdexcept>

#include "sim/calendar.h"
#include "sim/random/random_stream.h"

namespace placesim::sim {

//! The clock, the calendar and the random-stream key of one replication. Each
//! replication owns its own Simulation: nothing here is shared or global.
class Simulation {
 public:
  //! A simulation whose streams derive from (seed, replication).
  explicit Simulation(StreamKey key = {}) : key_(key) {}

  //! Current simulated time (days).
  [[nodiscard]] Time now() const { return now_; }
  //! The (seed, replication) pair every stream of this replication starts from.
  [[nodiscard]] StreamKey stream_key() const { return key_; }
  //! The stream for (agent, purpose, substream) in this replication.
  [[nodiscard]] RandomStream stream(std::uint64_t agent, std::uint64_t purpose,
                                    std::uint64_t substream = 0) const {
    return RandomStream(key_, agent, purpose, substream);
  }

  //! Schedules an event at absolute time t (not before now).
  EventHandle at(Time t, Priority p, std::uint32_t kind, std::uint64_t target,
                 std::uint32_t arg = 0) {
    if (!(t >= now_)) throw_past(t, kind);
    return calendar_.schedule(t, p, kind, target, arg);
  }
  //! Schedules an event dt days from now (dt >= 0).
  EventHandle after(Time dt, Priority p, std::uint32_t kind, std::uint64_t target,
                    std::uint32_t arg = 0) {
    return at(now_ + dt, p, kind, target, arg);
  }
  //! Cancels a pending event; false if it already ran or was cancelled.
  bool cancel(EventHandle h) { return calendar_.cancel(h); }
  //! Moves a pending event to time t (not before now).
  bool reschedule(EventHandle h, Time t) {
    if (!(t >= now_)) throw_past(t, 0);
    return calendar_.reschedule(h, t);
  }
  //! True while the event waits to run.
  [[nodiscard]] bool pending(EventHandle h) const { return calendar_.pending(h); }
  //! The calendar, for inspection.
  [[nodiscard]] const EventCalendar& calendar() const { return calendar_; }
  //! Pre-sizes the calendar.
  void reserve(std::size_t n) { calendar_.reserve(n); }

  //! Runs every event before `end` through handler(const Event&), then sets the
  //! clock to `end`. Returns the number of events handled.
  template <class Handler>
  std::uint64_t run_until(Time end, Handler&& handler) {
    std::uint64_t n = 0;
    while (!calendar_.empty() && calendar_.next_time() < end) {
      Event e = calendar_.pop();
      now_ = e.time;
      handler(e);
      ++n;
    }
    if (end > now_) now_ = end;
    return n;
  }

 private:
  [[noreturn]] void throw_past(Time t, std::uint32_t kind) const {
    std::ostringstream o;
    o << "event of kind " << kind << " scheduled at day " << t << ", before the current day "
      << now_;
    throw std::logic_error(o.str());
  }

  StreamKey key_;
  Time now_ = 0.0;
  EventCalendar calendar_;
};

}  // namespace placesim::sim
