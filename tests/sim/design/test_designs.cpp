// Designs on the unit hypercube and the sensitivity estimators that read them.
#include <catch2/catch.hpp>

#include <cmath>
#include <set>

#include "sim/design/designs.h"
#include "sim/design/sensitivity.h"

using namespace placesim;

TEST_CASE("Sobol points match the published sequence and stratify", "[sweep][sobol]") {
  auto p = sim::sobol_points(7, 3);
  CHECK(p[0] == std::vector<double>{0.5, 0.5, 0.5});
  CHECK(p[1] == std::vector<double>{0.75, 0.25, 0.25});
  CHECK(p[2] == std::vector<double>{0.25, 0.75, 0.75});
  CHECK(p[3] == std::vector<double>{0.375, 0.375, 0.625});
  CHECK(p[6] == std::vector<double>{0.125, 0.625, 0.375});
  // Points 0..2^m-1 (with the skipped zero) put one point in each of 2^m
  // intervals of every dimension.
  constexpr std::uint32_t kDims = 32;
  auto q = sim::sobol_points(255, kDims);
  for (std::uint32_t d = 0; d < kDims; ++d) {
    std::set<int> cells{0};  // the skipped point 0 sits in cell 0
    for (const auto& x : q) cells.insert(static_cast<int>(x[d] * 256));
    INFO("dimension " << d);
    CHECK(cells.size() == 256);
  }
  CHECK_THROWS(sim::sobol_points(4, sim::kMaxSobolDimensions + 1));
  CHECK_THROWS(sim::sobol_points(4, 0));
}

TEST_CASE("full factorials vary the first dimension slowest", "[design]") {
  auto g = sim::full_factorial({{0, 1}, {5, 6, 7}});
  REQUIRE(g.size() == 6);
  CHECK(g[0] == std::vector<double>{0, 5});
  CHECK(g[2] == std::vector<double>{0, 7});
  CHECK(g[3] == std::vector<double>{1, 5});
  CHECK(sim::full_factorial({}).empty());
}

TEST_CASE("Latin hypercubes put one point in each stratum, reproducibly", "[design]") {
  auto l = sim::latin_hypercube(8, 2, {1, 0});
  for (std::size_t d = 0; d < 2; ++d) {
    std::set<int> strata;
    for (const auto& x : l) strata.insert(static_cast<int>(x[d] * 8));
    CHECK(strata.size() == 8);
  }
  CHECK(sim::latin_hypercube(8, 2, {1, 0}) == l);
  CHECK(sim::latin_hypercube(8, 2, {2, 0}) != l);
}

TEST_CASE("Saltelli rows are A, B, then A with one column of B", "[design]") {
  auto rows = sim::saltelli_design(3, 2);
  REQUIRE(rows.size() == 3 * 4);
  for (std::size_t j = 0; j < 3; ++j) {
    const auto &a = rows[j * 4], &b = rows[j * 4 + 1];
    CHECK(rows[j * 4 + 2] == std::vector<double>{b[0], a[1]});
    CHECK(rows[j * 4 + 3] == std::vector<double>{a[0], b[1]});
  }
}

namespace {

// Evaluates f on a Saltelli design and estimates the indices.
template <class F>
sim::SobolIndices estimate(std::size_t k, std::uint64_t n, F f) {
  std::vector<double> y;
  for (const auto& x : sim::saltelli_design(n, k)) y.push_back(f(x));
  return sim::sobol_indices(y, n, k);
}

}  // namespace

TEST_CASE("Sobol indices of functions with known answers", "[sweep][sensitivity]") {
  // Additive: y = x1 + 2 x2 + 0 x3 on U(0,1): S = (1, 4, 0) / 5, no interactions.
  auto add = estimate(3, 4095, [](const std::vector<double>& x) { return x[0] + 2 * x[1]; });
  CHECK(add.first[0] == Approx(0.2).margin(0.02));
  CHECK(add.first[1] == Approx(0.8).margin(0.02));
  CHECK(add.first[2] == Approx(0.0).margin(0.02));
  CHECK(add.total[1] == Approx(0.8).margin(0.02));
  // Product: y = x1 x2: S1 = S2 = 3/7, ST1 = ST2 = 4/7.
  auto prod = estimate(2, 4095, [](const std::vector<double>& x) { return x[0] * x[1]; });
  CHECK(prod.first[0] == Approx(3.0 / 7).margin(0.03));
  CHECK(prod.total[0] == Approx(4.0 / 7).margin(0.03));
}

