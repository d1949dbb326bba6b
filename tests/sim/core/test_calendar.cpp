#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <random>
#include <stdexcept>
#include <vector>

#include "sim/core/calendar.h"

using namespace placesim::sim;

TEST_CASE("calendar orders by time, then priority, then insertion", "[calendar]") {
  EventCalendar cal;
  cal.schedule(2.0, Priority::seize, 1, 10);
  cal.schedule(1.0, Priority::seize, 2, 20);
  cal.schedule(2.0, Priority::release, 3, 30);  // same instant: release first
  cal.schedule(2.0, Priority::seize, 4, 40);    // same priority: after kind 1
  cal.schedule(2.0, Priority::boundary, 5, 50);
  std::vector<std::uint32_t> kinds;
  while (!cal.empty()) kinds.push_back(cal.pop().kind);
  CHECK(kinds == std::vector<std::uint32_t>{2, 5, 3, 1, 4});
}

TEST_CASE("cancelled events never run and stale handles are harmless", "[calendar]") {
  EventCalendar cal;
  EventHandle a = cal.schedule(1.0, Priority::update, 1, 0);
  EventHandle b = cal.schedule(2.0, Priority::update, 2, 0);
  CHECK(cal.pending(a));
  CHECK(cal.cancel(a));
  CHECK_FALSE(cal.pending(a));
  CHECK_FALSE(cal.cancel(a));  // twice is a no-op
  // The freed slot is reused; the old handle must not touch the new event.
  EventHandle c = cal.schedule(3.0, Priority::update, 3, 0);
  CHECK(c.slot == a.slot);
  CHECK_FALSE(cal.cancel(a));
  CHECK(cal.pending(c));
  CHECK(cal.pop().kind == 2);
  CHECK_FALSE(cal.pending(b));  // ran
  CHECK(cal.pop().kind == 3);
  CHECK(cal.empty());
  CHECK(cal.next_time() == kNever);
}

TEST_CASE("reschedule moves an event both ways", "[calendar]") {
  EventCalendar cal;
  EventHandle a = cal.schedule(5.0, Priority::update, 1, 0);
  cal.schedule(3.0, Priority::update, 2, 0);
  CHECK(cal.reschedule(a, 1.0));
  CHECK(cal.pop().kind == 1);
  EventHandle b = cal.schedule(2.0, Priority::update, 3, 0);
  CHECK(cal.reschedule(b, 10.0));
  CHECK(cal.pop().kind == 2);
  Event last = cal.pop();
  CHECK(last.kind == 3);
  CHECK(last.time == 10.0);
}

TEST_CASE("a rescheduled event keeps its priority, target and argument", "[calendar]") {
  EventCalendar cal;
  const std::uint64_t big = (std::uint64_t{0xdeadbeef} << 32) | 0x12345678u;  // both halves matter
  EventHandle rel = cal.schedule(9.0, Priority::release, 1, big, 7);
  cal.schedule(4.0, Priority::seize, 2, 0);
  cal.schedule(4.0, Priority::observe, 3, 0);
  CHECK(cal.reschedule(rel, 4.0));  // now last in sequence, but release runs first
  Event e = cal.pop();
  CHECK(e.kind == 1);
  CHECK(e.target == big);
  CHECK(e.arg == 7u);
  CHECK(cal.pop().kind == 2);
  EventHandle obs = cal.schedule(5.0, Priority::observe, 4, 0);
  cal.schedule(5.0, Priority::boundary, 5, 0);
  CHECK(cal.reschedule(obs, 5.0, std::uint64_t{1} << 40, 9));
  CHECK(cal.pop().kind == 3);
  CHECK(cal.pop().kind == 5);  // boundary before observe at the same instant
  Event moved = cal.pop();
  CHECK(moved.kind == 4);
  CHECK(moved.target == std::uint64_t{1} << 40);
  CHECK(moved.arg == 9u);
}

