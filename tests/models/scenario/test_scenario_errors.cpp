// What a user sees when a scenario is wrong: the place, the key path, what is
// wrong and what is allowed; every problem in one pass.
#include <catch2/catch.hpp>

#include "models/scenario/load.h"
#include "tiny_scenarios.h"

using namespace placesim;
using namespace placesim::models;

namespace {

std::vector<Diagnostic> errors_of(const std::string& text,
                                  const std::vector<std::string>& sets = {}) {
  try {
    load_scenario_text(text, "s.yaml", sets);
  } catch (const InputError& e) {
    return e.diagnostics().all();
  }
  return {};
}

std::string replace(std::string text, const std::string& from, const std::string& to) {
  auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}

}  // namespace

TEST_CASE("an unknown key names its place, suggests the key and lists the allowed",
          "[scenario][errors]") {
  auto d = errors_of(replace(test::kTinyScenario, "    capacity: 3\n", "    capacty: 3\n"));
  REQUIRE(d.size() >= 1);
  CHECK(d[0].path == "services.police_assessment.capacty");
  CHECK(d[0].problem == "unknown key 'capacty'; did you mean 'capacity'?");
  CHECK_THAT(d[0].allowed, Catch::Contains("keys here: label, agency, kind, capacity"));
  CHECK(d[0].where.file == "s.yaml");
  CHECK(d[0].where.line == 59);
  CHECK(d[0].where.column == 5);
}

TEST_CASE("every problem is reported in one pass", "[scenario][errors]") {
  std::string t = replace(test::kTinyScenario, "rate_per_year: 0.1\n", "rate_per_year: -0.1\n");
  t = replace(t, "lost_referrals: 0.2", "lost_referrals: 1.2");
  t = replace(t, "into: council_assessment", "into: council_asessment");
  auto d = errors_of(t);
  REQUIRE(d.size() == 3);
  std::vector<std::string> paths;
  for (const auto& x : d) paths.push_back(x.path);
  CHECK_THAT(paths, Catch::VectorContains(std::string("events.arrest.rate_per_year")));
  CHECK_THAT(paths, Catch::VectorContains(std::string("regimes.siloed.lost_referrals")));
  CHECK_THAT(paths, Catch::VectorContains(std::string("arrivals.0.into")));
}

TEST_CASE("references list the names that exist", "[scenario][errors]") {
  auto d = errors_of(
      replace(test::kTinyScenario, "payer: police\n    refer", "payer: polce\n    refer"));
  REQUIRE(d.size() == 1);
  CHECK(d[0].problem == "unknown agency 'polce'; did you mean 'police'?");
  CHECK(d[0].allowed == "agency names are: council, police");
}

TEST_CASE("wrong types, NaN and out-of-range values say what is allowed", "[scenario][errors]") {
  auto d = errors_of(replace(test::kTinyScenario, "capacity: 6", "capacity: six"));
  REQUIRE(d.size() == 1);
  CHECK(d[0].problem == "expected a whole number, got 'six'");
  d = errors_of(replace(test::kTinyScenario, "unit_cost: 600", "unit_cost: .nan"));
  REQUIRE(d.size() == 1);
  CHECK(d[0].problem == "'.nan' is not a finite number");
  d = errors_of(replace(test::kTinyScenario, "correlation: 0.3", "correlation: 1"));
  REQUIRE(d.size() == 1);
  CHECK(d[0].allowed == "a number from 0 up to (not including) 1");
}

TEST_CASE("routing probabilities may not sum over 1", "[scenario][errors]") {
  auto d = errors_of(
      replace(test::kTinyScenario, "refer: [{to: police_assessment, p: 0.3}]",
              "refer: [{to: police_assessment, p: 0.7}, {to: council_assessment, p: 0.6}]"));
  REQUIRE(d.size() == 1);
  CHECK(d[0].path == "events.arrest.refer");
  CHECK(d[0].problem == "the probabilities add up to 1.3");
}

TEST_CASE("duplicate keys and missing keys are errors", "[scenario][errors]") {
  auto d = errors_of(replace(test::kTinyScenario, "seed: 7\n", "seed: 7\nseed: 8\n"));
  REQUIRE(d.size() == 1);
  CHECK_THAT(d[0].problem, Catch::StartsWith("duplicate key 'seed' (first given on line 5)"));
  d = errors_of(replace(test::kTinyScenario, "time: {start_year: 2011, years: 4}\n",
                        "time: {start_year: 2011}\n"));
  REQUIRE(d.size() == 1);
  CHECK(d[0].path == "time.years");
  CHECK(d[0].problem == "missing required key 'years'");
}

