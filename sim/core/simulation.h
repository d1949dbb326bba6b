#pragma once
//! One replication's clock and calendar, and the loop that runs its events.

#include <cstdint>
#include <sstream>
#include <stdexcept>
#include <type_traits>
#include <utility>

#include "sim/core/calendar.h"
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
  //! When a pending event is due (kNever when it is not pending).
  [[nodiscard]] Time time_of(EventHandle h) const { return calendar_.time_of(h); }
  //! The calendar, for inspection.
  [[nodiscard]] const EventCalendar& calendar() const { return calendar_; }
  //! Pre-sizes the calendar.
  void reserve(std::size_t n) { calendar_.reserve(n); }

  //! True while `h` is the event being handled: rescheduling it then moves it
  //! in place, cheaper than the pop and push of a new event.
  [[nodiscard]] bool firing(EventHandle h) const {
    return h.slot == firing_.slot && h.generation == firing_.generation;
  }
  //! True when `h` is still to run: pending, and not the event being handled
  //! unless the handler has moved it (then it runs again).
  [[nodiscard]] bool to_come(EventHandle h) const {
    return calendar_.pending(h) && !(firing(h) && calendar_.order_of(h) == firing_order_);
  }
  //! Schedules an event, reusing the firing event when it is of the same kind
  //! and has not been moved yet (in place, no new slot), and a new one otherwise.
  EventHandle again(Time t, Priority p, std::uint32_t kind, std::uint64_t target,
                    std::uint32_t arg = 0) {
    if (!(t >= now_)) throw_past(t, kind);
    if (firing_.is_set() && calendar_.pending(firing_) &&
        calendar_.order_of(firing_) == firing_order_ && calendar_.kind_of(firing_) == kind &&
        calendar_.reschedule(firing_, t, target, arg)) {
      return firing_;
    }
    return calendar_.schedule(t, p, kind, target, arg);
  }

  //! Runs every event before `end` through handler(const Event&), then sets the
  //! clock to `end`. Returns the number of events handled. The event stays on
  //! the calendar while it is handled: if the handler reschedules it, it
  //! moves; otherwise it is removed afterwards.
  template <class Handler>
  std::uint64_t run_until(Time end, Handler&& handler) {
    return run_until(end, std::forward<Handler>(handler), NoPrefetch{});
  }
  //! The same, calling prefetch(calendar) before each event is handled: the
  //! model can ask the calendar's next_hint() and fetch what the next event's
  //! target will read while this one runs (a hint only: it must change nothing).
  template <class Handler, class Prefetch>
  std::uint64_t run_until(Time end, Handler&& handler, Prefetch&& prefetch) {
    std::uint64_t n = 0;
    while (!calendar_.empty() && calendar_.next_time() < end) {
      const Event e = calendar_.top();
      firing_ = calendar_.top_handle();
      firing_order_ = calendar_.order_of(firing_);
      now_ = e.time;
      if constexpr (!std::is_same_v<std::decay_t<Prefetch>, NoPrefetch>)
        prefetch(std::as_const(calendar_));
      handler(e);
      if (calendar_.order_of(firing_) == firing_order_)
        calendar_.cancel(firing_);  // not moved: it has run
      firing_ = EventHandle{};
      ++n;
    }
    if (end > now_) now_ = end;
    return n;
  }

 private:
  struct NoPrefetch {  // run_until without a hook: no hint is looked up
    void operator()(const EventCalendar& /*calendar*/) const {}
  };
  [[noreturn]] void throw_past(Time t, std::uint32_t kind) const {
    std::ostringstream o;
    o << "event of kind " << kind << " scheduled at day " << t << ", before the current day "
      << now_;
    throw std::logic_error(o.str());
  }

  StreamKey key_;
  Time now_ = 0.0;
  EventCalendar calendar_;
  EventHandle firing_;
  std::uint64_t firing_order_ = 0;
};

}  // namespace placesim::sim
