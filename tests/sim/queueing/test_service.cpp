#include <catch2/catch.hpp>

#include <cstdint>
#include <vector>

#include "sim/queueing/routing.h"
#include "sim/queueing/service.h"

using namespace placesim::sim;

TEST_CASE("a service serves by priority, then first come first served", "[service]") {
  Service s(1);
  REQUIRE(s.try_start(0.0));
  s.enqueue(1.0, 10, 2);
  s.enqueue(2.0, 11, 0);
  s.enqueue(3.0, 12, 2);
  s.enqueue(4.0, 13, 0);
  CHECK_FALSE(s.start_next(5.0));  // the server is busy
  std::vector<std::uint64_t> order;
  for (int i = 0; i < 4; ++i) {
    s.release(5.0 + i);
    auto e = s.start_next(5.0 + i);
    REQUIRE(e);
    order.push_back(e->agent);
  }
  CHECK(order == std::vector<std::uint64_t>{11, 13, 10, 12});
  // Waits: 0 for the first, then 5-2, 6-4, 7-1, 8-3.
  CHECK(s.started() == 5);
  CHECK(s.mean_wait() == Approx((0 + 3 + 2 + 6 + 5) / 5.0));
}

TEST_CASE("a newcomer does not jump a queue of equal or better claims", "[service]") {
  Service s(1);
  s.set_capacity(0.0, 0);
  s.enqueue(0.0, 1, 1);
  s.set_capacity(1.0, 1);
  CHECK_FALSE(s.try_start(1.0, 1));  // someone with the same claim waits
  CHECK(s.try_start(1.0, 0));        // a strictly better claim goes first
}

TEST_CASE("utilisation integrates busy servers over available servers", "[service]") {
  Service s(2, 0.0);
  REQUIRE(s.try_start(0.0));
  s.release(10.0);  // one of two busy for 10 days
  CHECK(s.utilisation(20.0) == Approx(10.0 / 40.0));
  s.set_capacity(20.0, 4);  // then four servers, none busy, for 10 days
  CHECK(s.utilisation(30.0) == Approx(10.0 / 80.0));
  s.reset_stats(30.0);
  CHECK(s.utilisation(30.0) == 0.0);
  CHECK(s.started() == 0);
}

TEST_CASE("capacity cuts let busy servers finish; growth starts waiting agents", "[service]") {
  Service s(2);
  REQUIRE(s.try_start(0.0));
  REQUIRE(s.try_start(0.0));
  s.enqueue(0.0, 7);
  s.set_capacity(1.0, 1);
  s.release(2.0);
  CHECK_FALSE(s.start_next(2.0));  // still one busy of one
  s.set_capacity(3.0, 3);
  auto e = s.start_next(3.0);
  REQUIRE(e);
  CHECK(e->agent == 7);
  CHECK(s.busy() == 2);
}

TEST_CASE("a run-down above capacity is counted and paid for, never free", "[service]") {
  Service s(3);
  for (int i = 0; i < 3; ++i) REQUIRE(s.try_start(0.0));
  s.set_capacity(10.0, 1);  // two servers over capacity from day 10
  s.release(14.0);          // one over for days 14 to 20
  s.release(20.0);          // none over from day 20
  CHECK(s.take_over_capacity(30.0) == Approx(2 * 4.0 + 6.0));
  CHECK(s.take_over_capacity(40.0) ==
        0.0);  // taken once
               // Utilisation: 3 busy to day 14, 2 to 20, 1 to 40 (74 server-days) over
  // capacity 3 x 10 + 1 x 30 plus the 14 server-days run down above it.
  CHECK(s.utilisation(40.0) == Approx((3 * 14.0 + 2 * 6.0 + 20.0) / (60.0 + 14.0)));
  s.release(40.0);  // idle to day 50: 74 busy of 84 paid
  CHECK(s.utilisation(50.0) == Approx(74.0 / 84.0));
}

TEST_CASE("a closing service's queue is drained in the order of service", "[service]") {
  Service s(0);
  s.enqueue(0.0, 1, 5);
  s.enqueue(1.0, 2, 1);
  s.enqueue(2.0, 3, 5);
  REQUIRE(s.remove_waiting(3.0, 2));
  std::vector<std::uint64_t> order;
  while (auto e = s.pop_waiting(4.0)) order.push_back(e->agent);
  CHECK(order == std::vector<std::uint64_t>{1, 3});
  CHECK(s.waiting() == 0);
  CHECK(s.started() == 0);  // nobody was served: no waits recorded
}

TEST_CASE("waiting agents can leave the queue", "[service]") {
  Service s(0);
  s.enqueue(0.0, 1);
  s.enqueue(0.0, 2);
  CHECK(s.remove_waiting(1.0, 1));
  CHECK_FALSE(s.remove_waiting(1.0, 1));
  CHECK(s.waiting() == 1);
  CHECK_THROWS(s.release(1.0));  // nobody is being served
}

