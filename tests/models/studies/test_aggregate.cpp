// Aggregates: the scaling-up arithmetic on hand-built places, the
// between-place draws against their distribution, and aggregate files'
// errors at their places.
#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>

#include <unistd.h>

#include "models/results/results.h"
#include "models/scenario/load.h"
#include "models/studies/aggregate.h"
#include "models/studies/precision_run.h"
#include "sim/stats/summary.h"
#include "tiny_scenarios.h"

using namespace placesim;
using namespace placesim::models;
namespace fs = std::filesystem;

namespace {

// Two places of 100 and 300 families standing for 1,000, two replications,
// two agencies; the naive place is the second.
AggregateResult two_places() {
  AggregateResult a;
  a.replications = 2;
  a.total = 1000.0;
  a.places = {"north", "south"};
  a.place_measure = {100.0, 300.0};
  a.place_families = {100.0, 300.0};
  a.agencies = {"council", "police"};
  a.place_npv = {1.0, 3.0, 2.0, 4.0};  // [rep][place]
  a.place_npv_adjusted = {0.5, 1.5, 1.0, 2.0};
  // [rep][place][agency]: each place's NPV split 3:1 between the agencies.
  a.place_agency_npv = {0.75, 0.25, 2.25, 0.75, 1.5, 0.5, 3.0, 1.0};
  a.naive = 1;
  a.naive_own_npv = {6.0, 9.0};
  a.naive_own_npv_adjusted = {3.0, 4.5};
  return a;
}

// A folder of this process's own: ctest runs each test case as a process of
// its own, two at a time, and two writing one file would race.
fs::path scratch(const std::string& name) {
  const fs::path dir =
      fs::temp_directory_path() / ("placesim-test-aggregate-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  return dir / name;
}

void write(const fs::path& p, const std::string& text) { std::ofstream(p) << text; }

// An aggregate of the tiny scenario twice, from `rest` (YAML keys) on.
std::string aggregate_text(const std::string& rest) {
  return "placesim_aggregate: 1\nname: test\nscale_by: families\n"
         "total: {value: 6000, source: made up}\n" +
         rest;
}

const char* kZeroSpread =
    "between_places:\n  hazards: {sd: 0, source: none}\n  costs: {sd: 0, source: none}\n"
    "  effects: {sd: 0, source: none}\n";

std::string errors_of(const std::string& text) {
  try {
    (void)load_aggregate_text(text, "agg.yaml", scratch("").string());
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("the total is the places' NPV per unit of measure times the total", "[aggregate]") {
  AggregateResult a = two_places();
  scale_up(a);
  CHECK(a.scale() == 2.5);  // 1000 / (100 + 300)
  CHECK(a.npv == std::vector<double>{10.0, 15.0});
  CHECK(a.npv_adjusted == std::vector<double>{5.0, 7.5});
  // The naive figure: the second place alone, times 1000 / 300.
  CHECK(a.naive_npv[0] == Approx(20.0).epsilon(1e-15));
  CHECK(a.naive_npv[1] == Approx(30.0).epsilon(1e-15));
  CHECK(a.naive_npv_adjusted[1] == Approx(15.0).epsilon(1e-15));
  // By agency: 3:1 of the total, adding up to it.
  CHECK(a.agency_npv == std::vector<double>{7.5, 2.5, 11.25, 3.75});
}

TEST_CASE("shards share the replications out in order, each once", "[aggregate]") {
  using Share = std::pair<std::uint64_t, std::uint64_t>;
  CHECK(shard_share(5, 1, 3) == Share{0, 1});
  CHECK(shard_share(5, 2, 3) == Share{1, 2});
  CHECK(shard_share(5, 3, 3) == Share{3, 2});
  CHECK(shard_share(4, 1, 1) == Share{0, 4});
}

TEST_CASE("the between-place CV is over the places' mean NPV per family", "[aggregate]") {
  AggregateResult a = two_places();
  // Mean NPV per family: north 1.5 / 100 = 0.015, south 3.5 / 300.
  const double x = 0.015, y = 3.5 / 300.0, mean = (x + y) / 2;
  const double sd = std::abs(x - y) / std::sqrt(2.0);
  CHECK(between_place_cv(a) == Approx(sd / mean).epsilon(1e-12));
  a.places.pop_back();
  a.place_families.pop_back();
  CHECK(std::isnan(between_place_cv(a)));
}

TEST_CASE("a place's NPV is moved to the base year at the Green Book rate", "[aggregate]") {
  const Scenario s = load_scenario_text(test::kTinyScenario, "tiny").scenario;  // from 2011
  CHECK(to_base_year(s, 2011) == 1.0);
  CHECK(to_base_year(s, 2009) == Approx(1.0 / (1.035 * 1.035)).epsilon(1e-14));
  CHECK(to_base_year(s, 2013) == Approx(1.035 * 1.035).epsilon(1e-14));
}

TEST_CASE("place effects are lognormal with mean one and the stated sd", "[aggregate]") {
  PlaceSpreads spreads;
  spreads[0].sd = 0.3;
  spreads[1].sd = 0.0;
  spreads[2].sd = 0.8;
  constexpr std::size_t n = 20000;
  std::array<std::vector<double>, kPlaceEffects> logs, values;
  for (std::size_t r = 0; r < n; ++r) {
    const PlaceEffects e = draw_place_effects(spreads, 11, r, 3);
    for (std::size_t k = 0; k < kPlaceEffects; ++k) {
      logs[k].push_back(std::log(e[k]));
      values[k].push_back(e[k]);
    }
  }
  for (std::size_t k : {0u, 2u}) {
    const double sd = spreads[k].sd;
    const sim::Summary l = sim::summarize(logs[k]), v = sim::summarize(values[k]);
    CHECK(std::abs(l.mean + 0.5 * sd * sd) < 4.0 * sd / std::sqrt(double(n)));
    CHECK(std::abs(l.sd - sd) < 4.0 * sd / std::sqrt(2.0 * n));
    CHECK(std::abs(v.mean - 1.0) < 4.0 * v.se);
  }
  CHECK(sim::summarize(values[1]).sd == 0.0);
  CHECK(values[1][0] == 1.0);
  // One sd changed leaves the other draws as they were.
  PlaceSpreads other = spreads;
  other[0].sd = 0.0;
  CHECK(draw_place_effects(other, 11, 5, 3)[2] == draw_place_effects(spreads, 11, 5, 3)[2]);
  // Places and replications draw apart.
  CHECK(draw_place_effects(spreads, 11, 5, 3)[0] != draw_place_effects(spreads, 11, 5, 4)[0]);
  CHECK(place_seed(11, 0) != place_seed(11, 1));
}

TEST_CASE("places draw a national value alike, by its key path", "[aggregate]") {
  const Scenario s = load_scenario_text(test::kTinyScenario, "tiny").scenario;
  // Two of its values are uncertain: a cost, then an effect.
  const ModelParams a = draw_params(s, {1, 4}, 17), b = draw_params(s, {2, 4}, 17);
  REQUIRE(a.drawn.size() == 2);
  CHECK(a.drawn == b.drawn);
  CHECK(a.drawn != draw_params(s, {1, 4}).drawn);      // not the place's own draws
  CHECK(a.drawn != draw_params(s, {1, 5}, 17).drawn);  // each replication draws afresh
  // A place that fixes the first still draws the second as the others do.
  const Scenario fixed = load_scenario_text(test::kTinyScenario, "tiny",
                                            {"services.family_support.cost_per_place_year=10000"})
                             .scenario;
  const ModelParams c = draw_params(fixed, {3, 4}, 17);
  REQUIRE(c.drawn.size() == 1);
  CHECK(c.drawn[0] == a.drawn[1]);
  CHECK(c.drawn_paths[0] == a.drawn_paths[1]);
}

TEST_CASE("place effects multiply hazards, every cost and true effects", "[aggregate]") {
  ModelParams m;
  m.events.push_back({});
  m.events[0].rate = 0.1;
  m.events[0].unit_cost = 600;
  m.events[0].episode_cost_per_day = 10;
  m.needs.push_back({});
  m.needs[0].cost_per_day = {1.0, 2.0};
  m.services.push_back({});
  m.services[0].cost_per_episode = 50;
  m.services[0].cost_per_place_year = 9000;
  m.services[0].reduction = {{0, 0.4}};
  m.services[0].belief = {{0, 0.4}};
  m.services[0].improve = 1.5;
  m.services[0].escalate = 0.6;
  m.setup_costs = {{}, {1000.0}};
  apply_place_effects(m, {2.0, 3.0, 0.5});
  CHECK(m.events[0].rate == 0.2);
  CHECK(m.events[0].unit_cost == 1800);
  CHECK(m.events[0].episode_cost_per_day == 30);
  CHECK(m.needs[0].cost_per_day == std::array<double, 2>{3.0, 6.0});
  CHECK(m.services[0].cost_per_episode == 150);
  CHECK(m.services[0].cost_per_place_year == 27000);
  CHECK(m.services[0].reduction[0].second == 0.2);
  CHECK(m.services[0].belief[0].second == 0.4);  // what commissioners expect is unchanged
  CHECK(m.services[0].improve == 1.25);
  CHECK(m.services[0].escalate == 0.8);
  CHECK(m.setup_costs[1][0] == 3000);
  CHECK(m.budget_scale == 6.0);
}

TEST_CASE("aggregate files: every problem at its file, line and key path", "[aggregate]") {
  write(scratch("tiny.yaml"), test::kTinyScenario);
  const std::string places = "places:\n  a: {scenario: tiny.yaml}\n  b: {scenario: tiny.yaml}\n";
  CHECK(errors_of(aggregate_text(std::string(kZeroSpread) + places)).empty());
  CHECK_THAT(errors_of(aggregate_text(places)),
             Catch::Contains("agg.yaml:1:1: between_places: missing required key"));
  std::string bad = kZeroSpread;
  bad.replace(bad.find("sd: 0, source: none}\n  effects"), 5, "sd: 3");
  CHECK_THAT(errors_of(aggregate_text(bad + places)),
             Catch::Contains("agg.yaml:7:15: between_places.costs.sd: value 3 is out of range") &&
                 Catch::Contains("a number from 0 to 2 (log scale)"));
  CHECK_THAT(errors_of(aggregate_text(std::string(kZeroSpread) + places + "naive: c\n")),
             Catch::Contains("naive:") && Catch::Contains("a, b"));
  CHECK_THAT(errors_of(aggregate_text(std::string(kZeroSpread) + places)
                           .replace(aggregate_text("").find("families"), 8, "population")),
             Catch::Contains("places.a.measure: missing required key 'measure'"));
  CHECK_THAT(errors_of(aggregate_text(std::string(kZeroSpread) +
                                      "places:\n  a: {scenario: missing.yaml}\n")),
             Catch::Contains("places.a.scenario: cannot read the scenario"));
  // A place's own mistake is named in its own file.
  std::string broken = test::kTinyScenario;
  broken.replace(broken.find("capacity: 6"), 11, "capacity: -6");
  write(scratch("broken.yaml"), broken);
  CHECK_THAT(
      errors_of(
          aggregate_text(std::string(kZeroSpread) + "places:\n  a: {scenario: broken.yaml}\n")),
      Catch::Contains("broken.yaml:") && Catch::Contains("services.council_assessment.capacity"));
  // Places must share a price base.
  write(scratch("later.yaml"), test::kTinyScenario + "money: {price_base_year: 2012}\n");
  CHECK_THAT(errors_of(aggregate_text(std::string(kZeroSpread) +
                                      "places:\n  a: {scenario: tiny.yaml}\n  b: {scenario: "
                                      "later.yaml}\n")),
             Catch::Contains("places.b: its money is in 2012 prices, but a's is in 2011 prices"));
}

TEST_CASE("with no between-place spread, a place's run is its naive run, bit for bit",
          "[aggregate]") {
  write(scratch("tiny.yaml"), test::kTinyScenario);
  const std::string places =
      "places:\n  a: {scenario: tiny.yaml}\n  b: {scenario: tiny.yaml, set: [seed=3]}\nnaive: b\n";
  const AggregateSpec flat = load_aggregate_text(aggregate_text(std::string(kZeroSpread) + places),
                                                 "agg.yaml", scratch("").string());
  REQUIRE(flat.places.size() == 2);
  CHECK(flat.places[0].measure == 300.0);
  const AggregatePlan plan{2, 0, 17, 1, nullptr};
  const AggregateResult a = run_aggregate(flat, plan);
  for (std::size_t r = 0; r < 2; ++r) CHECK(a.place_npv[r * 2 + 1] == a.naive_own_npv[r]);
  // Places run under seeds of their own, so their NPVs differ.
  CHECK(a.place_npv[0] != a.place_npv[1]);
  // Each place is a plain run of its scenario under its place seed, with the
  // national values drawn under the aggregate's.
  RunPlan one;
  one.replications = 2;
  one.seed = place_seed(17, 0);
  one.threads = 1;
  one.draw = [](const Scenario& sc, sim::StreamKey key) { return draw_params(sc, key, 17); };
  const Scenario& s = *flat.places[0].scenario;
  ResultsBuilder built(s, one.seed, "");
  (void)run_plan(s, one, built);
  const Results direct = built.finish();
  CHECK(a.place_npv[0] == direct.appraisal->npv[0]);
  CHECK(a.place_npv[2] == direct.appraisal->npv[1]);
  // A spread changes the places, not the naive run.
  std::string spread = kZeroSpread;
  spread.replace(spread.find("sd: 0"), 5, "sd: 0.5");
  const AggregateResult b = run_aggregate(
      load_aggregate_text(aggregate_text(spread + places), "agg.yaml", scratch("").string()), plan);
  CHECK(b.naive_own_npv == a.naive_own_npv);
  CHECK(b.place_npv[0] != a.place_npv[0]);
}
