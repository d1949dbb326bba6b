// The rules that close the model's old artefacts, each on a scenario whose
// answer is derived by hand: unmet need, overspends, capacity cuts, who pays
// for places, joint referrals, noisy targeting and episodes that replace
// need. Tolerances are a few standard errors of the stated variance.
#include <catch2/catch.hpp>

#include <cmath>

#include "run_helpers.h"
#include "sim/stats/summary.h"

using namespace placesim;
using namespace placesim::models;
using test::kYear;
using test::run;
using test::spend;

namespace {

// Share of families at high need on the first dimension at the end of year t.
double high_share(const RegimeRecord& r, std::size_t needs, std::size_t t = 0) {
  return r.prevalence[(t * needs + 0) * kLevels + 2];
}

}  // namespace

TEST_CASE("a referral lost between agencies leaves the need escalating as if waiting",
          "[artefacts][unmet]") {
  // 2000 families at moderate crime need escalate to high at e = 0.3 a year.
  // Police incidents (lambda = 365 a year) refer each family to the council's
  // assessment, and every such referral is lost. From the first one on, the
  // need is unmet: it escalates at e x m (m = waiting_escalation = 2) while
  // the mark lasts (unmet_days, renewed by every later incident).
  auto scenario = [](int unmet_days) {
    return "placesim: 1\nname: unmet\ntime: {start_year: 2011, years: 1}\n"
           "agencies: {council: {budget: 1.0e9}, police: {budget: 1.0e9}}\n"
           "population: {families: 2000}\n"
           "needs: {unmet_days: " +
           std::to_string(unmet_days) +
           ", dimensions: {crime: {owner: council, prevalence: [0, 1, 0],"
           " escalate_per_year: [0, 0.3], waiting_escalation: 2}}}\n"
           "events: {incident: {rate_per_year: 365, payer: police, refer: [{to: team, p: 1}]}}\n"
           "services: {team: {agency: council, kind: assessment, assesses: [crime], capacity: 10,"
           " duration: 1}}\n"
           "regimes: {siloed: {handoff_days: 10, lost_referrals: 1}}\n";
  };
  const double e = 0.3, m = 2.0, lambda = 365.0;
  // P(still moderate at the end of the year), the first incident at tau ~ Exp(lambda):
  //   int_0^1 lambda e^{-lambda tau} e^{-e tau - e m (1 - tau)} dtau + e^{-lambda} e^{-e}
  const double k = lambda + e - e * m;
  const double stay =
      lambda * std::exp(-e * m) * (1.0 - std::exp(-k)) / k + std::exp(-lambda) * std::exp(-e);
  const double marked = 1.0 - stay, unmarked = 1.0 - std::exp(-e);
  const std::size_t reps = 4;
  for (auto [days, expected] : {std::pair{365, marked}, std::pair{0, unmarked}}) {
    auto recs = run(scenario(days), reps);
    std::vector<double> share;
    for (const auto& r : recs) {
      share.push_back(high_share(r.regimes[0], 1));
      // Every incident's referral was lost, and each one is counted.
      CHECK(r.regimes[0].unmet[0] == r.regimes[0].events[0]);
    }
    const double sd = std::sqrt(expected * (1.0 - expected) / 2000.0 / reps);
    INFO("unmet_days " << days << ": high share " << sim::summarize(share).mean << ", expected "
                       << expected << " (sd " << sd << ")");
    CHECK(std::abs(sim::summarize(share).mean - expected) < 4 * sd);
  }
}

namespace {

// One council, 100 families at moderate need costing £1,500 a year each, and
// ten places of an intervention at £10,000 a year, all busy at the start with
// episodes of 5,000 days (each part-way through: U x 5,000 days left).
std::string overspend_scenario(double invest_share) {
  return "placesim: 1\nname: overspend\ntime: {start_year: 2011, years: 2}\n"
         "agencies: {council: {budget: 200000, max_invest_share: " +
         std::to_string(invest_share) +
         "}}\npopulation: {families: 100}\n"
         "needs: {dimensions: {housing: {owner: council, prevalence: [0, 1, 0],"
         " cost_per_year: [1500, 3000], payer: council}}}\n"
         "services:\n  support: {agency: council, kind: intervention, capacity: 10,"
         " duration: {dist: constant, days: 5000}, cost_per_place_year: 10000}\n"
         "initial: {services: {support: {in_service: 10}}}\n";
}

}  // namespace

