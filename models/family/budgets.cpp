// Budgets: commitments by agency and category, the fund, and rationing.
#include "models/family/budgets.h"

#include <algorithm>
#include <limits>

namespace placesim::models::family {
namespace {

constexpr double kNever = std::numeric_limits<double>::infinity();

}  // namespace

Budgets::Budgets(World& w)
    : w_(w),
      rationing_(w.t.agencies, 0),
      rationing_since_(w.t.agencies, kNever),
      threshold_(w.t.agencies, 0.0),
      fund_weight_(w.t.agencies, 0.0) {}

void Budgets::start_year(int y) {
  const RegimeRules& r = w_.rules();
  const auto yi = static_cast<std::size_t>(y);
  std::fill(rationing_.begin(), rationing_.end(), 0);
  std::fill(rationing_since_.begin(), rationing_since_.end(), kNever);
  pool_rationing_ = false;
  pool_since_ = kNever;
  pool_threshold_ = 0.0;
  for (Index a = 0; a < w_.t.agencies; ++a) {
    const AgencySpec& ag = w_.s.agencies[a];
    threshold_[a] = ag.rationing_at * ag.budget[yi];
    if (r.rations_on_pool[a]) pool_threshold_ += threshold_[a];
  }
  // The fund's spend falls on agencies in proportion to the money they put in.
  double fund = 0.0;
  for (Index a = 0; a < w_.t.agencies; ++a) {
    fund_weight_[a] = r.fund_share[a] * w_.s.agencies[a].budget[yi];
    fund += fund_weight_[a];
  }
  for (double& x : fund_weight_) x = fund > 0 ? x / fund : 1.0 / w_.t.agencies;
}

void Budgets::post(Index agency, int category, double amount) {
  if (amount == 0.0 || agency == kNoIndex) return;  // negative: a commitment given back
  w_.ledger.post(w_.year, agency, category, amount);
  check_rationing(agency);
}

void Budgets::post_to_fund(int category, double amount) {
  post_shared(fund_weight_, category, amount);
}

void Budgets::post_shared(const std::vector<double>& weights, int category, double amount) {
  if (amount == 0.0) return;
  for (Index a = 0; a < w_.t.agencies; ++a) {
    w_.ledger.post(w_.year, a, category, amount * weights[a]);
    check_rationing(a);
  }
}

void Budgets::charge(const PayerSplit& payer, double cashable, double amount) {
  if (amount == 0.0) return;
  for (std::size_t i = 0; i < payer.agency.size(); ++i) {
    const Index a = payer.agency[i];
    w_.ledger.post(w_.year, a, kReactiveCashable, amount * payer.share[i] * cashable);
    w_.ledger.post(w_.year, a, kReactive, amount * payer.share[i] * (1.0 - cashable));
    check_rationing(a);
  }
}

void Budgets::accrue(sim::Time t0, sim::Time t1, double per_day, const PayerSplit& payer,
                     double cashable) {
  for (std::size_t i = 0; i < payer.agency.size(); ++i) {
    const Index a = payer.agency[i];
    w_.ledger.accrue(t0, t1, per_day * payer.share[i] * cashable, a, kReactiveCashable);
    w_.ledger.accrue(t0, t1, per_day * payer.share[i] * (1.0 - cashable), a, kReactive);
    check_rationing(a);
  }
}

void Budgets::check_rationing(Index a) {
  const int y = w_.year;
  // Thresholds of the year are fixed at its start (start_year).
  if (!rationing_[a] && threshold_[a] > 0.0 && w_.ledger.total(y, a) >= threshold_[a]) {
    rationing_[a] = 1;
    rationing_since_[a] = w_.sim.now();
  }
  if (pool_rationing_ || pool_threshold_ <= 0.0 || !w_.rules().rations_on_pool[a]) return;
  double spent = 0.0;
  for (Index b = 0; b < w_.t.agencies; ++b) {
    if (w_.rules().rations_on_pool[b] && threshold_[b] > 0.0) spent += w_.ledger.total(y, b);
  }
  if (spent >= pool_threshold_) {
    pool_rationing_ = true;
    pool_since_ = w_.sim.now();
  }
}

bool Budgets::rationed(Index a) const {
  if (a == kNoIndex) return false;
  if (w_.rules().rations_on_pool[a]) return pool_rationing_ && w_.s.agencies[a].rationing_at > 0.0;
  return rationing_[a] != 0;
}

double Budgets::pot_money(Pot pot, int y) const {
  const RegimeRules& r = w_.rules();
  const auto yi = static_cast<std::size_t>(y);
  if (!pot.fund()) return r.own_share[pot.agency] * w_.s.agencies[pot.agency].budget[yi];
  double fund = 0.0;
  for (Index a = 0; a < w_.t.agencies; ++a) {
    if (r.buys_from_fund[a]) fund += r.fund_share[a] * w_.s.agencies[a].budget[yi];
  }
  return fund;
}

void Budgets::observe_year(int y) {
  if (!w_.appraised(y)) return;
  const auto t = static_cast<std::size_t>(w_.appraisal_year(y));
  const double end = (y + 1) * kDaysPerYear;
  for (Index a = 0; a < w_.t.agencies; ++a) {
    const double since = w_.rules().rations_on_pool[a]
                             ? (w_.s.agencies[a].rationing_at > 0 ? pool_since_ : kNever)
                             : rationing_since_[a];
    w_.rec.rationing_days[t * w_.t.agencies + a] = std::max(0.0, end - since);
  }
}

}  // namespace placesim::models::family
