// The tables a family simulation compiles from its scenario once: who an
// assessment looks at, what an effect acts on, which clocks a change touches.
#include <cassert>

#include "models/family/world.h"
#include "sim/random/samplers.h"

namespace placesim::models::family {
namespace {

std::uint32_t need_mask(const std::vector<Index>& needs) {
  std::uint32_t m = 0;
  for (Index d : needs) {
    assert(d < kMaxNeeds);  // the loader refuses more needs than the set holds
    m |= 1u << d;
  }
  return m;
}

double share_of(const PayerSplit& p, Index view, Index all) {
  double s = 0.0;
  for (std::size_t i = 0; i < p.agency.size(); ++i) {
    if (view == all || p.agency[i] == view) s += p.share[i];
  }
  return s;
}

bool joint_assessment_of_some_regime(const Scenario& s, Index service) {
  for (const RegimeSpec& g : s.regimes) {
    if (g.assessment == service) return true;
  }
  return false;
}

// Which clocks each kind of change can alter, so a change recomputes only those.
void compile_clock_masks(const Scenario& s, const ModelParams& p, Tables& t) {
  auto bit = [&](std::uint32_t k) { return t.clocks > 64 ? ~0ull : 1ull << k; };
  t.all_clocks = t.clocks >= 64 ? ~0ull : (1ull << t.clocks) - 1;
  t.need_clocks.assign(t.needs, 0);
  for (Index d = 0; d < t.needs; ++d) {
    t.need_clocks[d] = bit(t.need_clock0 + d);
    for (std::uint32_t k = 0; k < t.need_clock0; ++k) {
      for (const auto& mult : p.events[t.clock_event[k]].mult) {
        if (mult.first == d) t.need_clocks[d] |= bit(k);
      }
    }
  }
  auto needs_in = [&](std::uint32_t mask) {
    std::uint64_t clocks = 0;
    for (Index d = 0; d < t.needs; ++d) {
      if (mask >> d & 1u) clocks |= bit(t.need_clock0 + d);
    }
    return clocks;
  };
  t.escalation_clock.assign(t.needs, 0);
  for (Index d = 0; d < t.needs; ++d) t.escalation_clock[d] = bit(t.need_clock0 + d);
  t.effect_clocks.assign(t.services, 0);
  t.waiting_clocks.assign(t.services, 0);
  for (Index sv = 0; sv < t.services; ++sv) {
    t.effect_clocks[sv] = needs_in(t.target_mask[sv]);
    for (std::uint32_t k = 0; k < t.need_clock0; ++k) {
      if (t.keep[sv][t.clock_event[k]] != 1.0f) t.effect_clocks[sv] |= bit(k);
    }
    t.waiting_clocks[sv] = needs_in(t.priority_mask[sv]);
  }
  t.replaced_needs.assign(t.events, 0);
  t.replaced_events.assign(t.events, std::vector<char>(t.events, 0));
  t.replaced_clocks.assign(t.events, 0);
  for (Index e = 0; e < t.events; ++e) {
    if (!s.events[e].episode) continue;
    const EpisodeSpec& ep = *s.events[e].episode;
    t.replaced_needs[e] = need_mask(ep.replaces_needs);
    t.replaced_clocks[e] = needs_in(t.replaced_needs[e]);
    for (Index k : ep.replaces_events) t.replaced_events[e][k] = 1;
    for (std::uint32_t k = 0; k < t.need_clock0; ++k) {
      if (t.replaced_events[e][t.clock_event[k]]) t.replaced_clocks[e] |= bit(k);
    }
  }
}

// The grade of each line's unit cost, for optimism bias line by line (the
// grades hold for the scenario, so replications need not look them up again,
// but they are cheap beside one).
void compile_evidence(const Scenario& s, Tables& t) {
  for (const EventSpec& e : s.events) {
    t.event_evidence.push_back(evidence_of(s, e.unit_cost));
    t.episode_evidence.push_back(e.episode ? evidence_of(s, e.episode->cost_per_week)
                                           : Evidence::drawn);
  }
  for (const NeedSpec& d : s.needs) {
    t.need_evidence.push_back(
        {evidence_of(s, d.cost_per_year[0]), evidence_of(s, d.cost_per_year[1])});
    t.need_levels_apart.push_back(t.need_evidence.back()[0] != t.need_evidence.back()[1] ? 1 : 0);
  }
  for (const ServiceSpec& sv : s.services) {
    t.place_evidence.push_back(evidence_of(s, sv.cost_per_place_year));
    t.visit_evidence.push_back(evidence_of(s, sv.cost_per_episode));
  }
  for (const RegimeSpec& g : s.regimes) {
    auto& by_year = t.setup_evidence.emplace_back();
    for (const Param& c : g.setup_costs) by_year.push_back(evidence_of(s, c));
  }
}

}  // namespace

double expected_cost(const Scenario& s, Index k, Index view, int depth) {
  const EventSpec& e = s.events[k];
  const auto all = static_cast<Index>(s.agencies.size());
  double c = share_of(e.payer, view, all) * e.unit_cost.value;
  if (e.episode)
    c += share_of(e.episode->payer, view, all) * e.episode->cost_per_week.value / 7.0 *
         e.episode->duration.mean();
  if (depth < 4) {
    for (const FollowOn& fo : e.follow_on) c += fo.p * expected_cost(s, fo.event, view, depth + 1);
  }
  return c;
}

Tables compile_tables(const Scenario& s, const ModelParams& p) {
  Tables t;
  t.events = static_cast<std::uint32_t>(s.events.size());
  t.needs = static_cast<std::uint32_t>(s.needs.size());
  t.agencies = static_cast<std::uint32_t>(s.agencies.size());
  t.services = static_cast<std::uint32_t>(s.services.size());
  t.need_clock0 = p.event_clocks;
  t.leave_clock = p.event_clocks + t.needs;
  t.clocks = t.leave_clock + 1;
  t.clock_event.resize(p.event_clocks);
  for (Index k = 0; k < t.events; ++k) {
    if (p.events[k].clock != kNoIndex) t.clock_event[p.events[k].clock] = k;
  }
  const std::uint32_t all_needs = t.needs >= 32 ? ~0u : (1u << t.needs) - 1;
  for (Index sv = 0; sv < t.services; ++sv) {
    std::vector<float> keep(t.events, 1.0f);
    for (auto [k, r] : p.services[sv].reduction) keep[k] *= static_cast<float>(1.0 - r);
    t.keep.push_back(std::move(keep));
    const ServiceSpec& spec = s.services[sv];
    t.target_mask.push_back(need_mask(spec.effect.needs));
    std::uint32_t assess = need_mask(spec.assesses);
    if (spec.kind == ServiceKind::assessment && spec.assesses.empty()) {
      if (spec.agency == kNoIndex || joint_assessment_of_some_regime(s, sv)) {
        assess = all_needs;  // a joint assessment looks at everything
      } else {
        for (Index d = 0; d < t.needs; ++d) {
          if (s.needs[d].owner == spec.agency) assess |= 1u << d;
        }
      }
    }
    t.assess_mask.push_back(spec.kind == ServiceKind::assessment ? assess : all_needs);
    const std::uint32_t eligible = need_mask(spec.eligible.needs);
    t.priority_mask.push_back(
        spec.kind == ServiceKind::intervention && eligible ? eligible : t.assess_mask.back());
  }
  for (const NeedSpec& n : s.needs)
    t.level_cut.push_back({sim::normal_quantile(n.prevalence[0]),
                           sim::normal_quantile(n.prevalence[0] + n.prevalence[1])});
  t.cost_view.assign(t.events, std::vector<double>(t.agencies + 1, 0.0));
  for (Index k = 0; k < t.events; ++k) {
    for (Index v = 0; v <= t.agencies; ++v) t.cost_view[k][v] = expected_cost(s, k, v);
  }
  // A joint assessment team replaces the agencies' own teams, so each pays
  // for it in proportion to the assessment staff it used to fund.
  t.joint_weight.assign(t.agencies, 0.0);
  double old_teams = 0.0;
  for (Index sv = 0; sv < t.services; ++sv) {
    const ServiceSpec& spec = s.services[sv];
    if (spec.kind != ServiceKind::assessment || spec.agency == kNoIndex ||
        joint_assessment_of_some_regime(s, sv))
      continue;
    const double cost = spec.cost_per_place_year.value * spec.capacity[0];
    t.joint_weight[spec.agency] += cost;
    old_teams += cost;
  }
  for (double& w : t.joint_weight)
    w = old_teams > 0 ? w / old_teams : 1.0 / std::max<Index>(1, t.agencies);
  compile_clock_masks(s, p, t);
  compile_evidence(s, t);
  return t;
}

}  // namespace placesim::models::family
