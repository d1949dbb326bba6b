// Green Book appraisal against hand-computed figures on synthetic records.
#include <catch2/catch.hpp>

#include <cmath>

#include "hand_records.h"
#include "models/appraisal/appraisal.h"
#include "models/appraisal/discounting.h"
#include "models/family/ledger.h"

using namespace placesim::models;

namespace {

Scenario two_agency_scenario(int years) {
  Scenario s;
  s.years = years;
  s.agencies.resize(2);
  s.agencies[0].key = "council";
  s.agencies[1].key = "police";
  for (auto& a : s.agencies) a.budget.assign(static_cast<std::size_t>(years), 1e6);
  s.regimes.resize(2);
  s.regimes[0].key = "siloed";
  s.regimes[1].key = "pooled";
  s.regimes[1].pool = {1, 1};
  s.regimes[1].contributions = {0.03, 0.01};
  s.appraisal.discount = green_book_bands();
  return s;
}

RegimeRecord empty_record(const Scenario& s) {
  RegimeRecord r;
  r.spend.assign(static_cast<std::size_t>(s.years) * s.agencies.size() * kCategories, 0.0);
  return r;
}

double& cell(RegimeRecord& r, const Scenario& s, int t, std::size_t a, int c) {
  return r.spend[(static_cast<std::size_t>(t) * s.agencies.size() + a) * kCategories +
                 static_cast<std::size_t>(c)];
}

// Pooled pays 100 for prevention in year 0 (council); police spend falls by
// `saving` a year from year 1 on.
ReplicationRecord invest_then_save(const Scenario& s, double saving) {
  ReplicationRecord rec;
  rec.regimes = {empty_record(s), empty_record(s)};
  cell(rec.regimes[1], s, 0, 0, kPreventive) = 100.0;
  for (int t = 1; t < s.years; ++t) {
    cell(rec.regimes[0], s, t, 1, kReactive) = 50.0;
    cell(rec.regimes[1], s, t, 1, kReactive) = 50.0 - saving;
  }
  settle_as(s, rec, Evidence::assumed);
  return rec;
}

}  // namespace

TEST_CASE("Green Book discount factors change rate after year 30", "[appraisal]") {
  auto df = discount_factors(green_book_bands(), 80);
  CHECK(df[0] == 1.0);
  CHECK(df[1] == Approx(1 / 1.035).epsilon(1e-14));
  CHECK(df[30] == Approx(std::pow(1.035, -30)).epsilon(1e-13));
  CHECK(df[31] == Approx(std::pow(1.035, -30) / 1.03).epsilon(1e-13));
  CHECK(df[75] == Approx(std::pow(1.035, -30) * std::pow(1.03, -45)).epsilon(1e-12));
  CHECK(df[76] == Approx(std::pow(1.035, -30) * std::pow(1.03, -45) / 1.025).epsilon(1e-12));
}

TEST_CASE("NPV, BCR, ROI and payback over a 40-year horizon", "[appraisal]") {
  Scenario s = two_agency_scenario(40);
  auto ap = appraise(s, {invest_then_save(s, 10.0)}, 1);
  // By hand: benefits are 10 a year for years 1..39, at 3.5% to year 30 and 3.0% after.
  double benefits = 0.0;
  for (int t = 1; t <= 39; ++t)
    benefits +=
        10.0 * (t <= 30 ? std::pow(1.035, -t) : std::pow(1.035, -30) * std::pow(1.03, -(t - 30)));
  CHECK(ap.costs_pv[0] == Approx(100.0));
  CHECK(ap.benefits_pv[0] == Approx(benefits).epsilon(1e-12));
  CHECK(ap.npv[0] == Approx(benefits - 100.0).epsilon(1e-12));
  CHECK(ap.bcr[0] == Approx(benefits / 100.0).epsilon(1e-12));
  CHECK(ap.roi[0] == Approx((benefits - 100.0) / 100.0).epsilon(1e-12));
  // Annuity factor (1 - 1.035^-T) / 0.035 reaches 10 between T = 12 and 13.
  CHECK(ap.payback_year[0] == 13);
  CHECK(ap.npv_by_agency[0] == Approx(-100.0));
  CHECK(ap.npv_by_agency[1] == Approx(benefits));
  // net_saving is undiscounted: siloed minus pooled, year by year.
  CHECK(ap.net_saving[0 * 2 + 0] == -100.0);
  CHECK(ap.net_saving[(5 * 2) + 1] == 10.0);
  // The council pays, the police gain: all of the council's prevention lands with the police.
  CHECK(ap.who_pays_who_gains[0 * 2 + 1] == Approx(100.0));
  CHECK(ap.who_pays_who_gains[0 * 2 + 0] == 0.0);
}

