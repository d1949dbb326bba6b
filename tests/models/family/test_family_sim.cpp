// Each mechanism of the model in isolation, on tiny scenarios whose answers
// can be worked out by hand. Statistical checks use fixed seeds and
// tolerances of a few standard errors computed from the stated variance.
#include <catch2/catch.hpp>

#include <cmath>

#include "run_helpers.h"
#include "sim/stats/summary.h"
#include "tiny_scenarios.h"

using namespace placesim;
using namespace placesim::models;
using test::kYear;
using test::run;
using test::spend;

TEST_CASE("one event type: annual spend is families x rate x unit cost", "[mechanisms]") {
  // 400 families, 0.5 events a family-year, £100 each: £20,000 a year; counts Poisson(200).
  auto recs = run(test::single_event_scenario(400, 0.5, 100.0), 100);
  std::vector<double> yearly, counts;
  for (const auto& r : recs) {
    for (int t = 0; t < 2; ++t) {
      yearly.push_back(spend(r.regimes[0], 1, t));
      counts.push_back(r.regimes[0].events[static_cast<std::size_t>(t)]);
    }
  }
  sim::Summary s = sim::summarize(yearly), c = sim::summarize(counts);
  const double se =
      100.0 * std::sqrt(200.0) / std::sqrt(200.0);  // sd of a year over sqrt(200 years)
  INFO("mean spend " << s.mean << ", mean count " << c.mean << ", variance " << c.sd * c.sd);
  CHECK(std::abs(s.mean - 20000.0) < 4 * se);
  // Poisson: variance equals the mean; the ratio's sd over 200 years is about 0.1.
  CHECK(std::abs(c.sd * c.sd / c.mean - 1.0) < 0.4);
}

TEST_CASE("need levels multiply hazards", "[mechanisms]") {
  // Everyone at high need with a multiplier of 10: £200,000 a year from 400 families.
  std::string text = test::single_event_scenario(400, 0.5, 100.0) +
                     "needs: {dimensions: {crime: {prevalence: [0, 0, 1]}}}\n";
  text.replace(text.find("payer: council}"), 15, "payer: council, needs: {crime: [3, 10]}}");
  auto recs = run(text, 40);
  std::vector<double> yearly;
  for (const auto& r : recs) yearly.push_back(spend(r.regimes[0], 1, 0));
  const double expected = 400 * 0.5 * 10 * 100.0, se = 100.0 * std::sqrt(2000.0) / std::sqrt(40.0);
  CHECK(std::abs(sim::summarize(yearly).mean - expected) < 4 * se);
}

// 1,000 families with no needs, leaving at hazard 0.5 a year.
const std::string kLeaving =
    "placesim: 1\nname: leaving\ntime: {start_year: 2011, years: 3}\n"
    "needs: {dimensions: {crime: {prevalence: [1, 0, 0]}}}\n"
    "population: {families: 1000, leave_per_year: 0.5}\n";

TEST_CASE("families leave at the stated rate", "[mechanisms]") {
  auto out = run(kLeaving, 20);
  for (int t = 0; t < 3; ++t) {
    std::vector<double> left;
    for (const auto& r : out) left.push_back(r.regimes[0].families[static_cast<std::size_t>(t)]);
    const double p = std::exp(-0.5 * (t + 1)), se = std::sqrt(1000 * p * (1 - p) / 20.0);
    INFO("year " << t);
    CHECK(std::abs(sim::summarize(left).mean - 1000 * p) < 4 * se);
  }
}

