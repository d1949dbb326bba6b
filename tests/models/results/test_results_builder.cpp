// Results built a record at a time as a run streams them, against results
// gathered from every record at the end.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include "models/appraisal/appraisal.h"
#include "models/regimes/record_codec.h"
#include "models/regimes/replication.h"
#include "models/results/results.h"
#include "models/results/results_builder.h"
#include "models/scenario/load.h"
#include "models/studies/precision_run.h"
#include "tiny_scenarios.h"

using namespace placesim;
using namespace placesim::models;

namespace {

// Bitwise equality of two arrays (NaN equals NaN in the same place).
void same(const std::vector<double>& a, const std::vector<double>& b) {
  REQUIRE(a.size() == b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i] != b[i]) REQUIRE((std::isnan(a[i]) && std::isnan(b[i])));
  }
}

}  // namespace

TEST_CASE("a streamed run's results are those gathered from every record at the end") {
  const Scenario s = load_scenario_text(test::kTinyScenario, "tiny.yaml").scenario;
  RunPlan plan;
  plan.replications = 9;
  plan.seed = 11;
  plan.threads = 2;
  plan.decompose = true;
  ResultsBuilder built(s, plan.seed, "test", plan.replications);
  const RunOutcome out = run_plan(s, plan, built);
  CHECK(out.replications == 9);
  CHECK(built.replications() == 9);
  const Results a = built.finish();
  RunSettings run;
  run.decompose = true;
  const std::vector<ReplicationRecord> records = run_replications(s, run, 11, 0, 9, 1);
  // Every run's events are counted: the decomposition's too.
  std::uint64_t events = 0, of_regimes = 0;
  for (const ReplicationRecord& r : records) {
    events += events_of(r);
    for (const RegimeRecord& g : r.regimes) of_regimes += g.events_processed;
  }
  CHECK(built.events_processed() == events);
  CHECK(events > of_regimes);
  const Results b = collect_results(s, records, 11, "test");
  REQUIRE(a.replications == 9);
  REQUIRE(a.runs.size() == b.runs.size());
  for (std::size_t g = 0; g < a.runs.size(); ++g) {
    same(a.runs[g].spend_by_category, b.runs[g].spend_by_category);
    same(a.runs[g].events, b.runs[g].events);
    same(a.runs[g].subgroup_spend, b.runs[g].subgroup_spend);
    same(a.runs[g].metrics, b.runs[g].metrics);
    same(a.runs[g].wait_days, b.runs[g].wait_days);
  }
  same(a.parameters_drawn, b.parameters_drawn);
  REQUIRE(a.appraisal);
  same(a.appraisal->npv, b.appraisal->npv);
  same(a.appraisal->npv_adjusted, b.appraisal->npv_adjusted);
  same(a.appraisal->social_npv, b.appraisal->social_npv);
  REQUIRE(a.appraisal->claims.size() == b.appraisal->claims.size());
  for (std::size_t c = 0; c < a.appraisal->claims.size(); ++c)
    same(a.appraisal->claims[c].simulated_adjusted, b.appraisal->claims[c].simulated_adjusted);
  REQUIRE(a.appraisal->decomposition);
  same(a.appraisal->decomposition->shapley, b.appraisal->decomposition->shapley);
  // The replications differ: a run that repeated one would pass the above alone.
  CHECK(a.appraisal->npv[0] != a.appraisal->npv[1]);
}

TEST_CASE("the builder keeps of a record only what the appraisal reads") {
  const Scenario s = load_scenario_text(test::kTinyScenario, "tiny.yaml").scenario;
  RunSettings run;
  auto records = run_replications(s, run, 3, 0, 2, 1);
  std::vector<double> flat;
  encode_record(0, records[0], flat);
  ResultsBuilder built(s, 3, "test");
  CHECK(built.kept_bytes_per_replication() == 0);
  CHECK(built.npv_half_width() == std::numeric_limits<double>::infinity());
  for (auto& r : records) built.add(std::move(r));
  const std::size_t kept = built.kept_bytes_per_replication();
  INFO("kept " << kept << " bytes of a record of " << flat.size() * sizeof(double));
  CHECK(kept > 0);
  CHECK(kept * 2 < flat.size() * sizeof(double));
  // The appraisal still reads what it needs from what is kept.
  const Results r = built.finish();
  REQUIRE(r.appraisal);
  CHECK(std::isfinite(r.appraisal->npv[1]));
}

