// Hazard clocks: families' needs and the events their hazards drive.
//
// Due times are floats, rounded to nearest: a national cohort has twenty
// clocks per family, and a float resolves a day within 21 seconds over a
// decade (within 6 minutes over a century), far finer than any rate in a
// scenario. A clock rounded to just before the instant it was set falls due
// at that instant.
#include "models/family/clocks.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "models/family/purposes.h"

namespace placesim::models::family {
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

// A family's clocks number its streams (purpose::clock + clock) below its
// events' consequences.
static_assert(kMaxEventTypes + kMaxNeeds + 1 <= purpose::consequence - purpose::clock,
              "clock streams would reach the consequences'");

}  // namespace

std::uint32_t Clocks::create_family(std::uint64_t uid) {
  const std::uint32_t f = w_.families.create(uid);
  w_.open_history_year(f);
  // Correlated needs: a Gaussian copula with one common factor. The stream
  // is the needs' own, so a model without needs (a queueing network) skips
  // the draws and changes nothing else.
  if (w_.t.needs > 0) {
    sim::RandomStream init = w_.sim.stream(uid, purpose::needs_init);
    const double rho = w_.s.need_correlation;
    const double common = sim::sample_standard_normal(init);
    std::uint8_t* lv = w_.families.needs(f);
    const double load = std::sqrt(rho), own = std::sqrt(1.0 - rho);
    for (Index d = 0; d < w_.t.needs; ++d) {
      // z is standard normal; its level is where it falls among the quantiles
      // of the prevalence (the same as comparing Phi(z) with the shares).
      const double z = load * common + own * sim::sample_standard_normal(init);
      lv[d] = z < w_.t.level_cut[d][0] ? 0 : z < w_.t.level_cut[d][1] ? 1 : 2;
    }
  }
  // Its subgroup before its first cost: arrivals once the window is open
  // form the cohort of their year; every family before, the cohort already there.
  const std::size_t cohort =
      w_.window_open ? static_cast<std::size_t>(w_.appraisal_year(w_.year)) + 1 : 0;
  w_.families.core(f).group =
      subgroup_of(cohort, need_profile(w_.families.needs(f), w_.t.needs)) & kGroupMask;
  if (w_.t.needs > 0) commit_need_costs(f, +1.0);
  sim::RandomStream first = w_.sim.stream(uid, purpose::clock);
  float* due = w_.families.due(f);
  // The leave clock is the last drawn, and its rate is fixed for the
  // replication: when families never leave, its draw would never be read.
  const std::uint32_t drawn = w_.p.leave > 0.0 ? w_.t.clocks : w_.t.leave_clock;
  for (std::uint32_t k = 0; k < drawn; ++k) due[k] = park(sim::sample_exponential(first, 1.0));
  for (std::uint32_t k = drawn; k < w_.t.clocks; ++k) due[k] = park(1.0);
  recompute(f);
  return f;
}

std::pair<double, double> Clocks::need_rates(std::uint32_t f, Index d) const {
  const std::uint8_t lv = w_.families.needs(f)[d];
  const FamilyCore& c = w_.families.core(f);
  const NeedParams& np = w_.p.needs[d];
  if (c.replaced_by >= 0 &&
      (w_.t.replaced_needs[static_cast<std::size_t>(c.replaced_by)] >> d & 1u))
    return {0.0, 0.0};  // an episode stands in for the need: it holds still
  double up = lv < 2 ? np.escalate[lv] : 0.0;
  double down = lv > 0 ? np.improve[lv - 1] : 0.0;
  // A need worsens faster while the family waits for a service that meets
  // it, or for a while after a referral to one went unmet.
  bool unserved = (c.unmet >> d & 1u) != 0;
  for (std::uint64_t wt = c.waiting; wt != 0 && !unserved; wt &= wt - 1)
    unserved = (w_.t.priority_mask[static_cast<std::size_t>(__builtin_ctzll(wt))] >> d & 1u) != 0;
  if (unserved) up *= w_.s.needs[d].waiting_escalation;
  const ConstEffectSlots fx = w_.families.effects(f);
  for (std::uint32_t j = 0; j < fx.size(); ++j) {
    const std::uint32_t sv = fx.service(j);
    if (fx.active(j) && (w_.t.target_mask[sv] >> d & 1u)) {
      up *= w_.p.services[sv].escalate;
      down *= w_.p.services[sv].improve;
    }
  }
  return {up, down};
}

