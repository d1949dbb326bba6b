// A results file written as the run goes (ResultsBuilder::stream_to) holds
// what one written from memory at the end holds, while the run keeps of the
// /runs arrays only what its warnings read, and of the appraisals' figures
// only what their means and intervals read.
#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <limits>

#include "models/appraisal/appraisal_datasets.h"
#include "models/regimes/replication.h"
#include "models/results/results.h"
#include "models/results/results_builder.h"
#include "models/results/run_datasets.h"
#include "models/results/sizing.h"
#include "models/scenario/load.h"
#include "tiny_scenarios.h"

using namespace placesim;
using namespace placesim::models;
namespace fs = std::filesystem;

namespace {

fs::path scratch(const std::string& name) {
  fs::path p = fs::temp_directory_path() / ("placesim-test-stream-" + name);
  fs::remove(p);
  return p;
}

void same(const std::vector<double>& a, const std::vector<double>& b) {
  REQUIRE(a.size() == b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i] != b[i]) REQUIRE((std::isnan(a[i]) && std::isnan(b[i])));
  }
}

Scenario scenario() {
  // Social value, an evaluation and Shapley values: every part of the file's tail.
  return load_scenario_text(test::kTinyScenario, "tiny.yaml",
                            {"needs.dimensions.crime.social_cost_per_year=[500, 2000]",
                             "evaluation={intervention: family_support, designs: [before_after]}"})
      .scenario;
}

}  // namespace

TEST_CASE("a results file written as the run goes holds what one written at the end holds",
          "[stream]") {
  const Scenario s = scenario();
  RunSettings run;
  run.decompose = true;
  const std::vector<ReplicationRecord> records = run_replications(s, run, 5, 0, 7, 2);
  // 3 expected of 7: the file grows past the chunks it was sized for.
  for (const std::size_t expected : {std::size_t{7}, std::size_t{3}, std::size_t{0}}) {
    INFO("expected " << expected);
    const fs::path whole = scratch("whole.h5"), streamed = scratch("streamed.h5");
    ResultsBuilder a(s, 5, "test", expected);
    for (const ReplicationRecord& rec : records) a.add(ReplicationRecord(rec));
    const Results ra = a.finish();
    write_results_h5(ra, whole);
    ResultsBuilder b(s, 5, "test", expected);
    b.stream_to(streamed);
    for (const ReplicationRecord& rec : records) b.add(ReplicationRecord(rec));
    Results rb = b.finish();
    REQUIRE(rb.streamed);
    // Of the /runs arrays, memory holds what the warnings read, no more.
    const std::size_t Y = rb.years.size();
    for (std::size_t g = 0; g < rb.runs.size(); ++g) {
      CHECK(rb.runs[g].events.empty());
      CHECK(rb.runs[g].subgroup_spend.empty());
      CHECK(rb.runs[g].metrics.empty());
      CHECK(rb.runs[g].effects_displaced.size() == 7);
      // The baseline's first year of spend: what the sizing warnings read.
      CHECK(rb.runs[g].spend_by_category.size() ==
            (g == 0 ? ra.runs[0].spend_by_category.size() / Y : 0));
    }
    // Of the appraisals' figures, what finish() reads of every replication.
    REQUIRE(rb.options.size() == ra.options.size());
    for (const Appraisal& ap : rb.options) {
      CHECK(ap.net_saving.empty());
      CHECK(ap.bcr.empty());
      CHECK(ap.social_npv.empty());
      CHECK(ap.npv_adjusted.size() == 7);
    }
    CHECK(rb.runs[0].families.size() == 7 * Y);
    CHECK(run_warnings(rb) == run_warnings(ra));
    CHECK(sizing_warnings(s, rb) == sizing_warnings(s, ra));
    CHECK_THROWS_AS(write_results_h5(rb, scratch("refused.h5")), std::logic_error);
    rb.created = ra.created;  // the two were finished a moment apart
    b.write_stream(rb);

    const Results x = read_results_h5(whole.string()), y = read_results_h5(streamed.string());
    REQUIRE(y.replications == 7);
    REQUIRE(x.runs.size() == y.runs.size());
    for (std::size_t g = 0; g < x.runs.size(); ++g) {
      for (const RunDataset& d : run_datasets()) {
        INFO(x.runs[g].name << "/" << d.name);
        if (d.arrays) same(x.runs[g].*d.arrays, y.runs[g].*d.arrays);
      }
      same(x.runs[g].metrics, y.runs[g].metrics);
    }
    same(x.spend(1), y.spend(1));
    same(x.parameters_drawn, y.parameters_drawn);
    REQUIRE(y.appraisal);
    REQUIRE(x.options.size() == y.options.size());
    for (std::size_t k = 0; k <= x.options.size(); ++k) {  // every option, and /appraisal
      const Appraisal& p = k < x.options.size() ? x.options[k] : *x.appraisal;
      const Appraisal& q = k < y.options.size() ? y.options[k] : *y.appraisal;
      for (const AppraisalDataset& d : appraisal_datasets()) {
        INFO(p.option << "/" << d.name);
        CHECK(!(q.*d.values).empty());
        CHECK((q.*d.values).size() % 7 == 0);
        same(p.*d.values, q.*d.values);
      }
      same(p.pays, q.pays);
      same(p.position_after, q.position_after);
      same(p.who_pays_who_gains, q.who_pays_who_gains);
      REQUIRE(p.claims.size() == q.claims.size());
      for (std::size_t c = 0; c < p.claims.size(); ++c)
        same(p.claims[c].curve_p, q.claims[c].curve_p);
    }
    CHECK(!y.appraisal->social_npv.empty());  // the scenario values a need's burden
    REQUIRE(y.evaluation);
    same(x.evaluation->estimate, y.evaluation->estimate);
    REQUIRE(y.appraisal->decomposition);
    same(x.appraisal->decomposition->shapley, y.appraisal->decomposition->shapley);
    // Not empty of content: the replications differ.
    CHECK(y.runs[1].events != std::vector<double>(y.runs[1].events.size(), 0.0));
    CHECK(y.appraisal->npv[0] != y.appraisal->npv[1]);
    fs::remove(whole);
    fs::remove(streamed);
  }
}

TEST_CASE("a streamed record with a number that is not finite is refused before it is written",
          "[stream]") {
  const Scenario s = scenario();
  const std::vector<ReplicationRecord> records = run_replications(s, RunSettings{}, 5, 0, 2, 1);
  const fs::path p = scratch("nan.h5");
  ResultsBuilder b(s, 5, "test", 2);
  b.stream_to(p);
  b.add(ReplicationRecord(records[0]));
  ReplicationRecord bad = records[1];
  bad.regimes[1].events[2] = std::numeric_limits<double>::quiet_NaN();
  CHECK_THROWS_WITH(b.add(std::move(bad)),
                    Catch::Contains("not finite in /runs/" + s.regimes[1].key + "/events"));
  CHECK(b.replications() == 1);
  CHECK_THROWS_AS(b.stream_to(scratch("again.h5")), std::logic_error);
}
