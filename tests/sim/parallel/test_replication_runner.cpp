// Streaming replications: in order, each once, with a bounded number in flight.
#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <cstdint>
#include <stdexcept>
#include <thread>
#include <vector>

#include "sim/parallel/replication_runner.h"

using placesim::sim::stream_replications;

namespace {

// A record that counts how many of its kind are alive.
struct Tracked {
  static std::atomic<int> alive, peak;
  std::vector<double> data;
  std::uint64_t rep = 0;
  Tracked() = default;
  explicit Tracked(std::uint64_t r) : data(1, static_cast<double>(r)), rep(r) { note(+1); }
  Tracked(Tracked&& o) noexcept : data(std::move(o.data)), rep(o.rep) { o.data.clear(); }
  Tracked& operator=(Tracked&& o) noexcept {
    if (!data.empty()) note(-1);
    data = std::move(o.data);
    rep = o.rep;
    o.data.clear();
    return *this;
  }
  Tracked(const Tracked&) = delete;
  Tracked& operator=(const Tracked&) = delete;
  ~Tracked() {
    if (!data.empty()) note(-1);
  }
  static void note(int d) {
    const int now = alive += d;
    int p = peak.load();
    while (now > p && !peak.compare_exchange_weak(p, now)) {
    }
  }
};
std::atomic<int> Tracked::alive{0};
std::atomic<int> Tracked::peak{0};

}  // namespace

TEST_CASE("stream_replications delivers every record once, in order, few at a time") {
  for (int threads : {1, 2}) {
    Tracked::alive = 0;
    Tracked::peak = 0;
    std::vector<std::uint64_t> seen;
    stream_replications<Tracked>(
        100, 200, threads,
        [](std::uint64_t rep) {
          // Uneven work, so later replications often finish first.
          if (rep % 7 == 0) std::this_thread::sleep_for(std::chrono::microseconds(300));
          return Tracked(rep);
        },
        [&](std::uint64_t rep, Tracked&& t) {
          REQUIRE(t.rep == rep);
          REQUIRE(t.data.at(0) == static_cast<double>(rep));
          seen.push_back(rep);
          Tracked gone(std::move(t));
        });
    REQUIRE(seen.size() == 200);
    for (std::size_t i = 0; i < seen.size(); ++i) REQUIRE(seen[i] == 100 + i);
    // The window is four a thread; a record is alive from its simulation to its delivery.
    CHECK(Tracked::peak.load() <= 4 * threads);
    CHECK(Tracked::alive.load() == 0);
  }
}

TEST_CASE("stream_replications passes on a replication's exception") {
  std::vector<std::uint64_t> seen;
  CHECK_THROWS_AS(stream_replications<Tracked>(
                      0, 50, 2,
                      [](std::uint64_t rep) {
                        if (rep == 17) throw std::runtime_error("replication 17 failed");
                        return Tracked(rep);
                      },
                      [&](std::uint64_t rep, Tracked&&) { seen.push_back(rep); }),
                  std::runtime_error);
  for (std::size_t i = 0; i < seen.size(); ++i) CHECK(seen[i] == i);
  CHECK(seen.size() <= 17);
  stream_replications<Tracked>(
      0, 0, 2, [](std::uint64_t rep) { return Tracked(rep); },
      [&](std::uint64_t, Tracked&&) { FAIL("nothing to deliver"); });
}
