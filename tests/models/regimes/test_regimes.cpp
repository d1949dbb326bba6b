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

// Every mechanism of the pooled option switched off.
std::vector<std::string> all_off() {
  std::vector<std::string> sets;
  for (Mechanism m : kAllMechanisms)
    sets.push_back("regimes.pooled.mechanisms." + std::string(mechanism_name(m)) + "=false");
  return sets;
}

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
    Scenario s = load_scenario_text(test::kTinyScenario, "tiny", all_off()).scenario;
    auto recs = run_replications(s, {}, s.seed, 0, 3, 2);
    for (const auto& r : recs) check_identical(r.regimes[0], r.regimes[1]);
  }
  SECTION("default scenario, five years") {
    std::vector<std::string> sets;
    for (const auto& g : load_scenario_text(default_scenario_text(), "default").scenario.regimes)
      for (Mechanism m : kAllMechanisms)
        if (!g.baseline)
          sets.push_back("regimes." + g.key + ".mechanisms." + std::string(mechanism_name(m)) +
                         "=false");
    sets.push_back("time.years=5");
    sets.push_back("business_case.claims=[]");
    sets.push_back("regimes.pooled.setup_costs=[1.0e6]");
    Scenario s = load_scenario_text(default_scenario_text(), "default", sets).scenario;
    auto recs = run_replications(s, {}, s.seed, 0, 2, 2);
    for (const auto& r : recs)
      for (std::size_t g = 1; g < r.regimes.size(); ++g)
        check_identical(r.regimes[0], r.regimes[g]);
  }
}

TEST_CASE("each mechanism changes the result", "[regimes]") {
  // The tiny scenario's option differs from its baseline in every mechanism.
  // Dearer arrests and bigger pots make places worth buying; family support
  // saves mostly the police's money, so a council buying with its own view
  // buys none whatever its horizon or pot: those two are tested with the
  // pooled view on, against the view alone.
  const auto with = [](MechanismSet on) {
    std::vector<std::string> sets = {
        "events.arrest.unit_cost=20000", "events.cp_referral.unit_cost=6000",
        "agencies.council.max_invest_share=0.3", "regimes.pooled.contributions.council=0.3",
        "regimes.pooled.contributions.police=0.3"};
    for (Mechanism m : kAllMechanisms)
      sets.push_back("regimes.pooled.mechanisms." + std::string(mechanism_name(m)) +
                     (on.has(m) ? "=true" : "=false"));
    Scenario s = load_scenario_text(test::kTinyScenario, "tiny", sets).scenario;
    return run_replications(s, {}, s.seed, 0, 2, 2);
  };
  const auto view = MechanismSet{}.with(Mechanism::view);
  const auto view_only = with(view);
  for (Mechanism m : kAllMechanisms) {
    INFO(mechanism_name(m));
    const bool needs_view = m == Mechanism::horizon || m == Mechanism::money;
    const auto recs = with(needs_view ? view.with(m) : MechanismSet{}.with(m));
    bool differs = false;
    for (std::size_t r = 0; r < recs.size(); ++r) {
      const auto& against = needs_view ? view_only[r].regimes[1] : recs[r].regimes[0];
      differs = differs || recs[r].regimes[1].spend != against.spend;
    }
    CHECK(differs);
  }
}

TEST_CASE("results do not depend on the number of threads", "[regimes][determinism]") {
  Scenario s = load_scenario_text(test::kTinyScenario, "tiny").scenario;
  RunSettings run;
  run.decompose = true;
  auto one = run_replications(s, run, 99, 0, 4, 1);
  auto two = run_replications(s, run, 99, 0, 4, 2);
  for (std::size_t r = 0; r < one.size(); ++r) {
    CHECK(one[r].params == two[r].params);
    for (std::size_t g = 0; g < s.regimes.size(); ++g)
      check_identical(one[r].regimes[g], two[r].regimes[g]);
    REQUIRE(one[r].decomposition.size() == 1);
    CHECK(one[r].decomposition[0].shapley == two[r].decomposition[0].shapley);
  }
  // Replication 3 alone is replication 3 of the batch.
  auto alone = run_replication(s, run, 99, 3);
  check_identical(alone.regimes[1], one[3].regimes[1]);
}

TEST_CASE("pooled arrangements start when the appraisal window opens", "[regimes]") {
  // Only the set-up switch on: the regimes differ by exactly the set-up cost,
  // paid in the first appraisal year, not during the warm-up. (Budgets never
  // ration here: set-up costs count against budgets, and could bring
  // rationing forward.)
  auto sets = all_off();
  sets.back() = "regimes.pooled.mechanisms.setup=true";
  sets.push_back("time.warmup_years=1");
  sets.push_back("agencies.council.rationing_at=10");
  sets.push_back("agencies.police.rationing_at=10");
  Scenario s = load_scenario_text(test::kTinyScenario, "tiny", sets).scenario;
  auto recs = run_replications(s, {}, s.seed, 0, 2, 2);
  auto ap = appraise(s, recs, 1);
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
  s.regimes[1].mechanisms = MechanismSet{};
  REQUIRE(s.regimes.size() == 2);
  auto recs = run_replications(s, {}, 5, 0, 3, 2);
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
  auto recs = run_replications(s, {}, s.seed, 0, 12, 2);
  auto ap = appraise(s, recs, 1);
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