double Clocks::event_rate(std::uint32_t f, Index k) const {
  const FamilyCore& c = w_.families.core(f);
  if (c.replaced_by >= 0 && w_.t.replaced_events[static_cast<std::size_t>(c.replaced_by)][k])
    return 0.0;  // impossible while the episode lasts
  const EventParams& ep = w_.p.events[k];
  double r = ep.rate;
  const std::uint8_t* lv = w_.families.needs(f);
  for (const auto& [d, mult] : ep.mult) {
    if (lv[d] > 0) r *= mult[lv[d] - 1];
  }
  const ConstEffectSlots fx = w_.families.effects(f);
  for (std::uint32_t j = 0; j < fx.size(); ++j) {
    if (fx.active(j)) r *= w_.t.keep[fx.service(j)][k];
  }
  return r;
}

// Many changes to one family can come from one event (an arrest escalates a
// need, refers the family, it joins a queue...). They all happen at the same
// instant, so the family's clocks are recomputed and rescheduled once, when
// the event ends, and only the clocks the changes can alter.
void Clocks::touch(std::uint32_t f, std::uint64_t clocks) {
  FamilyCore& c = w_.families.core(f);
  c.mark_stale(clocks);
  if (c.dirty) return;
  c.dirty = true;
  dirty_.push_back(w_.families.ref(f));
  w_.sim.calendar().prefetch_event(c.next);  // its event moves when this one ends
}

void Clocks::flush() {
  if (dirty_.size() > 1) {
    for (const FamilyRef r : dirty_) {
      if (const std::uint32_t f = w_.families.resolve(r); f != FamilyStore::kStale)
        w_.sim.calendar().prefetch_time(w_.families.core(f).next);
    }
  }
  for (std::size_t i = 0; i < dirty_.size(); ++i) {  // recomputing never touches another family
    const std::uint32_t f = w_.families.resolve(dirty_[i]);
    if (f == FamilyStore::kStale || !w_.families.core(f).dirty) continue;
    settle(f);
  }
  dirty_.clear();
}

void Clocks::settle(std::uint32_t f) {
  FamilyCore& c = w_.families.core(f);
  if (!c.dirty) return;
  c.dirty = false;
  recompute_clocks(f, c.take_stale());
}

void Clocks::set_rate(std::uint32_t f, std::uint32_t k, float rate) {
  float& old = w_.families.rate(f)[k];
  if (rate == old) return;
  float& due = w_.families.due(f)[k];
  const double now = w_.sim.now();
  // The hazard left, used up at the old rate until now, is spread at the new one.
  const double left =
      old > 0.0f ? std::max(0.0, (static_cast<double>(due) - now) * static_cast<double>(old))
                 : parked(due);
  due = rate > 0.0f ? due_time(now + left / static_cast<double>(rate)) : park(left);
  old = rate;
}

void Clocks::recompute_clocks(std::uint32_t f, std::uint64_t clocks) {
  const Tables& t = w_.t;
  const FamilyCore& c = w_.families.core(f);
  if (c.departed) {
    for (std::uint32_t k = 0; k < t.clocks; ++k) set_rate(f, k, 0.0f);
  } else if (clocks != 0) {
    const bool all = t.clocks > 64 || clocks == t.all_clocks;
    for (std::uint32_t k = 0; k < t.need_clock0; ++k) {
      if (all || (clocks >> k & 1ull))
        set_rate(f, k, static_cast<float>(event_rate(f, t.clock_event[k])));
    }
    for (Index d = 0; d < t.needs; ++d) {
      const std::uint32_t k = t.need_clock0 + d;
      if (!all && !(clocks >> k & 1ull)) continue;
      auto [up, down] = need_rates(f, d);
      set_rate(f, k, static_cast<float>(up + down));
    }
    set_rate(f, t.leave_clock, static_cast<float>(w_.p.leave));
  }
  schedule_next(f);
}