TEST_CASE("optimism bias raises costs and cuts benefits", "[appraisal]") {
  Scenario s = two_agency_scenario(10);
  s.appraisal.optimism_costs = {0.41, 0.41, 0.41};
  s.appraisal.optimism_benefits = {0.2, 0.2, 0.2};
  auto ap = appraise(s, {invest_then_save(s, 30.0)}, 1);
  CHECK(ap.npv_adjusted[0] == Approx(0.8 * ap.benefits_pv[0] - 1.41 * ap.costs_pv[0]));
  CHECK(ap.bcr_adjusted[0] == Approx(ap.bcr[0] * 0.8 / 1.41));
  CHECK(std::string(vfm_band(0.9)) == "poor");
  CHECK(std::string(vfm_band(1.7)) == "medium");
  CHECK(std::string(vfm_band(4.5)) == "very high");
}

TEST_CASE("no payback when savings never cover the investment", "[appraisal]") {
  Scenario s = two_agency_scenario(5);
  auto ap = appraise(s, {invest_then_save(s, 1.0)}, 1);
  CHECK(ap.payback_year[0] == -1);
  CHECK(ap.median_payback() == -1);
}

TEST_CASE("a claim at the simulated median is met half the time", "[appraisal][treasury]") {
  Scenario s = two_agency_scenario(5);
  Claim c;
  c.label = "five-year saving";
  c.first_year = 0;
  c.last_year = 4;
  c.gbp =
      50.0 * 4 - 100.0;  // the median, rep 500 of 0..1000, saves 50 a year for 4 years, less 100
  s.claims.push_back(c);
  std::vector<ReplicationRecord> reps;
  for (int i = 0; i <= 1000; ++i) reps.push_back(invest_then_save(s, i / 10.0));
  auto ap = appraise(s, reps, 1);
  const ClaimResult& r = ap.claims.at(0);
  CHECK(r.probability == Approx(501.0 / 1001.0));
  CHECK(r.median_shortfall == Approx(0.0).margin(1e-9));
  CHECK(r.implied_optimism == Approx(0.0).margin(1e-12));
}

TEST_CASE("share claims are shares (0-1) of baseline spend over the same years",
          "[appraisal][treasury]") {
  Scenario s = two_agency_scenario(5);
  Claim c;
  c.label = "10% of police spend in year 3";
  c.agency = 1;
  c.first_year = c.last_year = 3;
  c.share = 0.10;
  c.is_share = true;
  s.claims.push_back(c);
  auto ap = appraise(s, {invest_then_save(s, 4.0), invest_then_save(s, 6.0)}, 1);
  CHECK(ap.claims[0].simulated[0] == Approx(0.08));  // 4 of 50
  CHECK(ap.claims[0].simulated[1] == Approx(0.12));
  CHECK(ap.claims[0].probability == Approx(0.5));
}

TEST_CASE("claims are tested on their own basis and scope", "[appraisal][treasury]") {
  // Prevention costs 100 in year 0; police spend falls by 30 a year after.
  Scenario s = two_agency_scenario(5);
  Claim c;
  c.first_year = 0;
  c.last_year = 4;
  c.gbp = 50.0;
  s.claims = {c, c, c};
  s.claims[1].basis = ClaimBasis::gross;  // the fall alone: 4 x 30
  s.claims[2].scope = 2.5;                // a claim for 2.5 times the cohort
  s.claims[2].scope_note = "5,000 families";
  auto ap = appraise(s, {invest_then_save(s, 30.0)}, 1);
  CHECK(ap.claims[0].simulated[0] == Approx(4 * 30.0 - 100.0));
  CHECK(ap.claims[0].basis == "net_counterfactual");
  CHECK(ap.claims[1].simulated[0] == Approx(4 * 30.0));
  CHECK(ap.claims[1].basis == "gross");
  CHECK(ap.claims[2].simulated[0] == Approx(2.5 * (4 * 30.0 - 100.0)));
  CHECK(ap.claims[2].note.find("5,000 families") != std::string::npos);
}