TEST_CASE("an overspend is recovered from prevention the next year", "[artefacts][overspend]") {
  // Year 0 commits 100 x 1,500 + 10 x 10,000 = 250,000 against 200,000: an
  // overspend of 50,000. Year 1 holds back the council's invest share (0.1 x
  // 200,000 = 20,000) and cuts the other 30,000 from its places: 30% of ten,
  // three places. Year 1 then commits the needs (150,000), seven places
  // (70,000) and the run-down of the episodes above seven places.
  auto recs = run(overspend_scenario(0.1), 6);
  for (const auto& r : recs) {
    const RegimeRecord& g = r.regimes[0];
    CHECK(g.overspend[0] == Approx(50000.0));
    const double year1 = spend(g, 1, 1);
    CHECK(g.overspend[1] == Approx(year1 - 200000.0));
    CHECK(year1 >= 220000.0 - 1e-6);  // never less than the needs and seven places
  }
  // With a pot that covers the overspend, no place is cut and nothing runs
  // down: year 1 commits exactly what year 0 did.
  for (const auto& r : run(overspend_scenario(0.3), 2)) {
    CHECK(r.regimes[0].overspend[0] == Approx(50000.0));
    CHECK(spend(r.regimes[0], 1, 1) == Approx(250000.0));
  }
}

TEST_CASE("places cut while busy run down, and the run-down is paid for", "[artefacts][capacity]") {
  // The overspend scenario cuts ten places to seven at the start of year 1.
  // Each of the ten episodes is still running s days into year 1 with
  // probability p(s) = 1 - (365.25 + s) / 5000, independently, so the place-
  // days above capacity in year 1 are E int_0^365.25 max(0, N(s) - 7) ds with
  // N(s) ~ Binomial(10, p(s)), charged at £10,000 a place-year.
  const int steps = 2000;
  double expected_days = 0.0;
  for (int i = 0; i < steps; ++i) {
    const double s = (i + 0.5) * kYear / steps, p = 1.0 - (kYear + s) / 5000.0;
    double e = 0.0;
    for (int k = 8; k <= 10; ++k)
      e += (k - 7) * std::tgamma(11.0) / (std::tgamma(k + 1.0) * std::tgamma(11.0 - k)) *
           std::pow(p, k) * std::pow(1.0 - p, 10 - k);
    expected_days += e * kYear / steps;
  }
  const std::size_t reps = 40;
  auto recs = run(overspend_scenario(0.1), reps);
  std::vector<double> run_down;
  for (const auto& r : recs) {
    const double days = (spend(r.regimes[0], 1, 1) - 220000.0) / 10000.0 * kYear;
    run_down.push_back(days);
    CHECK(r.regimes[0].utilisation[0] <= 1.0 + 1e-12);  // run-down place-time is paid for
  }
  const sim::Summary got = sim::summarize(run_down);
  INFO("run-down place-days " << got.mean << ", expected " << expected_days);
  // Each of three places over capacity runs down for at most a year.
  CHECK(std::abs(got.mean - expected_days) < 4 * got.sd / std::sqrt(double(reps)) + 1.0);
  CHECK(expected_days > 100.0);  // the cut bites: the test is not vacuous
}

TEST_CASE("a closed service's waiting list is closed with the need unmet",
          "[artefacts][capacity]") {
  // No places at all: the five families placed on the list at the start are
  // taken off it at once, each an unmet referral.
  const std::string text =
      "placesim: 1\nname: closed\ntime: {start_year: 2011, years: 1}\n"
      "agencies: {council: {budget: 1.0e9}}\npopulation: {families: 50}\n"
      "needs: {dimensions: {housing: {owner: council, prevalence: [0, 1, 0]}}}\n"
      "services: {support: {agency: council, kind: intervention, capacity: 0, duration: 30}}\n"
      "initial: {services: {support: {waiting: 5}}}\n";
  for (const auto& r : run(text, 2)) {
    CHECK(r.regimes[0].unmet[0] == 5.0);
    CHECK(r.regimes[0].utilisation[0] == 0.0);
  }
}

