#pragma once
// Hazard clocks of families (private to models/family). Each family has a
// clock for each event type that can happen on its own, each need dimension,
// and leaving the place. A clock is an Exp(1) amount of hazard used up at the
// clock's current rate; it fires when none is left. When a rate changes, what
// is left carries over (the next-reaction method), so a lower hazard delays
// the very same events: the tightest coupling of common random numbers
// between regimes. Only the earliest clock of a family is on the calendar,
// and the same event also stands for the family's timers that are not
// hazards: the end of an intervention's effect, the lapse of its unmet marks
// and the end of the episode standing in for its needs, each once an event of
// its own (docs/performance.md, "One event a family").

#include <cstdint>
#include <utility>
#include <vector>

#include "models/family/budgets.h"
#include "models/family/world.h"

namespace placesim::models::family {

//! What a clock's firing means.
struct Fired {
  //! Which kind of clock, or which timer: an effect, unmet marks or an episode ending.
  enum Kind : std::uint8_t {
    event,
    need,
    leave,
    effect_end,
    unmet_lapse,
    episode_end
  } kind = event;
  Index index = kNoIndex;  //!< the event type or need dimension
  int delta = 0;           //!< for needs: +1 escalates, -1 improves
  //! True for one of the family's timers, not a hazard clock.
  [[nodiscard]] bool timer() const { return kind >= effect_end; }
};

//! The hazard clocks of every family of one simulation.
class Clocks {
 public:
  //! Clocks of the world's families, committing need costs through `budgets`.
  Clocks(World& w, Budgets& budgets) : w_(w), budgets_(budgets) {}

  //! A new family with identity uid: its needs drawn, their costs committed, its clocks set.
  std::uint32_t create_family(std::uint64_t uid);
  //! Fires family f's earliest clock: draws its next residual and says what
  //! happened. An ended episode is ended here; an effect's end and a lapse
  //! are the caller's (Referrals::end_effects, end_unmet), which touch the family.
  Fired fire(std::uint32_t f);
  //! Changes need d of family f by delta levels (within none..high), adjusting its committed cost.
  void change_need(std::uint32_t f, Index d, int delta);
  //! Commits (sign +1) or gives back (-1) f's need costs from now to the year's end.
  void commit_need_costs(std::uint32_t f, double sign);
  //! An episode of event type k, lasting `days`, starts for family f: it
  //! stands in for the needs and events its scenario says it replaces.
  void begin_replacement(std::uint32_t f, Index k, double days);
  //! Family f leaves during such an episode: the rest of it replaces nothing.
  void cut_replacement_short(std::uint32_t f);
  //! Marks clocks of f whose rates may have changed; they are recomputed at flush().
  void touch(std::uint32_t f, std::uint64_t clocks);
  //! As touch, but nothing when no clock's rate can have changed (a change of
  //! service that acts on no hazard): every family's event is already at its
  //! earliest clock after each flush, and what fires or departs touches itself.
  //! A timer set or brought earlier needs touch; one moved later or removed
  //! may use this (its event, come early, finds it and moves on).
  void touch_rates(std::uint32_t f, std::uint64_t clocks) {
    if (clocks != 0) touch(f, clocks);
  }
  //! Recomputes every touched family's clocks and reschedules them (at the end of each event).
  void flush();
  //! Recomputes every clock of f now (a new state, a departure).
  void recompute(std::uint32_t f) { recompute_clocks(f, w_.t.all_clocks); }
  //! Brings f's touched clocks up to date now (before judging its rates).
  void settle(std::uint32_t f);
  //! Frees f's slot when it is done with: not in or waiting for a service, no
  //! referral in transit, and gone from the place (or, with no needs to cost,
  //! no clock with a hazard and no timer to come).
  void retire_if_done(std::uint32_t f);
  //! f's hazard of event k now, per day.
  [[nodiscard]] double event_rate(std::uint32_t f, Index k) const;
  //! f's escalation and improvement rates of need d now, per day.
  [[nodiscard]] std::pair<double, double> need_rates(std::uint32_t f, Index d) const;

 private:
  void recompute_clocks(std::uint32_t f, std::uint64_t clocks);
  void replaced_costs(std::uint32_t f, double from, double to, double sign);
  void end_replacement(std::uint32_t f);
  // next_clock of a family whose event is one of its timers, not a clock:
  // the three largest numbers its 13 bits hold.
  static constexpr std::uint16_t kEpisodeOver = (1u << 13) - 1;
  static constexpr std::uint16_t kUnmetLapse = kEpisodeOver - 1;
  static constexpr std::uint16_t kEffectOver = kEpisodeOver - 2;
  static_assert(kMaxEventTypes + kMaxNeeds + 1 < kEffectOver, "clock numbers would reach these");
  static_assert(
      [] {
        FamilyCore c;
        c.next_clock = kEpisodeOver;
        return c.next_clock == kEpisodeOver;
      }(),
      "next_clock holds the timers' numbers");
  void set_rate(std::uint32_t f, std::uint32_t k, float rate);
  void schedule_next(std::uint32_t f);

  World& w_;
  Budgets& budgets_;
  std::vector<FamilyRef> dirty_;  // families to recompute when the event ends
};

}  // namespace placesim::models::family