TEST_CASE("a claim's chance carries its Monte Carlo interval and a curve",
          "[appraisal][treasury]") {
  Scenario s = two_agency_scenario(5);
  Claim c;
  c.first_year = 0;
  c.last_year = 4;
  c.gbp = 0.0;
  s.claims.push_back(c);
  std::vector<ReplicationRecord> reps;
  for (int i = 0; i < 40; ++i) reps.push_back(invest_then_save(s, i < 10 ? 20.0 : 30.0));
  auto ap = appraise(s, reps, 1);
  const ClaimResult& r = ap.claims[0];
  // 30 of 40 reach 0 (4 x 30 - 100 = 20 > 0; 4 x 20 - 100 < 0). Wilson 95%:
  // centre (p + z^2/2n) / (1 + z^2/n), half-width z sqrt(p(1-p)/n + z^2/4n^2) / (1 + z^2/n).
  const double p = 0.75, n = 40, z = 1.959963984540054;
  const double centre = (p + z * z / (2 * n)) / (1 + z * z / n);
  const double half = z * std::sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n);
  CHECK(r.probability == Approx(0.75));
  CHECK(r.probability_low == Approx(centre - half).epsilon(1e-9));
  CHECK(r.probability_high == Approx(centre + half).epsilon(1e-9));
  REQUIRE(r.curve_x.size() == r.curve_p.size());
  for (std::size_t i = 0; i < r.curve_x.size(); ++i) {
    const double x = r.curve_x[i];
    const double expect = x <= -20.0 ? 1.0 : x <= 20.0 ? 0.75 : 0.0;
    CHECK(r.curve_p[i] == Approx(expect));
  }
}

TEST_CASE("the gain-share rule returns the total in proportion to contributions", "[appraisal]") {
  Scenario s = two_agency_scenario(5);
  auto ap = appraise(s, {invest_then_save(s, 30.0)}, 1);
  const double total = ap.position_before[0] + ap.position_before[1];
  CHECK(ap.position_after[0] == Approx(0.75 * total));  // 0.03 of 1m against 0.01 of 1m
  CHECK(ap.position_after[1] == Approx(0.25 * total));
}

TEST_CASE("the value of perfect information, by hand", "[appraisal][evpi]") {
  // Adopting is worth -2, 1 or 4 in three equally likely futures: with
  // perfect information one adopts only in the last two, worth (0 + 1 + 4) / 3;
  // without it one adopts (mean 1): the difference is 2/3.
  CHECK(expected_value_of_perfect_information({-2.0, 1.0, 4.0}) == Approx(2.0 / 3.0));
  // Mean below zero: one would not adopt; information is worth the mean of the positive part.
  CHECK(expected_value_of_perfect_information({-6.0, -3.0, 3.0}) == Approx(1.0));
  // Every future the same way: knowing which one changes nothing.
  CHECK(expected_value_of_perfect_information({1.0, 2.0, 5.0}) == 0.0);
  CHECK(expected_value_of_perfect_information({-1.0, -2.0}) == 0.0);
  CHECK(expected_value_of_perfect_information({}) == 0.0);
}

TEST_CASE("the appraisal's EVPI is on the NPV after optimism bias", "[appraisal][evpi]") {
  Scenario s = two_agency_scenario(10);
  s.appraisal.optimism_costs = {0.41, 0.41, 0.41};
  s.appraisal.optimism_benefits = {0.2, 0.2, 0.2};
  const auto ap = appraise(s, {invest_then_save(s, 5.0), invest_then_save(s, 30.0)}, 1);
  CHECK(ap.evpi == Approx(expected_value_of_perfect_information(ap.npv_adjusted)));
  CHECK(ap.npv_adjusted[0] < 0.0);  // the two futures point different ways, so EVPI > 0
  CHECK(ap.npv_adjusted[1] > 0.0);
  CHECK(ap.evpi > 0.0);
}

