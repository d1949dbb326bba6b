// FamilySimulation: families, their hazard clocks, events and need changes.
//
// Each family keeps one Exp(1) residual per clock (an event type that can
// happen on its own, a need dimension, leaving the place) and the clock's
// current rate. Residuals are used up at the current rates; the clock whose
// residual runs out first fires. When rates change, residuals carry over (the
// next-reaction method), so a lower hazard delays the very same events: the
// tightest coupling of common random numbers between regimes. Only the
// earliest clock of a family is on the calendar.
#include <cmath>
#include <limits>

#include "models/model/family_sim.h"
#include "models/model/family_sim_impl.h"
#include "models/model/purposes.h"

namespace placesim::models {

std::uint32_t FamilySimulation::create_family() {
  Impl& m = *m_;
  const std::uint64_t uid = m.next_uid++;
  std::uint32_t f = families_.create(uid);
  m.peak_families = std::max<std::uint64_t>(m.peak_families, families_.live());
  FamilyCore& c = families_.core(f);
  c.last_update = sim_.now();
  // Correlated needs: a Gaussian copula with one common factor.
  sim::RandomStream init = sim_.stream(uid, purpose::needs_init);
  const double rho = s_.need_correlation;
  const double common = sim::sample_standard_normal(init);
  std::uint8_t* lv = families_.needs(f);
  for (Index d = 0; d < m.needs; ++d) {
    double z = std::sqrt(rho) * common + std::sqrt(1.0 - rho) * sim::sample_standard_normal(init);
    double u = 0.5 * std::erfc(-z / std::sqrt(2.0));
    const auto& prev = s_.needs[d].prevalence;
    lv[d] = u < prev[0] ? 0 : u < prev[0] + prev[1] ? 1 : 2;
  }
  commit_need_costs(f, +1.0);
  sim::RandomStream first = sim_.stream(uid, purpose::clock);
  float* res = families_.residual(f);
  for (std::uint32_t k = 0; k < m.clocks; ++k) res[k] = static_cast<float>(sim::sample_exponential(first, 1.0));
  recompute(f);
  return f;
}

std::pair<double, double> FamilySimulation::need_rates(std::uint32_t f, Index d) const {
  const std::uint8_t lv = families_.needs(f)[d];
  const FamilyCore& c = families_.core(f);
  const NeedParams& np = p_.needs[d];
  double up = lv < 2 ? np.escalate[lv] : 0.0;
  double down = lv > 0 ? np.improve[lv - 1] : 0.0;
  // A need worsens faster while the family waits for a service that meets it.
  for (std::uint64_t w = c.waiting; w != 0; w &= w - 1) {
    if (m_->priority_mask[static_cast<std::size_t>(__builtin_ctzll(w))] >> d & 1u) {
      up *= s_.needs[d].waiting_escalation;
      break;
    }
  }
  for (const ActiveEffect& e : c.effects) {
    if (e.phase != 0 && (m_->target_mask[e.service] >> d & 1u)) {
      up *= p_.services[e.service].escalate;
      down *= p_.services[e.service].improve;
    }
  }
  return {up, down};
}

double FamilySimulation::event_rate(std::uint32_t f, Index k) const {
  const EventParams& ep = p_.events[k];
  double r = ep.rate;
  const std::uint8_t* lv = families_.needs(f);
  for (const auto& [d, mult] : ep.mult) {
    if (lv[d] > 0) r *= mult[lv[d] - 1];
  }
  for (const ActiveEffect& e : families_.core(f).effects) {
    if (e.phase != 0) r *= m_->keep[e.service][k];
  }
  return r;
}

void FamilySimulation::advance(std::uint32_t f) {
  FamilyCore& c = families_.core(f);
  const auto dt = static_cast<float>(sim_.now() - c.last_update);
  c.last_update = sim_.now();
  if (dt <= 0.0f) return;
  float* res = families_.residual(f);
  const float* rate = families_.rate(f);
  for (std::uint32_t k = 0; k < m_->clocks; ++k) res[k] -= rate[k] * dt;
}

void FamilySimulation::recompute(std::uint32_t f) {
  advance(f);
  Impl& m = *m_;
  FamilyCore& c = families_.core(f);
  float* rate = families_.rate(f);
  if (c.departed) {
    std::fill_n(rate, m.clocks, 0.0f);
  } else {
    for (std::uint32_t k = 0; k < m.need_clock0; ++k)
      rate[k] = static_cast<float>(event_rate(f, m.clock_event[k]));
    for (Index d = 0; d < m.needs; ++d) {
      auto [up, down] = need_rates(f, d);
      rate[m.need_clock0 + d] = static_cast<float>(up + down);
    }
    rate[m.leave_clock] = static_cast<float>(p_.leave);
  }
  schedule_next(f);
}

void FamilySimulation::schedule_next(std::uint32_t f) {
  FamilyCore& c = families_.core(f);
  const float* res = families_.residual(f);
  const float* rate = families_.rate(f);
  double best = std::numeric_limits<double>::infinity();
  std::uint32_t which = 0;
  for (std::uint32_t k = 0; k < m_->clocks; ++k) {
    if (rate[k] <= 0.0f) continue;
    double t = std::max(0.0f, res[k]) / static_cast<double>(rate[k]);
    if (t < best) {
      best = t;
      which = k;
    }
  }
  c.next_clock = static_cast<std::uint16_t>(which);
  if (best == std::numeric_limits<double>::infinity()) {
    sim_.cancel(c.next);
  } else if (!sim_.reschedule(c.next, sim_.now() + best)) {
    c.next = sim_.after(best, sim::Priority::update, kClock, families_.ref(f));
  }
}

void FamilySimulation::fire_clock(std::uint32_t f) {
  Impl& m = *m_;
  advance(f);
  const std::uint32_t k = families_.core(f).next_clock;
  const std::uint64_t uid = families_.core(f).uid;
  std::uint32_t* count = families_.count(f);
  // The counter of the clock's outcome numbers its occurrences: the next
  // residual and the outcome's draws both come from that occurrence's substream.
  const Index counter = k < m.need_clock0 ? m.clock_event[k] : m.events + (k - m.need_clock0);
  sim::RandomStream next = sim_.stream(uid, purpose::clock + k, count[counter] + 1ull);
  families_.residual(f)[k] = static_cast<float>(sim::sample_exponential(next, 1.0));
  if (k < m.need_clock0) {
    occur(f, m.clock_event[k]);
  } else if (k < m.leave_clock) {
    const Index d = k - m.need_clock0;
    // Which way it moves: up with probability (escalation rate) / (total rate).
    auto [up, down] = need_rates(f, d);
    sim::RandomStream step = sim_.stream(uid, purpose::need_step + d, count[counter]++);
    change_need(f, d, step.uniform() * (up + down) < up ? +1 : -1);
  } else {
    ++count[counter];
    depart(f);
  }
  if (families_.core(f).alive) recompute(f);  // departing may have retired it
}

void FamilySimulation::change_need(std::uint32_t f, Index d, int delta) {
  std::uint8_t& lv = families_.needs(f)[d];
  const int before = lv;
  const int after = std::clamp(before + delta, 0, kLevels - 1);
  if (after == before) return;
  // The ongoing cost of the need was committed to the year's end at the old
  // level: adjust the commitment from now on.
  const auto& cost = p_.needs[d].cost_per_day;
  const double rate_change = (after ? cost[after - 1] : 0.0) - (before ? cost[before - 1] : 0.0);
  if (rate_change != 0.0) {
    const NeedSpec& spec = s_.needs[d];
    charge(spec.payer, spec.cashable, rate_change * ((m_->year + 1) * kDaysPerYear - sim_.now()));
  }
  lv = static_cast<std::uint8_t>(after);
}

void FamilySimulation::commit_need_costs(std::uint32_t f, double sign) {
  const double days = (m_->year + 1) * kDaysPerYear - sim_.now();
  const std::uint8_t* lv = families_.needs(f);
  for (Index d = 0; d < m_->needs; ++d) {
    if (lv[d] == 0) continue;
    const double per_day = p_.needs[d].cost_per_day[lv[d] - 1];
    if (per_day != 0.0) charge(s_.needs[d].payer, s_.needs[d].cashable, sign * per_day * days);
  }
}

void FamilySimulation::occur(std::uint32_t f, Index k) {
  Impl& m = *m_;
  const EventSpec& ev = s_.events[k];
  const EventParams& ep = p_.events[k];
  const std::uint64_t n = families_.count(f)[k]++;
  const int t = appraisal_year(m.year);
  if (t >= 0 && t < s_.years) rec_.events[static_cast<std::size_t>(t) * m.events + k] += 1.0;
  sim::RandomStream cs = sim_.stream(families_.core(f).uid, purpose::consequence + k, n);
  if (ep.unit_cost > 0.0) charge(ev.payer, ev.cashable, ep.unit_cost);
  bool changed = false;
  for (const auto& [d, p] : ev.escalates) {
    if (cs.uniform() < p) {
      change_need(f, d, +1);
      changed = true;
    }
  }
  if (changed) recompute(f);
  const Index from = ev.payer.agency.empty() ? kNoIndex : ev.payer.agency[0];
  for (const Referral& r : ev.refer) {
    if (cs.uniform() < r.p) refer(f, r.service, from);
  }
  for (const FollowOn& fo : ev.follow_on) {
    if (cs.uniform() < fo.p) {
      double delay = fo.delay.sample(cs);
      sim_.after(delay, sim::Priority::update, kFollowOn, families_.ref(f), fo.event);
    }
  }
  if (ev.episode && ep.episode_cost_per_day > 0.0) {
    double d = ev.episode->duration.sample(cs);
    spend_over(sim_.now(), sim_.now() + d, ep.episode_cost_per_day, ev.episode->payer, ev.episode->cashable);
  }
}

void FamilySimulation::depart(std::uint32_t f) {
  FamilyCore& c = families_.core(f);
  commit_need_costs(f, -1.0);  // its needs cost nothing here once it has gone
  c.departed = true;
  for (Index s = 0; s < m_->services; ++s) {
    if (c.waiting >> s & 1ull) net_->withdraw(families_.ref(f), s);
  }
  c.waiting = 0;
  recompute(f);
  maybe_retire(f);
}

void FamilySimulation::maybe_retire(std::uint32_t f) {
  FamilyCore& c = families_.core(f);
  if (!c.alive || c.in_service || c.waiting || c.pending) return;
  if (!c.departed) {
    if (m_->needs > 0) return;  // it lives in the place, and its needs may cost
    const float* rate = families_.rate(f);
    for (std::uint32_t k = 0; k < m_->clocks; ++k) {
      if (rate[k] > 0.0f) return;  // still living in the place
    }
  }
  sim_.cancel(c.next);
  families_.retire(f);
}

}  // namespace placesim::models
