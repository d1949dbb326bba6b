// Family-years lived with each need: with needs the only cost (and no
// episode standing in for one), they price out to the reactive spend
// exactly, and at their social cost to the social cost recorded.
#include <catch2/catch.hpp>

#include <algorithm>

#include "models/family/ledger.h"
#include "models/family/model_params.h"
#include "models/regimes/replication.h"
#include "models/scenario/load.h"
#include "tiny_scenarios.h"

using namespace placesim;
using namespace placesim::models;

TEST_CASE("family-years with a need, at its cost, are the spend on needs", "[need_years]") {
  const Scenario s =
      load_scenario_text(test::kTinyScenario, "tiny",
                         {"events.arrest.unit_cost=0", "events.cp_referral.unit_cost=0",
                          "events.custody.episode.cost_per_week=0", "initial.episodes.custody=0",
                          "events.arrest.follow_on=[]",
                          "needs.dimensions.crime.social_cost_per_year=[100, {gbp: 700}]",
                          "needs.dimensions.child_welfare.social_cost_per_year=[0, 50]"})
          .scenario;
  const auto records = run_replications(s, {}, 9, 0, 2, 2);
  const std::size_t A = s.agencies.size(), N = s.needs.size();
  for (const ReplicationRecord& rec : records) {
    for (const RegimeRecord& r : rec.regimes) {
      REQUIRE(r.need_years.size() == static_cast<std::size_t>(s.years) * N * 2);
      for (int t = 0; t < s.years; ++t) {
        const auto ty = static_cast<std::size_t>(t);
        double priced = 0.0, reactive = 0.0, lived = 0.0, social = 0.0;
        for (std::size_t d = 0; d < N; ++d) {
          for (std::size_t lv = 0; lv < 2; ++lv) {
            const double years = r.need_years[(ty * N + d) * 2 + lv];
            CHECK(years >= -1e-9);
            priced += years * s.needs[d].cost_per_year[lv].value;
            social += years * s.needs[d].social_cost_per_year[lv].value;
            lived += years;
          }
        }
        for (std::size_t a = 0; a < A; ++a) {
          for (int c : {kReactive, kReactiveCashable})
            reactive += r.spend[(ty * A + a) * kCategories + static_cast<std::size_t>(c)];
        }
        CHECK(priced == Approx(reactive).epsilon(1e-9));
        CHECK(r.social_cost[ty] == Approx(social).epsilon(1e-9));
        CHECK(social > 0.0);
        // No family lives more than the year with each of the two needs.
        CHECK(lived <= 2 * r.family_years[ty] + 1e-6);
        CHECK(lived > 0.2 * r.family_years[ty]);
      }
    }
  }
}

TEST_CASE("custody stands in for a need's cost, not for its burden", "[need_years]") {
  const Scenario s =
      load_scenario_text(
          test::kTinyScenario, "tiny",
          {"events.arrest.unit_cost=0", "events.cp_referral.unit_cost=0",
           "events.custody.episode.cost_per_week=0", "initial.episodes.custody=0",
           "events.arrest.follow_on=[{event: custody, p: 0.9, delay: 1}]",
           "events.arrest.rate_per_year=0.5", "events.custody.episode.replaces={needs: [crime]}"})
          .scenario;
  const auto records = run_replications(s, {}, 9, 0, 1, 2);
  const RegimeRecord& r = records[0].regimes[0];
  const std::size_t A = s.agencies.size(), N = s.needs.size();
  double priced = 0.0, reactive = 0.0;
  for (int t = 0; t < s.years; ++t) {
    const auto ty = static_cast<std::size_t>(t);
    for (std::size_t d = 0; d < N; ++d) {
      for (std::size_t lv = 0; lv < 2; ++lv)
        priced += r.need_years[(ty * N + d) * 2 + lv] * s.needs[d].cost_per_year[lv].value;
    }
    for (std::size_t a = 0; a < A; ++a) {
      for (int c : {kReactive, kReactiveCashable})
        reactive += r.spend[(ty * A + a) * kCategories + static_cast<std::size_t>(c)];
    }
  }
  // Time in custody is off the police's bill for the crime need but still lived with it.
  CHECK(priced > reactive * 1.01);
}

TEST_CASE("a social cost given as a distribution is drawn per replication", "[need_years]") {
  const Scenario s =
      load_scenario_text(test::kTinyScenario, "tiny",
                         {"needs.dimensions.crime.social_cost_per_year=[0, {dist: uniform, min: "
                          "100, max: 900}]"})
          .scenario;
  const auto paths = uncertain_paths(s);
  CHECK(std::find(paths.begin(), paths.end(), "needs.dimensions.crime.social_cost_per_year.1") !=
        paths.end());
  // Drawn last: every other parameter keeps its stream.
  CHECK(paths.back() == "needs.dimensions.crime.social_cost_per_year.1");
}