TEST_CASE("the PSA tornado and partial EVPI, by hand", "[appraisal][evpi][sensitivity]") {
  // Sixteen replications, two inputs: the NPV is -100 + 100 a, and b plays no part.
  std::vector<double> drawn, npv;  // [rep][a, b]
  for (int i = 0; i < 16; ++i) {
    drawn.push_back(i % 4);
    drawn.push_back((i * 7) % 5);
    npv.push_back(-100.0 + 100.0 * (i % 4));
  }
  const PsaSensitivity s = psa_sensitivity(drawn, 2, npv);
  REQUIRE(s.joint);                                // 16 >= 2 inputs + 1 + 10 spare
  const double sd_a = std::sqrt(20.0 / 15.0);      // of 0, 1, 2, 3 four times
  CHECK(s.effect[0] == Approx(100.0 * sd_a));      // £ per sd of a
  CHECK(s.effect[1] == Approx(0.0).margin(1e-9));  // b moves nothing
  CHECK(s.r_squared == Approx(1.0));
  CHECK(stands_out(s, 0));
  // With noise a input that plays no part has an effect within its error.
  std::vector<double> noisy = npv;
  for (std::size_t i = 0; i < noisy.size(); ++i) noisy[i] += (i / 4) % 2 ? 30.0 : -30.0;
  const PsaSensitivity n = psa_sensitivity(drawn, 2, noisy);
  CHECK(stands_out(n, 0));
  CHECK(n.se[1] > 0.0);
  CHECK_FALSE(stands_out(n, 1));
  // The fit from a alone is the NPV itself, so a's EVPPI is the EVPI:
  // mean(max(x, 0)) - max(mean(x), 0) = (0 + 0 + 100 + 200) / 4 - 50 = 25.
  CHECK(s.evppi[0] == Approx(25.0));
  CHECK(s.evppi[1] == Approx(0.0).margin(1e-9));
  CHECK(ranked(s).front() == 0);
  // Too few replications for a joint fit: one slope each, cov(NPV, z).
  const PsaSensitivity m = psa_sensitivity({0, 1, 1, 0, 2, 1}, 2, {-100, 0, 100});
  CHECK_FALSE(m.joint);
  CHECK(m.effect[0] == Approx(100.0));  // slope 100 a unit, sd 1
  CHECK(m.effect[1] == Approx(0.0).margin(1e-9));
  CHECK(m.evppi[0] == Approx(100.0 / 3.0));  // EVPI of -100, 0, 100
  // Nothing to say at one replication or with a mismatched array.
  CHECK(psa_sensitivity({1, 2}, 2, {5}).evppi == std::vector<double>{0, 0});
  CHECK(psa_sensitivity({1, 2, 3}, 2, {5, 6}).effect == std::vector<double>{0, 0});
}

