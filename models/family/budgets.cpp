// Budgets: commitments by agency and category, the fund, and rationing.
#include "models/family/budgets.h"

#include <algorithm>
#include <cmath>
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
      fund_weight_(w.t.agencies, 0.0),
      held_back_(w.t.agencies, 0.0) {}

void Budgets::start_year(int y) {
  const RegimeRules& r = w_.rules();
  std::fill(rationing_.begin(), rationing_.end(), 0);
  std::fill(rationing_since_.begin(), rationing_since_.end(), kNever);
  pool_rationing_ = false;
  pool_since_ = kNever;
  pool_threshold_ = 0.0;
  respond_to_overspend(y);
  for (Index a = 0; a < w_.t.agencies; ++a) {
    const AgencySpec& ag = w_.s.agencies[a];
    threshold_[a] = ag.rationing_at * budget(a, y);
    if (r.rations_on_pool[a]) pool_threshold_ += threshold_[a];
  }
  // The fund's spend falls on agencies in proportion to the money they put
  // in (less what they hold back for an overspend, unless that is all of it).
  double fund = 0.0, nominal = 0.0;
  for (Index a = 0; a < w_.t.agencies; ++a) {
    const double in = r.fund_share[a] * budget(a, y);
    nominal += in;
    fund_weight_[a] = std::max(0.0, in - (r.buys_from_fund[a] ? held_back_[a] : 0.0));
    fund += fund_weight_[a];
  }
  for (Index a = 0; a < w_.t.agencies; ++a) {
    const double in = r.fund_share[a] * budget(a, y);
    fund_weight_[a] = fund > 0      ? fund_weight_[a] / fund
                      : nominal > 0 ? in / nominal
                                    : 1.0 / w_.t.agencies;
  }
}

void Budgets::post(Index agency, int category, double amount, Evidence e) {
  if (amount == 0.0 || agency == kNoIndex) return;  // negative: a commitment given back
  w_.ledger.post(w_.year, agency, category, amount, e);
  check_rationing(agency);
}

void Budgets::post_to_fund(int category, double amount, Evidence e) {
  post_shared(fund_weight_, category, amount, e);
}

void Budgets::post_shared(const std::vector<double>& weights, int category, double amount,
                          Evidence e) {
  if (amount == 0.0) return;
  for (Index a = 0; a < w_.t.agencies; ++a) {
    w_.ledger.post(w_.year, a, category, amount * weights[a], e);
    check_rationing(a);
  }
}

void Budgets::charge(const PayerSplit& payer, double cashable, double amount, Evidence e) {
  if (amount == 0.0) return;
  for (std::size_t i = 0; i < payer.agency.size(); ++i) {
    const Index a = payer.agency[i];
    w_.ledger.post(w_.year, a, kReactiveCashable, amount * payer.share[i] * cashable, e);
    w_.ledger.post(w_.year, a, kReactive, amount * payer.share[i] * (1.0 - cashable), e);
    check_rationing(a);
  }
}

void Budgets::accrue(sim::Time t0, sim::Time t1, double per_day, const PayerSplit& payer,
                     double cashable, Evidence e) {
  for (std::size_t i = 0; i < payer.agency.size(); ++i) {
    const Index a = payer.agency[i];
    w_.ledger.accrue(t0, t1, per_day * payer.share[i] * cashable, a, kReactiveCashable, e);
    w_.ledger.accrue(t0, t1, per_day * payer.share[i] * (1.0 - cashable), a, kReactive, e);
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

double Budgets::budget(Index a, int y) const {
  return w_.p.budget_scale * w_.s.agencies[a].budget[static_cast<std::size_t>(y)];
}

double Budgets::nominal_pot(Index a, int y) const {
  const RegimeRules& r = w_.rules();
  return (r.buys_from_fund[a] ? r.fund_share[a] : r.own_share[a]) * budget(a, y);
}

double Budgets::pot_money(Pot pot, int y) const {
  const RegimeRules& r = w_.rules();
  if (!pot.fund())
    return r.buys_from_fund[pot.agency]
               ? 0.0
               : std::max(0.0, nominal_pot(pot.agency, y) - held_back_[pot.agency]);
  double fund = 0.0;
  for (Index a = 0; a < w_.t.agencies; ++a) {
    if (r.buys_from_fund[a]) fund += std::max(0.0, nominal_pot(a, y) - held_back_[a]);
  }
  return fund;
}

// The response to an overspend, one rule for every agency and regime: the
// next budget cycle recovers it from discretionary prevention, first from the
// money the agency would put into buying places (its own pot, or its
// contribution to the fund), then by withdrawing its own intervention places,
// the same share of each, rounded up to whole places. Reactive spend (events,
// episodes, the costs of need) carries on: it is statutory. Agencies that
// ration on a pooled budget answer together for the pool's overspend, shared
// by their own. An overspend is recovered once; it is not carried as a debt.
void Budgets::respond_to_overspend(int y) {
  std::fill(held_back_.begin(), held_back_.end(), 0.0);
  std::fill(w_.places_cut.begin(), w_.places_cut.end(), 0u);
  if (y == 0) return;
  const int prev = y - 1;
  const Index n = w_.t.agencies;
  std::vector<double> over(n, 0.0);
  double pool_spend = 0.0, pool_budget = 0.0, pool_own = 0.0;
  for (Index a = 0; a < n; ++a) {
    over[a] = std::max(0.0, w_.ledger.total(prev, a) - budget(a, prev));
    if (w_.rules().rations_on_pool[a]) {
      pool_spend += w_.ledger.total(prev, a);
      pool_budget += budget(a, prev);
      pool_own += over[a];
    }
  }
  if (pool_own > 0.0) {
    const double pool_over = std::max(0.0, pool_spend - pool_budget);
    for (Index a = 0; a < n; ++a) {
      if (w_.rules().rations_on_pool[a]) over[a] = pool_over * over[a] / pool_own;
    }
  }
  for (Index a = 0; a < n; ++a) {
    held_back_[a] = std::min(over[a], nominal_pot(a, y));
    const double rest = over[a] - held_back_[a];
    if (rest <= 0.0) continue;
    double places_cost = 0.0;
    for (Index sv = 0; sv < w_.t.services; ++sv) {
      const ServiceSpec& spec = w_.s.services[sv];
      if (spec.agency == a && spec.kind == ServiceKind::intervention)
        places_cost +=
            w_.p.services[sv].cost_per_place_year * spec.capacity[static_cast<std::size_t>(y)];
    }
    if (places_cost <= 0.0) continue;
    const double share = std::min(1.0, rest / places_cost);
    for (Index sv = 0; sv < w_.t.services; ++sv) {
      const ServiceSpec& spec = w_.s.services[sv];
      if (spec.agency == a && spec.kind == ServiceKind::intervention)
        w_.places_cut[sv] = static_cast<std::uint32_t>(
            std::ceil(share * spec.capacity[static_cast<std::size_t>(y)] - 1e-9));
    }
  }
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
    w_.rec.overspend[t * w_.t.agencies + a] = std::max(0.0, w_.ledger.total(y, a) - budget(a, y));
  }
}

}  // namespace placesim::models::family