void Clocks::schedule_next(std::uint32_t f) {
  FamilyCore& c = w_.families.core(f);
  const float* due = w_.families.due(f);
  constexpr float kNone = std::numeric_limits<float>::infinity();
  float soonest = kNone;
  std::uint32_t which = 0;
  for (std::uint32_t k = 0; k < w_.t.clocks; ++k) {  // branch-free: parked clocks are negative
    const float at = due[k] < 0.0f ? kNone : due[k];
    const bool earlier = at < soonest;
    soonest = earlier ? at : soonest;
    which = earlier ? k : which;
  }
  // Its timers, at their exact times; a clock due at the same instant goes first.
  double best = soonest;
  if (const double lapse = w_.families.unmet_until(f);
      lapse != FamilyStore::kNoLapse && lapse < best) {
    best = lapse;
    which = kUnmetLapse;
  }
  float effect_ends = kNone;  // the earliest, branch-free: which effect is the end's to find
  const ConstEffectSlots fx = w_.families.effects(f);
  for (std::uint32_t j = 0; j < fx.size(); ++j)
    effect_ends = std::min(effect_ends, fx.after_exit(j) ? fx.until(j) : kNone);
  if (static_cast<double>(effect_ends) < best) {
    best = effect_ends;
    which = kEffectOver;
  }
  if (c.replaced_by >= 0) {
    if (const double end = w_.families.episode_until(f); end < best) {
      best = end;
      which = kEpisodeOver;
    }
  }
  best = std::max(best, w_.sim.now());  // never in the past
  c.next_clock = which & kEpisodeOver;  // the largest number it holds
  if (best == std::numeric_limits<double>::infinity()) {
    w_.sim.cancel(c.next);
  } else if (w_.sim.time_of(c.next) != best ||
             w_.sim.firing(c.next)) {  // a firing event must move to stay
    if (!w_.sim.reschedule(c.next, best))
      c.next = w_.sim.at(best, sim::Priority::update, kClock, w_.families.ref(f));
  }
}

Fired Clocks::fire(std::uint32_t f) {
  const Tables& t = w_.t;
  const std::uint32_t k = w_.families.core(f).next_clock;
  if (k == kUnmetLapse) return {Fired::unmet_lapse, kNoIndex, 0};
  if (k == kEffectOver) return {Fired::effect_end, kNoIndex, 0};
  if (k == kEpisodeOver) {
    end_replacement(f);
    return {Fired::episode_end, kNoIndex, 0};
  }
  const std::uint64_t uid = w_.families.core(f).uid;
  // The counter of the clock's outcome numbers its occurrences: the next
  // residual and the outcome's draws both come from that occurrence's substream.
  const Index counter = k < t.need_clock0 ? t.clock_event[k] : t.events + (k - t.need_clock0);
  sim::RandomStream next =
      w_.sim.stream(uid, purpose::clock + k, w_.families.occurrences(f, counter) + 1);
  const double fresh = sim::sample_exponential(next, 1.0);
  const float rate = w_.families.rate(f)[k];
  w_.families.due(f)[k] =
      rate > 0.0f ? due_time(w_.sim.now() + fresh / static_cast<double>(rate)) : park(fresh);
  touch(f, 0);  // reschedule for the renewed residual
  if (k < t.need_clock0) return {Fired::event, t.clock_event[k], 0};
  w_.families.count_one(f, counter);
  if (k == t.leave_clock) return {Fired::leave, kNoIndex, 0};
  // Which way a need moves: up with probability (escalation rate) / (total
  // rate), drawn from the same occurrence's stream as the next residual.
  const Index d = k - t.need_clock0;
  auto [up, down] = need_rates(f, d);
  return {Fired::need, d, next.uniform() * (up + down) < up ? +1 : -1};
}

void Clocks::retire_if_done(std::uint32_t f) {
  FamilyCore& c = w_.families.core(f);
  if (!c.alive || c.in_service || c.waiting || c.pending) return;
  if (!c.departed) {
    if (w_.t.needs > 0) return;  // it lives in the place, and its needs may cost
    // Judged by its clocks and timers as they are now, not before this
    // event: a clock with a rate, or an effect that will end (its hazards
    // then return), is still to come.
    settle(f);
    if (w_.sim.to_come(c.next)) return;
  }
  w_.sim.cancel(c.next);
  w_.close_history_year(f);
  w_.families.retire(f);
}

}  // namespace placesim::models::family
