// Regimes on the same families with the same random draws.
#include <catch2/catch.hpp>

#include "models/appraisal/appraisal.h"
#include "models/family/ledger.h"
#include "models/family/model_params.h"
#include "models/regimes/replication.h"
#include "models/scenario/load.h"
#include "tiny_scenarios.h"

using namespace placesim;
using namespace placesim::models;

namespace {

const std::vector<std::string> kAllOff = {
    "regimes.pooled.mechanisms.investment=false",
    "regimes.pooled.mechanisms.single_assessment=false", "regimes.pooled.mechanisms.handoffs=false",
    "regimes.pooled.mechanisms.rationing=false", "regimes.pooled.mechanisms.setup=false"};

void check_identical(const RegimeRecord& a, const RegimeRecord& b) {
  CHECK(a.spend == b.spend);
  CHECK(a.events == b.events);
  CHECK(a.prevalence == b.prevalence);
  CHECK(a.families == b.families);
  CHECK(a.wait_days == b.wait_days);
  CHECK(a.utilisation == b.utilisation);
  CHECK(a.places_bought == b.places_bought);
  CHECK(a.rationing_days == b.rationing_days);
  CHECK(a.events_processed == b.events_processed);
}

}  // namespace

TEST_CASE("with every mechanism off, pooled reproduces siloed exactly", "[regimes]") {
  SECTION("tiny scenario") {
    Scenario s = load_scenario_text(test::kTinyScenario, "tiny", kAllOff).scenario;
    auto recs = run_replications(s, regime_variants(s, false), s.seed, 0, 3, 2);
    for (const auto& r : recs) check_identical(r.regimes[0], r.regimes[1]);
  }
  SECTION("default scenario, five years") {
    auto sets = kAllOff;
    sets.push_back("time.years=5");
    sets.push_back("business_case.claims=[]");
    sets.push_back("regimes.pooled.setup_costs=[1.0e6]");
    Scenario s = load_scenario_text(default_scenario_text(), "default", sets).scenario;
    auto recs = run_replications(s, regime_variants(s, false), s.seed, 0, 2, 2);
    for (const auto& r : recs) check_identical(r.regimes[0], r.regimes[1]);
  }
}

TEST_CASE("each mechanism alone changes the result", "[regimes]") {
  Scenario s = load_scenario_text(test::kTinyScenario, "tiny").scenario;
  auto variants = regime_variants(s, true);
  REQUIRE(variants.size() == 7);
  CHECK(variants[2].name == "pooled_only_investment");
  CHECK(variants[6].name == "pooled_only_setup");
  auto recs = run_replications(s, variants, s.seed, 0, 2, 2);
  for (std::size_t v = 2; v < variants.size(); ++v) {
    INFO(variants[v].name);
    bool differs = false;
    for (const auto& r : recs) differs = differs || r.regimes[v].spend != r.regimes[0].spend;
    CHECK(differs);
  }
}

TEST_CASE("results do not depend on the number of threads", "[regimes][determinism]") {
  Scenario s = load_scenario_text(test::kTinyScenario, "tiny").scenario;
  auto v = regime_variants(s, false);
  auto one = run_replications(s, v, 99, 0, 4, 1);
  auto two = run_replications(s, v, 99, 0, 4, 2);
  for (std::size_t r = 0; r < one.size(); ++r) {
    CHECK(one[r].params == two[r].params);
    for (std::size_t g = 0; g < v.size(); ++g)
      check_identical(one[r].regimes[g], two[r].regimes[g]);
  }
  // Replication 3 alone is replication 3 of the batch.
  auto alone = run_replication(s, v, 99, 3);
  check_identical(alone.regimes[1], one[3].regimes[1]);
}

