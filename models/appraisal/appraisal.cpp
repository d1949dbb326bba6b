#include "models/appraisal/appraisal.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "models/appraisal/appraisal_datasets.h"
#include "models/appraisal/discounting.h"
#include "models/appraisal/optimism.h"
#include "models/family/ledger.h"

namespace placesim::models {

// From treasury_test.cpp: the claims' labels, each claim's values in a
// replication, and the gain-share rule (from position_before).
std::vector<ClaimResult> claim_results(const Scenario& s);
void add_claim_values(const Scenario& s, const ReplicationRecord& rec, Index option,
                      const std::vector<double>& discount, std::vector<ClaimResult>& claims);
void share_gains(const Scenario& s, Appraisal& out, Index option);

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Spend of a regime in one year by one agency, in some categories.
double spend(const std::vector<double>& cells, std::size_t agencies, int t, std::size_t a,
             std::initializer_list<int> cats) {
  double v = 0.0;
  for (int c : cats)
    v += cells[(static_cast<std::size_t>(t) * agencies + a) * kCategories +
               static_cast<std::size_t>(c)];
  return v;
}

// Transfers between agencies (payment by results) count in each agency's net
// saving and cancel in the total; they are neither a cost nor a benefit.
constexpr std::initializer_list<int> kAll = {kReactive, kReactiveCashable, kPreventive, kAssessment,
                                             kSetup,    kJointTeam,        kTransfer};
// The option's costs: what it buys (prevention, set-up and its joint team, so
// the years it runs beside the agencies' own assessment teams, double running,
// are costs); the benefits are the spend it avoids.
constexpr std::initializer_list<int> kInvestment = {kPreventive, kSetup, kJointTeam};
constexpr std::initializer_list<int> kAvoidable = {kReactive, kReactiveCashable, kAssessment};

}  // namespace

const char* vfm_band(double bcr) {
  if (std::isnan(bcr)) return "not defined";
  if (bcr < 1.0) return "poor";
  if (bcr < 1.5) return "low";
  if (bcr < 2.0) return "medium";
  if (bcr <= 4.0) return "high";
  return "very high";
}

double expected_value_of_perfect_information(const std::vector<double>& net_benefit) {
  if (net_benefit.empty()) return 0.0;
  double with = 0.0, mean = 0.0;
  for (double x : net_benefit) {
    with += std::max(x, 0.0);
    mean += x;
  }
  const auto n = static_cast<double>(net_benefit.size());
  return std::max(0.0, with / n - std::max(mean / n, 0.0));
}

double Appraisal::payback_share() const {
  if (payback_year.empty()) return 0.0;
  const auto paying =
      std::count_if(payback_year.begin(), payback_year.end(), [](double y) { return y >= 0; });
  return static_cast<double>(paying) / static_cast<double>(payback_year.size());
}

double Appraisal::median_payback() const {
  std::vector<double> p = payback_year;
  for (double& v : p) {
    if (v < 0) v = std::numeric_limits<double>::infinity();  // never counts as later than any year
  }
  std::sort(p.begin(), p.end());
  if (p.empty()) return -1;
  double m = p[(p.size() - 1) / 2];
  return std::isinf(m) ? -1 : m;
}

double npv_half_width(const std::vector<double>& npv) {
  sim::Summary s = sim::summarize(npv);
  return s.n > 1 ? (s.ci_high - s.ci_low) / 2 : std::numeric_limits<double>::infinity();
}

namespace {

// The social value of the family-years with a need the option avoids, at
// each need's social_cost_per_year as drawn in the replication, discounted.
double social_value(const RegimeRecord& baseline, const RegimeRecord& option,
                    const std::vector<double>& discount) {
  double v = 0.0;
  for (std::size_t t = 0; t < discount.size(); ++t)
    v += discount[t] * (baseline.social_cost[t] - option.social_cost[t]);
  return v;
}

}  // namespace

OptionAppraiser::OptionAppraiser(const Scenario& s, Index option)
    : s_(&s), option_(option), claims_(claim_results(s)) {
  out_.option = s.regimes[option].key;
  out_.baseline = s.regimes[0].key;
  out_.years = s.years;
  out_.agencies = s.agencies.size();
  out_.discount = discount_factors(s.appraisal.discount, s.years);
  // Social value only where the scenario values some need's burden.
  for (const NeedSpec& d : s.needs) {
    for (const Param& p : d.social_cost_per_year)
      valued_ = valued_ || p.value != 0.0 || p.uncertain();
  }
}