TEST_CASE("family-years are families present, time-weighted", "[mechanisms]") {
  // Leaving at hazard h: a year [t, t+1) holds 1000 (e^-ht - e^-h(t+1)) / h
  // family-years in expectation; with nobody leaving, exactly the cohort.
  auto out = run(kLeaving, 20);
  for (int t = 0; t < 3; ++t) {
    std::vector<double> fy;
    for (const auto& r : out) fy.push_back(r.regimes[0].family_years[static_cast<std::size_t>(t)]);
    const double expected = 1000 * (std::exp(-0.5 * t) - std::exp(-0.5 * (t + 1))) / 0.5;
    // Bounded by the count at the year's start: sd below that of a binomial there.
    const double p = std::exp(-0.5 * t), se = std::sqrt(1000 * p * (1 - p) / 20.0) + 1.0;
    INFO("year " << t << ": " << sim::summarize(fy).mean << " against " << expected);
    CHECK(std::abs(sim::summarize(fy).mean - expected) < 4 * se);
  }
  const std::string stay = test::single_event_scenario(400, 0.5, 100.0);
  for (const auto& r : run(stay, 2)) {
    for (std::size_t t = 0; t < 2; ++t) CHECK(r.regimes[0].family_years[t] == Approx(400.0));
  }
}

TEST_CASE("episodes accrue their cost over their duration, across years", "[mechanisms]") {
  // Episodes of exactly 100 days at £10 a day: each event costs £1,000, spread
  // over the days it lasts. In year 1 the spill-in from year 0 balances the
  // spill-out to year 2, so the year costs rate x families x £1,000.
  std::string text =
      "placesim: 1\nname: episodes\ntime: {start_year: 2011, years: 3}\n"
      "agencies: {council: {budget: 1.0e9}}\npopulation: {families: 500}\n"
      "events:\n  care: {rate_per_year: 0.2, payer: council,"
      " episode: {duration: {dist: constant, days: 100}, cost_per_week: 70}}\n";
  auto recs = run(text, 60);
  std::vector<double> y1;
  for (const auto& r : recs) y1.push_back(spend(r.regimes[0], 1, 1));
  const double expected = 500 * 0.2 * 1000.0, se = 1000.0 * std::sqrt(100.0) / std::sqrt(60.0);
  CHECK(std::abs(sim::summarize(y1).mean - expected) < 4 * se);
}

TEST_CASE("ongoing costs of need are paid for every day at that level", "[mechanisms]") {
  // No events and no need dynamics: exactly families x cost a year.
  std::string text =
      "placesim: 1\nname: need costs\ntime: {start_year: 2011, years: 2}\n"
      "agencies: {council: {budget: 1.0e9}}\npopulation: {families: 250}\n"
      "needs: {dimensions: {housing: {prevalence: [0, 0, 1], cost_per_year: [100, 400], payer: "
      "council}}}\n";
  auto recs = run(text, 2);
  CHECK(spend(recs[0].regimes[0], 1, 0) == Approx(250 * 400.0).epsilon(1e-12));
  CHECK(spend(recs[1].regimes[0], 1, 1) == Approx(250 * 400.0).epsilon(1e-12));
}

TEST_CASE("a budget rations exactly when committed spend reaches its threshold", "[mechanisms]") {
  // Budget £20,000 rationing at half; places commit £2,000 on 1 April, then
  // £10 events at 1,000 a year commit the rest: 800 events, about 292 days.
  auto scenario = [](double place_cost, double event_rate) {
    return "placesim: 1\nname: rationing\ntime: {start_year: 2011, years: 2}\n"
           "agencies: {council: {budget: 20000, rationing_at: 0.5}}\npopulation: {families: 1000}\n"
           "events: {incident: {rate_per_year: " +
           std::to_string(event_rate) +
           ", unit_cost: 10, payer: council}}\n"
           "services: {office: {agency: council, capacity: 1, duration: 1, cost_per_place_year: " +
           std::to_string(place_cost) + "}}\n";
  };
  SECTION("when places alone pass the threshold, it rations all year") {
    auto recs = run(scenario(10000.0, 0.0), 1);
    CHECK(recs[0].regimes[0].rationing_days == std::vector<double>{kYear, kYear});
  }
  SECTION("when nothing reaches it, never") {
    auto recs = run(scenario(9999.0, 0.0), 1);
    CHECK(recs[0].regimes[0].rationing_days == std::vector<double>{0.0, 0.0});
  }
  SECTION("with events, from the day the 800th is committed") {
    auto recs = run(scenario(2000.0, 1.0), 20);
    std::vector<double> days;
    for (const auto& r : recs)
      days.insert(days.end(), r.regimes[0].rationing_days.begin(),
                  r.regimes[0].rationing_days.end());
    const double rate = 1000.0 / kYear, expected = kYear - 800.0 / rate,
                 sd = std::sqrt(800.0) / rate;
    INFO("mean rationing days " << sim::summarize(days).mean << ", expected " << expected);
    CHECK(std::abs(sim::summarize(days).mean - expected) < 4 * sd / std::sqrt(40.0));
  }
}

