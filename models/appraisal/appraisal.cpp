#include "models/appraisal/appraisal.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "models/appraisal/discounting.h"
#include "models/appraisal/optimism.h"
#include "models/family/ledger.h"

namespace placesim::models {

void evaluate_claims(const Scenario& s, const std::vector<ReplicationRecord>& records,
                     Appraisal& out, Index option);
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

Appraisal appraise(const Scenario& s, const std::vector<ReplicationRecord>& records, Index option) {
  Appraisal out;
  out.option = s.regimes[option].key;
  out.baseline = s.regimes[0].key;
  out.years = s.years;
  out.agencies = s.agencies.size();
  out.reps = records.size();
  out.discount = discount_factors(s.appraisal.discount, s.years);
  const std::size_t A = out.agencies, R = out.reps, Y = static_cast<std::size_t>(s.years);
  out.net_saving.assign(R * Y * A, 0.0);
  out.npv.assign(R, 0.0);
  out.npv_by_agency.assign(R * A, 0.0);
  out.cumulative_npv.assign(R * Y, 0.0);
  for (auto* v : {&out.costs_pv, &out.benefits_pv, &out.costs_pv_adjusted,
                  &out.benefits_pv_adjusted, &out.cashable_npv, &out.npv_adjusted, &out.bcr,
                  &out.bcr_adjusted, &out.roi, &out.payback_year, &out.siloed_pv, &out.pooled_pv,
                  &out.transfers_pv, &out.economic_npv, &out.economic_roi})
    v->assign(R, 0.0);
  // Social value only where the scenario values some need's burden.
  bool valued = false;
  for (const NeedSpec& d : s.needs) {
    for (const Param& p : d.social_cost_per_year)
      valued = valued || p.value != 0.0 || p.uncertain();
  }
  if (valued) {
    out.social_value_pv.assign(R, 0.0);
    out.social_npv.assign(R, 0.0);
  }
  out.pays.assign(A, 0.0);
  out.gains.assign(A, 0.0);
  out.transfers.assign(A, 0.0);
  for (std::size_t r = 0; r < R; ++r) {
    const RegimeRecord& sil = records[r].regimes[0];
    const RegimeRecord& pool = records[r].regimes[option];
    const std::vector<double>& graded = records[r].saving_graded.at(option);
    double cum = 0.0, costs = 0.0, benefits = 0.0, cashable = 0.0;
    GradedSaving cost_saving{}, benefit_saving{};  // discounted, by evidence
    for (int t = 0; t < s.years; ++t) {
      const double df = out.discount[static_cast<std::size_t>(t)];
      double year_total = 0.0;
      for (std::size_t a = 0; a < A; ++a) {
        const double net = spend(sil.spend, A, t, a, kAll) - spend(pool.spend, A, t, a, kAll);
        out.net_saving[(r * Y + static_cast<std::size_t>(t)) * A + a] = net;
        out.npv_by_agency[r * A + a] += df * net;
        year_total += net;
        const double pay =
            df * (spend(pool.spend, A, t, a, kInvestment) - spend(sil.spend, A, t, a, kInvestment));
        const double gain =
            df * (spend(sil.spend, A, t, a, kAvoidable) - spend(pool.spend, A, t, a, kAvoidable));
        costs += pay;
        benefits += gain;
        add_graded_saving(graded, static_cast<std::size_t>(t), a, A, df, false, cost_saving,
                          benefit_saving);
        out.pays[a] += pay / static_cast<double>(R);
        out.gains[a] += gain / static_cast<double>(R);
        const double transfer = s.agencies[a].transfer_share * df *
                                (spend(sil.spend, A, t, a, {kReactive, kReactiveCashable}) -
                                 spend(pool.spend, A, t, a, {kReactive, kReactiveCashable}));
        out.transfers_pv[r] += transfer;
        out.transfers[a] += transfer / static_cast<double>(R);
        cashable += df * (spend(sil.spend, A, t, a, {kReactiveCashable}) -
                          spend(pool.spend, A, t, a, {kReactiveCashable}));
        out.siloed_pv[r] += df * spend(sil.spend, A, t, a, kAll);
        out.pooled_pv[r] += df * spend(pool.spend, A, t, a, kAll);
      }
      cum += df * year_total;
      out.cumulative_npv[r * Y + static_cast<std::size_t>(t)] = cum;
    }
    out.npv[r] = cum;
    out.costs_pv[r] = costs;
    out.benefits_pv[r] = benefits;
    out.cashable_npv[r] = cashable - costs;
    // By the grade of each unit cost, over the window (models/appraisal/optimism.h);
    // transfers net out of the total as before.
    const double costs_adjusted = -after_optimism(s.appraisal, cost_saving);
    const double benefits_adjusted = after_optimism(s.appraisal, benefit_saving);
    out.npv_adjusted[r] = benefits_adjusted - costs_adjusted;
    out.costs_pv_adjusted[r] = costs_adjusted;
    out.benefits_pv_adjusted[r] = benefits_adjusted;
    out.bcr[r] = costs > 0.0 ? benefits / costs : kNaN;
    out.bcr_adjusted[r] = costs_adjusted > 0.0 ? benefits_adjusted / costs_adjusted : kNaN;
    out.roi[r] = costs > 0.0 ? (benefits - costs) / costs : kNaN;
    out.economic_npv[r] = cum - out.transfers_pv[r];
    out.economic_roi[r] = costs > 0.0 ? (benefits - out.transfers_pv[r] - costs) / costs : kNaN;
    if (valued) {
      out.social_value_pv[r] = social_value(sil, pool, out.discount);
      out.social_npv[r] = out.economic_npv[r] + out.social_value_pv[r];
    }
    // Payback: the first year from which the cumulative NPV stays non-negative.
    int payback = -1;
    for (int t = s.years - 1;
         t >= 0 && out.cumulative_npv[r * Y + static_cast<std::size_t>(t)] >= 0.0; --t)
      payback = t;
    out.payback_year[r] = payback;
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
  // Each mechanism's share of the NPV (with --decompose).
  if (!records.empty() && records[0].decomposition.size() >= option) {
    MechanismAttribution attr;
    for (Mechanism m : kAllMechanisms) attr.mechanisms.emplace_back(mechanism_name(m));
    for (const ReplicationRecord& rec : records) {
      const Decomposition& x = rec.decomposition[option - 1];
      attr.shapley.insert(attr.shapley.end(), x.shapley.begin(), x.shapley.end());
      attr.alone.insert(attr.alone.end(), x.alone.begin(), x.alone.end());
      attr.sampled = attr.sampled || x.sampled;
    }
    out.decomposition = std::move(attr);
  }
  share_gains(s, out, option);
  evaluate_claims(s, records, out, option);
  return out;
}

}  // namespace placesim::models