TEST_CASE("tornado effects are the fitted change across each range", "[sweep][sensitivity]") {
  std::vector<std::vector<double>> x;
  std::vector<double> y;
  for (int a = 0; a <= 4; ++a) {
    for (int b = 0; b <= 2; ++b) {
      x.push_back({10.0 + a, 100.0 + 50.0 * b, 7.0});
      y.push_back(3.0 * a - 2.0 * (50.0 * b) / 100.0);
    }
  }
  sim::Tornado t = sim::tornado(x, y);
  CHECK(t.effect[0] == Approx(12.0));  // 3 per unit over a range of 4
  CHECK(t.effect[1] == Approx(-2.0));  // -1 per 50 over a range of 100
  CHECK(t.effect[2] == 0.0);           // never varies
  CHECK(t.r_squared == Approx(1.0));
}

TEST_CASE("a standardised tornado gives the change per standard deviation", "[sensitivity]") {
  // y = 3 a - 2 b exactly, over points where a and b are not collinear.
  std::vector<std::vector<double>> x;
  std::vector<double> y;
  const int n = 24;  // enough for a joint fit of two inputs: 2 + 1 + 10
  for (int i = 0; i < n; ++i) {
    const double a = i % 4, b = (i * 7) % 5;
    x.push_back({a, b, 1.0});
    y.push_back(3.0 * a - 2.0 * b);
  }
  auto sd = [&](std::size_t j) {
    double m = 0.0, ss = 0.0;
    for (const auto& r : x) m += r[j] / n;
    for (const auto& r : x) ss += (r[j] - m) * (r[j] - m);
    return std::sqrt(ss / (n - 1));
  };
  sim::Tornado t = sim::tornado(x, y, sim::TornadoScale::sd);
  CHECK(t.joint);
  CHECK(t.effect[0] == Approx(3.0 * sd(0)));
  CHECK(t.effect[1] == Approx(-2.0 * sd(1)));
  CHECK(t.effect[2] == 0.0);
  CHECK(t.r_squared == Approx(1.0));
  CHECK(t.se[0] == Approx(0.0).margin(1e-9));  // an exact fit is sure of itself
  CHECK(std::isnan(t.se[2]));                  // nothing to say of a constant
  // With noise, the standard error is the textbook one: y = a + e, e = +-1.
  std::vector<double> noisy(y.size());
  for (std::size_t i = 0; i < y.size(); ++i) noisy[i] = x[i][0] + (i % 2 ? 1.0 : -1.0);
  sim::Tornado e = sim::tornado(x, noisy, sim::TornadoScale::sd);
  CHECK(e.joint);
  CHECK(e.se[0] > 0.0);
  CHECK(std::abs(e.effect[0] - sd(0)) < 3 * e.se[0]);
  CHECK(std::abs(e.effect[1]) < 3 * e.se[1]);
  // Too few points for a joint fit (fewer than 13 for two inputs) for a joint fit: one slope a
  // parameter, cov(y, z_j).
  std::vector<std::vector<double>> x3(x.begin(), x.begin() + 3);
  std::vector<double> y3(y.begin(), y.begin() + 3);  // a = 0, 1, 2 and b = 0, 2, 4: collinear
  sim::Tornado m = sim::tornado(x3, y3, sim::TornadoScale::sd);
  CHECK_FALSE(m.joint);
  CHECK(m.effect[0] == Approx(-1.0));  // y = -a: slope -1 a unit, sd(a) = 1
  CHECK(m.effect[1] == Approx(-1.0));  // y = -b / 2: slope -1/2 a unit, times sd(b) = 2
  CHECK(m.se[0] == Approx(0.0).margin(1e-9));
  CHECK(sim::tornado(x3, y3, sim::TornadoScale::range).effect[0] == 0.0);  // a design too small
}
