#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "models/regimes/replication.h"
#include "models/results/results.h"
#include "models/scenario/load.h"
#include "sim/io/h5.h"
#include "sim/io/output_set.h"
#include "tiny_scenarios.h"

using namespace placesim;
using namespace placesim::models;
namespace fs = std::filesystem;

namespace {

Results tiny_results(bool decompose = false) {
  Scenario s = load_scenario_text(test::kTinyScenario, "tiny.yaml").scenario;
  RunSettings run;
  run.decompose = decompose;
  auto records = run_replications(s, run, s.seed, 0, 3, 1);
  return collect_results(s, records, s.seed, "test");
}

// A fresh folder per file, so a test can see everything left beside it.
fs::path scratch(const std::string& name) {
  fs::path dir = fs::temp_directory_path() / ("placesim-test-h5-" + name);
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir / name;
}

}  // namespace

TEST_CASE("a results file reads back exactly as written", "[results][h5]") {
  Results r = tiny_results(true);
  fs::path p = scratch("roundtrip.h5");
  {
    sim::OutputSet out(false);
    write_results_h5(r, out.add(p, "results file"));
    out.commit();
  }
  Results back = read_results_h5(p.string());
  CHECK(back.scenario_yaml == r.scenario_yaml);
  CHECK(back.seed == r.seed);
  CHECK(back.replications == 3);
  CHECK(back.agencies == r.agencies);
  CHECK(back.years == std::vector<std::string>{"2011/12", "2012/13", "2013/14", "2014/15"});
  REQUIRE(back.runs.size() == r.runs.size());
  for (std::size_t g = 0; g < r.runs.size(); ++g) {
    CHECK(back.runs[g].name == r.runs[g].name);
    CHECK(back.runs[g].spend_by_category == r.runs[g].spend_by_category);
    CHECK(back.runs[g].events == r.runs[g].events);
    CHECK(back.runs[g].wait_days == r.runs[g].wait_days);
    CHECK(back.runs[g].rationing_days == r.runs[g].rationing_days);
    CHECK(back.runs[g].family_years == r.runs[g].family_years);
    CHECK(!r.runs[g].subgroup_spend.empty());
    CHECK(back.runs[g].subgroup_spend == r.runs[g].subgroup_spend);
    CHECK(back.runs[g].subgroup_families == r.runs[g].subgroup_families);
    CHECK(back.runs[g].subgroup_worked_with == r.runs[g].subgroup_worked_with);
    CHECK(!r.runs[g].metrics.empty());
    CHECK(back.runs[g].metrics == r.runs[g].metrics);
  }
  CHECK(back.metrics == r.metrics);
  REQUIRE(back.appraisal);
  CHECK(back.appraisal->npv == r.appraisal->npv);
  CHECK(back.appraisal->net_saving == r.appraisal->net_saving);
  CHECK(back.appraisal->claims.size() == 1);
  CHECK(back.appraisal->claims[0].probability == r.appraisal->claims[0].probability);
  REQUIRE(back.appraisal->decomposition);
  CHECK(back.appraisal->decomposition->shapley == r.appraisal->decomposition->shapley);
  CHECK(back.appraisal->decomposition->mechanisms == r.appraisal->decomposition->mechanisms);
  CHECK(back.parameters == r.parameters);
  CHECK(back.parameters_drawn == r.parameters_drawn);
  // Nothing but the file itself is left behind.
  CHECK(std::distance(fs::directory_iterator(p.parent_path()), fs::directory_iterator{}) == 1);
}

TEST_CASE("the evaluation designs asked for come back with the file", "[results][h5]") {
  const Scenario s = load_scenario_text(test::kTinyScenario, "tiny.yaml",
                                        {"evaluation={intervention: family_support, "
                                         "designs: [before_after, matched]}"})
                         .scenario;
  auto records = run_replications(s, RunSettings{}, s.seed, 0, 3, 1);
  Results r = collect_results(s, records, s.seed, "test");
  REQUIRE(r.evaluation);
  const std::vector<std::string> asked{"before_after", "matched"};
  CHECK(r.evaluation->asked == asked);
  CHECK(r.evaluation->designs.size() == 4);  // the file lists every design (a contract)
  auto round_trip = [](const Results& x, const std::string& name) {
    const fs::path p = scratch(name);
    sim::OutputSet out(false);
    write_results_h5(x, out.add(p, "results file"));
    out.commit();
    return read_results_h5(p.string());
  };
  const Results back = round_trip(r, "asked.h5");
  REQUIRE(back.evaluation);
  CHECK(back.evaluation->asked == asked);  // read from the scenario text the file holds
  // A scenario text that cannot be read: the designs that found an estimate.
  r.scenario_yaml = "evaluation: [unclosed";
  const Results odd = round_trip(r, "unreadable.h5");
  REQUIRE(odd.evaluation);
  std::vector<std::string> found;
  for (std::size_t d = 0; d < r.evaluation->designs.size(); ++d) {
    if (!design_estimates(*r.evaluation, d).empty()) found.push_back(r.evaluation->designs[d]);
  }
  CHECK(odd.evaluation->asked == found);
  CHECK(std::find(found.begin(), found.end(), "rct") == found.end());  // not asked: NaN
}

TEST_CASE("writing never replaces a file with a partial one", "[results][h5]") {
  Results r = tiny_results();
  fs::path p = scratch("keep.h5");
  std::ofstream(p) << "the previous results";
  r.runs[0].events.pop_back();  // inconsistent: the writer must fail part-way
  {
    sim::OutputSet out(true);
    CHECK_THROWS(write_results_h5(r, out.add(p, "results file")));
  }  // never committed
  std::ifstream in(p);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  CHECK(text == "the previous results");
  CHECK_FALSE(fs::exists(p.string() + ".tmp." + std::to_string(::getpid())));
}

TEST_CASE("readers refuse files that are not results or of another version", "[results][h5]") {
  fs::path p = scratch("not.h5");
  std::ofstream(p) << "plain text";
  CHECK_THROWS_WITH(read_results_h5(p.string()), Catch::Contains("cannot open"));
  fs::path q = scratch("other.h5");
  {
    auto f = sim::h5::File::create(q.string());
    f.set_attr("filetype", std::string("something-else"));
    f.close();
  }
  CHECK_THROWS_WITH(read_results_h5(q.string()), Catch::Contains("is not a placesim results file"));
  fs::path v = scratch("future.h5");
  {
    auto f = sim::h5::File::create(v.string());
    f.set_attr("filetype", std::string(kResultsFiletype));
    f.set_attr("format_version", std::int64_t{99});
    f.set_attr("placesim_version", std::string("9.9"));
    f.close();
  }
  CHECK_THROWS_WITH(read_results_h5(v.string()),
                    Catch::Contains("version 99") &&
                        Catch::Contains("reads version " + std::to_string(kResultsFormatVersion)));
}
