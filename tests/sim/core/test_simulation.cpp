// The simulation loop: firing events, rescheduling the firing event in place.
#include <catch2/catch.hpp>

#include <vector>

#include "sim/core/simulation.h"

using namespace placesim;

TEST_CASE("an event rescheduled while it fires moves in place and runs again", "[simulation]") {
  sim::Simulation s;
  std::vector<double> times;
  sim::EventHandle h = s.at(1.0, sim::Priority::update, 7, 42);
  s.at(2.5, sim::Priority::update, 8, 1);
  std::size_t slots_before = 0;
  s.run_until(10.0, [&](const sim::Event& e) {
    times.push_back(e.time);
    if (e.kind != 7) return;
    CHECK(e.target == 42);
    CHECK(s.firing(h));
    if (e.time < 3.0) {
      slots_before = s.calendar().size();
      const sim::EventHandle again = s.again(e.time + 1.0, sim::Priority::update, 7, 42, 5);
      CHECK(again.slot == h.slot);  // the same slot: no new event
      CHECK(s.calendar().size() == slots_before);
      CHECK(s.pending(h));
      CHECK(s.time_of(h) == e.time + 1.0);
    }
  });
  CHECK(times == std::vector<double>{1.0, 2.0, 2.5, 3.0});
  CHECK(s.now() == 10.0);
  CHECK(s.calendar().empty());
}

TEST_CASE("an event that is not moved is removed after it fires", "[simulation]") {
  sim::Simulation s;
  sim::EventHandle h = s.at(1.0, sim::Priority::update, 1, 0);
  std::uint64_t n = s.run_until(5.0, [&](const sim::Event&) {});
  CHECK(n == 1);
  CHECK_FALSE(s.pending(h));
  CHECK(s.calendar().empty());
}

TEST_CASE("an event is to come until it runs, unless its handler moves it", "[simulation]") {
  sim::Simulation s;
  const sim::EventHandle stays = s.at(1.0, sim::Priority::update, 1, 0);
  const sim::EventHandle moves = s.at(2.0, sim::Priority::update, 2, 0);
  const sim::EventHandle other = s.at(9.0, sim::Priority::update, 3, 0);
  CHECK(s.to_come(stays));
  s.run_until(5.0, [&](const sim::Event& e) {
    CHECK(s.to_come(other));
    if (e.kind == 1) CHECK_FALSE(s.to_come(stays));  // pending while it fires, but not to come
    if (e.kind == 2 && e.time < 3.0) {
      CHECK_FALSE(s.to_come(moves));
      s.reschedule(moves, 3.0);
      CHECK(s.to_come(moves));  // moved: it runs again
    }
  });
  CHECK_FALSE(s.to_come(stays));
  CHECK_FALSE(s.to_come(moves));
  CHECK(s.to_come(other));
  CHECK_FALSE(s.to_come(sim::EventHandle{}));
}

TEST_CASE("scheduling in the past is a logic error", "[simulation]") {
  sim::Simulation s;
  s.at(2.0, sim::Priority::update, 1, 0);
  s.run_until(3.0, [&](const sim::Event&) {});
  CHECK_THROWS_AS(s.at(1.0, sim::Priority::update, 1, 0), std::logic_error);
  CHECK_THROWS_AS(s.after(-0.5, sim::Priority::update, 1, 0), std::logic_error);
}

TEST_CASE("the prefetch hook hears the next event's target before each event runs",
          "[simulation]") {
  sim::Simulation s;
  s.at(1.0, sim::Priority::update, 1, 10);
  s.at(2.0, sim::Priority::update, 1, 20);
  s.at(3.0, sim::Priority::update, 1, 30);
  std::vector<std::uint64_t> order;  // hints and targets, as they come
  const std::uint64_t n = s.run_until(
      5.0, [&](const sim::Event& e) { order.push_back(e.target); },
      [&](const sim::EventCalendar& c) { order.push_back(c.next_hint()); });
  CHECK(n == 3);
  const std::uint64_t none = sim::EventCalendar::kNoHint;
  CHECK(order == std::vector<std::uint64_t>{20, 10, 30, 20, none, 30});
}