TEST_CASE("distributions must fit the range of the value they give", "[scenario][errors]") {
  auto d = errors_of(replace(test::kTinyScenario, "cp_referral: 0.3}",
                             "cp_referral: {dist: normal, mean: 0.3, sd: 0.1}}"));
  REQUIRE(d.size() == 1);
  CHECK_THAT(d[0].problem,
             Catch::Contains("a normal with these parameters can draw values outside"));
}

TEST_CASE("overrides are checked like the file and blamed on the --set", "[scenario][errors]") {
  auto d = errors_of(test::kTinyScenario, {"services.family_support.capacity=-5"});
  REQUIRE(d.size() == 1);
  CHECK(d[0].where.file == "--set services.family_support.capacity=-5");
  CHECK(d[0].path == "services.family_support.capacity");
  d = errors_of(test::kTinyScenario, {"services.family_suport.capacity=5"});
  REQUIRE(d.size() == 1);
  CHECK_THAT(d[0].problem, Catch::Contains("did you mean 'family_support'"));
  d = errors_of(test::kTinyScenario, {"seed"});
  REQUIRE(d.size() == 1);
  CHECK_THAT(d[0].problem, Catch::Contains("PATH=VALUE"));
}

TEST_CASE("the format line is as documented", "[scenario][errors]") {
  try {
    load_scenario_text("placesim: 2\nname: x\ntime: {start_year: 2011, years: 1}\n", "v.yaml");
    FAIL("should not load");
  } catch (const InputError& e) {
    CHECK(e.diagnostics().format() ==
          "placesim: error: v.yaml:1:11: placesim: format version 2 is not supported "
          "(this placesim reads format version 1)\n");
  }
}

TEST_CASE("a mixture prior is read, and its mistakes are named where they are",
          "[scenario][errors][mixture]") {
  const std::string beta = "{dist: beta, mean: 0.3, sd: 0.1}";
  const std::string mix =
      "{dist: mixture, components: [{p: 0.4, dist: point, value: 0}, "
      "{p: 0.6, dist: beta, mean: 0.3, sd: 0.1}]}";
  const Scenario s = load_scenario_text(replace(test::kTinyScenario, beta, mix), "s.yaml").scenario;
  bool found = false;
  for (const auto& sv : s.services) {
    for (const auto& e : sv.effect.events) {
      if (e.second.dist && e.second.dist->kind() == sim::DistKind::mixture) {
        found = true;
        CHECK(e.second.value == Approx(0.18));  // the mean stands for the point value
        CHECK(e.second.dist->has_point_mass());
      }
    }
  }
  CHECK(found);
  auto d = errors_of(replace(test::kTinyScenario, beta,
                             "{dist: mixture, components: [{p: 0.4, dist: point, value: 0}, "
                             "{p: 0.5, dist: beta, mean: 0.3, sd: 0.1}]}"));
  REQUIRE(d.size() == 1);
  CHECK(d[0].path == "services.family_support.effect.events.arrest.components");
  CHECK_THAT(d[0].problem, Catch::Contains("sum to 1"));
  CHECK(d[0].where.line == 78);  // the effect's line in kTinyScenario
  d = errors_of(replace(test::kTinyScenario, beta,
                        "{dist: mixture, components: [{p: 0.4, dist: point, value: 2}, "
                        "{p: 0.6, dist: beta, mean: 0.3, sd: 0.1}]}"));
  REQUIRE(d.size() == 1);
  CHECK(d[0].path == "services.family_support.effect.events.arrest.components.0");
  d = errors_of(replace(test::kTinyScenario, beta,
                        "{dist: mixture, components: [{p: 0.4, dist: mixture, components: []}, "
                        "{p: 0.6, dist: beta, mean: 0.3, sd: 0.1}]}"));
  REQUIRE(d.size() == 1);
  CHECK(d[0].path == "services.family_support.effect.events.arrest.components.0.dist");
  CHECK_THAT(d[0].problem, Catch::Contains("cannot itself be a mixture"));
  d = errors_of(replace(test::kTinyScenario, beta,
                        "{dist: mixture, components: [{dist: point, value: 0}, "
                        "{p: 0.6, dist: beta, mean: 0.3, sd: 0.1}]}"));
  REQUIRE(d.size() == 1);
  CHECK(d[0].path == "services.family_support.effect.events.arrest.components.0.p");
}