TEST_CASE("partial EVPI by group of parameters, by hand", "[appraisal][evpi][sensitivity]") {
  CHECK(parameter_group("services.key_worker.effect.improve") == "services.key_worker");
  CHECK(parameter_group("needs.dimensions.crime.cost_per_year.1") == "needs.dimensions.crime");
  CHECK(parameter_group("events.arrest.unit_cost.gbp") == "events.arrest");
  CHECK(parameter_group("arrivals.0.per_day") == "arrivals.0");
  CHECK(parameter_group("population.leave_per_year") == "population");
  CHECK(parameter_group("money") == "money");
  // Sixteen replications, three inputs: the NPV is -100 + 50 a + 100 b, where
  // a and b describe one service and c another that plays no part.
  std::vector<double> drawn, npv;  // [rep][a, b, c]
  for (int i = 0; i < 16; ++i) {
    drawn.push_back(i % 4);
    drawn.push_back((i / 4) % 2);
    drawn.push_back((i * 7) % 5);
    npv.push_back(-100.0 + 50.0 * (i % 4) + 100.0 * ((i / 4) % 2));
  }
  PsaSensitivity s = psa_sensitivity(drawn, 3, npv);
  add_group_evppi(s, drawn, {"services.x.effect", "services.x.cost", "services.y.effect"}, npv);
  REQUIRE(s.groups == std::vector<std::string>{"services.x", "services.y"});
  // The group's fit is the NPV itself, so its EVPPI is the EVPI: mean(max(x,
  // 0)) - max(mean(x), 0) = 43.75 - 25. Learning a alone is worth less, as b
  // decides the sign at a = 1: the fit from a, -50 + 50 a, gives 37.5 - 25.
  CHECK(expected_value_of_perfect_information(npv) == Approx(18.75));
  CHECK(s.group_evppi[0] == Approx(18.75));
  CHECK(s.evppi[0] == Approx(12.5));
  CHECK(s.group_evppi[1] == Approx(0.0).margin(1e-9));
  // An NPV the draws do not explain: no effect stands out, and a group is
  // worth nothing however many parameters it holds (a sum of slopes fitted to
  // noise would make it look valuable on its size alone).
  std::vector<double> noise(16);
  for (std::size_t i = 0; i < 16; ++i) noise[i] = (i / 8) % 2 ? 60.0 : -100.0;
  PsaSensitivity n = psa_sensitivity(drawn, 3, noise);
  add_group_evppi(n, drawn, {"services.x.effect", "services.x.cost", "services.y.effect"}, noise);
  REQUIRE(n.group_evppi.size() == 2);
  CHECK_FALSE(stands_out(n, 0));
  CHECK_FALSE(stands_out(n, 1));
  CHECK(n.group_evppi[0] == 0.0);
  CHECK(expected_value_of_perfect_information(noise) > 0.0);
  // Names that do not match the columns leave no groups.
  add_group_evppi(s, drawn, {"services.x.effect"}, npv);
  CHECK(s.groups.empty());
  CHECK(s.group_evppi.empty());
}

TEST_CASE("benefit payments avoided are fiscal value but not economic value", "[appraisal]") {
  Scenario s = two_agency_scenario(10);
  s.agencies[1].transfer_share = 0.25;  // a quarter of police reactive spend is payments
  const auto ap = appraise(s, {invest_then_save(s, 30.0)}, 1);
  const double b = ap.benefits_pv[0];
  CHECK(ap.transfers_pv[0] == Approx(0.25 * b).epsilon(1e-12));
  CHECK(ap.transfers[0] == 0.0);
  CHECK(ap.transfers[1] == Approx(0.25 * b).epsilon(1e-12));
  CHECK(ap.economic_npv[0] == Approx(ap.npv[0] - 0.25 * b).epsilon(1e-12));
  CHECK(ap.roi[0] == Approx((b - 100.0) / 100.0).epsilon(1e-12));
  CHECK(ap.economic_roi[0] == Approx((0.75 * b - 100.0) / 100.0).epsilon(1e-12));
}

