// The calendar's hint of the event after the top (next_hint), which a model
// uses to fetch what that event will read: it must name that event exactly.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <random>
#include <utility>
#include <vector>

#include "sim/core/calendar.h"

using namespace placesim::sim;

TEST_CASE("next_hint names the target of the event after the top", "[calendar]") {
  // Distinct times, so "the event after the top" is one event; targets above
  // 32 bits, of which the hint is the low half. Kept in a heap, and spread
  // into buckets from 16 events.
  const std::size_t spread_at = GENERATE(EventCalendar::kSpreadAt, std::size_t{16});
  std::mt19937_64 g(2024);  // test input only, not simulation randomness
  std::uniform_real_distribution<double> when(0.0, 1000.0);
  EventCalendar cal(spread_at);
  CHECK(cal.next_hint() == EventCalendar::kNoHint);
  struct Live {
    double t;
    std::uint64_t target;
    EventHandle h;
  };
  std::vector<Live> live;
  auto expected = [&] {
    std::vector<Live> sorted = live;
    std::sort(sorted.begin(), sorted.end(), [](const Live& a, const Live& b) { return a.t < b.t; });
    return sorted.size() < 2 ? EventCalendar::kNoHint
                             : static_cast<std::uint32_t>(sorted[1].target);
  };
  for (int step = 0; step < 5000; ++step) {
    const auto op = g() % 4;
    const std::uint64_t target = (g() % 1000) | (std::uint64_t{g() % 7 + 1} << 32);
    if (op < 2 || live.size() < 3) {
      const double t = when(g);
      live.push_back({t, target, cal.schedule(t, Priority::seize, 0, target)});
    } else if (op == 2) {  // a new time and target, as a handler moving its event
      Live& x = live[g() % live.size()];
      x.t = when(g);
      x.target = target;
      REQUIRE(cal.reschedule(x.h, x.t, target, 0));
    } else {
      const std::size_t i = g() % live.size();
      REQUIRE(cal.cancel(live[i].h));
      live.erase(live.begin() + static_cast<std::ptrdiff_t>(i));
    }
    const std::uint32_t want = expected();
    if (cal.next_hint() != want)
      FAIL("step " << step << ": hint " << cal.next_hint() << ", want " << want);
  }
  CHECK(live.size() > 100);
  CHECK((cal.spreads() > 0) == (spread_at == 16));
}

TEST_CASE("next_hint settles ties in time as the calendar runs them", "[calendar]") {
  // Times from ten values, so most events tie with others; priorities and
  // the order of scheduling settle which runs first. The hint must name the
  // event that runs after the top, as popping a copy of the calendar shows.
  const std::size_t spread_at = GENERATE(EventCalendar::kSpreadAt, std::size_t{16});
  std::mt19937_64 g(77);  // test input only, not simulation randomness
  EventCalendar cal(spread_at);
  std::vector<EventHandle> live;
  int tied = 0;  // steps where the top and the event after it share a time
  for (int step = 0; step < 4000; ++step) {
    const auto op = g() % 4;
    const double t = static_cast<double>(g() % 10);
    const auto priority = static_cast<Priority>(g() % 5);
    const auto target = static_cast<std::uint64_t>(step);  // one a step: a hint names one event
    if (op < 2 || live.size() < 3) {
      live.push_back(cal.schedule(t, priority, 0, target));
    } else if (op == 2) {
      REQUIRE(cal.reschedule(live[g() % live.size()], t, target, 0));
    } else {
      const std::size_t i = g() % live.size();
      REQUIRE(cal.cancel(live[i]));
      live.erase(live.begin() + static_cast<std::ptrdiff_t>(i));
    }
    EventCalendar after = cal;
    after.pop();
    const std::uint32_t want =
        after.empty() ? EventCalendar::kNoHint : static_cast<std::uint32_t>(after.top().target);
    tied += !after.empty() && after.top().time == cal.top().time;
    if (cal.next_hint() != want)
      FAIL("step " << step << ": hint " << cal.next_hint() << ", want " << want);
  }
  CHECK(tied > 1000);
  CHECK((cal.spreads() > 0) == (spread_at == 16));
}

TEST_CASE("a spread calendar's hint holds as its buckets join the heap", "[calendar]") {
  // 4,000 events over 1,000 days, spread at 1,024: the heap holds the
  // earliest few dozen and a bucket joins it each time it is down to one.
  std::mt19937_64 g(31);  // test input only, not simulation randomness
  std::uniform_real_distribution<double> when(0.0, 1000.0);
  EventCalendar cal(1024);
  std::vector<std::pair<double, std::uint64_t>> events;
  for (std::uint64_t i = 0; i < 4000; ++i) {
    events.emplace_back(when(g), i);
    cal.schedule(events.back().first, Priority::update, 0, i);
  }
  REQUIRE(cal.spread());
  std::sort(events.begin(), events.end());
  for (std::size_t i = 0; i < events.size(); ++i) {
    const std::uint32_t want = i + 1 < events.size()
                                   ? static_cast<std::uint32_t>(events[i + 1].second)
                                   : EventCalendar::kNoHint;
    REQUIRE(cal.next_hint() == want);
    REQUIRE(cal.pop().target == events[i].second);
  }
  CHECK(cal.empty());
}