TEST_CASE("agents leaving from deep in the queue do not change the order of the rest",
          "[service]") {
  Service s(0);
  for (std::uint64_t a = 1; a <= 100; ++a) s.enqueue(0.0, a, static_cast<std::int32_t>(a % 3));
  // Leave from everywhere but the top; one leaves and queues again (last in
  // its priority now), one is not there at all.
  for (std::uint64_t a = 10; a <= 90; a += 5) CHECK(s.remove_waiting(1.0, a));
  CHECK_FALSE(s.remove_waiting(1.0, 10));
  CHECK_FALSE(s.remove_waiting(1.0, 1000));
  s.enqueue(2.0, 20, 2);
  CHECK(s.waiting() == 100 - 17 + 1);
  s.set_capacity(3.0, 200);
  std::vector<std::uint64_t> order;
  while (auto e = s.start_next(3.0)) order.push_back(e->agent);
  std::vector<std::uint64_t> expected;
  for (int p = 0; p < 3; ++p) {
    for (std::uint64_t a = 1; a <= 100; ++a) {
      if (a % 3 == static_cast<std::uint64_t>(p) && !(a >= 10 && a <= 90 && a % 5 == 0))
        expected.push_back(a);
    }
  }
  expected.push_back(20);  // queued again, behind everyone of its priority
  CHECK(order == expected);
  CHECK(s.waiting() == 0);
}

TEST_CASE("an agent that left and queued again can leave again, from behind its old entry",
          "[service]") {
  Service s(0);
  for (std::uint64_t a = 1; a <= 5; ++a) s.enqueue(0.0, a);
  CHECK(s.remove_waiting(1.0, 3));  // marked deep in the queue
  s.enqueue(2.0, 3);                // its old entry is still there, marked
  CHECK(s.waiting() == 5);
  CHECK(s.remove_waiting(3.0, 3));  // the new entry goes, not the old one again
  CHECK_FALSE(s.remove_waiting(3.0, 3));
  CHECK(s.waiting() == 4);
  s.enqueue(4.0, 3);
  s.set_capacity(5.0, 10);
  std::vector<std::uint64_t> order;
  while (auto e = s.start_next(5.0)) order.push_back(e->agent);
  CHECK(order == std::vector<std::uint64_t>{1, 2, 4, 5, 3});
  CHECK(s.waiting() == 0);
}

TEST_CASE("a queue rebuilt after many leave serves the rest in the same order", "[service]") {
  // Removing more than 32 agents, and more than a quarter of the queue,
  // rebuilds the heap without the marked entries; removing fewer does not.
  for (const std::uint64_t leave_every : {2u, 7u}) {
    Service s(0);
    for (std::uint64_t a = 1; a <= 300; ++a)
      s.enqueue(0.0, a, static_cast<std::int32_t>(a * 7919 % 5));
    std::vector<std::uint64_t> expected;
    for (int p = 0; p < 5; ++p) {
      for (std::uint64_t a = 1; a <= 300; ++a) {
        if (a * 7919 % 5 != static_cast<std::uint64_t>(p)) continue;
        if (a % leave_every == 0) continue;
        expected.push_back(a);
      }
    }
    std::size_t left = 0;
    for (std::uint64_t a = leave_every; a <= 300; a += leave_every, ++left) {
      REQUIRE(s.remove_waiting(1.0, a));
      CHECK(s.waiting() == 300 - left - 1);
    }
    CHECK_FALSE(s.remove_waiting(1.0, leave_every));
    s.set_capacity(2.0, 1000);
    std::vector<std::uint64_t> order;
    while (auto e = s.start_next(2.0)) order.push_back(e->agent);
    CHECK(order == expected);
  }
}

TEST_CASE("a newcomer is not held back by an agent that has left the head of the queue",
          "[service]") {
  Service s(1);
  REQUIRE(s.try_start(0.0));
  s.enqueue(0.0, 1, 0);
  s.enqueue(0.0, 2, 5);
  CHECK(s.remove_waiting(1.0, 1));
  s.release(2.0);
  CHECK_FALSE(s.try_start(2.0, 6));  // agent 2 (priority 5) still waits first
  CHECK(s.try_start(2.0, 4));        // a better claim than anyone waiting
}

TEST_CASE("routing sends by cumulative probability and rejects bad tables", "[routing]") {
  Routing r;
  r.add(3, 0.2);
  r.add(5, 0.3);
  CHECK(r.route(0.1) == 3);
  CHECK(r.route(0.45) == 5);
  CHECK(r.route(0.6) == Routing::kLeave);
  CHECK(r.leave_probability() == Approx(0.5));
  CHECK(r.probability(5) == Approx(0.3));
  CHECK_THROWS(r.add(1, 0.6));  // would sum over 1
  CHECK_THROWS(r.add(1, -0.1));
}
