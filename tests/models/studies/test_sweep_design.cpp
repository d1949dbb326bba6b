// Sweep plans: parameter values from designs, overrides that reproduce them.
#include <catch2/catch.hpp>

#include <set>

#include "models/studies/sweep_design.h"

using namespace placesim::models;

TEST_CASE("designs: grids in order, Latin hypercubes stratified, all reproducible",
          "[sweep][design]") {
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