void OptionAppraiser::add(const ReplicationRecord& rec) {
  const Scenario& s = *s_;
  Appraisal& out = out_;
  const std::size_t A = out.agencies, Y = static_cast<std::size_t>(s.years), r = out.reps++;
  // This replication's rows start where the kept ones end (drop_rows() may
  // have let the earlier ones go).
  const std::size_t net0 = out.net_saving.size(), agency0 = out.npv_by_agency.size(),
                    cum0 = out.cumulative_npv.size();
  out.net_saving.resize(net0 + Y * A, 0.0);
  out.npv_by_agency.resize(agency0 + A, 0.0);
  out.cumulative_npv.resize(cum0 + Y, 0.0);
  if (r == 0) {
    pays_.assign(A, Sum{});
    gains_.assign(A, Sum{});
    transfers_.assign(A, Sum{});
    by_agency_.assign(A, Sum{});
  }
  const RegimeRecord& sil = rec.regimes[0];
  const RegimeRecord& pool = rec.regimes[option_];
  const std::vector<double>& graded = rec.saving_graded.at(option_);
  double cum = 0.0, costs = 0.0, benefits = 0.0, cashable = 0.0;
  double transfers_pv = 0.0, siloed_pv = 0.0, pooled_pv = 0.0;
  GradedSaving cost_saving{}, benefit_saving{};  // discounted, by evidence
  for (int t = 0; t < s.years; ++t) {
    const double df = out.discount[static_cast<std::size_t>(t)];
    double year_total = 0.0;
    for (std::size_t a = 0; a < A; ++a) {
      const std::size_t cell = net0 + static_cast<std::size_t>(t) * A + a;
      const double net = spend(sil.spend, A, t, a, kAll) - spend(pool.spend, A, t, a, kAll);
      out.net_saving[cell] = net;
      out.npv_by_agency[agency0 + a] += df * net;
      year_total += net;
      const double pay =
          df * (spend(pool.spend, A, t, a, kInvestment) - spend(sil.spend, A, t, a, kInvestment));
      const double gain =
          df * (spend(sil.spend, A, t, a, kAvoidable) - spend(pool.spend, A, t, a, kAvoidable));
      costs += pay;
      benefits += gain;
      add_graded_saving(graded, static_cast<std::size_t>(t), a, A, df, false, cost_saving,
                        benefit_saving);
      pays_[a].add(pay);
      gains_[a].add(gain);
      const double transfer = s.agencies[a].transfer_share * df *
                              (spend(sil.spend, A, t, a, {kReactive, kReactiveCashable}) -
                               spend(pool.spend, A, t, a, {kReactive, kReactiveCashable}));
      transfers_pv += transfer;
      transfers_[a].add(transfer);
      cashable += df * (spend(sil.spend, A, t, a, {kReactiveCashable}) -
                        spend(pool.spend, A, t, a, {kReactiveCashable}));
      siloed_pv += df * spend(sil.spend, A, t, a, kAll);
      pooled_pv += df * spend(pool.spend, A, t, a, kAll);
    }
    cum += df * year_total;
    out.cumulative_npv[cum0 + static_cast<std::size_t>(t)] = cum;
  }
  for (std::size_t a = 0; a < A; ++a) by_agency_[a].add(out.npv_by_agency[agency0 + a]);
  out.npv.push_back(cum);
  out.costs_pv.push_back(costs);
  out.benefits_pv.push_back(benefits);
  out.cashable_npv.push_back(cashable - costs);
  out.transfers_pv.push_back(transfers_pv);
  out.siloed_pv.push_back(siloed_pv);
  out.pooled_pv.push_back(pooled_pv);
  // By the grade of each unit cost, over the window (models/appraisal/optimism.h);
  // transfers net out of the total as before.
  const double costs_adjusted = -after_optimism(s.appraisal, cost_saving);
  const double benefits_adjusted = after_optimism(s.appraisal, benefit_saving);
  out.npv_adjusted.push_back(benefits_adjusted - costs_adjusted);
  out.costs_pv_adjusted.push_back(costs_adjusted);
  out.benefits_pv_adjusted.push_back(benefits_adjusted);
  out.bcr.push_back(costs > 0.0 ? benefits / costs : kNaN);
  out.bcr_adjusted.push_back(costs_adjusted > 0.0 ? benefits_adjusted / costs_adjusted : kNaN);
  out.roi.push_back(costs > 0.0 ? (benefits - costs) / costs : kNaN);
  out.economic_npv.push_back(cum - transfers_pv);
  out.economic_roi.push_back(costs > 0.0 ? (benefits - transfers_pv - costs) / costs : kNaN);
  if (valued_) {
    out.social_value_pv.push_back(social_value(sil, pool, out.discount));
    out.social_npv.push_back(out.economic_npv.back() + out.social_value_pv.back());
  }
  // Payback: the first year from which the cumulative NPV stays non-negative.
  int payback = -1;
  for (int t = s.years - 1; t >= 0 && out.cumulative_npv[cum0 + static_cast<std::size_t>(t)] >= 0.0;
       --t)
    payback = t;
  out.payback_year.push_back(payback);
  // Each mechanism's share of the NPV (with --decompose), as the first record has it.
  if (r == 0) decomposed_ = rec.decomposition.size() >= option_;
  if (decomposed_) {
    if (!out.decomposition) {
      out.decomposition.emplace();
      for (Mechanism m : kAllMechanisms)
        out.decomposition->mechanisms.emplace_back(mechanism_name(m));
    }
    const Decomposition& x = rec.decomposition.at(option_ - 1);
    MechanismAttribution& attr = *out.decomposition;
    attr.shapley.insert(attr.shapley.end(), x.shapley.begin(), x.shapley.end());
    attr.alone.insert(attr.alone.end(), x.alone.begin(), x.alone.end());
    attr.sampled = attr.sampled || x.sampled;
  }
  add_claim_values(s, rec, option_, out.discount, claims_);
}

