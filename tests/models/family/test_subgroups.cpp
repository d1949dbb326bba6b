// Subgroups of families: each family's own spend booked to the subgroup it
// entered in adds up to the ledger's, the same families in every regime,
// and an option's NPV split by subgroup adds up to the NPV.
#include <catch2/catch.hpp>

#include <array>

#include "models/family/ledger.h"
#include "models/family/subgroups.h"
#include "models/regimes/replication.h"
#include "models/results/subgroups.h"
#include "models/scenario/load.h"
#include "tiny_scenarios.h"

using namespace placesim;
using namespace placesim::models;

namespace {

// The tiny scenario with nothing that attaches to no family but set-up:
// no places cost, services cost by the episode, no starting episodes.
Scenario per_episode_tiny(std::vector<std::string> more = {}) {
  std::vector<std::string> sets = {"initial.episodes.custody=0"};
  for (const char* sv :
       {"council_assessment", "police_assessment", "joint_assessment", "family_support"}) {
    sets.push_back(std::string("services.") + sv + ".cost_per_place_year=0");
    sets.push_back(std::string("services.") + sv + ".cost_per_episode=700");
  }
  sets.insert(sets.end(), more.begin(), more.end());
  return load_scenario_text(test::kTinyScenario, "tiny", sets).scenario;
}

double category_total(const RegimeRecord& r, std::size_t agencies, int t,
                      std::initializer_list<int> categories) {
  double v = 0.0;
  for (std::size_t a = 0; a < agencies; ++a) {
    for (int c : categories)
      v += r.spend[(static_cast<std::size_t>(t) * agencies + a) * kCategories +
                   static_cast<std::size_t>(c)];
  }
  return v;
}

double group_total(const RegimeRecord& r, std::size_t groups, int t, int kind) {
  double v = 0.0;
  for (std::size_t g = 0; g < groups; ++g)
    v += r.subgroup_spend[(static_cast<std::size_t>(t) * groups + g) * kSubgroupKinds +
                          static_cast<std::size_t>(kind)];
  return v;
}

}  // namespace

TEST_CASE("a family's need profile counts its high needs, then its moderate ones", "[subgroups]") {
  const std::array<std::uint8_t, 3> none{0, 0, 0}, moderate{1, 0, 1}, one{2, 1, 0}, two{2, 0, 2};
  CHECK(need_profile(none.data(), 3) == kNoNeed);
  CHECK(need_profile(moderate.data(), 3) == kModerateOnly);
  CHECK(need_profile(one.data(), 3) == kOneHigh);
  CHECK(need_profile(two.data(), 3) == kSeveralHigh);
  CHECK(need_profile(two.data(), 0) == kNoNeed);  // a model without needs
  CHECK(std::string(need_profile_name(kSeveralHigh)) == "several_high");
  CHECK(subgroup_of(2, kOneHigh) == 2 * kProfiles + kOneHigh);
}

TEST_CASE("a subgroup's account accrues year by year and drops what is past the horizon",
          "[subgroups][ledger]") {
  Ledger l(2, 1, 100.0, 3);
  l.accrue_group(50.0, 250.0, 2.0, 1, kSubgroupReactive);
  l.post_group(1, 2, kSubgroupServices, 7.0);
  l.post_group(2, 2, kSubgroupServices, 9.0);
  CHECK(l.group_at(0, 1, kSubgroupReactive) == Approx(100.0));
  CHECK(l.group_at(1, 1, kSubgroupReactive) == Approx(200.0));
  CHECK(l.group_at(1, 2, kSubgroupServices) == 7.0);
  CHECK(l.group_at(0, 2, kSubgroupServices) == 0.0);
  CHECK(l.group_at(1, 1, kSubgroupServices) == 0.0);
}

