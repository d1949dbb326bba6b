// Records sent between MPI ranks: every field of a real replication (with its
// evaluation and decomposition) comes back bit for bit, and a damaged run of
// doubles is refused rather than read past its end.
#include <catch2/catch.hpp>

#include <bit>
#include <cstdint>
#include <stdexcept>

#include "models/regimes/record_codec.h"
#include "models/regimes/replication.h"
#include "models/scenario/load.h"

using namespace placesim;
using namespace placesim::models;

namespace {

// Bitwise, so a NaN (an evaluation design not asked for) equals itself.
bool same(double a, double b) {
  return std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b);
}

bool same(const std::vector<double>& a, const std::vector<double>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (!same(a[i], b[i])) return false;
  }
  return true;
}

void check_same(const ReplicationRecord& a, const ReplicationRecord& b) {
  REQUIRE(a.regimes.size() == b.regimes.size());
  for (std::size_t g = 0; g < a.regimes.size(); ++g) {
    const RegimeRecord &x = a.regimes[g], &y = b.regimes[g];
    CHECK(same(x.spend, y.spend));
    CHECK(same(x.events, y.events));
    CHECK(same(x.prevalence, y.prevalence));
    CHECK(same(x.need_years, y.need_years));
    CHECK(same(x.families, y.families));
    CHECK(same(x.family_years, y.family_years));
    CHECK(same(x.turned_around, y.turned_around));
    CHECK(same(x.worked_with, y.worked_with));
    CHECK(same(x.subgroup_spend, y.subgroup_spend));
    CHECK(same(x.subgroup_families, y.subgroup_families));
    CHECK(same(x.subgroup_worked, y.subgroup_worked));
    CHECK(same(x.paid_for_results, y.paid_for_results));
    CHECK(same(x.unmet, y.unmet));
    CHECK(same(x.places_bought, y.places_bought));
    CHECK(same(x.rationing_days, y.rationing_days));
    CHECK(same(x.overspend, y.overspend));
    CHECK(same(x.wait_days, y.wait_days));
    CHECK(same(x.utilisation, y.utilisation));
    CHECK(same(x.turned_away, y.turned_away));
    CHECK(same(x.effects_displaced, y.effects_displaced));
    CHECK(x.events_processed == y.events_processed);
    CHECK(x.peak_families == y.peak_families);
  }
  CHECK(same(a.params, b.params));
  REQUIRE(a.saving_graded.size() == b.saving_graded.size());
  for (std::size_t g = 0; g < a.saving_graded.size(); ++g)
    CHECK(same(a.saving_graded[g], b.saving_graded[g]));
  CHECK(same(a.reactive_graded, b.reactive_graded));
  REQUIRE(a.decomposition.size() == b.decomposition.size());
  for (std::size_t o = 0; o < a.decomposition.size(); ++o) {
    CHECK(same(a.decomposition[o].shapley, b.decomposition[o].shapley));
    CHECK(same(a.decomposition[o].alone, b.decomposition[o].alone));
    CHECK(a.decomposition[o].sampled == b.decomposition[o].sampled);
    CHECK(a.decomposition[o].subsets == b.decomposition[o].subsets);
  }
  REQUIRE(a.evaluation.has_value() == b.evaluation.has_value());
  if (a.evaluation) {
    CHECK(same(a.evaluation->estimate, b.evaluation->estimate));
    CHECK(same(a.evaluation->families, b.evaluation->families));
    CHECK(same(a.evaluation->turned_around, b.evaluation->turned_around));
    CHECK(same(a.evaluation->turned_around_baseline, b.evaluation->turned_around_baseline));
    CHECK(same(a.evaluation->entered, b.evaluation->entered));
    CHECK(same(a.evaluation->before_after, b.evaluation->before_after));
  }
  CHECK(a.events_other == b.events_other);
}

}  // namespace

TEST_CASE("a replication's record survives the trip between ranks bit for bit", "[codec]") {
  const Scenario s = load_scenario_text(default_scenario_text(), "default",
                                        {"time.years=3", "business_case.claims=[]"})
                         .scenario;
  RunSettings run;
  run.decompose = true;
  const ReplicationRecord a = run_replication(s, run, 11, 4);
  const ReplicationRecord b = run_replication(s, RunSettings{}, 11, 5);
  REQUIRE(a.evaluation.has_value());  // the default scenario emulates evaluations
  REQUIRE(!a.decomposition.empty());
  REQUIRE(!a.params.empty());
  REQUIRE(a.saving_graded.size() == 3);  // the options' savings by evidence travel too
  REQUIRE(!a.saving_graded[1].empty());
  // The trial's and the decomposition's runs are counted, and travel too.
  const ReplicationRecord c = run_replication(s, RunSettings{}, 11, 4);
  CHECK(c.events_other > 0);  // the trial's run
  CHECK(a.events_other > c.events_other);
  CHECK(events_of(a) == events_of(c) + (a.events_other - c.events_other));
  std::vector<double> flat;
  encode_record(4, a, flat);
  encode_record(5, b, flat);
  const std::vector<DecodedRecord> back = decode_records(flat);
  REQUIRE(back.size() == 2);
  CHECK(back[0].rep == 4);
  CHECK(back[1].rep == 5);
  check_same(a, back[0].record);
  check_same(b, back[1].record);
  CHECK(back[1].record.decomposition.empty());
  CHECK(decode_records({}).empty());

  // A damaged run of doubles is refused, not read past its end (one run of
  // the simulations for all of these: sections would rerun them).
  std::vector<double> cut(flat.begin(), flat.end() - 1);
  CHECK_THROWS_WITH(decode_records(cut), Catch::Contains("damaged"));
  std::vector<double> bad = flat;
  bad[1] = 1e300;  // a regime count no record holds
  CHECK_THROWS_WITH(decode_records(bad), Catch::Contains("damaged"));
  bad[1] = 2.5;
  CHECK_THROWS_WITH(decode_records(bad), Catch::Contains("damaged"));

  // A record still holding per-family histories is not sent.
  ReplicationRecord h = b;
  h.regimes[0].history =
      std::make_shared<FamilyHistories>(HistoryRole::baseline, 3, std::vector<Index>{});
  std::vector<double> out;
  CHECK_THROWS_AS(encode_record(0, h, out), std::logic_error);
}