namespace {

// Property test: interleaved schedule/cancel/reschedule/pop against a
// brute-force model that sorts by (time, priority, sequence). `when(g, now)`
// draws a time for an event scheduled at `now`.
template <class When>
void check_against_reference(EventCalendar& cal, std::uint64_t seed, int steps, When when) {
  struct Ref {
    double t;
    int p;
    std::uint64_t seq;
    std::uint32_t id;
    bool live;
  };
  std::mt19937_64 g(seed);  // test input only, not simulation randomness
  std::vector<Ref> ref;
  std::vector<EventHandle> handles;
  std::uint64_t seq = 0;
  double now = 0.0;
  for (int step = 0; step < steps; ++step) {
    // Prefetches are hints: of pending events, of ones run or cancelled,
    // and of no event at all, they must change nothing below.
    if (!handles.empty()) {
      const EventHandle h = handles[static_cast<std::size_t>(step) % handles.size()];
      cal.prefetch_event(h);
      cal.prefetch_time(h);
    }
    cal.prefetch_event(EventHandle{});
    cal.prefetch_time(EventHandle{});
    int op = static_cast<int>(g() % 10);
    if (op < 5 || ref.empty()) {
      const double t = when(g, now);
      int p = static_cast<int>(g() % 5);
      auto id = static_cast<std::uint32_t>(ref.size());
      handles.push_back(cal.schedule(t, static_cast<Priority>(p), id, 0));
      ref.push_back({t, p, seq++, id, true});
    } else if (op < 7) {
      std::size_t i = g() % ref.size();
      CHECK(cal.cancel(handles[i]) == ref[i].live);
      ref[i].live = false;
    } else if (op < 8) {
      std::size_t i = g() % ref.size();
      const double t = when(g, now);
      CHECK(cal.reschedule(handles[i], t) == ref[i].live);
      if (ref[i].live) {
        ref[i].t = t;
        ref[i].seq = seq++;
      }
    } else {
      const Ref* best = nullptr;
      for (const Ref& r : ref) {
        if (!r.live) continue;
        if (!best || r.t < best->t ||
            (r.t == best->t && (r.p < best->p || (r.p == best->p && r.seq < best->seq))))
          best = &r;
      }
      if (!best) {
        CHECK(cal.empty());
        continue;
      }
      REQUIRE(cal.time_of(handles[best->id]) == best->t);
      Event e = cal.pop();
      REQUIRE(e.kind == best->id);
      CHECK(e.time == best->t);
      now = e.time;
      ref[best->id].live = false;
    }
  }
  std::size_t live = 0;
  for (const Ref& r : ref) live += r.live;
  CHECK(cal.size() == live);
  // What is left comes out in order too.
  std::vector<Ref> rest;
  for (const Ref& r : ref) {
    if (r.live) rest.push_back(r);
  }
  std::sort(rest.begin(), rest.end(), [](const Ref& a, const Ref& b) {
    return a.t < b.t || (a.t == b.t && (a.p < b.p || (a.p == b.p && a.seq < b.seq)));
  });
  for (const Ref& r : rest) REQUIRE(cal.pop().kind == r.id);
  CHECK(cal.empty());
}

// Times a tenth of a day apart over ten days: many ties.
double tied(std::mt19937_64& g, double now) { return now + static_cast<double>(g() % 100) / 10.0; }

}  // namespace

TEST_CASE("calendar matches a sorted reference under random operations", "[calendar]") {
  EventCalendar cal;
  check_against_reference(cal, 12345, 20000, tied);
  CHECK(cal.spreads() == 0);  // never past 16,384 events: a plain heap
}

TEST_CASE("a calendar spread into buckets keeps the same order", "[calendar]") {
  SECTION("ties, spread at 64 events") {
    EventCalendar cal(64);
    check_against_reference(cal, 777, 20000, tied);
    CHECK(cal.spreads() > 0);
  }
  SECTION("times over seven orders of magnitude, some never, spread at 32 events") {
    // Near events and far ones (bucket and overflow), moves between them,
    // and events at kNever, which stay in the overflow until nothing else is
    // left. The first events are a day apart at most and set the buckets'
    // width; the times' scale then grows tenfold every 3,000 draws, so the
    // buckets run out and the overflow is spread again.
    EventCalendar cal(32);
    int draws = 0;
    check_against_reference(cal, 99, 40000, [&draws](std::mt19937_64& g, double now) {
      if (g() % 50 == 0) return kNever;
      const double scale = draws < 64 ? 0.01 : std::pow(10.0, std::min(draws / 3000, 5));
      ++draws;
      return now + scale * static_cast<double>(g() % 1000) / 100.0;
    });
    CHECK(cal.spreads() > 1);
  }
  SECTION("every event at one time") {
    EventCalendar cal(16);
    check_against_reference(cal, 5, 4000, [](std::mt19937_64&, double) { return 3.0; });
  }
}

TEST_CASE("a calendar that could not spread spreads again after clear()", "[calendar]") {
  // Events at kNever give no width of time, so the calendar stays a heap and
  // waits until it has doubled; clear() starts it afresh.
  EventCalendar cal(8);
  for (int i = 0; i < 8; ++i) cal.schedule(kNever, Priority::update, 0, 0);
  for (int i = 0; i < 7; ++i) cal.schedule(static_cast<double>(i), Priority::update, 0, 0);
  CHECK(cal.spreads() == 0);
  cal.clear();
  for (int i = 0; i < 8; ++i) cal.schedule(static_cast<double>(i), Priority::update, 0, 0);
  CHECK(cal.spreads() == 1);
  for (int i = 0; i < 8; ++i) CHECK(cal.pop().time == static_cast<double>(i));
  CHECK(cal.empty());
}

TEST_CASE("event kinds must fit 16 bits", "[calendar]") {
  EventCalendar cal;
  CHECK_NOTHROW(cal.schedule(1.0, Priority::update, 0xffff, 0));
  CHECK_THROWS_AS(cal.schedule(1.0, Priority::update, 0x10000, 0), std::logic_error);
  CHECK(cal.size() == 1);
}