TEST_CASE("rationing turns away families without a high need", "[mechanisms]") {
  auto scenario = [](double place_cost) {
    return "placesim: 1\nname: thresholds\ntime: {start_year: 2011, years: 1}\n"
           "agencies: {council: {budget: 100000, rationing_at: 0.5}}\npopulation: {families: 200}\n"
           "needs: {dimensions: {housing: {owner: council, prevalence: [0, 1, 0]}}}\n"
           "services:\n  support: {agency: council, kind: intervention, capacity: 10, duration: 30,"
           " cost_per_place_year: " +
           std::to_string(place_cost) +
           ", eligible: {needs: [housing], min_level: moderate}}\n"
           "arrivals: [{into: support, per_day: 0.5}]\n"
           "initial: {services: {support: {in_service: 0, waiting: 5}}}\n";
  };
  auto open = run(scenario(1000.0), 1);      // £10,000 committed: no rationing
  auto rationed = run(scenario(6000.0), 1);  // £60,000 committed: rationing from day one
  CHECK(open[0].regimes[0].utilisation[0] > 0.0);
  CHECK(rationed[0].regimes[0].rationing_days[0] == kYear);
  // The five families placed on the list at the start are served either way;
  // the families arriving with only a moderate need get in only when the
  // council is not rationing.
  CHECK(rationed[0].regimes[0].utilisation[0] < open[0].regimes[0].utilisation[0]);
}

TEST_CASE("an intervention cuts the hazard by its effect while it acts", "[mechanisms]") {
  // Everyone in service all year (one long episode each): events fall by the effect.
  auto scenario = [](double effect) {
    return "placesim: 1\nname: effect\ntime: {start_year: 2011, years: 1}\n"
           "agencies: {council: {budget: 1.0e9}}\npopulation: {families: 500}\n"
           "events: {incident: {rate_per_year: 1.0, unit_cost: 1, payer: council}}\n"
           "services:\n  support: {agency: council, kind: intervention, capacity: 500,"
           " duration: {dist: constant, days: 1000}, effect: {events: {incident: " +
           std::to_string(effect) +
           "}}}\n"
           "initial: {services: {support: {in_service: 500}}}\n";
  };
  auto events = [](const std::vector<ReplicationRecord>& recs) {
    std::vector<double> v;
    for (const auto& r : recs) v.push_back(r.regimes[0].events[0]);
    return sim::summarize(v).mean;
  };
  // Each family starts part-way through, with U x 1000 days left, so within
  // the year it is in service for E[min(1000U, T)] = T - T^2/2000 days.
  const double T = kYear, served = T - T * T / 2000.0;
  auto expected = [&](double effect) {
    return 500.0 * (served * (1.0 - effect) + (T - served)) / T;
  };
  for (double effect : {0.0, 0.5, 1.0}) {
    const double mean = events(run(scenario(effect), 20));
    INFO("effect " << effect << ": " << mean << " events, expected " << expected(effect));
    CHECK(std::abs(mean - expected(effect)) < 4 * std::sqrt(expected(effect) / 20.0));
  }
  // effect.scale multiplies the true effect: 0 is a null world, 0.5 halves it.
  auto scaled = [&](double effect, double scale) {
    std::string text = scenario(effect);
    text.replace(text.find("}}}\n"), 4, "}, scale: " + std::to_string(scale) + "}}\n");
    return events(run(text, 20));
  };
  CHECK(std::abs(scaled(0.8, 0.0) - expected(0.0)) < 4 * std::sqrt(expected(0.0) / 20.0));
  CHECK(std::abs(scaled(1.0, 0.5) - expected(0.5)) < 4 * std::sqrt(expected(0.5) / 20.0));
}

