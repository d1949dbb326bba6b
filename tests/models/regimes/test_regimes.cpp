// Regimes on the same families with the same random draws.
#include <catch2/catch.hpp>

#include "models/appraisal/appraisal.h"
#include "models/appraisal/discounting.h"
#include "models/appraisal/optimism.h"
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

// The tiny scenario made to buy places: dearer arrests and bigger pots, with
// the pooled option's mechanisms `on` and the rest off.
std::vector<ReplicationRecord> boosted_tiny(MechanismSet on) {
  std::vector<std::string> sets = {
      "events.arrest.unit_cost=20000", "events.cp_referral.unit_cost=6000",
      "agencies.council.max_invest_share=0.3", "regimes.pooled.contributions.council=0.3",
      "regimes.pooled.contributions.police=0.3"};
  for (Mechanism m : kAllMechanisms)
    sets.push_back("regimes.pooled.mechanisms." + std::string(mechanism_name(m)) +
                   (on.has(m) ? "=true" : "=false"));
  if (on.has(Mechanism::payment_by_results))
    sets.push_back(
        "regimes.pooled.payment_by_results={intervention: family_support, payer: police, "
        "results_gbp: 2000, expected_share: 0.5, rule: {falls: {arrest: 0.5, cp_referral: 0.5}, "
        "require: any}}");
  Scenario s = load_scenario_text(test::kTinyScenario, "tiny", sets).scenario;
  return run_replications(s, {}, s.seed, 0, 2, 2);
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
  const auto with = boosted_tiny;
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

TEST_CASE("places bought from an agency's own pot are charged to it, from the fund by shares",
          "[regimes][artefacts]") {
  // The tiny scenario made to buy places (see above). With the pooled view
  // but each agency's own money, the council buys family support from its
  // own pot and pays for every place; the police, with no intervention of its
  // own, pays nothing for prevention. From the fund, each bought place falls
  // on the members by what they put in: 0.3 x 0.40m against 0.3 x 0.52m.
  const auto run_with = boosted_tiny;
  const auto preventive = [](const RegimeRecord& g, std::size_t a) {
    return g.spend[a * kCategories + kPreventive];  // year 0 (its first A x categories)
  };
  const std::size_t council = 0, police = 1, support = 3;
  const auto view = MechanismSet{}.with(Mechanism::view);
  for (const auto& r : run_with(view)) {
    const RegimeRecord& g = r.regimes[1];
    REQUIRE(g.places_bought[support] > 0.0);
    CHECK(preventive(g, police) == 0.0);
    CHECK(preventive(g, council) > preventive(r.regimes[0], council));
  }
  const double w_police = 0.40 / (0.40 + 0.52);
  for (const auto& r : run_with(view.with(Mechanism::money))) {
    const RegimeRecord& g = r.regimes[1];
    const double bought = g.places_bought[support];
    REQUIRE(bought > 0.0);
    const double place = preventive(g, police) / (w_police * bought);  // the drawn place cost
    CHECK(preventive(g, council) == Approx((5.0 + (1.0 - w_police) * bought) * place));
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
  // ration or overspend here: set-up costs count against budgets, and could
  // bring rationing or a cut in prevention forward.)
  auto sets = all_off();
  sets.back() = "regimes.pooled.mechanisms.setup=true";
  sets.push_back("time.warmup_years=1");
  sets.push_back("agencies.council.rationing_at=10");
  sets.push_back("agencies.police.rationing_at=10");
  sets.push_back("agencies.council.budget=1.0e9");
  sets.push_back("agencies.police.budget=1.0e9");
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

TEST_CASE("default scenario: common random numbers make the paired comparison precise",
          "[regimes][default]") {
  // Every regime sees the same families and draws, so the standard error of
  // the mean NPV (a paired difference) is far below what independent runs of
  // the two regimes would give. No test here asserts which regime is cheaper:
  // that is the model's answer, whatever it is.
  Scenario s = load_scenario_text(default_scenario_text(), "default").scenario;
  auto recs = run_replications(s, {}, s.seed, 0, 12, 2);
  auto ap = appraise(s, recs, 1);
  CHECK(ap.paired_se < 0.5 * ap.unpaired_se);
  // Regimes share the families: every regime holds the same number each year.
  for (const auto& r : recs)
    for (std::size_t g = 1; g < r.regimes.size(); ++g)
      CHECK(r.regimes[g].families == r.regimes[0].families);
}

TEST_CASE("the joint team is a cost of the option, so double running is one", "[regimes]") {
  // The tiny scenario's pooled regime assesses with a joint team of 8 places
  // at £16,000 a year and keeps the agencies' own teams for one year.
  const Scenario s = load_scenario_text(test::kTinyScenario, "tiny").scenario;
  const auto recs = run_replications(s, {}, s.seed, 0, 2, 1);
  const std::size_t A = s.agencies.size(), Y = static_cast<std::size_t>(s.years);
  const auto at = [&](const RegimeRecord& g, std::size_t t, int c) {
    double v = 0.0;
    for (std::size_t a = 0; a < A; ++a) v += g.spend[(t * A + a) * kCategories + c];
    return v;
  };
  const Appraisal ap = appraise(s, recs, 1);
  for (std::size_t r = 0; r < recs.size(); ++r) {
    const RegimeRecord &sil = recs[r].regimes[0], &pool = recs[r].regimes[1];
    double extra = 0.0, joint = 0.0;
    for (std::size_t t = 0; t < Y; ++t) {
      CHECK(at(sil, t, kJointTeam) == 0.0);
      CHECK(at(pool, t, kJointTeam) >= 8 * 16000.0);
      if (t >= 2) CHECK(at(pool, t, kAssessment) == 0.0);  // the old teams are gone
      const double df = ap.discount[t];
      joint += df * at(pool, t, kJointTeam);
      extra += df * (at(pool, t, kPreventive) + at(pool, t, kSetup) - at(sil, t, kPreventive) -
                     at(sil, t, kSetup));
    }
    // Costs are the extra prevention and set-up, and the joint team; the
    // agencies' own assessment teams, kept in the first year, add nothing to
    // the benefits then.
    CHECK(ap.costs_pv[r] == Approx(extra + joint).epsilon(1e-12));
    CHECK(at(pool, 0, kAssessment) == Approx(at(sil, 0, kAssessment)).epsilon(1e-12));
  }
}

TEST_CASE("optimism bias is booked by the evidence behind each unit cost", "[regimes][optimism]") {
  // The tiny scenario: every unit cost untagged (assumed) but the key
  // worker's, which is drawn; costs +41%, benefits -20%.
  const Scenario s = load_scenario_text(test::kTinyScenario, "tiny").scenario;
  const std::size_t cells = static_cast<std::size_t>(s.years) * s.agencies.size() * kCategories;
  ReplicationRecord rec;
  for (Index g = 0; g < 2; ++g) rec.regimes.push_back(run_regime(s, g, s.seed, 1));
  // Every amount posted is booked under some evidence, so the parts add up.
  bool drawn = false;
  for (const RegimeRecord& g : rec.regimes) {
    REQUIRE(g.spend_graded.size() == cells * kEvidenceKinds);
    for (std::size_t i = 0; i < cells; ++i) {
      double parts = 0.0;
      for (std::size_t e = 0; e < kEvidenceKinds; ++e)
        parts += g.spend_graded[i * kEvidenceKinds + e];
      CHECK(parts == Approx(g.spend[i]).margin(1e-6));
      drawn |= g.spend_graded[i * kEvidenceKinds + 3] != 0.0;
      // Nothing in the tiny scenario is tagged [V] or [S].
      CHECK(g.spend_graded[i * kEvidenceKinds + 0] == 0.0);
      CHECK(g.spend_graded[i * kEvidenceKinds + 1] == 0.0);
    }
  }
  CHECK(drawn);  // the key worker's places
  // By hand: the option's saving by evidence, discounted, then the rule.
  const std::vector<double> df = discount_factors(s.appraisal.discount, s.years);
  GradedSaving cost{}, benefit{};
  for (std::size_t i = 0; i < cells; ++i) {
    const int c = static_cast<int>(i % kCategories);
    const double d = df[i / (cells / static_cast<std::size_t>(s.years))];
    for (std::size_t e = 0; e < kEvidenceKinds; ++e) {
      const double saved = rec.regimes[0].spend_graded[i * kEvidenceKinds + e] -
                           rec.regimes[1].spend_graded[i * kEvidenceKinds + e];
      if (c == kPreventive || c == kSetup || c == kJointTeam) cost[e] += d * saved;
      if (c == kReactive || c == kReactiveCashable || c == kAssessment) benefit[e] += d * saved;
    }
  }
  auto factor = [](double saving, double uplift, double haircut) {
    return saving < 0.0 ? 1.0 + uplift : 1.0 - haircut;
  };
  const double costs = -(cost[2] * factor(cost[2], 0.41, 0.2) + cost[3]);
  const double benefits = benefit[2] * factor(benefit[2], 0.41, 0.2) + benefit[3];
  settle_optimism(s, rec);
  CHECK(rec.regimes[0].spend_graded.empty());
  const Appraisal ap = appraise(s, {rec}, 1);
  CHECK(ap.costs_pv_adjusted[0] == Approx(costs).epsilon(1e-12));
  CHECK(ap.benefits_pv_adjusted[0] == Approx(benefits).epsilon(1e-12));
  CHECK(ap.npv_adjusted[0] == Approx(benefits - costs).epsilon(1e-12));
  CHECK(ap.costs_pv[0] == Approx(-(cost[2] + cost[3])).epsilon(1e-12));
  // A run settles its records the same way.
  const auto run = run_replications(s, {}, s.seed, 1, 1, 1);
  CHECK(appraise(s, run, 1).npv_adjusted[0] == ap.npv_adjusted[0]);
}

TEST_CASE("with no optimism bias the adjusted figures are the unadjusted ones",
          "[regimes][optimism]") {
  const Scenario s =
      load_scenario_text(test::kTinyScenario, "tiny",
                         {"appraisal.optimism_bias.costs=0", "appraisal.optimism_bias.benefits=0"})
          .scenario;
  const Appraisal ap = appraise(s, run_replications(s, {}, s.seed, 0, 2, 1), 1);
  for (std::size_t r = 0; r < 2; ++r) {
    CHECK(ap.costs_pv_adjusted[r] == Approx(ap.costs_pv[r]).epsilon(1e-12));
    CHECK(ap.benefits_pv_adjusted[r] == Approx(ap.benefits_pv[r]).epsilon(1e-12));
    CHECK(ap.npv_adjusted[r] == Approx(ap.npv[r]).epsilon(1e-9));
  }
}

TEST_CASE("a need whose high level is drawn books that level as drawn", "[regimes][optimism]") {
  const Scenario s =
      load_scenario_text(test::kTinyScenario, "tiny",
                         {"needs.dimensions.crime.cost_per_year=[300, {dist: uniform, min: 1400, "
                          "max: 1600}]",
                          "population.leave_per_year=0"})
          .scenario;
  const RegimeRecord g = run_regime(s, 0, s.seed, 0);
  const std::size_t A = s.agencies.size(), police = 1;
  double assumed = 0.0, drawn = 0.0, total = 0.0;
  for (std::size_t t = 0; t < static_cast<std::size_t>(s.years); ++t) {
    const std::size_t i = (t * A + police) * kCategories + kReactive;
    assumed += g.spend_graded[i * kEvidenceKinds + 2];
    drawn += g.spend_graded[i * kEvidenceKinds + 3];
    total += g.spend[i];
  }
  // The police's reactive spend: arrests, crime at moderate need (assumed)
  // and crime at high need (drawn), each under its own evidence.
  CHECK(assumed > 0.0);
  CHECK(drawn > 0.0);
  CHECK(assumed + drawn == Approx(total).epsilon(1e-12));
}
