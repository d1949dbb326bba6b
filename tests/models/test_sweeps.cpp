// Sweep designs, Sobol points, sensitivity estimators and checkpoints.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <set>

#include "models/sweep/design.h"
#include "models/sweep/sensitivity.h"
#include "models/sweep/sobol.h"
#include "models/sweep/unit_log.h"

using namespace placesim::models;
namespace fs = std::filesystem;

TEST_CASE("Sobol points match the published sequence and stratify", "[sweep][sobol]") {
  auto p = sobol_points(7, 3);
  CHECK(p[0] == std::vector<double>{0.5, 0.5, 0.5});
  CHECK(p[1] == std::vector<double>{0.75, 0.25, 0.25});
  CHECK(p[2] == std::vector<double>{0.25, 0.75, 0.75});
  CHECK(p[3] == std::vector<double>{0.375, 0.375, 0.625});
  CHECK(p[6] == std::vector<double>{0.125, 0.625, 0.375});
  // Points 0..2^m-1 (with the skipped zero) put one point in each of 2^m
  // intervals of every dimension.
  auto q = sobol_points(255, kMaxSobolDimensions);
  for (std::uint32_t d = 0; d < kMaxSobolDimensions; ++d) {
    std::set<int> cells{0};  // the skipped point 0 sits in cell 0
    for (const auto& x : q) cells.insert(static_cast<int>(x[d] * 256));
    INFO("dimension " << d);
    CHECK(cells.size() == 256);
  }
  CHECK_THROWS(sobol_points(4, 33));
}

TEST_CASE("designs: grids in order, Latin hypercubes stratified, all reproducible", "[sweep][design]") {
  SweepSpec s;
  s.parameters = {{"a", 0, 1, {}, 3, false, {}}, {"b", 0, 0, {5, 7}, 3, false, {}}};
  s.design = SweepDesign::grid;
  auto g = plan_points(s);
  REQUIRE(g.values.size() == 6);
  CHECK(g.values[0] == std::vector<double>{0.0, 5.0});
  CHECK(g.values[1] == std::vector<double>{0.0, 7.0});
  CHECK(g.values[2] == std::vector<double>{0.5, 5.0});
  CHECK(point_overrides(s, g.values[3]) == std::vector<std::string>{"a=0.5", "b=7"});
  s.parameters = {{"x", 10, 20, {}, 3, false, {}}, {"n", 1, 8, {}, 3, true, {}}};
  s.design = SweepDesign::latin_hypercube;
  s.points = 8;
  auto l = plan_points(s);
  std::set<int> strata, whole;
  for (const auto& v : l.values) {
    strata.insert(static_cast<int>((v[0] - 10) / 10 * 8));
    whole.insert(static_cast<int>(v[1]));
  }
  CHECK(strata.size() == 8);  // one point in each eighth of the range
  CHECK(whole.size() == 8);   // and each of the 8 whole numbers once
  CHECK(plan_points(s).values == l.values);
  s.seed = 2;
  CHECK(plan_points(s).values != l.values);
  s.design = SweepDesign::sobol;
  s.points = 16;
  auto sb = plan_points(s);
  CHECK(sb.values.size() == 16 * (2 + 2));
  CHECK(sb.sobol_base == 16);
}

namespace {

// Evaluates f on a Saltelli plan over the unit cube and estimates the indices.
template <class F>
SobolIndices estimate(std::size_t k, std::uint64_t n, F f) {
  SweepSpec s;
  for (std::size_t i = 0; i < k; ++i) s.parameters.push_back({"p" + std::to_string(i), 0, 1, {}, 3, false, {}});
  s.design = SweepDesign::sobol;
  s.points = n;
  auto plan = plan_points(s);
  std::vector<double> y;
  for (const auto& x : plan.values) y.push_back(f(x));
  return sobol_indices(y, plan.sobol_base, k);
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
  Tornado t = tornado(x, y);
  CHECK(t.effect[0] == Approx(12.0));   // 3 per unit over a range of 4
  CHECK(t.effect[1] == Approx(-2.0));   // -1 per 50 over a range of 100
  CHECK(t.effect[2] == 0.0);            // never varies
  CHECK(t.r_squared == Approx(1.0));
}

TEST_CASE("checkpoints keep every intact record and drop one cut short", "[sweep][checkpoint]") {
  fs::path dir = fs::temp_directory_path() / "placesim-test-units";
  fs::remove_all(dir);
  {
    UnitLog log(dir / "a.units", 42, 2, 1);
    for (std::uint64_t u = 0; u < 5; ++u) {
      const auto x = static_cast<double>(u);
      log.append({u, {1.0 * x, 2.0 * x}, {3.0 * x}});
    }
  }
  // Cut the last record short, as a kill -9 in mid-write would.
  fs::resize_file(dir / "a.units", fs::file_size(dir / "a.units") - 5);
  auto back = UnitLog::read_dir(dir, 42, 2, 1);
  REQUIRE(back.size() == 4);
  CHECK(back[3].unit == 3);
  CHECK(back[3].measures == std::vector<double>{3.0, 6.0});
  CHECK(back[3].detail == std::vector<double>{9.0});
  // Another sweep's checkpoints are refused, not mixed in.
  CHECK_THROWS_WITH(UnitLog::read_dir(dir, 43, 2, 1), Catch::Contains("different sweep"));
  fs::remove_all(dir);
}