std::size_t OptionAppraiser::bytes_per_replication() const {
  if (out_.reps == 0) return 0;
  std::size_t n = 0;
  for (const AppraisalDataset& d : appraisal_datasets()) n += (out_.*d.values).size();
  if (out_.decomposition)
    n += out_.decomposition->shapley.size() + out_.decomposition->alone.size();
  for (const ClaimResult& c : claims_) n += c.simulated.size() + c.simulated_adjusted.size();
  return n * sizeof(double) / out_.reps;
}

void OptionAppraiser::drop_rows() {
  for (const AppraisalDataset& d : appraisal_datasets()) {
    if (!d.kept) (out_.*d.values).clear();  // its capacity stays: a row's worth, for the next
  }
}

void OptionAppraiser::Sum::add(double x) {
  const double t = sum + x;
  carry += std::abs(sum) >= std::abs(x) ? (sum - t) + x : (x - t) + sum;
  sum = t;
}

Appraisal OptionAppraiser::finish() {
  Appraisal out = std::move(out_);
  out_ = Appraisal{};
  const std::size_t A = out.agencies, R = out.reps;
  // The means over replications, of sums in replication order.
  out.pays.assign(A, 0.0);
  out.gains.assign(A, 0.0);
  out.transfers.assign(A, 0.0);
  out.position_before.assign(A, 0.0);
  for (std::size_t a = 0; a < A && R > 0; ++a) {
    const auto reps = static_cast<double>(R);
    out.pays[a] = pays_[a].value() / reps;
    out.gains[a] = gains_[a].value() / reps;
    out.transfers[a] = transfers_[a].value() / reps;
    out.position_before[a] = by_agency_[a].value() / reps;
  }
  // Who pays and who gains: the prevention each agency pays for, spread over
  // the agencies whose spend falls, in proportion to their gains.
  out.who_pays_who_gains.assign(A * A, 0.0);
  double total_gain = 0.0;
  for (double g : out.gains) total_gain += std::max(0.0, g);
  if (total_gain > 0.0) {
    for (std::size_t p = 0; p < A; ++p) {
      for (std::size_t b = 0; b < A; ++b)
        out.who_pays_who_gains[p * A + b] =
            std::max(0.0, out.pays[p]) * std::max(0.0, out.gains[b]) / total_gain;
    }
  }
  // Paired versus unpaired standard errors of the mean NPV.
  sim::Summary d = sim::summarize(out.npv), sp = sim::summarize(out.siloed_pv),
               pp = sim::summarize(out.pooled_pv);
  out.paired_se = d.se;
  out.evpi = expected_value_of_perfect_information(out.npv_adjusted);
  out.unpaired_se =
      R > 1 ? std::sqrt((sp.sd * sp.sd + pp.sd * pp.sd) / static_cast<double>(R)) : 0.0;
  share_gains(*s_, out, option_);
  out.claims = std::move(claims_);
  for (ClaimResult& c : out.claims) test_claim(c);
  return out;
}

Appraisal appraise(const Scenario& s, const std::vector<ReplicationRecord>& records, Index option) {
  OptionAppraiser appraiser(s, option);
  for (const ReplicationRecord& rec : records) appraiser.add(rec);
  return appraiser.finish();
}

}  // namespace placesim::models
