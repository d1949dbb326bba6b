// Emulated evaluations on a scenario whose truth is known by construction:
// pooling buys places of an intervention (the council alone never would: the
// savings are the police's), for families selected at high need, whose needs
// improve on their own.
#include <catch2/catch.hpp>

#include <cmath>
#include <memory>
#include <stdexcept>

#include "models/appraisal/appraisal.h"
#include "models/family/family_sim.h"
#include "models/family/model_params.h"
#include "models/regimes/evaluation.h"
#include "models/regimes/replication.h"
#include "models/regimes/rules.h"
#include "models/scenario/load.h"
#include "sim/stats/summary.h"

using namespace placesim;
using namespace placesim::models;

namespace {

std::string scenario(double scale) {
  return "placesim: 1\nname: evaluation\ntime: {start_year: 2011, years: 4, warmup_years: 1}\n"
         "agencies: {council: {budget: 1.0e9, max_invest_share: 0.01}, police: {budget: 1.0e9}}\n"
         "needs:\n  unmet_days: 0\n  dimensions:\n"
         "    crime: {owner: council, prevalence: [0.5, 0.3, 0.2], escalate_per_year: [0.3, 0.3],"
         " improve_per_year: [0.5, 0.5], cost_per_year: [500, 3000], payer: police}\n"
         "population: {families: 3000}\n"
         "events: {arrest: {rate_per_year: 0.2, needs: {crime: [3, 10]}, unit_cost: 2000,"
         " payer: police}}\n"
         "services:\n  support: {agency: council, kind: intervention, capacity: 0, max_places: 60,"
         " duration: 180, cost_per_place_year: 4000, eligible: {needs: [crime], min_level: high},"
         " effect: {events: {arrest: 0.5}, improve: 2.0, escalate: 0.5, persistence_years: 1,"
         " scale: " +
         std::to_string(scale) +
         "}}\n"
         "targeting: {accuracy: 1}\n"
         "regimes: {siloed: {}, pooled: {}}\n"
         "evaluation: {intervention: support, trial: 0.5, results_rule: {falls: {arrest: 0.33}}}\n";
}

std::vector<double> design(const std::vector<ReplicationRecord>& recs, Design d) {
  std::vector<double> v;
  for (const auto& r : recs) v.push_back(r.evaluation->estimate[static_cast<std::size_t>(d)]);
  return v;
}

}  // namespace

TEST_CASE("in a null world the trial and the truth find nothing; before-after finds a saving",
          "[evaluation]") {
  Scenario s = load_scenario_text(scenario(0.0), "null").scenario;
  auto recs = run_replications(s, {}, 3, 0, 12, 2);
  REQUIRE(recs[0].evaluation);
  CHECK(recs[0].evaluation->families > 50);  // the designs have families to measure
  // Nothing differs between the regimes for these families but places that do nothing.
  for (double x : design(recs, Design::true_effect)) CHECK(x == Approx(0.0).margin(1e-6));
  const sim::Summary rct = sim::summarize(design(recs, Design::rct));
  INFO("rct " << rct.mean << " [" << rct.ci_low << ", " << rct.ci_high << "]");
  CHECK(rct.ci_low < 0.0);
  CHECK(rct.ci_high > 0.0);
  // Selected at high need, their needs improve on their own: regression to the mean.
  const sim::Summary ba = sim::summarize(design(recs, Design::before_after));
  INFO("before-after " << ba.mean << " [" << ba.ci_low << ", " << ba.ci_high << "]");
  CHECK(ba.ci_low > 0.0);
}

TEST_CASE("with a real effect the trial recovers the true effect", "[evaluation]") {
  Scenario s = load_scenario_text(scenario(1.0), "effect").scenario;
  auto recs = run_replications(s, {}, 3, 0, 12, 2);
  const auto rct = design(recs, Design::rct), truth = design(recs, Design::true_effect);
  const sim::Summary t = sim::summarize(truth), r = sim::summarize(rct);
  INFO("rct " << r.mean << " [" << r.ci_low << ", " << r.ci_high << "], true " << t.mean);
  CHECK(t.ci_low > 0.0);  // the effect is there to find
  CHECK(r.ci_low <= t.mean);
  CHECK(r.ci_high >= t.mean);
  // The results rule counts families the baseline would have turned around too.
  CHECK(recs[0].evaluation->turned_around_baseline > 0.0);
}

