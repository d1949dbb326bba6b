// FamilySimulation: families, their hazard clocks, events and need changes.
//
// Each family has a clock for each event type that can happen on its own,
// each need dimension, and leaving the place. A clock is an Exp(1) amount of
// hazard used up at the clock's current rate; it fires when none is left.
// When a rate changes, what is left carries over (the next-reaction method),
// so a lower hazard delays the very same events: the tightest coupling of
// common random numbers between regimes. Each clock keeps the absolute time
// it will fire, so only the clocks whose rate changes are touched, and only
// the earliest clock of a family is on the calendar.
//
// Due times are floats, rounded to nearest: a national cohort has twenty
// clocks per family, and a float resolves a day within 21 seconds over a
// decade (within 6 minutes over a century), far finer than any rate in a
// scenario. A clock rounded to just before the instant it was set falls due
// at that instant.
#include <algorithm>
#include <cmath>
#include <limits>

#include "models/family/family_sim.h"
#include "models/family/family_sim_impl.h"
#include "models/family/purposes.h"

namespace placesim::models {
namespace {

// A float's spacing at a decade (3,652.5 days) and a century, in seconds:
// the bounds the comment at the top of this file states.
constexpr double kSecondsPerDay = 86400.0;
static_assert(std::numeric_limits<float>::epsilon() * 2048.0 * kSecondsPerDay < 21.1,
              "a float resolves a day within 21 s over a decade (days 2048 to 4096)");
static_assert(std::numeric_limits<float>::epsilon() * 32768.0 * kSecondsPerDay < 6.0 * 60.0,
              "and within 6 minutes over a century (days 32768 to 65536)");

// While a clock's rate is zero it has no due time; it keeps the hazard it has
// left instead, stored as -1 - left (due times are never negative).
float park(double left) { return static_cast<float>(-1.0 - left); }
double parked(float due) { return -1.0 - static_cast<double>(due); }
float due_time(double t) { return static_cast<float>(t); }

}  // namespace

std::uint32_t FamilySimulation::create_family() {
  Impl& m = *m_;
  const std::uint64_t uid = m.next_uid++;
  std::uint32_t f = families_.create(uid);
  m.peak_families = std::max<std::uint64_t>(m.peak_families, families_.live());
  // Correlated needs: a Gaussian copula with one common factor.
  sim::RandomStream init = sim_.stream(uid, purpose::needs_init);
  const double rho = s_.need_correlation;
  const double common = sim::sample_standard_normal(init);
  std::uint8_t* lv = families_.needs(f);
  const double load = std::sqrt(rho), own = std::sqrt(1.0 - rho);
  for (Index d = 0; d < m.needs; ++d) {
    // z is standard normal; its level is where it falls among the quantiles
    // of the prevalence (the same as comparing Phi(z) with the shares).
    const double z = load * common + own * sim::sample_standard_normal(init);
    lv[d] = z < m.level_cut[d][0] ? 0 : z < m.level_cut[d][1] ? 1 : 2;
  }
  commit_need_costs(f, +1.0);
  sim::RandomStream first = sim_.stream(uid, purpose::clock);
  float* due = families_.due(f);
  for (std::uint32_t k = 0; k < m.clocks; ++k) due[k] = park(sim::sample_exponential(first, 1.0));
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

// Which clocks each kind of change can alter, so a change recomputes only those.
void FamilySimulation::compile_clock_masks() {
  Impl& m = *m_;
  auto bit = [&](std::uint32_t k) { return m.clocks > 64 ? ~0ull : 1ull << k; };
  m.all_clocks = m.clocks >= 64 ? ~0ull : (1ull << m.clocks) - 1;
  m.need_clocks.assign(m.needs, 0);
  for (Index d = 0; d < m.needs; ++d) {
    m.need_clocks[d] = bit(m.need_clock0 + d);
    for (std::uint32_t k = 0; k < m.need_clock0; ++k) {
      for (const auto& mult : p_.events[m.clock_event[k]].mult) {
        if (mult.first == d) m.need_clocks[d] |= bit(k);
      }
    }
  }
  auto needs_in = [&](std::uint32_t mask) {
    std::uint64_t clocks = 0;
    for (Index d = 0; d < m.needs; ++d) {
      if (mask >> d & 1u) clocks |= bit(m.need_clock0 + d);
    }
    return clocks;
  };
  m.effect_clocks.assign(m.services, 0);
  m.waiting_clocks.assign(m.services, 0);
  for (Index s = 0; s < m.services; ++s) {
    m.effect_clocks[s] = needs_in(m.target_mask[s]);
    for (std::uint32_t k = 0; k < m.need_clock0; ++k) {
      if (m.keep[s][m.clock_event[k]] != 1.0f) m.effect_clocks[s] |= bit(k);
    }
    m.waiting_clocks[s] = needs_in(m.priority_mask[s]);
  }
}

// Many changes to one family can come from one event (an arrest escalates a
// need, refers the family, it joins a queue...). They all happen at the same
// instant, so the family's clocks are recomputed and rescheduled once, when
// the event ends, and only the clocks the changes can alter.
void FamilySimulation::touch(std::uint32_t f, std::uint64_t clocks) {
  FamilyCore& c = families_.core(f);
  c.stale |= clocks;
  if (c.dirty) return;
  c.dirty = true;
  m_->dirty.push_back(families_.ref(f));
}

void FamilySimulation::flush() {
  for (std::size_t i = 0; i < m_->dirty.size(); ++i) {  // recomputing never touches another family
    const std::uint32_t f = families_.resolve(m_->dirty[i]);
    if (f == FamilyStore::kStale || !families_.core(f).dirty) continue;
    FamilyCore& c = families_.core(f);
    c.dirty = false;
    const std::uint64_t stale = c.stale;
    c.stale = 0;
    recompute_clocks(f, stale);
  }
  m_->dirty.clear();
}

void FamilySimulation::recompute(std::uint32_t f) { recompute_clocks(f, m_->all_clocks); }

void FamilySimulation::set_rate(std::uint32_t f, std::uint32_t k, float rate) {
  float& old = families_.rate(f)[k];
  if (rate == old) return;
  float& due = families_.due(f)[k];
  const double now = sim_.now();
  // The hazard left, used up at the old rate until now, is spread at the new one.
  const double left =
      old > 0.0f ? std::max(0.0, (static_cast<double>(due) - now) * static_cast<double>(old))
                 : parked(due);
  due = rate > 0.0f ? due_time(now + left / static_cast<double>(rate)) : park(left);
  old = rate;
}

void FamilySimulation::recompute_clocks(std::uint32_t f, std::uint64_t clocks) {
  Impl& m = *m_;
  const FamilyCore& c = families_.core(f);
  if (c.departed) {
    for (std::uint32_t k = 0; k < m.clocks; ++k) set_rate(f, k, 0.0f);
  } else if (clocks != 0) {
    const bool all = m.clocks > 64 || clocks == m.all_clocks;
    for (std::uint32_t k = 0; k < m.need_clock0; ++k) {
      if (all || (clocks >> k & 1ull))
        set_rate(f, k, static_cast<float>(event_rate(f, m.clock_event[k])));
    }
    for (Index d = 0; d < m.needs; ++d) {
      const std::uint32_t k = m.need_clock0 + d;
      if (!all && !(clocks >> k & 1ull)) continue;
      auto [up, down] = need_rates(f, d);
      set_rate(f, k, static_cast<float>(up + down));
    }
    set_rate(f, m.leave_clock, static_cast<float>(p_.leave));
  }
  schedule_next(f);
}

void FamilySimulation::schedule_next(std::uint32_t f) {
  FamilyCore& c = families_.core(f);
  const float* due = families_.due(f);
  float soonest = std::numeric_limits<float>::infinity();
  std::uint32_t which = 0;
  for (std::uint32_t k = 0; k < m_->clocks; ++k) {  // branch-free: parked clocks are negative
    const bool earlier = (due[k] >= 0.0f) & (due[k] < soonest);
    soonest = earlier ? due[k] : soonest;
    which = earlier ? k : which;
  }
  const double best = std::max(static_cast<double>(soonest), sim_.now());  // never in the past
  c.next_clock = static_cast<std::uint16_t>(which);
  if (best == std::numeric_limits<double>::infinity()) {
    sim_.cancel(c.next);
  } else if (sim_.time_of(c.next) != best ||
             sim_.firing(c.next)) {  // a firing event must move to stay
    if (!sim_.reschedule(c.next, best))
      c.next = sim_.at(best, sim::Priority::update, kClock, families_.ref(f));
  }
}

void FamilySimulation::fire_clock(std::uint32_t f) {
  Impl& m = *m_;
  const std::uint32_t k = families_.core(f).next_clock;
  const std::uint64_t uid = families_.core(f).uid;
  // The counter of the clock's outcome numbers its occurrences: the next
  // residual and the outcome's draws both come from that occurrence's substream.
  const Index counter = k < m.need_clock0 ? m.clock_event[k] : m.events + (k - m.need_clock0);
  sim::RandomStream next =
      sim_.stream(uid, purpose::clock + k, families_.occurrences(f, counter) + 1);
  const double fresh = sim::sample_exponential(next, 1.0);
  const float rate = families_.rate(f)[k];
  families_.due(f)[k] =
      rate > 0.0f ? due_time(sim_.now() + fresh / static_cast<double>(rate)) : park(fresh);
  if (k < m.need_clock0) {
    occur(f, m.clock_event[k]);
  } else if (k < m.leave_clock) {
    const Index d = k - m.need_clock0;
    // Which way it moves: up with probability (escalation rate) / (total
    // rate), drawn from the same occurrence's stream as the next residual.
    auto [up, down] = need_rates(f, d);
    families_.count_one(f, counter);
    change_need(f, d, next.uniform() * (up + down) < up ? +1 : -1);
  } else {
    families_.count_one(f, counter);
    depart(f);
  }
  if (families_.core(f).alive)
    touch(f, 0);  // reschedule for the renewed residual; departing may have retired it
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
  touch(f, m_->need_clocks[d]);
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
  const std::uint64_t n = families_.count_one(f, k);
  const int t = appraisal_year(m.year);
  if (t >= 0 && t < s_.years) rec_.events[static_cast<std::size_t>(t) * m.events + k] += 1.0;
  sim::RandomStream cs = sim_.stream(families_.core(f).uid, purpose::consequence + k, n);
  if (ep.unit_cost > 0.0) charge(ev.payer, ev.cashable, ep.unit_cost);
  for (const auto& [d, p] : ev.escalates) {
    if (cs.uniform() < p) change_need(f, d, +1);
  }

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
    spend_over(sim_.now(), sim_.now() + d, ep.episode_cost_per_day, ev.episode->payer,
               ev.episode->cashable);
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
    if (c.dirty) {              // judge by its rates as they are now, not before this event
      c.dirty = false;
      const std::uint64_t stale = c.stale;
      c.stale = 0;
      recompute_clocks(f, stale);
    }
    const float* rate = families_.rate(f);
    for (std::uint32_t k = 0; k < m_->clocks; ++k) {
      if (rate[k] > 0.0f) return;  // still living in the place
    }
  }
  sim_.cancel(c.next);
  families_.retire(f);
}

}  // namespace placesim::models
