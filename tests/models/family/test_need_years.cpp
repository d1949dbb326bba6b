// Family-years lived with each need: with needs the only cost, they price
// out to the reactive spend exactly.
#include <catch2/catch.hpp>

#include "models/family/ledger.h"
#include "models/regimes/replication.h"
#include "models/scenario/load.h"
#include "tiny_scenarios.h"

using namespace placesim;
using namespace placesim::models;

TEST_CASE("family-years with a need, at its cost, are the spend on needs", "[need_years]") {
  const Scenario s =
      load_scenario_text(test::kTinyScenario, "tiny",
                         {"events.arrest.unit_cost=0", "events.cp_referral.unit_cost=0",
                          "events.custody.episode.cost_per_week=0", "initial.episodes.custody=0"})
          .scenario;
  const auto records = run_replications(s, {}, 9, 0, 2, 2);
  const std::size_t A = s.agencies.size(), N = s.needs.size();
  for (const ReplicationRecord& rec : records) {
    for (const RegimeRecord& r : rec.regimes) {
      REQUIRE(r.need_years.size() == static_cast<std::size_t>(s.years) * N * 2);
      for (int t = 0; t < s.years; ++t) {
        const auto ty = static_cast<std::size_t>(t);
        double priced = 0.0, reactive = 0.0, lived = 0.0;
        for (std::size_t d = 0; d < N; ++d) {
          for (std::size_t lv = 0; lv < 2; ++lv) {
            const double years = r.need_years[(ty * N + d) * 2 + lv];
            CHECK(years >= -1e-9);
            priced += years * s.needs[d].cost_per_year[lv].value;
            lived += years;
          }
        }
        for (std::size_t a = 0; a < A; ++a) {
          for (int c : {kReactive, kReactiveCashable})
            reactive += r.spend[(ty * A + a) * kCategories + static_cast<std::size_t>(c)];
        }
        CHECK(priced == Approx(reactive).epsilon(1e-9));
        // No family lives more than the year with each of the two needs.
        CHECK(lived <= 2 * r.family_years[ty] + 1e-6);
        CHECK(lived > 0.2 * r.family_years[ty]);
      }
    }
  }
}