TEST_CASE("a claim made from the simulation's own before-after figure is met half the time",
          "[evaluation][treasury]") {
  Scenario s = load_scenario_text(scenario(1.0), "claim").scenario;
  auto recs = run_replications(s, {}, 3, 0, 11, 2);
  Claim c;
  c.first_year = 0;
  c.last_year = s.years - 1;
  c.basis = ClaimBasis::before_after;
  s.claims = {c};
  const Appraisal probe = appraise(s, recs, 1);
  s.claims[0].gbp = sim::summarize(probe.claims[0].simulated).median;
  CHECK(appraise(s, recs, 1).claims[0].probability == Approx(6.0 / 11.0));
  // On the net counterfactual basis the same figure is another question.
  s.claims[0].basis = ClaimBasis::net_counterfactual;
  CHECK(appraise(s, recs, 1).claims[0].simulated != probe.claims[0].simulated);
}

TEST_CASE("the baseline keeps only the years around measured entries and evaluates the same",
          "[evaluation]") {
  Scenario s = load_scenario_text(scenario(1.0), "real").scenario;
  const sim::StreamKey key{3, 1};
  const ModelParams params = draw_params(s, key);
  const RegimeRules base = baseline_rules(s);
  const Index o = s.evaluation->option;
  auto run = [&](Index g, HistoryRole role, const std::vector<std::int16_t>& measured) {
    const RegimeRules rules = option_rules(s, g, s.regimes[g].mechanisms);
    FamilySimulation sim(s, params, base, rules, key, make_history(s, role, measured));
    return sim.run().history;
  };
  const auto option = run(o, HistoryRole::option, {});
  const std::vector<std::int16_t> measured = measured_entries(*option);
  const auto kept = run(0, HistoryRole::baseline, measured);
  const auto full = run(0, HistoryRole::costs, {});  // every year of cost
  const EvaluationRecord a = evaluate(s, *kept, *option);
  // The option keeps the rule's counts only around its own entries, so the
  // full history is compared on costs alone: without the rule, evaluate()
  // reads no counts.
  Scenario no_rule = s;
  no_rule.evaluation->results_rule.falls.clear();
  const EvaluationRecord b = evaluate(no_rule, *full, *option);
  // The option's history in the baseline's place is refused.
  CHECK_THROWS_AS(evaluate(s, *option, *option), std::logic_error);
  REQUIRE(a.families > 50);
  CHECK(a.families == b.families);
  CHECK(a.turned_around_baseline > 0.0);  // the rule reads the baseline's counts
  for (Design d : {Design::before_after, Design::matched, Design::true_effect}) {
    const auto i = static_cast<std::size_t>(d);
    CHECK(a.estimate[i] == b.estimate[i]);
  }
  CHECK(a.estimate[static_cast<std::size_t>(Design::true_effect)] != 0.0);  // reads the baseline
  // Three years of the measured families, not every year of every family:
  // their cost and counts, and a bit for each family seen.
  const std::size_t k = s.evaluation->results_rule.falls.size();
  const auto m = static_cast<std::uint64_t>(a.families);
  CHECK(kept->bytes() <=
        3 * m * (sizeof(float) + k * sizeof(std::uint16_t)) + m * 2 + kept->families() / 8 + 1024);
  // The option, keeping its evidence alone, evaluates the same and has let
  // go of its families' years.
  const std::uint64_t before = option->bytes();
  const auto option_copy = std::make_shared<FamilyHistories>(*option);
  option_copy->keep_evidence_only();
  CHECK(option_copy->bytes() < before / 2);
  CHECK(option_copy->families() == option->families());
  const EvaluationRecord c = evaluate(s, *kept, *option_copy);
  for (std::size_t i = 0; i < c.estimate.size(); ++i)
    CHECK((c.estimate[i] == a.estimate[i] ||
           (std::isnan(c.estimate[i]) && std::isnan(a.estimate[i]))));
  CHECK(c.turned_around == a.turned_around);
  CHECK_THROWS_AS(option_copy->cost_in(0, s.simulated_years() - 1), std::logic_error);
  CHECK_THROWS_AS(option_copy->entry_year(0), std::logic_error);
}

TEST_CASE("running the evaluated option first changes no regime's numbers", "[evaluation]") {
  Scenario s = load_scenario_text(scenario(1.0), "real").scenario;
  const ReplicationRecord rec = run_replication(s, {}, 5, 2);
  REQUIRE(rec.evaluation);
  for (Index g = 0; g < s.regimes.size(); ++g) {
    INFO("regime " << g);
    const RegimeRecord alone = run_regime(s, g, 5, 2);  // no history, no other regime before it
    CHECK(rec.regimes[g].spend == alone.spend);
    CHECK(rec.regimes[g].events == alone.events);
    CHECK(rec.regimes[g].social_cost == alone.social_cost);
    CHECK(rec.regimes[g].families == alone.families);
    CHECK_FALSE(rec.regimes[g].history);  // let go once evaluated
  }
}