TEST_CASE("an effect lasts an exponential time after the service, then the hazard returns",
          "[mechanisms]") {
  // Everyone in service at the start, with U x 100 days left, then the effect
  // (no incidents at all) persists for X ~ Exp(mean m days): it acts for
  // E[min(R + X, T)] = E[R] + m (1 - e^(-T/m) E[e^(R/m)]) days of the year,
  // with E[e^(R/m)] = (m / 100)(e^(100/m) - 1).
  auto scenario = [](double years) {
    return "placesim: 1\nname: persistence\ntime: {start_year: 2011, years: 1}\n"
           "agencies: {council: {budget: 1.0e9}}\npopulation: {families: 500}\n"
           "events: {incident: {rate_per_year: 1.0, unit_cost: 1, payer: council}}\n"
           "services:\n  support: {agency: council, kind: intervention, capacity: 500,"
           " duration: {dist: constant, days: 100}, effect: {events: {incident: 1.0},"
           " persistence_years: " +
           std::to_string(years) +
           "}}\n"
           "initial: {services: {support: {in_service: 500}}}\n";
  };
  const double T = kYear;
  auto expected = [&](double years) {
    const double m = years * kYear;
    const double acts =
        m == 0.0 ? 50.0 : 50.0 + m * (1.0 - std::exp(-T / m) * (m / 100.0) * std::expm1(100.0 / m));
    return 500.0 * (T - acts) / T;
  };
  for (double years : {0.0, 0.25, 1.0}) {
    std::vector<double> v;
    for (const auto& r : run(scenario(years), 20)) v.push_back(r.regimes[0].events[0]);
    const double mean = sim::summarize(v).mean;
    INFO("persistence " << years << " years: " << mean << " incidents, expected "
                        << expected(years));
    CHECK(std::abs(mean - expected(years)) < 4 * std::sqrt(expected(years) / 20.0));
  }
  // The test tells an effect that ends from one that does not, and from none after exit.
  CHECK(expected(0.0) - expected(0.25) > 20 * std::sqrt(expected(0.25) / 20.0));
}

namespace {

// `n` interventions, each cutting an incident's hazard by 10% and lasting
// past the year, and a trigger for each that refers a family to it about
// daily: by a few days in, every family is in all n.
std::string every_intervention(int n, int families) {
  std::string text =
      "placesim: 1\nname: effects\ntime: {start_year: 2011, years: 1}\n"
      "agencies: {council: {budget: 1.0e9}}\npopulation: {families: " +
      std::to_string(families) +
      "}\nevents:\n  incident: {rate_per_year: 1.0, unit_cost: 1, payer: council}\n";
  std::string services = "services:\n";
  for (int i = 0; i < n; ++i) {
    const std::string name = "support" + std::to_string(i);
    text += "  trigger" + std::to_string(i) +
            ": {rate_per_year: 365.25, payer: council, refer: [{to: " + name + ", p: 1.0}]}\n";
    services += "  " + name +
                ": {agency: council, kind: intervention, capacity: " + std::to_string(families) +
                ", duration: {dist: constant, days: 1000}, effect: {events: {incident: 0.1}}}\n";
  }
  return text + services;
}

}  // namespace

