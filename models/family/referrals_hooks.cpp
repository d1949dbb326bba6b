// Referrals as sim::Network sees them: who a family is to a service, its
// priority and episode, and what starting and finishing an intervention
// changes while it acts and after. The doors into services are in
// referrals.cpp.
#include <algorithm>

#include "models/family/family_parts.h"
#include "models/family/purposes.h"
#include "models/family/referrals.h"
#include "models/family/results_payments.h"

namespace placesim::models::family {

std::uint64_t Referrals::new_agent(std::uint32_t, sim::Time) {
  return w_.families.ref(clocks_.create_family(0));  // not reached: the network has no sources
}

std::int32_t Referrals::priority(std::uint64_t agent, std::uint32_t sv) {
  if (w_.s.services[sv].queue != QueueRule::need) return 0;
  const std::uint32_t f = w_.families.resolve(agent);
  const std::uint32_t mask = w_.t.priority_mask[sv];
  int top = 0;
  for (Index d = 0; d < w_.t.needs; ++d) {
    if (mask >> d & 1u) top = std::max<int>(top, w_.families.needs(f)[d]);
  }
  return kLevels - 1 - top;  // the highest need is served first
}

sim::EpisodeStart Referrals::begin_episode(std::uint64_t agent, std::uint32_t sv,
                                           const sim::Distribution& d) {
  const std::uint32_t f = w_.families.resolve(agent);
  FamilyCore& c = w_.families.core(f);
  sim::RandomStream st = w_.sim.stream(c.uid, purpose::service, c.episodes++);
  sim::EpisodeStart start{d.sample(st), 0};
  if (w_.initial_state) start.days *= st.uniform();  // already part-way through at the start
  const double dropout = w_.p.services[sv].dropout;
  if (dropout > 0.0 && st.uniform() < dropout) {
    start.days *= st.uniform();  // leaves at a uniformly random point
    start.note = 1;              // and its effect ends with it
  }
  return start;
}

void Referrals::waiting(std::uint64_t agent, std::uint32_t sv) {
  const std::uint32_t f = w_.families.resolve(agent);
  FamilyCore& c = w_.families.core(f);
  c.waiting |= 1ull << sv;
  c.unmet &= ~w_.t.priority_mask[sv];  // waiting now, so no longer unmet
  clocks_.touch_rates(f,
                      w_.t.waiting_clocks[sv]);  // the needs this service meets now escalate faster
}

void Referrals::started(std::uint64_t agent, std::uint32_t sv, sim::EventHandle,
                        std::uint32_t dropped) {
  const std::uint32_t f = w_.families.resolve(agent);
  FamilyCore& c = w_.families.core(f);
  if ((c.waiting >> sv & 1ull) || (c.unmet & w_.t.priority_mask[sv]))
    clocks_.touch_rates(f, w_.t.waiting_clocks[sv]);
  c.waiting &= ~(1ull << sv);
  c.unmet &= ~w_.t.priority_mask[sv];
  c.in_service |= 1ull << sv;
  const ServiceSpec& spec = w_.s.services[sv];
  if (w_.history && sv == w_.s.evaluation->intervention && w_.appraised(w_.year))
    w_.history->entered(c.uid, w_.sim.now());
  w_.payments->started(c.uid, sv);
  if (spec.kind == ServiceKind::intervention && !c.worked) {
    c.worked = true;
    if (w_.appraised(w_.year))
      ++w_.rec.worked_with[static_cast<std::size_t>(w_.appraisal_year(w_.year))];
  }
  if (spec.kind == ServiceKind::intervention && !c.worked_in_window && w_.appraised(w_.year)) {
    c.worked_in_window = true;
    ++w_.rec.subgroup_worked[c.group];
  }
  if (w_.p.services[sv].cost_per_episode > 0.0 && spec.agency != kNoIndex) {
    const double cost = w_.p.services[sv].cost_per_episode;
    const Evidence e = w_.t.visit_evidence[sv];
    if (sv == joint_service()) {
      budgets_.post_shared(w_.t.joint_weight, kJointTeam, cost, e);
    } else {
      budgets_.post(spec.agency, spend_category(spec.kind), cost, e);
    }
    w_.book(f, kSubgroupServices, cost);
  }
  if (spec.kind == ServiceKind::intervention) start_effect(f, sv, dropped != 0);
}

void Referrals::start_effect(std::uint32_t f, Index sv, bool dropped) {
  // One slot per intervention: its own, else a free one, else the after-exit
  // effect that ends soonest. With all slots in service, none.
  const EffectSlots fx = w_.families.effects(f);
  constexpr std::uint32_t kNoSlot = 0xffffffffu;
  std::uint32_t slot = kNoSlot;
  for (std::uint32_t j = 0; j < fx.size(); ++j) {
    if (slot == kNoSlot && fx.active(j) && fx.service(j) == sv) slot = j;
  }
  for (std::uint32_t j = 0; j < fx.size(); ++j) {
    if (slot == kNoSlot && !fx.active(j)) slot = j;
  }
  if (slot == kNoSlot) {
    for (std::uint32_t j = 0; j < fx.size(); ++j) {
      if (fx.after_exit(j) && (slot == kNoSlot || fx.until(j) < fx.until(slot))) slot = j;
    }
  }
  // A slot per intervention, so none is displaced unless the scenario has
  // more than kMaxEffects: then a new effect displaces the after-exit one
  // that ends soonest, or is lost when all are in service. Neither is
  // silent: the record counts them.
  const bool displaces = slot != kNoSlot && fx.active(slot) && fx.service(slot) != sv;
  if (slot == kNoSlot || displaces) ++w_.rec.effects_displaced;
  if (slot == kNoSlot) return;
  if (displaces) clocks_.touch_rates(f, w_.t.effect_clocks[fx.service(slot)]);
  fx.start(slot, sv, dropped);
  clocks_.touch_rates(f, w_.t.effect_clocks[sv]);
}

void Referrals::completed(std::uint64_t agent, std::uint32_t sv) {
  const std::uint32_t f = w_.families.resolve(agent);
  FamilyCore& c = w_.families.core(f);
  c.in_service &= ~(1ull << sv);
  const ServiceSpec& spec = w_.s.services[sv];
  if (spec.kind == ServiceKind::intervention) {
    const EffectSlots fx = w_.families.effects(f);
    for (std::uint32_t j = 0; j < fx.size(); ++j) {
      if (fx.phase(j) != 1 || fx.service(j) != sv) continue;
      const double mean = w_.p.services[sv].persistence_days;
      if (fx.dropped(j) || mean <= 0.0) {
        fx.end(j);
      } else {
        // It ends at a float time, as a clock falls due (clocks.cpp): the
        // end is one of the family's timers, its event at the earliest.
        sim::RandomStream st = w_.sim.stream(c.uid, purpose::effect, c.effects_started++);
        fx.continue_until(j, static_cast<float>(w_.sim.now() + sim::sample_exponential(st, mean)));
      }
    }
    clocks_.touch(f, w_.t.effect_clocks[sv]);  // its event may now be the effect's end
  }
  if (spec.kind == ServiceKind::assessment && !c.departed) after_assessment(f, sv);
}

std::uint32_t Referrals::route(std::uint64_t agent, std::uint32_t sv, const sim::Routing& r) {
  const std::uint32_t f = w_.families.resolve(agent);
  if (r.empty() || w_.families.core(f).departed) return sim::Routing::kLeave;
  FamilyCore& c = w_.families.core(f);
  sim::RandomStream st = w_.sim.stream(c.uid, purpose::routing, c.episodes);
  const std::uint32_t to = r.route(st.uniform());
  // Onward referrals go through the same door as any other referral.
  if (to != sim::Routing::kLeave) refer(f, to, w_.s.services[sv].agency);
  return sim::Routing::kLeave;
}

void Referrals::left(std::uint64_t agent) {
  const std::uint32_t f = w_.families.resolve(agent);
  if (f != FamilyStore::kStale) clocks_.retire_if_done(f);
}

}  // namespace placesim::models::family
