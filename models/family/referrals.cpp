// Referrals: the doors into services (assessment, eligibility, handoffs
// between agencies, unmet need, the trial) and the effects' end. What
// sim::Network asks of a family, and what starting and finishing a service
// does to it, is in referrals_hooks.cpp.
#include "models/family/referrals.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include "models/family/family_parts.h"
#include "models/family/purposes.h"
#include "models/family/results_payments.h"

namespace placesim::models::family {
namespace {

static_assert(kMaxServices <= 64, "a family's services are a 64-bit set");
static_assert(kMaxNeeds <= 32, "a family's needs are a 32-bit set");

}  // namespace

Referrals::Referrals(World& w, Budgets& budgets, Clocks& clocks)
    : w_(w), budgets_(budgets), clocks_(clocks) {}

// ---- referrals -------------------------------------------------------------

Index Referrals::assessor_of(Index sv) const {
  return sv == joint_service() ? kJoint : w_.s.services[sv].agency;
}

std::size_t Referrals::stamp_slot(Index who) const {
  return who == kJoint || who == kNoIndex ? w_.t.agencies : who;
}

bool Referrals::assessed_valid(std::uint32_t f, Index who) const {
  const double since = w_.sim.now() - w_.families.assessed(f)[stamp_slot(who)];
  return since <= w_.rules().assessment_valid_days;
}

void Referrals::refer(std::uint32_t f, Index sv, Index from, bool of_need) {
  if (w_.families.core(f).departed) return;
  const ServiceSpec& spec = w_.s.services[sv];
  const Index joint = joint_service();
  Index target = sv;
  if (spec.kind == ServiceKind::assessment) {
    if (joint != kNoIndex) target = joint;  // one assessment for every agency
    if (assessed_valid(f, assessor_of(target))) {
      after_assessment(f, target);  // already assessed: act on it
      return;
    }
  } else if (spec.kind == ServiceKind::intervention) {
    const Index gate = joint != kNoIndex         ? joint
                       : spec.agency != kNoIndex ? w_.s.agencies[spec.agency].assessment
                                                 : kNoIndex;
    if (gate != kNoIndex && !assessed_valid(f, assessor_of(gate))) target = gate;
  }
  send(f, target, from, of_need);
}

void Referrals::send(std::uint32_t f, Index sv, Index from, bool of_need) {
  FamilyCore& c = w_.families.core(f);
  if (c.departed || ((c.in_service | c.waiting) >> sv & 1ull)) return;
  const ServiceSpec& spec = w_.s.services[sv];
  const bool rationed = budgets_.rationed(spec.agency);
  if (spec.kind == ServiceKind::assessment && rationed && !high_need_in(f, sv)) {
    if (of_need) mark_unmet(f, sv);  // rationed away
    return;
  }
  if (spec.kind == ServiceKind::intervention) {
    if (has_effect(f, sv) || !eligible_at(f, sv, spec.eligible.min_level)) return;
    if (sv == w_.rules().evaluated && w_.history && !in_trial(f)) return;  // the control arm
    if (rationed && !eligible(f, sv)) {
      if (of_need) mark_unmet(f, sv);  // eligible, but rationed away
      return;
    }
  }
  if (spec.queue_limit > 0) {
    const sim::Service& s = net_->service(sv);
    if (s.busy() >= s.capacity() && s.waiting() >= spec.queue_limit) {
      if (w_.appraised(w_.year)) ++w_.rec.turned_away[sv];  // the waiting list is closed
      if (of_need) mark_unmet(f, sv);
      return;
    }
  }
  // A referral from a member of the joint team's agencies to the team
  // itself crosses no boundary either.
  const bool to_own_team =
      from != kNoIndex && sv == joint_service() && w_.rules().joint_members[from];
  if (from != kNoIndex && spec.agency != kNoIndex && from != spec.agency && !to_own_team) {
    // Crossing from one agency to another: the referral waits and may be lost.
    const Index g = w_.rules().handoffs;
    sim::RandomStream st = w_.sim.stream(c.uid, purpose::handoff, c.referrals++);
    if (st.uniform() < w_.p.lost_referrals[g]) {
      if (of_need) mark_unmet(f, sv);
      return;
    }
    const double delay =
        w_.p.handoff_days[g] > 0.0 ? sim::sample_exponential(st, w_.p.handoff_days[g]) : 0.0;
    if (delay > 0.0) {
      // A century's mean delay and 10,000 referrals a year are within the
      // scenario's bounds: the count could wrap, and a family retire while
      // handoffs to it are in transit.
      static_assert(FamilyCore::kMaxPending == 65535, "the message below gives the limit");
      if (c.pending == FamilyCore::kMaxPending) [[unlikely]]
        throw std::length_error(
            "more than 65,535 referrals in transit to one family at once (handoffs between "
            "agencies take " +
            std::to_string(std::lround(w_.p.handoff_days[g])) +
            " days on average in this regime): shorten the handoffs or lower the referral rates");
      ++c.pending;
      w_.sim.after(delay, sim::Priority::seize, kHandoff, w_.families.ref(f), sv);
      return;
    }
  }
  net_->arrive(w_.families.ref(f), sv);
}

void Referrals::arrive_after_handoff(std::uint32_t f, Index sv) {
  --w_.families.core(f).pending;
  send(f, sv, kNoIndex, true);
  clocks_.retire_if_done(f);
}

void Referrals::after_assessment(std::uint32_t f, Index sv) {
  const Index who = assessor_of(sv);
  w_.families.assessed(f)[stamp_slot(who)] = static_cast<float>(w_.sim.now());
  for (Index i = 0; i < w_.t.services; ++i) {
    const ServiceSpec& spec = w_.s.services[i];
    if (spec.kind != ServiceKind::intervention || (who != kJoint && spec.agency != who)) continue;
    // The joint team works for every agency in it: its referrals to their
    // services cross no boundary between agencies.
    const bool inside =
        who == kJoint && spec.agency != kNoIndex && w_.rules().joint_members[spec.agency];
    refer(f, i, inside ? kNoIndex : w_.s.services[sv].agency);
  }
}

bool Referrals::eligible(std::uint32_t f, Index sv) const {
  const Eligibility& e = w_.s.services[sv].eligible;
  return eligible_at(f, sv,
                     budgets_.rationed(w_.s.services[sv].agency) ? kLevels - 1 : e.min_level);
}

bool Referrals::eligible_at(std::uint32_t f, Index sv, int min) const {
  const Eligibility& e = w_.s.services[sv].eligible;
  if (e.needs.empty()) return true;
  int n = 0;
  for (Index d : e.needs) n += w_.families.needs(f)[d] >= min;
  return n >= e.min_count;
}

bool Referrals::has_effect(std::uint32_t f, Index sv) const {
  const ConstEffectSlots fx = w_.families.effects(f);
  for (std::uint32_t j = 0; j < fx.size(); ++j) {
    if (fx.active(j) && fx.service(j) == sv) return true;
  }
  return false;
}

bool Referrals::high_need_in(std::uint32_t f, Index sv) const {
  for (Index d = 0; d < w_.t.needs; ++d) {
    if ((w_.t.assess_mask[sv] >> d & 1u) && w_.families.needs(f)[d] == kLevels - 1) return true;
  }
  return false;
}

void Referrals::end_effects(std::uint32_t f) {
  // Every effect due by now ends (a later episode of the same intervention
  // replaces an effect in its slot, in service again: it is not due).
  const auto now = static_cast<float>(w_.sim.now());
  std::uint64_t clocks = 0;
  const EffectSlots fx = w_.families.effects(f);
  for (std::uint32_t j = 0; j < fx.size(); ++j) {
    if (fx.after_exit(j) && fx.until(j) <= now) {
      fx.end(j);
      clocks |= w_.t.effect_clocks[fx.service(j)];
    }
  }
  clocks_.touch(f, clocks);  // its event moves on to its next clock or timer
}

// Unmet need: one rule for every door that closes on a family in need (a full
// waiting list, a referral lost between agencies, rationing). The needs the
// service meets escalate as if the family waited for it, for unmet_days from
// the latest such referral, unless it joins that queue or starts the service.
void Referrals::mark_unmet(std::uint32_t f, Index sv) {
  if (w_.appraised(w_.year)) ++w_.rec.unmet[static_cast<std::size_t>(w_.appraisal_year(w_.year))];
  // Without needs a mark escalates nothing: no lapse to keep the family for.
  if (w_.s.unmet_days <= 0.0 || w_.t.needs == 0) return;
  FamilyCore& c = w_.families.core(f);
  c.unmet |= w_.t.priority_mask[sv];
  const double until = w_.sim.now() + w_.s.unmet_days;
  // The lapse is one of the family's timers (clocks.h): a later mark moves
  // it on, and its event, when it comes, finds it later still and moves too.
  double& lapse = w_.families.unmet_until(f);
  const bool first = lapse == FamilyStore::kNoLapse;
  lapse = until;
  if (first) {
    clocks_.touch(f, w_.t.waiting_clocks[sv]);  // its event may now be the lapse
  } else {
    clocks_.touch_rates(f, w_.t.waiting_clocks[sv]);
  }
}

// A trial of the evaluated intervention: the first referral in the appraisal
// window randomises the family (intention to treat); the control arm is never
// taken on while the window lasts, and its refusal is not unmet need in the
// sense of the rule above: it is the design.
bool Referrals::in_trial(std::uint32_t f) {
  const FamilyCore& c = w_.families.core(f);
  if (!w_.appraised(w_.year)) return true;
  const int arm = w_.history->arm(c.uid);
  if (arm >= 0) return arm == 1;
  sim::RandomStream st = w_.sim.stream(c.uid, purpose::trial, 0);
  const bool control = st.uniform() < w_.rules().trial;
  w_.history->randomised(c.uid, w_.sim.now(), control);
  return !control;
}

void Referrals::service_closed(std::uint32_t f, Index sv) {
  FamilyCore& c = w_.families.core(f);
  c.waiting &= ~(1ull << sv);
  clocks_.touch_rates(f, w_.t.waiting_clocks[sv]);
  const Index joint = joint_service();
  if (w_.s.services[sv].kind == ServiceKind::assessment && joint != kNoIndex && sv != joint) {
    refer(f, sv, kNoIndex);  // the joint assessment takes it over
  } else {
    mark_unmet(f, sv);
  }
  clocks_.retire_if_done(f);
}

void Referrals::end_unmet(std::uint32_t f) {
  FamilyCore& c = w_.families.core(f);
  double& lapse = w_.families.unmet_until(f);
  std::uint64_t clocks = 0;
  if (lapse != FamilyStore::kNoLapse && w_.sim.now() >= lapse) {  // not marked again since
    lapse = FamilyStore::kNoLapse;
    for (std::uint32_t b = c.unmet; b != 0; b &= b - 1)
      clocks |= w_.t.escalation_clock[static_cast<std::size_t>(__builtin_ctz(b))];
    c.unmet = 0;
  }
  clocks_.touch(f, clocks);  // its event moves on to its next clock or timer
}

void Referrals::leave_queues(std::uint32_t f) {
  FamilyCore& c = w_.families.core(f);
  w_.families.unmet_until(f) = FamilyStore::kNoLapse;  // it has left: no lapse to come
  for (Index sv = 0; sv < w_.t.services; ++sv) {
    if (c.waiting >> sv & 1ull) net_->withdraw(w_.families.ref(f), sv);
  }
  c.waiting = 0;
}

}  // namespace placesim::models::family