TEST_CASE("a family carries the effects of every intervention it is in at once", "[mechanisms]") {
  // Six interventions on 200 families: from a few days in, incidents fall by
  // 1 - 0.9^6. A family that held only four effects (as before December
  // 2026) would fall by 1 - 0.9^4, more than eight standard errors away.
  const auto recs = run(every_intervention(6, 200), 20);
  std::vector<double> incidents;
  for (const auto& r : recs) {
    incidents.push_back(r.regimes[0].events[0]);
    CHECK(r.regimes[0].effects_displaced == 0.0);
  }
  // Each effect acts from its first trigger, Exp(1 day): on day t a family's
  // hazard is (1 - 0.1 (1 - e^-t))^held, integrated over the year.
  const double T = kYear;
  auto expected = [&](int held) {
    double sum = 0.0;
    const double dt = 0.01;
    for (double t = dt / 2; t < T; t += dt)
      sum += std::pow(1.0 - 0.1 * (1.0 - std::exp(-t)), held) * dt;
    return 200.0 * sum / T;
  };
  const double se = std::sqrt(expected(6) / 20.0);  // Poisson counts, 20 replications
  const double mean = sim::summarize(incidents).mean;
  INFO(mean << " incidents; " << expected(6) << " with six effects, " << expected(4)
            << " with four");
  CHECK(expected(4) - expected(6) > 8 * se);  // the test tells four slots from six
  CHECK(std::abs(mean - expected(6)) < 4 * se);
}

TEST_CASE("past 16 interventions a family's effects share 16 slots, and the loss is counted",
          "[mechanisms]") {
  // Seventeen interventions, all in service past the year: each family's
  // seventeenth effect finds every slot in service and is lost, once.
  const std::string text = every_intervention(17, 40);
  for (const auto& r : run(text, 2)) CHECK(r.regimes[0].effects_displaced == 40.0);
  // The scenario is accepted, with a warning that says so before the run.
  const auto loaded = models::load_scenario_text(text, "test.yaml");
  REQUIRE(loaded.warnings.size() == 1);
  CHECK(loaded.warnings[0].find("17 interventions") != std::string::npos);
  CHECK(models::load_scenario_text(every_intervention(16, 40), "test.yaml").warnings.empty());
}

TEST_CASE("referrals between agencies can be lost on the way", "[mechanisms]") {
  auto scenario = [](double lost) {
    return "placesim: 1\nname: handoffs\ntime: {start_year: 2011, years: 1}\n"
           "agencies: {council: {budget: 1.0e9}, police: {budget: 1.0e9}}\npopulation: {families: "
           "300}\n"
           "events: {incident: {rate_per_year: 1.0, payer: police, refer: [{to: team, p: 1.0}]}}\n"
           "services: {team: {agency: council, capacity: 100, duration: 1}}\n"
           "regimes: {siloed: {handoff_days: 10, lost_referrals: " +
           std::to_string(lost) + "}}\n";
  };
  auto all_lost = run(scenario(1.0), 2);
  auto none_lost = run(scenario(0.0), 2);
  CHECK(all_lost[0].regimes[0].utilisation[0] == 0.0);
  CHECK(none_lost[0].regimes[0].utilisation[0] > 0.0);
}

TEST_CASE("the starting state costs what is left of each episode", "[mechanisms]") {
  // 100 episodes of 200 days, each part-way through (uniform): 100 x 100 days at £1.
  std::string text =
      "placesim: 1\nname: start\ntime: {start_year: 2011, years: 1}\n"
      "agencies: {council: {budget: 1.0e9}}\npopulation: {families: 100}\n"
      "events: {care: {rate_per_year: 0, payer: council,"
      " episode: {duration: {dist: constant, days: 200}, cost_per_week: 7}}}\n"
      "initial: {episodes: {care: 100}}\n";
  auto recs = run(text, 30);
  std::vector<double> y0;
  for (const auto& r : recs) y0.push_back(spend(r.regimes[0], 1, 0));
  const double se = 200.0 / std::sqrt(12.0) * std::sqrt(100.0) / std::sqrt(30.0);
  CHECK(std::abs(sim::summarize(y0).mean - 10000.0) < 4 * se);
}
