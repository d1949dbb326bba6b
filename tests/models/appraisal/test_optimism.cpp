// Optimism bias line by line: grades from source tags, and the rule.
#include <catch2/catch.hpp>

#include "models/appraisal/optimism.h"
#include "models/family/ledger.h"
#include "models/scenario/evidence.h"
#include "models/scenario/load.h"

using namespace placesim::models;

namespace {

Scenario default_with(const std::vector<std::string>& overrides = {}) {
  return load_scenario_text(default_scenario_text(), kDefaultScenarioName, overrides).scenario;
}

const Param& service_cost(const Scenario& s, const std::string& name) {
  for (const ServiceSpec& sv : s.services) {
    if (sv.key == name) return sv.cost_per_place_year;
  }
  throw std::logic_error("no service " + name);
}

const EventSpec& event(const Scenario& s, const std::string& name) {
  for (const EventSpec& e : s.events) {
    if (e.key == name) return e;
  }
  throw std::logic_error("no event " + name);
}

}  // namespace

TEST_CASE("a unit cost's evidence is the tag on its line", "[optimism]") {
  const Scenario s = default_with();
  // cost_per_place_year: {gbp: 2604, price_year: 2012}  # ... [V]
  CHECK(evidence_of(s, service_cost(s, "substance_treatment")) == Evidence::verified);
  CHECK(evidence_of(s, service_cost(s, "parenting")) == Evidence::assumed);           // [U]
  CHECK(evidence_of(s, service_cost(s, "key_worker")) == Evidence::drawn);            // uniform
  CHECK(evidence_of(s, service_cost(s, "council_assessment")) == Evidence::assumed);  // [V] and [U]
  CHECK(evidence_of(s, event(s, "arrest").unit_cost) == Evidence::verified);
  CHECK(evidence_of(s, event(s, "custody").episode->cost_per_week) == Evidence::verified);
  CHECK(evidence_of(s, event(s, "community_sentence").episode->cost_per_week) == Evidence::drawn);
  CHECK(graded(s, "regimes.pooled.setup_costs.1") == Evidence::assumed);
  CHECK(graded(s, "no.such.key") == Evidence::assumed);  // untagged: assumed
  // A sibling key that only starts the same way is not its parent.
  CHECK(graded(s, "events.arrest.unit_costly") == Evidence::assumed);
}

TEST_CASE("an override keeps the grade of the line it replaces", "[optimism]") {
  const Scenario s = default_with({"events.arrest.unit_cost=900"});
  CHECK(event(s, "arrest").unit_cost.value == 900.0);
  CHECK(evidence_of(s, event(s, "arrest").unit_cost) == Evidence::verified);
  const Scenario d = default_with({"events.arrest.unit_cost={dist: uniform, min: 500, max: 700}"});
  CHECK(evidence_of(d, event(d, "arrest").unit_cost) == Evidence::drawn);
}

TEST_CASE("optimism bias is one share for every grade or one per grade", "[optimism]") {
  const Scenario flat = default_with({"appraisal.optimism_bias.costs=0.3"});
  CHECK(flat.appraisal.optimism_costs == std::array<double, 3>{0.3, 0.3, 0.3});
  const Scenario def = default_with();
  CHECK(def.appraisal.optimism_costs == std::array<double, 3>{0.05, 0.15, 0.41});
  CHECK(def.appraisal.optimism_benefits == std::array<double, 3>{0.05, 0.15, 0.40});
  CHECK(cost_factors(def.appraisal) == std::array<double, 4>{1.05, 1.15, 1.41, 1.0});
  CHECK(benefit_factors(def.appraisal) == std::array<double, 4>{0.95, 0.85, 0.6, 1.0});
  CHECK_THROWS_WITH(
      default_with({"appraisal.optimism_bias.benefits={V: 0.1, S: 0.2, U: 1.5}"}),
      Catch::Contains("appraisal.optimism_bias.benefits.U") && Catch::Contains("out of range"));
  CHECK_THROWS_WITH(default_with({"appraisal.optimism_bias.costs={V: 0.1, U: 0.5}"}),
                    Catch::Contains("appraisal.optimism_bias.costs") && Catch::Contains("S"));
  CHECK_THROWS_WITH(default_with({"appraisal.optimism_bias.costs={V: 0.1, S: 0.2, U: 0.5, X: 1}"}),
                    Catch::Contains("X"));
}

