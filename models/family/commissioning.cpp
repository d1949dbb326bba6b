// FamilySimulation: the commissioning decision of each budget cycle.
//
// A commissioner ranks the families an intervention could take by the saving
// it expects from each (belief: the scenario's stated mean effects and unit
// costs, not the true effect drawn for the replication), counting only the
// costs that fall on its own budget when siloed, or on every budget when the
// pooled fund decides. It buys places one at a time, best value first, while
// the expected saving of the families a place would serve covers the place's
// cost over the decision horizon, and while the money lasts. It then
// identifies the top-ranked families and refers them, filling the places.
#include <algorithm>
#include <cmath>
#include <numeric>

#include "models/family/family_sim.h"
#include "models/family/family_sim_impl.h"

namespace placesim::models {
namespace {

double share_of(const PayerSplit& p, Index view, Index all) {
  double s = 0.0;
  for (std::size_t i = 0; i < p.agency.size(); ++i) {
    if (view == all || p.agency[i] == view) s += p.share[i];
  }
  return s;
}

// Sum of sorted savings over fractional ranks [a, b), interpolating the prefix sums.
double range_sum(const std::vector<double>& prefix, double a, double b) {
  auto at = [&](double x) {
    const double n = static_cast<double>(prefix.size() - 1);
    if (x >= n) return prefix.back();
    auto i = static_cast<std::size_t>(x);
    return prefix[i] + (x - static_cast<double>(i)) * (prefix[i + 1] - prefix[i]);
  };
  return at(b) - at(a);
}

// A candidate family in one buyer's view. Sixteen bytes, as a national
// cohort may rank most of itself per intervention and view each year: the
// identity keeps its low 32 bits, which still order every family a run can
// hold (ties would need two families created 2^32 apart).
struct Scored {
  double saving;       // expected saving to this buyer
  std::uint32_t uid;   // identity: breaks ties
  std::uint32_t slot;  // where it is stored
};
bool ranks_lower(const Scored& a, const Scored& b) {  // heap order: the best on top
  if (a.saving != b.saving) return a.saving < b.saving;
  return a.uid > b.uid;
}

// One buyer's view of one intervention: its ranking of families and its money.
// Families are ranked lazily, from a heap, only as deep as the decision reads:
// the money usually runs out long before the last family is reached.
struct Option {
  Index service = 0;
  std::size_t pot = 0;                // whose money buys places: an agency, or the fund
  std::vector<Scored> heap;           // families not yet ranked
  std::vector<std::uint32_t> ranked;  // candidate families, best first in this view
  std::vector<double> prefix{0.0};    // prefix sums of their expected savings
  double per_place = 1.0;             // families a place serves over the horizon
  double covered = 0.0;               // ranks already served by base capacity
  double place_cost = 0.0;            // a place over the horizon (belief)
  double year_cost = 0.0;             // a place for one year (belief)
  std::size_t keep = 0;               // the deepest rank a decision can read
  // Offers a family while the cohort is scanned. Only the `keep` best are
  // held: once that many are, they form a heap with the worst on top, to be
  // displaced by anyone better. A national cohort never needs a copy of
  // itself per option, and a small one is only gathered.
  void offer(const Scored& c) {
    auto worst_on_top = [](const Scored& a, const Scored& b) { return ranks_lower(b, a); };
    if (heap.size() < keep) {
      heap.push_back(c);
      if (heap.size() == keep) std::make_heap(heap.begin(), heap.end(), worst_on_top);
    } else if (!heap.empty() && ranks_lower(heap.front(), c)) {
      std::pop_heap(heap.begin(), heap.end(), worst_on_top);
      heap.back() = c;
      std::push_heap(heap.begin(), heap.end(), worst_on_top);
    }
  }
  // Ranks families until `n` are ranked (or none are left).
  void rank(std::size_t n) {
    while (ranked.size() < n && !heap.empty()) {
      std::pop_heap(heap.begin(), heap.end(), ranks_lower);
      const auto [saving, uid, f] = heap.back();
      heap.pop_back();
      ranked.push_back(f);
      prefix.push_back(prefix.back() + saving);
    }
  }
  // Expected saving of the next place, when `bought` places are already bought.
  [[nodiscard]] double next_value(std::uint32_t bought) {
    const double a = covered + bought * per_place;
    rank(static_cast<std::size_t>(a + per_place) + 2);
    return range_sum(prefix, a, a + per_place);
  }
};

}  // namespace

double FamilySimulation::expected_cost(Index k, Index view, int depth) const {
  const EventSpec& e = s_.events[k];
  const Index all = m_->agencies;
  double c = share_of(e.payer, view, all) * e.unit_cost.value;
  if (e.episode)
    c += share_of(e.episode->payer, view, all) * e.episode->cost_per_week.value / 7.0 *
         e.episode->duration.mean();
  if (depth < 4) {
    for (const FollowOn& fo : e.follow_on) c += fo.p * expected_cost(fo.event, view, depth + 1);
  }
  return c;
}

double FamilySimulation::expected_saving(std::uint32_t f, Index i, Index view, double effect_days,
                                         double horizon, const double* rates) const {
  const Impl& m = *m_;
  const ServiceSpec& spec = s_.services[i];
  double saving = 0.0;
  const auto& belief = p_.services[i].belief;
  for (std::size_t j = 0; j < belief.size(); ++j)
    saving += rates[j] * belief[j].second * m.cost_view[belief[j].first][view];
  saving *= effect_days;
  // Needs that improve, or do not escalate, while the effect lasts keep their
  // lower cost for the rest of the horizon (first order in the rates).
  const double scale = spec.effect.belief_scale;
  const double faster = std::max(0.0, (spec.effect.improve.value - 1.0) * scale);
  const double slower = std::max(0.0, (1.0 - spec.effect.escalate.value) * scale);
  const double after = std::max(0.0, horizon - effect_days / 2.0);
  const std::uint8_t* lv = families_.needs(f);
  for (Index d : spec.effect.needs) {
    const NeedSpec& need = s_.needs[d];
    const double share = share_of(need.payer, view, m.agencies);
    if (share == 0.0) continue;
    auto cost = [&](int level) {
      return level ? need.cost_per_year[level - 1].value / kDaysPerYear : 0.0;
    };
    const int l = lv[d];
    if (l > 0)
      saving += std::min(1.0, faster * p_.needs[d].improve[l - 1] * effect_days) *
                (cost(l) - cost(l - 1)) * after * share;
    if (l < kLevels - 1)
      saving += std::min(1.0, slower * p_.needs[d].escalate[l] * effect_days) *
                (cost(l + 1) - cost(l)) * after * share;
  }
  return saving;
}

void FamilySimulation::commission(int y) {
  Impl& m = *m_;
  const auto yi = static_cast<std::size_t>(y);
  const bool fund = m.mech.investment;
  // Money for buying places: each agency's own discretionary share of its
  // budget and, under pooling, the fund the agencies pay into on top (less
  // this year's set-up costs).
  std::vector<double> pot(m.agencies + 1, 0.0);
  for (Index a = 0; a < m.agencies; ++a) {
    pot[a] = s_.agencies[a].max_invest_share * s_.agencies[a].budget[yi];
    if (fund) pot[m.agencies] += s_.regimes[1].contributions[a] * s_.agencies[a].budget[yi];
  }
  if (fund && m.mech.setup) {
    const int t = appraisal_year(y);
    if (t >= 0 && static_cast<std::size_t>(t) < s_.regimes[1].setup_costs.size())
      pot[m.agencies] -= s_.regimes[1].setup_costs[static_cast<std::size_t>(t)].value;
  }
  std::vector<Option> options;
  std::vector<std::size_t> first_option(m.services, options.max_size());
  for (Index i = 0; i < m.services; ++i) {
    const ServiceSpec& spec = s_.services[i];
    if (spec.kind != ServiceKind::intervention || spec.agency == kNoIndex) continue;
    const double mean_days = std::max(1e-9, spec.duration.mean());
    const double drop = spec.effect.dropout.value;
    const double lasting =
        (1.0 - drop) * (mean_days + spec.effect.persistence_years.value * kDaysPerYear) +
        drop * mean_days / 2.0;
    std::vector<Index> views;
    if (fund) views.push_back(m.agencies);
    views.push_back(spec.agency);
    first_option[i] = options.size();
    // The deepest rank any read below can reach: places are bought while
    // money and max_places last, then a year of them is filled. Families
    // beyond it are never read, so they need not be held (the same top
    // families, in the same order, are read either way).
    double buyable = spec.max_places;
    const double year_cost = spec.cost_per_place_year.value;
    if (year_cost > 0.0) {
      double affordable = 0.0;
      // One more per pot than the quotient: the loop below subtracts place
      // by place, and its rounding must never reach past what is held.
      for (Index view : views) affordable += std::floor(std::max(0.0, pot[view]) / year_cost) + 1.0;
      buyable = std::min(buyable, affordable);
    }
    const double fill_depth = (base_capacity(i, y) + buyable) * kDaysPerYear / mean_days;
    std::vector<double> horizons, effect_days;
    for (Index view : views) {
      const Index decider = view == m.agencies ? 1 : 0;
      const double horizon = s_.regimes[fund ? decider : 0].decision_horizon_years * kDaysPerYear;
      horizons.push_back(horizon);
      effect_days.push_back(std::min(horizon, lasting));
      Option o;
      o.service = i;
      o.pot = view;
      o.per_place = std::max(1.0, horizon / mean_days);
      const sim::Service& sv = net_->service(i);
      o.covered = std::max(
          0.0, base_capacity(i, y) * o.per_place - sv.busy() - static_cast<double>(sv.waiting()));
      double depth = o.covered + (buyable + 1.0) * o.per_place;
      if (view == views.front()) depth = std::max(depth, fill_depth);
      o.keep = depth + 3.0 < static_cast<double>(families_.slots())
                   ? static_cast<std::size_t>(depth) + 3
                   : families_.slots();
      // Room for the deepest read or every family, whichever is fewer: pages
      // are touched only as families are offered, and the heap never moves.
      o.heap.reserve(std::min<std::size_t>(o.keep, families_.live()));
      o.year_cost = spec.cost_per_place_year.value;
      o.place_cost = o.year_cost * horizon / kDaysPerYear;
      options.push_back(std::move(o));
    }
    // The families it could take, each scored in every view from one look
    // at its hazards of what the intervention would reduce.
    const auto& belief = p_.services[i].belief;
    std::vector<double> rates(belief.size());
    for (std::uint32_t f = 0; f < families_.slots(); ++f) {
      const FamilyCore& c = families_.core(f);
      if (!c.alive || c.departed || ((c.in_service | c.waiting) >> i & 1ull) || has_effect(f, i) ||
          !eligible(f, i))
        continue;
      for (std::size_t j = 0; j < belief.size(); ++j) rates[j] = event_rate(f, belief[j].first);
      for (std::size_t v = 0; v < views.size(); ++v)
        options[first_option[i] + v].offer(
            {expected_saving(f, i, views[v], effect_days[v], horizons[v], rates.data()),
             static_cast<std::uint32_t>(c.uid), f});
    }
    for (std::size_t v = 0; v < views.size(); ++v) {
      Option& o = options[first_option[i] + v];
      std::make_heap(o.heap.begin(), o.heap.end(), ranks_lower);
    }
  }
  // Buy the best-value place next, while it pays for itself and money lasts.
  for (;;) {
    Option* best = nullptr;
    double best_ratio = 1.0;
    for (Option& o : options) {
      if (m.purchased[o.service] >= s_.services[o.service].max_places || o.year_cost > pot[o.pot])
        continue;
      double value = o.next_value(m.purchased[o.service]);
      double ratio = o.place_cost > 0.0 ? value / o.place_cost : (value > 0.0 ? 1e300 : 0.0);
      if (ratio >= best_ratio && (!best || ratio > best_ratio)) {
        best = &o;
        best_ratio = ratio;
      }
    }
    if (!best) break;
    ++m.purchased[best->service];
    pot[best->pot] -= best->year_cost;
  }
  // Identify families to fill a year of the places, best first.
  for (Index i = 0; i < m.services; ++i) {
    if (first_option[i] >= options.size()) continue;
    Option& o = options[first_option[i]];
    const sim::Service& sv = net_->service(i);
    const double places = base_capacity(i, y) + m.purchased[i];
    const double per_year = places * kDaysPerYear / std::max(1e-9, s_.services[i].duration.mean());
    auto want = static_cast<std::size_t>(
        std::max(0.0, per_year - sv.busy() - static_cast<double>(sv.waiting())));
    o.rank(want);
    for (std::size_t r = 0; r < std::min(want, o.ranked.size()); ++r)
      refer(o.ranked[r], i, s_.services[i].agency);
  }
}

}  // namespace placesim::models