TEST_CASE("families' own spend by subgroup adds up to the ledger's", "[subgroups]") {
  const Scenario s = per_episode_tiny();
  const auto records = run_replications(s, {}, 5, 0, 3, 2);
  const std::size_t A = s.agencies.size(), G = entry_cohorts(s.years) * kProfiles;
  for (const ReplicationRecord& rec : records) {
    for (const RegimeRecord& r : rec.regimes) {
      REQUIRE(r.subgroup_spend.size() == static_cast<std::size_t>(s.years) * G * kSubgroupKinds);
      for (int t = 0; t < s.years; ++t) {
        const double reactive = category_total(r, A, t, {kReactive, kReactiveCashable});
        CHECK(reactive > 0.0);
        CHECK(group_total(r, G, t, kSubgroupReactive) == Approx(reactive).epsilon(1e-9));
        const double services = category_total(r, A, t, {kPreventive, kAssessment, kJointTeam});
        CHECK(services > 0.0);
        CHECK(group_total(r, G, t, kSubgroupServices) == Approx(services).epsilon(1e-9));
      }
      // Every family there at the start is in the first cohort.
      double first = 0.0, worked = 0.0, worked_max = 0.0, worked_sum = 0.0;
      for (int p = 0; p < kProfiles; ++p) first += r.subgroup_families[p];
      CHECK(first == s.families);
      for (std::size_t g = 0; g < G; ++g) {
        CHECK(r.subgroup_worked[g] <= r.subgroup_families[g]);
        worked += r.subgroup_worked[g];
      }
      for (double w : r.worked_with) {
        worked_max = std::max(worked_max, w);
        worked_sum += w;
      }
      // Families worked with in the window, each counted once.
      CHECK(worked >= worked_max);
      CHECK(worked <= worked_sum);
    }
    // The same families, in the same subgroups, in every regime.
    CHECK(rec.regimes[1].subgroup_families == rec.regimes[0].subgroup_families);
  }
}

TEST_CASE("with a warm-up, the first cohort is the families there when the window opens",
          "[subgroups]") {
  const Scenario s = per_episode_tiny({"time.warmup_years=1"});
  const auto records = run_replications(s, {}, 5, 0, 2, 2);
  for (const ReplicationRecord& rec : records) {
    const RegimeRecord& r = rec.regimes[0];
    double first = 0.0, arrived = 0.0;
    for (int p = 0; p < kProfiles; ++p) first += r.subgroup_families[p];
    for (std::size_t g = kProfiles; g < r.subgroup_families.size(); ++g)
      arrived += r.subgroup_families[g];
    CHECK(first != s.families);  // some left in the warm-up, others arrived
    CHECK(first > 0.8 * s.families);
    // Arrivals come at 0.1 a day: about 146 in four years.
    CHECK(arrived == Approx(0.1 * 365.25 * s.years).margin(5 * std::sqrt(146.0)));
    CHECK(rec.regimes[1].subgroup_families == r.subgroup_families);
  }
}

TEST_CASE("an option's NPV split by subgroup adds up, and the rest is its set-up", "[subgroups]") {
  const Scenario s = per_episode_tiny();
  const Results r = collect_results(s, run_replications(s, {}, 5, 0, 3, 2), 5, "test");
  REQUIRE(r.appraisal);
  const Appraisal& ap = *r.appraisal;
  const auto rows = subgroup_savings(r, ap);
  REQUIRE(rows.size() == kProfiles + entry_cohorts(s.years) + 1);
  CHECK(rows.back().dimension == "not_attributed");
  const std::size_t Y = r.year_count(), A = r.agencies.size(), C = r.categories.size();
  for (std::size_t rep = 0; rep < ap.reps; ++rep) {
    double by_profile = 0.0, by_cohort = 0.0, families_p = 0.0, families_c = 0.0;
    for (const SubgroupSaving& g : rows) {
      (g.dimension == "need_profile" ? by_profile : by_cohort) += g.net[rep];
      (g.dimension == "need_profile" ? families_p : families_c) += g.families[rep];
      if (g.dimension != "not_attributed")
        CHECK(g.net[rep] == Approx(g.reactive_avoided[rep] - g.services_added[rep]).margin(1e-6));
    }
    by_cohort -= rows.back().net[rep];
    CHECK(by_profile == Approx(by_cohort).epsilon(1e-9));
    CHECK(families_p == families_c);
    // All that attaches to no family here is the option's set-up.
    double setup = 0.0;
    for (std::size_t g = 0; g < 2; ++g) {
      for (std::size_t t = 0; t < Y; ++t) {
        for (std::size_t a = 0; a < A; ++a)
          setup += (g == 0 ? 1.0 : -1.0) * ap.discount[t] *
                   r.runs[g].spend_by_category[((rep * Y + t) * A + a) * C + kSetup];
      }
    }
    CHECK(setup < 0.0);
    CHECK(rows.back().net[rep] == Approx(setup).epsilon(1e-9));
  }
}
