// The commissioning decision of each budget cycle (see commissioning.h).
#include "models/family/commissioning.h"

#include <algorithm>
#include <cmath>

#include "models/family/ranked_option.h"
#include "models/family/results_payments.h"
#include "models/family/targeting.h"
#include "sim/core/prefetch.h"

namespace placesim::models::family {
namespace {

// How many candidates ahead the identities are fetched, so a read from
// memory overlaps the work of the candidates between (a distance not tuned).
constexpr std::size_t kUidsAhead = 16;

// Whose costs a buyer counts: its own agency's, or every pool member's.
struct View {
  std::vector<double> cost;  // [event] expected cost to the view (belief)
  std::vector<char> pays;    // [agency] counted
  bool everyone = false;     // every agency counted: shares summed as one
};

View view_of(const World& w, Index agency) {
  const RegimeRules& r = w.rules();
  View v;
  v.pays.assign(w.t.agencies, 0);
  if (!r.pooled_view[agency]) {
    v.pays[agency] = 1;
    for (Index k = 0; k < w.t.events; ++k) v.cost.push_back(w.t.cost_view[k][agency]);
    return v;
  }
  v.pays = r.pool;
  v.everyone = std::all_of(r.pool.begin(), r.pool.end(), [](char in) { return in != 0; });
  for (Index k = 0; k < w.t.events; ++k) {
    double c = 0.0;
    if (v.everyone) {
      c = w.t.cost_view[k][w.t.agencies];
    } else {
      for (Index a = 0; a < w.t.agencies; ++a) c += r.pool[a] ? w.t.cost_view[k][a] : 0.0;
    }
    v.cost.push_back(c);
  }
  return v;
}

double share_of(const PayerSplit& p, const std::vector<char>& pays, bool everyone) {
  double s = 0.0;
  for (std::size_t i = 0; i < p.agency.size(); ++i) {
    if (everyone || pays[p.agency[i]]) s += p.share[i];
  }
  return s;
}

}  // namespace

std::uint32_t base_capacity(const World& w, Index sv, int y) {
  const ServiceSpec& spec = w.s.services[sv];
  const RegimeRules& r = w.rules();
  const auto yi = static_cast<std::size_t>(y);
  bool is_joint = false;
  for (const RegimeSpec& g : w.s.regimes) is_joint = is_joint || g.assessment == sv;
  if (is_joint) return r.joint_assessment == sv ? spec.capacity[yi] : 0;  // only where it is in use
  // Old assessment teams are wound down once the double running ends.
  if (r.joint_assessment != kNoIndex && spec.kind == ServiceKind::assessment &&
      w.appraisal_year(y) >= std::lround(r.double_running_years))
    return 0;
  // Places withdrawn this year to recover last year's overspend (Budgets).
  return spec.capacity[yi] -
         std::min(spec.capacity[yi], w.places_cut.empty() ? 0u : w.places_cut[sv]);
}

double Commissioning::expected_saving(std::uint32_t f, Index sv,
                                      const std::vector<double>& cost_view,
                                      const std::vector<char>& pays, double effect_days,
                                      double horizon, const double* rates) const {
  const ServiceSpec& spec = w_.s.services[sv];
  const bool everyone = std::all_of(pays.begin(), pays.end(), [](char p) { return p != 0; });
  double saving = 0.0;
  const auto& belief = w_.p.services[sv].belief;
  for (std::size_t j = 0; j < belief.size(); ++j)
    saving += rates[j] * belief[j].second * cost_view[belief[j].first];
  saving *= effect_days;
  // Needs that improve, or do not escalate, while the effect lasts keep their
  // lower cost for the rest of the horizon (first order in the rates).
  const double scale = spec.effect.belief_scale;
  const double faster = std::max(0.0, (spec.effect.improve.value - 1.0) * scale);
  const double slower = std::max(0.0, (1.0 - spec.effect.escalate.value) * scale);
  const double after = std::max(0.0, horizon - effect_days / 2.0);
  const std::uint8_t* lv = w_.families.needs(f);
  for (Index d : spec.effect.needs) {
    const NeedSpec& need = w_.s.needs[d];
    const double share = share_of(need.payer, pays, everyone && pays.size() > 1);
    if (share == 0.0) continue;
    auto cost = [&](int level) {
      return level ? need.cost_per_year[level - 1].value / kDaysPerYear : 0.0;
    };
    const int l = lv[d];
    if (l > 0)
      saving += std::min(1.0, faster * w_.p.needs[d].improve[l - 1] * effect_days) *
                (cost(l) - cost(l - 1)) * after * share;
    if (l < kLevels - 1)
      saving += std::min(1.0, slower * w_.p.needs[d].escalate[l] * effect_days) *
                (cost(l + 1) - cost(l)) * after * share;
  }
  return saving;
}

Purchases Commissioning::commission(int y) {
  const RegimeRules& rules = w_.rules();
  const Tables& t = w_.t;
  Purchases bought{std::vector<std::uint32_t>(t.services, 0), std::vector<char>(t.services, 0)};
  // Money for buying places: each agency's own pot, and the fund (less this
  // year's set-up costs, which it pays first).
  std::vector<double> pot(t.agencies + 1, 0.0);
  for (Index a = 0; a < t.agencies; ++a) pot[a] = budgets_.pot_money(Pot{a}, y);
  pot[t.agencies] = budgets_.pot_money(Pot{}, y);
  const int ty = w_.appraisal_year(y);
  if (rules.setup_costs != kNoIndex && ty >= 0) {
    const auto& setup = w_.p.setup_costs[rules.setup_costs];  // as drawn, as charged
    if (static_cast<std::size_t>(ty) < setup.size())
      pot[t.agencies] -= setup[static_cast<std::size_t>(ty)];
  }
  std::vector<RankedOption> options;
  std::vector<std::size_t> option_of(t.services, options.max_size());
  std::vector<View> views;
  for (Index i = 0; i < t.services; ++i) {
    const ServiceSpec& spec = w_.s.services[i];
    if (spec.kind != ServiceKind::intervention || spec.agency == kNoIndex) continue;
    const Index a = spec.agency;
    const std::size_t pot_index = rules.buys_from_fund[a] ? t.agencies : a;
    const double mean_days = std::max(1e-9, spec.duration.mean());
    const double drop = spec.effect.dropout.value;
    const double lasting =
        (1.0 - drop) * (mean_days + spec.effect.persistence_years.value * kDaysPerYear) +
        drop * mean_days / 2.0;
    // The places money and max_places allow (the deepest rank a read can
    // reach follows from it, once the families are scored).
    double buyable = spec.max_places;
    const double year_cost = spec.cost_per_place_year.value;
    // One more than the quotient: the loop below subtracts place by place,
    // and its rounding must never reach past what is held.
    if (year_cost > 0.0)
      buyable = std::min(buyable, std::floor(std::max(0.0, pot[pot_index]) / year_cost) + 1.0);
    const double horizon = rules.horizon_years[a] * kDaysPerYear;
    const double effect_days = std::min(horizon, lasting);
    RankedOption o;
    o.service = i;
    o.pot = pot_index;
    o.per_place = std::max(1.0, horizon / mean_days);
    const sim::Service& s = net_.service(i);
    o.covered = std::max(
        0.0, base_capacity(w_, i, y) * o.per_place - s.busy() - static_cast<double>(s.waiting()));
    o.year_cost = year_cost;
    o.place_cost = o.year_cost * horizon / kDaysPerYear;
    const View view = view_of(w_, a);
    // The families it could take, scored from one look at its hazards of what
    // the intervention would reduce.
    const auto& belief = w_.p.services[i].belief;
    std::vector<double> rates(belief.size());
    std::vector<Scored> candidates;
    candidates.reserve(w_.families.live());  // not twice the cohort as it grows
    for (std::uint32_t f = 0; f < w_.families.slots(); ++f) {
      const FamilyCore& c = w_.families.core(f);
      if (!c.alive || c.departed || ((c.in_service | c.waiting) >> i & 1ull) ||
          referrals_.has_effect(f, i) || !referrals_.eligible(f, i))
        continue;
      for (std::size_t j = 0; j < belief.size(); ++j)
        rates[j] = clocks_.event_rate(f, belief[j].first);
      candidates.push_back(
          {expected_saving(f, i, view.cost, view.pays, effect_days, horizon, rates.data()), f});
    }
    // Identities from the store, in the candidates' order, each family's
    // block fetched a few candidates ahead: after the scan a national
    // cohort's blocks have left the cache, and each read waited on memory
    // when none was fetched ahead (docs/performance.md, "Commissioning's
    // second look at the store").
    auto uid = [&](std::size_t k) -> std::uint64_t {
      if (k + kUidsAhead < candidates.size())
        sim::prefetch(&w_.families.core(candidates[k + kUidsAhead].slot).uid);
      return w_.families.core(candidates[k].slot).uid;
    };
    // Commissioners see a risk score, not the hazards (targeting.h).
    apply_risk_score(
        candidates.size(), [&](std::size_t k) { return candidates[k].saving; },
        [&](std::size_t k, double v) { candidates[k].saving = v; }, uid, w_.s.targeting_accuracy,
        w_.sim, static_cast<std::uint64_t>(y) * t.services + i);
    // What a payer would pay for the family is known, not scored.
    for (std::size_t k = 0; k < candidates.size(); ++k)
      candidates[k].saving += w_.payments->expected(uid(k), i, view.pays);
    // The deepest rank any read below can reach: places are bought while
    // they pay, money and max_places last, then a year of them is filled.
    // Families beyond it are never read, so they need not be held (the same
    // top families, in the same order, are read either way). An intervention
    // few families would pay for holds about those its base places serve.
    buyable =
        std::min(buyable, places_worth_buying(candidates, o.covered, o.per_place, o.place_cost));
    const double fill_depth = (base_capacity(w_, i, y) + buyable) * kDaysPerYear / mean_days;
    const double depth = std::max(o.covered + (buyable + 1.0) * o.per_place, fill_depth);
    const std::size_t keep = depth + 3.0 < static_cast<double>(candidates.size())
                                 ? static_cast<std::size_t>(depth) + 3
                                 : candidates.size();
    o.hold_best(std::move(candidates), keep,
                [this](std::uint32_t f) { return w_.families.core(f).uid; });
    option_of[i] = options.size();
    options.push_back(std::move(o));
    bought.from_fund[i] = static_cast<char>(pot_index == t.agencies);
  }
  // Buy the best-value place next, while it pays for itself and money lasts.
  for (;;) {
    RankedOption* best = nullptr;
    double best_ratio = 1.0;
    for (RankedOption& o : options) {
      if (bought.places[o.service] >= w_.s.services[o.service].max_places ||
          o.year_cost > pot[o.pot])
        continue;
      const double value = o.next_value(bought.places[o.service]);
      const double ratio = o.place_cost > 0.0 ? value / o.place_cost : (value > 0.0 ? 1e300 : 0.0);
      if (ratio >= best_ratio && (!best || ratio > best_ratio)) {
        best = &o;
        best_ratio = ratio;
      }
    }
    if (!best) break;
    ++bought.places[best->service];
    pot[best->pot] -= best->year_cost;
  }
  // Identify families to fill a year of the places, best first.
  for (Index i = 0; i < t.services; ++i) {
    if (option_of[i] >= options.size()) continue;
    RankedOption& o = options[option_of[i]];
    const sim::Service& s = net_.service(i);
    const double places = base_capacity(w_, i, y) + bought.places[i];
    const double per_year =
        places * kDaysPerYear / std::max(1e-9, w_.s.services[i].duration.mean());
    const auto want = static_cast<std::size_t>(
        std::max(0.0, per_year - s.busy() - static_cast<double>(s.waiting())));
    o.rank(want);
    for (std::size_t r = 0; r < std::min(want, o.ranked()); ++r)
      referrals_.refer(o.family_at(r), i, w_.s.services[i].agency, false);
  }
  return bought;
}

}  // namespace placesim::models::family