TEST_CASE("pooled arrangements start when the appraisal window opens", "[regimes]") {
  // Only the set-up switch on: the regimes differ by exactly the set-up cost,
  // paid in the first appraisal year, not during the warm-up. (Budgets never
  // ration here: set-up costs count against budgets, and could bring
  // rationing forward.)
  auto sets = kAllOff;
  sets.back() = "regimes.pooled.mechanisms.setup=true";
  sets.push_back("time.warmup_years=1");
  sets.push_back("agencies.council.rationing_at=10");
  sets.push_back("agencies.police.rationing_at=10");
  Scenario s = load_scenario_text(test::kTinyScenario, "tiny", sets).scenario;
  auto v = regime_variants(s, false);
  auto recs = run_replications(s, v, s.seed, 0, 2, 2);
  auto ap = appraise(s, v, recs);
  for (std::size_t r = 0; r < 2; ++r) {
    double year0 = 0.0, later = 0.0;
    for (std::size_t a = 0; a < ap.agencies; ++a) {
      year0 += ap.net_saving[(r * 4 + 0) * ap.agencies + a];
      for (std::size_t t = 1; t < 4; ++t) later += ap.net_saving[(r * 4 + t) * ap.agencies + a];
    }
    CHECK(year0 == Approx(-100000.0));
    CHECK(later == 0.0);
  }
}

TEST_CASE("both regimes see the same parameter draws", "[regimes]") {
  Scenario s = load_scenario_text(test::kTinyScenario, "tiny").scenario;
  // Pooled with every mechanism off differs from siloed in nothing but its
  // name: if the two regimes drew their uncertain parameters apart, their
  // spend would differ.
  s.regimes[1].mechanisms = Mechanisms{};
  const auto variants = regime_variants(s, false);
  REQUIRE(variants.size() == 2);
  auto recs = run_replications(s, variants, 5, 0, 3, 2);
  for (std::size_t r = 0; r < recs.size(); ++r) {
    // The draws are a function of (seed, replication) alone, made once.
    const ModelParams p = draw_params(s, {5, r});
    CHECK(recs[r].params == p.drawn);
    CHECK(recs[r].params.size() == 2);
    CHECK(recs[r].regimes[0].spend == recs[r].regimes[1].spend);
    CHECK(recs[r].regimes[0].events == recs[r].regimes[1].events);
  }
  CHECK(recs[0].params != recs[1].params);
  // And the parameters matter: a different draw changes the spend.
  CHECK(recs[0].regimes[0].spend != recs[1].regimes[0].spend);
}

TEST_CASE("default scenario: the wrong pocket, the lag, and paired precision",
          "[regimes][default]") {
  Scenario s = load_scenario_text(default_scenario_text(), "default").scenario;
  auto v = regime_variants(s, false);
  auto recs = run_replications(s, v, s.seed, 0, 12, 2);
  auto ap = appraise(s, v, recs);
  // Siloed agencies buy fewer preventive places than the pooled fund.
  double siloed = 0.0, pooled = 0.0;
  for (const auto& r : recs) {
    for (double x : r.regimes[0].places_bought) siloed += x;
    for (double x : r.regimes[1].places_bought) pooled += x;
  }
  CHECK(pooled > 1.5 * siloed);
  // The council pays most of the extra prevention, while most gains land elsewhere.
  const std::size_t council = 0;
  double pays = 0.0, gains = 0.0;
  for (std::size_t a = 0; a < ap.agencies; ++a) {
    pays += std::max(0.0, ap.pays[a]);
    gains += std::max(0.0, ap.gains[a]);
  }
  CHECK(ap.pays[council] > 0.5 * pays);
  CHECK(ap.gains[council] < 0.5 * gains);
  // Set-up first: year 1 loses money; later years save it.
  sim::Summary first = sim::summarize([&] {
    std::vector<double> v0;
    for (std::size_t r = 0; r < ap.reps; ++r) {
      double t = 0;
      for (std::size_t a = 0; a < ap.agencies; ++a)
        t += ap.net_saving[(r * 10 + 0) * ap.agencies + a];
      v0.push_back(t);
    }
    return v0;
  }());
  sim::Summary last = sim::summarize([&] {
    std::vector<double> v9;
    for (std::size_t r = 0; r < ap.reps; ++r) {
      double t = 0;
      for (std::size_t a = 0; a < ap.agencies; ++a)
        t += ap.net_saving[(r * 10 + 9) * ap.agencies + a];
      v9.push_back(t);
    }
    return v9;
  }());
  CHECK(first.ci_high < 0.0);
  CHECK(last.ci_low > 0.0);
  // Common random numbers: the paired interval is narrower than the unpaired one.
  CHECK(ap.paired_se < 0.5 * ap.unpaired_se);
}
