// FamilySimulation: services, assessments, referrals between agencies,
// intervention effects, and the money they cost.
#include <algorithm>
#include <cmath>

#include "models/family/family_sim.h"
#include "models/family/family_sim_impl.h"
#include "models/family/purposes.h"

namespace placesim::models {

// ---- hooks called by sim::Network ----------------------------------------

std::uint64_t FamilySimulation::new_agent(std::uint32_t, sim::Time) {
  return families_.ref(create_family());  // not reached: the network has no sources
}

std::int32_t FamilySimulation::priority(std::uint64_t agent, std::uint32_t s) {
  if (s_.services[s].queue != QueueRule::need) return 0;
  std::uint32_t f = families_.resolve(agent);
  const std::uint32_t mask = m_->priority_mask[s];
  int top = 0;
  for (Index d = 0; d < m_->needs; ++d) {
    if (mask >> d & 1u) top = std::max<int>(top, families_.needs(f)[d]);
  }
  return kLevels - 1 - top;  // the highest need is served first
}

double FamilySimulation::duration(std::uint64_t agent, std::uint32_t s,
                                  const sim::Distribution& d) {
  std::uint32_t f = families_.resolve(agent);
  FamilyCore& c = families_.core(f);
  sim::RandomStream st = sim_.stream(c.uid, purpose::service, c.episodes++);
  double days = d.sample(st);
  if (m_->initial_residual) days *= st.uniform();  // already part-way through at the start
  m_->last_dropped = false;
  const double dropout = p_.services[s].dropout;
  if (dropout > 0.0 && st.uniform() < dropout) {
    days *= st.uniform();  // leaves at a uniformly random point
    m_->last_dropped = true;
  }
  return days;
}

static_assert(kMaxServices <= 64, "a family's services are a 64-bit set");
static_assert(kMaxNeeds <= 32, "a family's needs are a 32-bit set");

void FamilySimulation::waiting(std::uint64_t agent, std::uint32_t s) {
  std::uint32_t f = families_.resolve(agent);
  FamilyCore& c = families_.core(f);
  c.waiting |= 1ull << s;
  touch(f, m_->waiting_clocks[s]);  // the needs this service meets now escalate faster
}

void FamilySimulation::started(std::uint64_t agent, std::uint32_t s, sim::EventHandle) {
  std::uint32_t f = families_.resolve(agent);
  FamilyCore& c = families_.core(f);
  if (c.waiting >> s & 1ull) touch(f, m_->waiting_clocks[s]);
  c.waiting &= ~(1ull << s);
  c.in_service |= 1ull << s;
  const ServiceSpec& spec = s_.services[s];
  if (p_.services[s].cost_per_episode > 0.0 && spec.agency != kNoIndex) {
    int cat = spec.kind == ServiceKind::assessment     ? kAssessment
              : spec.kind == ServiceKind::intervention ? kPreventive
                                                       : kReactive;
    if (s == joint_service()) {
      spend_shared(m_->joint_weight, cat, p_.services[s].cost_per_episode);
    } else {
      spend(spec.agency, cat, p_.services[s].cost_per_episode);
    }
  }
  if (spec.kind == ServiceKind::intervention) {
    // One slot per intervention: its own, else a free one, else the
    // after-exit effect that ends soonest. With all slots in service, none.
    ActiveEffect* slot = nullptr;
    for (ActiveEffect& e : c.effects) {
      if (!slot && e.phase != 0 && e.service == s) slot = &e;
    }
    for (ActiveEffect& e : c.effects) {
      if (!slot && e.phase == 0) slot = &e;
    }
    if (!slot) {
      for (ActiveEffect& e : c.effects) {
        if (e.phase == 2 && (!slot || e.until < slot->until)) slot = &e;
      }
    }
    // A family carries at most kMaxEffects effects at once: a fifth
    // displaces the after-exit effect that ends soonest, or is lost when all
    // are in service. Neither is silent: the record counts them.
    if (!slot || (slot->phase != 0 && slot->service != s)) ++rec_.effects_displaced;
    if (slot) {
      if (slot->phase != 0 && slot->service != s)
        touch(f, m_->effect_clocks[slot->service]);  // displaced
      *slot = ActiveEffect{static_cast<std::uint16_t>(s), 1, m_->last_dropped, 0.0f};
      touch(f, m_->effect_clocks[s]);
    }
  }
}

void FamilySimulation::completed(std::uint64_t agent, std::uint32_t s) {
  std::uint32_t f = families_.resolve(agent);
  FamilyCore& c = families_.core(f);
  c.in_service &= ~(1ull << s);
  const ServiceSpec& spec = s_.services[s];
  if (spec.kind == ServiceKind::intervention) {
    for (ActiveEffect& e : c.effects) {
      if (e.phase != 1 || e.service != s) continue;
      const double mean = p_.services[s].persistence_days;
      if (e.dropped || mean <= 0.0) {
        e.phase = 0;
      } else {
        sim::RandomStream st = sim_.stream(c.uid, purpose::effect, c.effects_started++);
        double until = sim_.now() + sim::sample_exponential(st, mean);
        e.phase = 2;
        e.until = static_cast<float>(until);
        sim_.at(until, sim::Priority::update, kEffectEnd, families_.ref(f), s);
      }
    }
    touch(f, m_->effect_clocks[s]);
  }
  if (spec.kind == ServiceKind::assessment && !c.departed) after_assessment(f, s);
}

std::uint32_t FamilySimulation::route(std::uint64_t agent, std::uint32_t s, const sim::Routing& r) {
  std::uint32_t f = families_.resolve(agent);
  if (r.empty() || families_.core(f).departed) return sim::Routing::kLeave;
  FamilyCore& c = families_.core(f);
  sim::RandomStream st = sim_.stream(c.uid, purpose::routing, c.episodes);
  std::uint32_t to = r.route(st.uniform());
  // Onward referrals go through the same door as any other referral.
  if (to != sim::Routing::kLeave) refer(f, to, s_.services[s].agency);
  return sim::Routing::kLeave;
}

void FamilySimulation::left(std::uint64_t agent) {
  std::uint32_t f = families_.resolve(agent);
  if (f != FamilyStore::kStale) maybe_retire(f);
}

// ---- referrals -------------------------------------------------------------

Index FamilySimulation::joint_service() const {
  return m_->mech.single_assessment ? s_.regimes[1].assessment : kNoIndex;
}

Index FamilySimulation::assessor_of(Index s) const {
  if (s == joint_service()) return kJoint;
  return s_.services[s].agency;
}

bool FamilySimulation::assessed_valid(std::uint32_t f, Index who) const {
  std::size_t slot = who == kJoint || who == kNoIndex ? m_->agencies : who;
  double since = sim_.now() - families_.assessed(f)[slot];
  return since <= s_.regimes[variant_.regime].assessment_valid_days;
}

void FamilySimulation::refer(std::uint32_t f, Index s, Index from) {
  if (families_.core(f).departed) return;
  const ServiceSpec& spec = s_.services[s];
  const Index joint = joint_service();
  Index target = s;
  if (spec.kind == ServiceKind::assessment) {
    if (joint != kNoIndex) target = joint;  // one assessment for every agency
    if (assessed_valid(f, assessor_of(target))) {
      after_assessment(f, target);  // already assessed: act on it
      return;
    }
  } else if (spec.kind == ServiceKind::intervention) {
    Index gate = joint != kNoIndex         ? joint
                 : spec.agency != kNoIndex ? s_.agencies[spec.agency].assessment
                                           : kNoIndex;
    if (gate != kNoIndex && !assessed_valid(f, assessor_of(gate))) target = gate;
  }
  send(f, target, from);
}

void FamilySimulation::send(std::uint32_t f, Index s, Index from) {
  FamilyCore& c = families_.core(f);
  if (c.departed || ((c.in_service | c.waiting) >> s & 1ull)) return;
  const ServiceSpec& spec = s_.services[s];
  if (spec.kind == ServiceKind::assessment && rationed(spec.agency) && !high_need_in(f, s)) return;
  if (spec.kind == ServiceKind::intervention && (!eligible(f, s) || has_effect(f, s))) return;
  if (spec.queue_limit > 0) {
    const sim::Service& sv = net_->service(s);
    if (sv.busy() >= sv.capacity() && sv.waiting() >= spec.queue_limit) {
      ++m_->turned_away[s];  // the waiting list is closed
      return;
    }
  }
  if (from != kNoIndex && spec.agency != kNoIndex && from != spec.agency) {
    // Crossing from one agency to another: the referral waits and may be lost.
    const std::size_t g = m_->mech.handoffs ? 1 : 0;
    sim::RandomStream st = sim_.stream(c.uid, purpose::handoff, c.referrals++);
    if (st.uniform() < p_.lost_referrals[g]) return;
    double delay = p_.handoff_days[g] > 0.0 ? sim::sample_exponential(st, p_.handoff_days[g]) : 0.0;
    if (delay > 0.0) {
      ++c.pending;
      sim_.after(delay, sim::Priority::seize, kHandoff, families_.ref(f), s);
      return;
    }
  }
  net_->arrive(families_.ref(f), s);
}

void FamilySimulation::after_assessment(std::uint32_t f, Index s) {
  const Index who = assessor_of(s);
  families_.assessed(f)[who == kJoint || who == kNoIndex ? m_->agencies : who] =
      static_cast<float>(sim_.now());
  for (Index i = 0; i < m_->services; ++i) {
    const ServiceSpec& spec = s_.services[i];
    if (spec.kind == ServiceKind::intervention && (who == kJoint || spec.agency == who))
      refer(f, i, s_.services[s].agency);
  }
}

bool FamilySimulation::eligible(std::uint32_t f, Index s) const {
  const Eligibility& e = s_.services[s].eligible;
  if (e.needs.empty()) return true;
  const int min = rationed(s_.services[s].agency) ? kLevels - 1 : e.min_level;
  int n = 0;
  for (Index d : e.needs) n += families_.needs(f)[d] >= min;
  return n >= e.min_count;
}

bool FamilySimulation::has_effect(std::uint32_t f, Index s) const {
  for (const ActiveEffect& e : families_.core(f).effects) {
    if (e.phase != 0 && e.service == s) return true;
  }
  return false;
}

bool FamilySimulation::rationed(Index a) const {
  if (a == kNoIndex) return false;
  if (m_->mech.rationing) return m_->pooled_rationing && s_.agencies[a].rationing_at > 0.0;
  return m_->rationing[a] != 0;
}

bool FamilySimulation::high_need_in(std::uint32_t f, Index s) const {
  for (Index d = 0; d < m_->needs; ++d) {
    if ((m_->assess_mask[s] >> d & 1u) && families_.needs(f)[d] == kLevels - 1) return true;
  }
  return false;
}

void FamilySimulation::end_effect(std::uint32_t f, Index s) {
  for (ActiveEffect& e : families_.core(f).effects) {
    // A later episode of the same intervention may have replaced this effect.
    if (e.phase == 2 && e.service == s && e.until <= static_cast<float>(sim_.now()) + 1e-3f)
      e.phase = 0;
  }
  touch(f, m_->effect_clocks[s]);
}

// ---- money -------------------------------------------------------------------

void FamilySimulation::spend_shared(const std::vector<double>& weights, int category,
                                    double amount) {
  for (Index a = 0; a < m_->agencies; ++a) {
    ledger_.post(m_->year, a, category, amount * weights[a]);
    check_rationing(a);
  }
}

void FamilySimulation::spend(Index agency, int category, double amount, bool fund) {
  if (amount == 0.0) return;  // negative: a commitment given back
  const int y = m_->year;
  if (fund) {
    spend_shared(m_->fund_weight, category, amount);
  } else if (agency != kNoIndex) {
    ledger_.post(y, agency, category, amount);
    check_rationing(agency);
  }
}

void FamilySimulation::charge(const PayerSplit& payer, double cashable, double amount) {
  if (amount == 0.0) return;
  for (std::size_t i = 0; i < payer.agency.size(); ++i) {
    const Index a = payer.agency[i];
    ledger_.post(m_->year, a, kReactiveCashable, amount * payer.share[i] * cashable);
    ledger_.post(m_->year, a, kReactive, amount * payer.share[i] * (1.0 - cashable));
    check_rationing(a);
  }
}

void FamilySimulation::spend_over(sim::Time t0, sim::Time t1, double per_day,
                                  const PayerSplit& payer, double cashable) {
  for (std::size_t i = 0; i < payer.agency.size(); ++i) {
    const Index a = payer.agency[i];
    ledger_.accrue(t0, t1, per_day * payer.share[i] * cashable, a, kReactiveCashable);
    ledger_.accrue(t0, t1, per_day * payer.share[i] * (1.0 - cashable), a, kReactive);
    check_rationing(a);
  }
}

void FamilySimulation::check_rationing(Index a) {
  Impl& m = *m_;
  const int y = m.year;
  // Thresholds of the year are fixed at its start (set_thresholds).
  if (!m.rationing[a] && m.threshold[a] > 0.0 && ledger_.total(y, a) >= m.threshold[a]) {
    m.rationing[a] = 1;
    m.rationing_since[a] = sim_.now();
  }
  if (m.pooled_rationing || !m.mech.rationing || m.pooled_threshold <= 0.0) return;
  double spent = 0.0;
  for (Index b = 0; b < m.agencies; ++b) {
    if (m.threshold[b] > 0.0) spent += ledger_.total(y, b);
  }
  if (spent >= m.pooled_threshold) {
    m.pooled_rationing = true;
    m.pooled_since = sim_.now();
  }
}

void FamilySimulation::set_thresholds(int y) {
  Impl& m = *m_;
  m.pooled_threshold = 0.0;
  for (Index a = 0; a < m.agencies; ++a) {
    const AgencySpec& ag = s_.agencies[a];
    m.threshold[a] = ag.rationing_at * ag.budget[static_cast<std::size_t>(y)];
    m.pooled_threshold += m.threshold[a];
  }
}

}  // namespace placesim::models
