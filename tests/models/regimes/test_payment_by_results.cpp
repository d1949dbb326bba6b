// Payment by results as a regime, on a scenario whose answers are known by
// construction: the intervention's savings are all the police's, so a
// council deciding alone buys no places for them; a payer outside the place
// pays the council per family turned around.
#include <catch2/catch.hpp>

#include <cmath>

#include "models/appraisal/appraisal.h"
#include "models/family/ledger.h"
#include "models/regimes/replication.h"
#include "models/scenario/load.h"

using namespace placesim;
using namespace placesim::models;

namespace {

constexpr std::size_t kCouncil = 0, kPolice = 1, kCentral = 2, kAgencies = 3;

// `capacity` places the council runs anyway; the paid regime pays `results`
// per family turned around and the council expects `expected` of them to be.
std::string scenario(int capacity, double results, double expected) {
  return "placesim: 1\nname: payment by results\n"
         "time: {start_year: 2011, years: 4, warmup_years: 1}\n"
         "agencies: {council: {budget: 1.0e9, max_invest_share: 0.01}, police: {budget: 1.0e9},"
         " central_government: {budget: 1.0e9}}\n"
         "needs:\n  unmet_days: 0\n  dimensions:\n"
         "    crime: {owner: council, prevalence: [0.5, 0.3, 0.2], escalate_per_year: [0.3, 0.3],"
         " improve_per_year: [0.5, 0.5], cost_per_year: [500, 3000], payer: police}\n"
         "population: {families: 2000}\n"
         "events: {arrest: {rate_per_year: 0.2, needs: {crime: [3, 10]}, unit_cost: 2000,"
         " payer: police}}\n"
         "services:\n  support: {agency: council, kind: intervention, capacity: " +
         std::to_string(capacity) +
         ", max_places: 60, duration: 180, cost_per_place_year: 4000,"
         " eligible: {needs: [crime], min_level: high},"
         " effect: {events: {arrest: 0.5}, improve: 2.0, escalate: 0.5, persistence_years: 1}}\n"
         "targeting: {accuracy: 1}\n"
         "regimes:\n  siloed: {}\n  paid:\n    pool: []\n"
         "    payment_by_results: {intervention: support, payer: central_government, "
         "results_gbp: " +
         std::to_string(results) + ", expected_share: " + std::to_string(expected) +
         ", rule: {falls: {arrest: 0.33}}}\n"
         "evaluation: {intervention: support, option: paid, designs: [before_after],"
         " results_rule: {falls: {arrest: 0.33}}}\n";
}

double cell(const RegimeRecord& r, int t, std::size_t a, int cat) {
  return r.spend[(static_cast<std::size_t>(t) * kAgencies + a) * kCategories +
                 static_cast<std::size_t>(cat)];
}

double sum(const std::vector<double>& v) {
  double s = 0.0;
  for (double x : v) s += x;
  return s;
}

}  // namespace

TEST_CASE(
    "a payment that changes no decision moves only the payer's and the payee's money, by "
    "exactly the payments",
    "[payment_by_results]") {
  // Nobody expects a payment, so nobody decides differently; budgets never
  // bind, so the money received changes nothing either.
  const Scenario s = load_scenario_text(scenario(20, 3000, 0.0), "paid").scenario;
  REQUIRE(s.agencies.size() == kAgencies);
  const auto recs = run_replications(s, {}, 5, 0, 4, 2);
  const Appraisal a = appraise(s, recs, 1);
  double paid_families = 0.0;
  for (std::size_t r = 0; r < recs.size(); ++r) {
    const RegimeRecord& base = recs[r].regimes[0];
    const RegimeRecord& paid = recs[r].regimes[1];
    CHECK(paid.events == base.events);
    CHECK(paid.places_bought == base.places_bought);
    CHECK(paid.worked_with == base.worked_with);
    double pv = 0.0;
    for (int t = 0; t < s.years; ++t) {
      const double payments = 3000.0 * paid.paid_for_results[static_cast<std::size_t>(t)];
      pv += a.discount[static_cast<std::size_t>(t)] * payments;
      CHECK(cell(paid, t, kCentral, kTransfer) == Approx(payments).margin(1e-9));
      CHECK(cell(paid, t, kCouncil, kTransfer) == Approx(-payments).margin(1e-9));
      for (int c = 0; c < kCategories; ++c) {
        if (c == kTransfer) continue;
        for (std::size_t ag = 0; ag < kAgencies; ++ag)
          CHECK(cell(paid, t, ag, c) == cell(base, t, ag, c));
      }
    }
    paid_families += sum(paid.paid_for_results);
    CHECK(a.npv_by_agency[r * kAgencies + kCouncil] == Approx(pv).epsilon(1e-12));
    CHECK(a.npv_by_agency[r * kAgencies + kCentral] == Approx(-pv).epsilon(1e-12));
    CHECK(a.npv_by_agency[r * kAgencies + kPolice] == 0.0);
    CHECK(a.npv[r] == Approx(0.0).margin(1e-9 * pv));
  }
  CHECK(paid_families > 20);  // the test has payments to check
}

TEST_CASE("results payments count exactly the families the evaluation's rule counts",
          "[payment_by_results]") {
  // The same rule on the same years, by two routes: the payer's count as the
  // run goes, and the evaluation's from the families' kept histories.
  const Scenario s = load_scenario_text(scenario(20, 3000, 0.5), "paid").scenario;
  const auto recs = run_replications(s, {}, 9, 0, 4, 2);
  for (const ReplicationRecord& r : recs) {
    REQUIRE(r.evaluation);
    const double counted = r.evaluation->turned_around * r.evaluation->families;
    CHECK(counted > 10);
    CHECK(sum(r.regimes[1].paid_for_results) == Approx(std::round(counted)).margin(1e-9));
    CHECK(sum(r.regimes[0].paid_for_results) == 0.0);  // the baseline pays nobody
  }
}

TEST_CASE("commissioners count the payments they expect", "[payment_by_results]") {
  // The council runs no places and counts none of the police's saving: alone
  // it buys none. Expecting £50,000 for every family, it buys them.
  auto places = [](double expected) {
    const Scenario s = load_scenario_text(scenario(0, 50000, expected), "paid").scenario;
    const auto recs = run_replications(s, {}, 11, 0, 2, 2);
    double base = 0.0, paid = 0.0, families = 0.0;
    for (const auto& r : recs) {
      base += sum(r.regimes[0].places_bought);
      paid += sum(r.regimes[1].places_bought);
      families += sum(r.regimes[1].paid_for_results);
    }
    return std::array<double, 3>{base, paid, families};
  };
  const auto expecting = places(1.0);
  CHECK(expecting[0] == 0.0);
  CHECK(expecting[1] > 0.0);
  CHECK(expecting[2] > 0.0);
  const auto not_expecting = places(0.0);
  CHECK(not_expecting[1] == 0.0);  // the payment alone, unexpected, buys nothing
  CHECK(not_expecting[2] == 0.0);
}