TEST_CASE("optimism bias never flatters the option", "[optimism]") {
  AppraisalSpec a;
  a.optimism_costs = {0.05, 0.15, 0.41};
  a.optimism_benefits = {0.05, 0.15, 0.40};
  // [V] spend avoided (cut 5%), [S] spend added (raised 15%), [U] spend
  // avoided (cut 40%), drawn spend added (as it is).
  const GradedSaving saving{100.0, -20.0, 50.0, -7.0};
  CHECK(after_optimism(a, saving) == Approx(95.0 - 23.0 + 30.0 - 7.0).epsilon(1e-15));
  // Any saving after the bias is no larger than before it, grade by grade.
  for (double x : {-3.0, 0.0, 4.0}) {
    for (std::size_t e = 0; e < 4; ++e) {
      GradedSaving one{};
      one[e] = x;
      CHECK(after_optimism(a, one) <= x);
    }
  }
}

TEST_CASE("the ledger keeps each amount under its evidence", "[optimism][ledger]") {
  Ledger l(2, 1, 100.0);
  l.post(0, 0, kReactive, 10.0, Evidence::verified);
  l.post(0, 0, kReactive, 5.0, Evidence::assumed);
  l.accrue(50.0, 150.0, 1.0, 0, kReactive, Evidence::drawn);
  CHECK(l.at(0, 0, kReactive) == 65.0);
  CHECK(l.graded(0, 0, kReactive, Evidence::verified) == 10.0);
  CHECK(l.graded(0, 0, kReactive, Evidence::secondary) == 0.0);
  CHECK(l.graded(0, 0, kReactive, Evidence::assumed) == 5.0);
  CHECK(l.graded(0, 0, kReactive, Evidence::drawn) == 50.0);
  CHECK(l.graded(1, 0, kReactive, Evidence::drawn) == 50.0);
}

TEST_CASE("a scenario written out merged or overridden keeps its grades", "[optimism]") {
  // Sweeps, switch, posterior runs and reruns from a results file load the
  // effective text: the tags the grades come from must survive it.
  const Scenario s = default_with({"events.arrest.unit_cost=900"});
  REQUIRE(s.effective_yaml != default_scenario_text());  // written out, not as read
  const Scenario again = load_scenario_text(s.effective_yaml, "effective").scenario;
  CHECK(event(again, "arrest").unit_cost.value == 900.0);
  CHECK(evidence_of(again, event(again, "arrest").unit_cost) == Evidence::verified);
  CHECK(evidence_of(again, service_cost(again, "parenting")) == Evidence::assumed);
  CHECK(evidence_of(again, service_cost(again, "substance_treatment")) == Evidence::verified);
  std::size_t tagged = 0, tagged_again = 0;
  for (const Assumption& a : s.assumptions) tagged += a.tag.size() == 1 ? 1 : 0;
  for (const Assumption& a : again.assumptions) tagged_again += a.tag.size() == 1 ? 1 : 0;
  CHECK(tagged_again == tagged);
  // The log keeps the overridden line's grade, not its old value.
  bool seen = false;
  for (const Assumption& a : s.assumptions) {
    if (a.key != "events.arrest.unit_cost" || a.tag != "V") continue;
    seen = true;
    CHECK(a.value.find("overridden") != std::string::npos);
  }
  CHECK(seen);
}

TEST_CASE("a value drawn from a calibration's posterior counts as drawn", "[optimism]") {
  Scenario s = default_with();
  const std::string key = "needs.dimensions.crime.cost_per_year";
  CHECK(graded(s, key + ".1") == Evidence::assumed);  // tagged [U]
  s.assumptions.push_back({key, "", kPosteriorTag, "", ""});
  CHECK(graded(s, key + ".1") == Evidence::drawn);
  CHECK(graded(s, key + "_other") == Evidence::assumed);
}

TEST_CASE("a tag on a key whose value spans the lines below survives a write-out", "[optimism]") {
  // The crime need's costs as a block list tagged at its key: written out
  // overridden, the list goes on its key's line so that the tag stays its own.
  std::string text(default_scenario_text());
  const auto at = text.find("      cost_per_year: [1500, 6000]");
  REQUIRE(at != std::string::npos);
  text.replace(at, text.find('\n', at) - at,
               "      cost_per_year:  # police records [V]\n        - 1500\n        - 6000");
  const Scenario s = load_scenario_text(text, "blocks.yaml", {"seed=3"}).scenario;
  const auto& crime = s.needs[0];
  REQUIRE(crime.key == "crime");
  CHECK(evidence_of(s, crime.cost_per_year[1]) == Evidence::verified);
  const Scenario again = load_scenario_text(s.effective_yaml, "effective").scenario;
  CHECK(evidence_of(again, again.needs[0].cost_per_year[0]) == Evidence::verified);
  CHECK(evidence_of(again, again.needs[0].cost_per_year[1]) == Evidence::verified);
  CHECK(again.needs[0].cost_per_year[1].value == crime.cost_per_year[1].value);
}