TEST_CASE("what the builder keeps of a record appraises as the whole record does") {
  // Social value, a before/after claim (the evaluation's yearly savings) and
  // Shapley values all read the records: each is appraised from the whole
  // records directly and from what the builder kept.
  Scenario s =
      load_scenario_text(test::kTinyScenario, "tiny.yaml",
                         {"needs.dimensions.crime.social_cost_per_year=[500, 2000]",
                          "evaluation={intervention: family_support, designs: [before_after]}"})
          .scenario;
  Claim c;
  c.first_year = 0;
  c.last_year = s.years - 1;
  c.basis = ClaimBasis::before_after;
  s.claims.push_back(c);
  RunSettings run;
  run.decompose = true;
  const std::vector<ReplicationRecord> whole = run_replications(s, run, 5, 0, 6, 2);
  ResultsBuilder built(s, 5, "test");
  for (const ReplicationRecord& rec : whole) built.add(ReplicationRecord(rec));
  const Results r = built.finish();
  REQUIRE(r.options.size() + 1 == s.regimes.size());
  for (Index g = 1; g < s.regimes.size(); ++g) {
    const Appraisal direct = appraise(s, whole, g);
    const Appraisal& kept = r.options[g - 1];
    same(kept.npv, direct.npv);
    same(kept.npv_adjusted, direct.npv_adjusted);
    same(kept.economic_npv, direct.economic_npv);
    REQUIRE(!direct.social_value_pv.empty());
    same(kept.social_value_pv, direct.social_value_pv);
    REQUIRE(kept.claims.size() == direct.claims.size());
    for (std::size_t k = 0; k < kept.claims.size(); ++k) {
      same(kept.claims[k].simulated, direct.claims[k].simulated);
      same(kept.claims[k].simulated_adjusted, direct.claims[k].simulated_adjusted);
    }
    REQUIRE(kept.decomposition);
    same(kept.decomposition->shapley, direct.decomposition->shapley);
  }
  // The figures compared are not empty of content.
  const Appraisal& main = *r.appraisal;
  CHECK(std::any_of(main.social_value_pv.begin(), main.social_value_pv.end(),
                    [](double v) { return v != 0.0; }));
  const std::vector<double>& before_after = main.claims.back().simulated;
  CHECK(std::any_of(before_after.begin(), before_after.end(), [](double v) { return v != 0.0; }));
  REQUIRE(r.evaluation);
  CHECK(r.evaluation->families.size() == 6);
}

TEST_CASE("an adaptive run fails only where one batch at a time would") {
  // Rounds of several batches run at once: a replication past the batch that
  // met the target may fail (here every one from index `bad` on), and the run
  // must keep what one batch at a time keeps, not fail with it.
  const Scenario s = load_scenario_text(test::kTinyScenario, "tiny.yaml").scenario;
  auto plan_failing_from = [](std::uint64_t bad) {
    RunPlan plan;
    plan.replications = 2;
    plan.seed = 5;
    plan.threads = 2;      // two batches a round
    plan.until_ci = 1e30;  // met by the first batch
    plan.max_replications = 40;
    plan.draw = [bad](const Scenario& sc, sim::StreamKey key) {
      if (key.replication >= bad) throw std::runtime_error("a draw the scenario refuses");
      return draw_params(sc, key);
    };
    return plan;
  };
  ResultsBuilder past(s, 5, "test");
  const RunOutcome out = run_plan(s, plan_failing_from(2), past);
  CHECK(out.replications == 2);
  CHECK(out.target_met);
  CHECK(past.replications() == 2);
  ResultsBuilder before(s, 5, "test");
  CHECK_THROWS_WITH(run_plan(s, plan_failing_from(1), before), "a draw the scenario refuses");
}
