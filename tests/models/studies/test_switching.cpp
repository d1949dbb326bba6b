// Switching values: the root-finder against figures whose crossing is known.
#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include "models/studies/switching.h"
#include "sim/stats/summary.h"

using namespace placesim;
using models::find_switching_value;

namespace {

// Per replication: k (x - x0) + d_r, with the d_r averaging zero, so the mean
// crosses zero at x0 and each end of its interval at x0 -/+ t se / k.
std::vector<double> linear(double x, double k, double x0, const std::vector<double>& d) {
  std::vector<double> out;
  for (double e : d) out.push_back(k * (x - x0) + e);
  return out;
}

}  // namespace

TEST_CASE("a figure linear in the input: the crossing and its interval are exact", "[switch]") {
  const std::vector<double> d = {-3.0, 1.0, 0.5, 2.5, -1.0};  // mean 0
  const sim::Summary s = sim::summarize(d);
  const double k = 2.0, x0 = 1.7;
  int calls = 0;
  auto r = find_switching_value(
      [&](double x) {
        ++calls;
        return linear(x, k, x0, d);
      },
      0.0, 10.0);
  REQUIRE(r.value);
  CHECK(*r.value == Approx(x0).epsilon(1e-12));
  const double half = sim::t_quantile(0.975, d.size() - 1) * s.se / k;
  REQUIRE(r.low);
  REQUIRE(r.high);
  CHECK(*r.low == Approx(x0 - half).epsilon(1e-9));
  CHECK(*r.high == Approx(x0 + half).epsilon(1e-9));
  // Ends once each, then about one evaluation a root: values are cached.
  CHECK(calls == static_cast<int>(r.points.size()));
  CHECK(calls <= 10);
  // A falling figure is found the same way.
  auto falling = find_switching_value([&](double x) { return linear(x, -k, x0, d); }, 0.0, 10.0);
  REQUIRE(falling.value);
  CHECK(*falling.value == Approx(x0).epsilon(1e-12));
  CHECK(*falling.low == Approx(x0 - half).epsilon(1e-9));
}

TEST_CASE("a smooth curved figure is found to the tolerance asked", "[switch]") {
  auto r = find_switching_value([](double x) { return std::vector<double>{x * x * x - 8.0}; }, 0.0,
                                5.0, 1e-6);
  REQUIRE(r.value);
  CHECK(*r.value == Approx(2.0).margin(5e-6));
  CHECK(r.points.size() < 40);
  // One replication: no interval, never a zero-width one, and no NaN error.
  CHECK_FALSE(r.has_interval);
  CHECK_FALSE(r.low);
  CHECK_FALSE(r.high);
  for (const auto& p : r.points) CHECK(p.se == 0.0);
}

TEST_CASE("no crossing in the range, or one side of the interval beyond it", "[switch]") {
  auto none = find_switching_value(
      [](double x) {
        return std::vector<double>{x + 1.0, x + 2.0};
      },
      0.0, 3.0);
  CHECK_FALSE(none.value);
  CHECK(none.points.size() == 2);
  CHECK(none.points[0].x == 0.0);
  CHECK(none.points[1].x == 3.0);
  // Mean crosses at 1; the interval is 1 -/+ 0.754 (t 2.262 x se 0.333), so
  // its upper end lies beyond 1.2.
  const std::vector<double> d = {-1.0, 1.0, -1.0, 1.0, -1.0, 1.0, -1.0, 1.0, -1.0, 1.0};
  auto open = find_switching_value([&](double x) { return linear(x, 1.0, 1.0, d); }, 0.0, 1.2);
  REQUIRE(open.value);
  CHECK(*open.value == Approx(1.0));
  REQUIRE(open.low);
  CHECK(*open.low == Approx(1.0 - sim::t_quantile(0.975, 9) * sim::summarize(d).se));
  CHECK_FALSE(open.high);
  CHECK_THROWS(find_switching_value([](double) { return std::vector<double>{1.0}; }, 2.0, 1.0));
}

TEST_CASE("an interval with one end in the range lies on the right side of it", "[switch]") {
  // Mean x - 2 on [0, 1.5] never reaches zero; its upper end, x - 2 + 0.754,
  // does at 1.246, so zero is inside the interval from there to beyond 1.5.
  const std::vector<double> d = {-1.0, 1.0, -1.0, 1.0, -1.0, 1.0, -1.0, 1.0, -1.0, 1.0};
  const double half = sim::t_quantile(0.975, 9) * sim::summarize(d).se;
  auto r = find_switching_value([&](double x) { return linear(x, 1.0, 2.0, d); }, 0.0, 1.5);
  CHECK_FALSE(r.value);
  REQUIRE(r.has_interval);
  REQUIRE(r.low);
  CHECK(*r.low == Approx(2.0 - half));
  CHECK_FALSE(r.high);
  // Falling instead: zero is inside from below the range up to the crossing.
  auto f = find_switching_value([&](double x) { return linear(x, -1.0, -0.5, d); }, 0.0, 1.5);
  CHECK_FALSE(f.value);
  CHECK_FALSE(f.low);
  REQUIRE(f.high);
  CHECK(*f.high == Approx(-0.5 + half));
}

TEST_CASE("targets are read as the command line writes them", "[switch]") {
  using K = models::SwitchTarget::Kind;
  CHECK(models::parse_switch_target("npv")->kind == K::npv);
  CHECK(models::parse_switch_target("npv_adjusted")->kind == K::npv_adjusted);
  const auto c = models::parse_switch_target("claim:2");
  REQUIRE(c);
  CHECK(c->kind == K::claim);
  CHECK(c->claim == 1);
  CHECK(c->name() == "claim:2");
  for (const char* bad : {"claim:0", "claim:", "claim:x", "NPV", "claim:99999999", ""})
    CHECK_FALSE(models::parse_switch_target(bad));
}
