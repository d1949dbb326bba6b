#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "models/family/model_params.h"
#include "models/scenario/load.h"
#include "sim/io/yaml_document.h"
#include "tiny_scenarios.h"

using namespace placesim;
using namespace placesim::models;

namespace {

std::string read(const std::string& rel) {
  std::ifstream in(std::string(PLACESIM_SOURCE_DIR) + "/" + rel);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

TEST_CASE("the embedded default is scenarios/default.yaml and loads", "[scenario]") {
  CHECK(default_scenario_text() == read("scenarios/default.yaml"));
  Scenario s = load_scenario_text(default_scenario_text(), kDefaultScenarioName).scenario;
  CHECK(s.families == 2000);
  CHECK(s.years == 10);
  CHECK(s.start_year == 2011);
  CHECK(s.agencies.size() == 4);
  CHECK(s.has_options());
  CHECK(s.regimes[0].key == "siloed");
  CHECK(s.regimes[0].baseline);
  CHECK(s.regimes[1].mechanisms == MechanismSet::all());
  CHECK(s.year_label(0) == "2011/12");
  CHECK(s.year_label(9) == "2020/21");
}

TEST_CASE("init output round-trips to the same scenario", "[scenario]") {
  Scenario a = load_scenario_text(default_scenario_text(), "a").scenario;
  // Written out by `placesim init`, then re-emitted without comments by the
  // YAML emitter: both read back as the same scenario.
  Diagnostics d;
  auto doc = parse_yaml(default_scenario_text(), "a", d);
  REQUIRE(doc);
  Scenario b = load_scenario_text(emit_yaml(doc->root), "b").scenario;
  CHECK(a.same_model(b));
}

TEST_CASE("money is converted to base-year prices with the GDP deflator", "[scenario]") {
  Scenario s = load_scenario_text(default_scenario_text(), "d").scenario;
  auto asb = std::find_if(s.events.begin(), s.events.end(),
                          [](const EventSpec& e) { return e.key == "asb_incident"; });
  REQUIRE(asb != s.events.end());
  CHECK(asb->unit_cost.value > 500.0);  // 2002/03 to 2011/12: test_gdp_deflator.cpp
  auto ae = std::find_if(s.events.begin(), s.events.end(),
                         [](const EventSpec& e) { return e.key == "ae_attendance"; });
  CHECK(ae->unit_cost.value == 109.0);  // already in base-year prices
}

TEST_CASE("overrides change values and are kept in the effective text", "[scenario]") {
  auto l = load_scenario_text(
      default_scenario_text(), "d",
      {"services.key_worker.capacity=80", "regimes.pooled.mechanisms.setup=false"});
  const Scenario& s = l.scenario;
  auto kw = std::find_if(s.services.begin(), s.services.end(),
                         [](const ServiceSpec& x) { return x.key == "key_worker"; });
  CHECK(kw->capacity == std::vector<std::uint32_t>(10, 80));
  CHECK_FALSE(s.regimes[1].mechanisms.has(Mechanism::setup));
  CHECK(s.regimes[1].mechanisms.has(Mechanism::view));
  Scenario again = load_scenario_text(s.effective_yaml, "again").scenario;
  CHECK(again.same_model(s));
}

TEST_CASE("uncertain values are distributions and listed in a fixed order", "[scenario]") {
  Scenario s = load_scenario_text(test::kTinyScenario, "tiny").scenario;
  auto paths = uncertain_paths(s);
  CHECK(paths == std::vector<std::string>{"services.family_support.cost_per_place_year",
                                          "services.family_support.effect.events.arrest"});
  auto p1 = draw_params(s, {7, 1}), p1b = draw_params(s, {7, 1}), p2 = draw_params(s, {7, 2});
  CHECK(p1.drawn == p1b.drawn);
  CHECK(p1.drawn != p2.drawn);
  CHECK(p1.drawn[0] >= 8000.0);
  CHECK(p1.drawn[0] <= 12000.0);
}

TEST_CASE("the validation network is the queueing core only", "[scenario]") {
  Scenario s =
      load_scenario_file(std::string(PLACESIM_SOURCE_DIR) + "/scenarios/validation/jackson.yaml")
          .scenario;
  CHECK(s.services.size() == 4);
  CHECK(s.arrivals.size() == 3);
  CHECK(s.agencies.empty());
  CHECK_FALSE(s.has_options());
  CHECK(s.services[0].on_exit.size() == 2);
}