TEST_CASE("economic claims leave out the benefit payments avoided", "[appraisal][treasury]") {
  // Prevention costs 100 in year 0; police spend falls by 30 a year after, a
  // quarter of it payments to families; undiscounted claims over years 0-3.
  Scenario s = two_agency_scenario(5);
  s.agencies[1].transfer_share = 0.25;
  s.appraisal.optimism_costs = {0.41, 0.41, 0.41};
  s.appraisal.optimism_benefits = {0.2, 0.2, 0.2};
  Claim c;
  c.first_year = 0;
  c.last_year = 3;
  c.gbp = 10.0;
  c.value_type = ClaimValue::economic;
  s.claims = {c, c, c, c};
  s.claims[1].basis = ClaimBasis::gross;
  s.claims[2].basis = ClaimBasis::before_after;
  s.claims[3].value_type = ClaimValue::fiscal;
  ReplicationRecord rec = invest_then_save(s, 30.0);
  EvaluationRecord ev;
  ev.before_after = {0.0, 40.0, 40.0, 40.0, 40.0};  // the families' own saving
  rec.evaluation = ev;
  const auto ap = appraise(s, {rec}, 1);
  const double benefits = 3 * 30.0, payments = 0.25 * benefits;
  CHECK(ap.claims[0].simulated[0] == Approx(benefits - 100.0 - payments));
  CHECK(ap.claims[0].simulated_adjusted[0] ==
        Approx(0.8 * benefits - 141.0 - 0.8 * payments).epsilon(1e-12));
  CHECK(ap.claims[1].simulated[0] == Approx(benefits - payments));
  CHECK(ap.claims[1].simulated_adjusted[0] == Approx(0.8 * (benefits - payments)));
  // Police's reactive spend is all the baseline's: a quarter of it payments.
  CHECK(ap.claims[2].simulated[0] == Approx(0.75 * 3 * 40.0));
  CHECK(ap.claims[2].simulated_adjusted[0] == Approx(0.75 * 0.8 * 3 * 40.0));
  CHECK_FALSE(ap.claims[2].note.empty());
  CHECK(ap.claims[3].simulated[0] == Approx(benefits - 100.0));  // fiscal: payments count
  CHECK(ap.claims[0].value_type == "economic");
  CHECK(ap.claims[0].note.find("not modelled") != std::string::npos);
  // Payments that rise are raised by the costs' uplift, as the spend they are part of.
  const auto worse = appraise(s, {invest_then_save(s, -30.0)}, 1);
  CHECK(worse.claims[0].simulated[0] == Approx(-benefits - 100.0 + payments));
  CHECK(worse.claims[0].simulated_adjusted[0] ==
        Approx(-1.41 * benefits - 141.0 + 1.41 * payments).epsilon(1e-12));
}

TEST_CASE("social value is the social cost of needs the option avoids, discounted", "[appraisal]") {
  Scenario s = two_agency_scenario(3);
  const Appraisal plain = appraise(s, {invest_then_save(s, 30.0)}, 1);
  CHECK(plain.social_value_pv.empty());  // the scenario values no need's burden
  s.needs.resize(1);
  s.needs[0].social_cost_per_year[1].value = 400.0;
  ReplicationRecord rec = invest_then_save(s, 30.0);
  rec.regimes[0].social_cost = {1000.0, 1000.0, 1000.0};
  rec.regimes[1].social_cost = {1000.0, 200.0, 1300.0};  // 800 less in year 1, 300 more in year 2
  const auto ap = appraise(s, {rec}, 1);
  const std::vector<double> df = discount_factors(green_book_bands(), 3);
  const double want = df[1] * 800.0 - df[2] * 300.0;
  REQUIRE(ap.social_value_pv.size() == 1);
  CHECK(ap.social_value_pv[0] == Approx(want).epsilon(1e-12));
  CHECK(ap.social_npv[0] == Approx(ap.economic_npv[0] + want).epsilon(1e-12));
  // Social value is never spend: the NPV is the one without it.
  CHECK(ap.npv[0] == plain.npv[0]);
}

TEST_CASE("means over many replications are exact to an ulp, not drifting with them",
          "[appraisal]") {
  // 2,000 replications whose savings swing by millions either way about a
  // small mean: summing each replication's share, or a plain running sum,
  // misses it by many ulps.
  Scenario s = two_agency_scenario(5);
  std::vector<ReplicationRecord> records;
  for (int k = 0; k < 2000; ++k)
    records.push_back(invest_then_save(s, (k % 2 == 0 ? 1e6 : -1e6) * (1.0 + 1.0 / (k + 3.0))));
  const Appraisal ap = appraise(s, records, 1);
  const std::size_t A = ap.agencies, R = ap.reps;
  long double exact = 0.0L;
  double plain = 0.0;
  for (std::size_t r = 0; r < R; ++r) exact += ap.npv_by_agency[r * A + 1];
  for (std::size_t r = 0; r < R; ++r) plain += ap.npv_by_agency[r * A + 1];
  const auto mean = static_cast<double>(exact / static_cast<long double>(R));
  INFO("mean " << mean << " plain " << plain / static_cast<double>(R));
  CHECK(plain / static_cast<double>(R) != mean);  // the case is hard enough to tell them apart
  CHECK(std::abs(ap.position_before[1] - mean) <= std::abs(mean) * 0x1p-52);
}