TEST_CASE("an episode stands in for the needs and events it replaces", "[artefacts][episodes]") {
  // 100 families at moderate need costing £3,650 a year. An incident (365 a
  // year) starts a 1,000-day episode that costs nothing itself. Replacing the
  // need and the incident, it takes the need's cost off from the incident
  // (tau ~ Exp(365 a year), about a day in) to past the end of year 1, and
  // makes a second incident impossible: year 0 costs 100 x E[tau] days of
  // need, year 1 nothing, and there are exactly 100 incidents.
  auto scenario = [](bool replaces) {
    return std::string(
               "placesim: 1\nname: episodes\ntime: {start_year: 2011, years: 2}\n"
               "agencies: {council: {budget: 1.0e9}}\npopulation: {families: 100}\n"
               "needs: {dimensions: {welfare: {owner: council, prevalence: [0, 1, 0],"
               " cost_per_year: [3650, 7300], payer: council}}}\n"
               "events: {incident: {rate_per_year: 365, payer: council, episode:"
               " {duration: {dist: constant, days: 1000}") +
           (replaces ? ", replaces: {needs: [welfare], events: [incident]}" : "") + "}}}\n";
  };
  const double per_day = 3650.0 / kYear;
  const double mean_tau = kYear / 365.0, sd_tau = mean_tau;
  const std::size_t reps = 10;
  std::vector<double> year0;
  for (const auto& r : run(scenario(true), reps)) {
    CHECK(r.regimes[0].events[0] == 100.0);
    CHECK(r.regimes[0].events[1] == 0.0);
    CHECK(spend(r.regimes[0], 1, 1) == Approx(0.0).margin(1e-6));
    year0.push_back(spend(r.regimes[0], 1, 0) / per_day);  // need-days paid for
  }
  const double sd = sd_tau * std::sqrt(100.0 / reps);
  INFO("need-days in year 0: " << sim::summarize(year0).mean << ", expected " << 100 * mean_tau);
  CHECK(std::abs(sim::summarize(year0).mean - 100 * mean_tau) < 4 * sd);
  // Unless the scenario says the episode replaces them, the need costs on.
  for (const auto& r : run(scenario(false), 2))
    CHECK(spend(r.regimes[0], 1, 1) == Approx(100 * 3650.0));
}

TEST_CASE("the joint assessment's referrals within the pool are not handoffs",
          "[artefacts][joint]") {
  // Every referral between agencies is lost. Under the option, a joint team
  // (run by the council) assesses every family; its referrals to the NHS's
  // therapy cross no boundary when the NHS is in the pool, and are all lost
  // when it is not.
  auto scenario = [](const std::string& pool) {
    return "placesim: 1\nname: joint\ntime: {start_year: 2011, years: 1}\n"
           "agencies: {council: {budget: 1.0e9, assessment: council_assessment},"
           " nhs: {budget: 1.0e9, assessment: nhs_assessment}}\n"
           "needs: {dimensions: {health: {owner: nhs, prevalence: [0, 1, 0]}}}\n"
           "arrivals: [{into: council_assessment, per_day: 1}]\n"
           "services:\n"
           "  council_assessment: {agency: council, kind: assessment, capacity: 5, duration: 5}\n"
           "  nhs_assessment: {agency: nhs, kind: assessment, capacity: 5, duration: 5}\n"
           "  joint: {agency: council, kind: assessment, capacity: 5, duration: 5}\n"
           "  therapy: {agency: nhs, kind: intervention, capacity: 5, duration: 30,"
           " eligible: {needs: [health], min_level: moderate}}\n"
           "regimes:\n  siloed: {lost_referrals: 1, handoff_days: 1}\n"
           "  pooled: {pool: " +
           pool + ", assessment: joint}\n";
  };
  const std::size_t therapy = 3;
  for (const auto& r : run(scenario("[council, nhs]"), 2)) {
    CHECK(r.regimes[0].utilisation[therapy] == 0.0);  // the council never refers to it
    CHECK(r.regimes[1].utilisation[therapy] > 0.0);
  }
  for (const auto& r : run(scenario("[council]"), 2)) {
    CHECK(r.regimes[1].utilisation[therapy] == 0.0);
    CHECK(r.regimes[1].unmet[0] > 0.0);  // each lost referral is unmet need
  }
}
