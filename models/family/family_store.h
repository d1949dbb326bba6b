#pragma once
//! Families' state, compact so a national cohort fits in memory: per family
//! one block of a few hundred bytes, slots recycled when families go.

#include <array>
#include <cassert>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <memory>
#include <new>
#include <type_traits>
#include <unordered_map>
#include <vector>

#include "models/family/effect_slots.h"
#include "models/family/subgroups.h"
#include "models/scenario/scenario.h"
#include "sim/core/event.h"
#include "sim/core/huge_pages.h"
#include "sim/core/prefetch.h"
#include "sim/core/time.h"

namespace placesim::models {

using FamilyRef = std::uint64_t;  //!< slot in the low 32 bits, generation above

//! The fixed-size part of a family: 64 bytes, one cache line where its block
//! starts on one (a store on huge pages starts on one, and the national
//! scenario's blocks are five lines each).
struct FamilyCore {
  std::uint64_t uid = 0;              //!< creation order: the family's identity for random streams
  sim::EventHandle next;              //!< its one pending clock event
  std::uint64_t in_service = 0;       //!< bit per service it is being served by
  std::uint64_t waiting = 0;          //!< bit per service it waits for
  std::uint32_t episodes = 0;         //!< service episodes so far (substreams)
  std::uint32_t referrals = 0;        //!< cross-agency referrals so far (substreams)
  std::uint32_t effects_started = 0;  //!< interventions finished (substreams)
  std::uint32_t generation = 0;       //!< bumped when the slot is reused
  std::uint32_t unmet = 0;            //!< bit per need left unmet lately (see Referrals)
  //! Clocks whose rates must be recomputed when the event ends, a bit each;
  //! bit 31 stands for clock 31 and every one after it (mark_stale).
  std::uint32_t stale = 0;
  // Eight bytes of narrow fields and flags, so the core fits one line.
  std::uint64_t next_clock : 13 = 0;   //!< which clock (or timer: Clocks) its pending event is
  std::int64_t replaced_by : 13 = -1;  //!< the episode (event type) standing in for needs now
  std::uint64_t pending : 16 = 0;      //!< handoffs in transit to it (at most kMaxPending)
  std::uint64_t group : 14 = 0;       //!< its subgroup: entry cohort and need profile (subgroups.h)
  bool alive : 1 = false;             //!< slot in use
  bool departed : 1 = false;          //!< left the place: no more hazards
  bool dirty : 1 = false;             //!< on the list to be rescheduled when the event ends
  bool worked : 1 = false;            //!< started an intervention this year (observe clears it)
  bool worked_in_window : 1 = false;  //!< started one in the appraisal window
  bool wrapped : 1 = false;       //!< a counter has passed 255: its high part is in the spill table
  bool history_open : 1 = false;  //!< its history's cost this year is held in year_cost
  bool history_kept : 1 = false;  //!< and the history keeps that year (else it is dropped)

  //! Handoffs `pending` holds: a run that would put more in transit to one
  //! family at once stops with an error rather than wrap the count.
  static constexpr std::uint32_t kMaxPending = (1u << 16) - 1;

  //! Marks clocks stale. Past the 31st they share a bit: a scenario with
  //! more clocks recomputes some whose rates have not changed, which moves
  //! nothing (the same rate is set again), where a wider field would cost
  //! every family a second cache line.
  void mark_stale(std::uint64_t clocks) {
    stale |= static_cast<std::uint32_t>(clocks & 0x7fffffffu) | (clocks >> 31 != 0 ? 1u << 31 : 0u);
  }
  //! The clocks marked stale since the last call (all from 31 on when any
  //! of them was), leaving none marked.
  std::uint64_t take_stale() {
    const std::uint64_t s = stale >> 31 != 0 ? (stale | ~std::uint64_t{0} << 31) : stale;
    stale = 0;
    return s;
  }
};
//! Every event type's number in the bits of FamilyCore::replaced_by (it
//! keeps the type as it is, so masking never changes one).
inline constexpr std::uint32_t kEventTypeMask = (1u << 12) - 1;
static_assert(kMaxEventTypes <= kEventTypeMask,
              "every event type fits replaced_by's 13 signed bits");
//! Every subgroup's number in the bits of FamilyCore::group.
inline constexpr std::uint32_t kGroupMask = (1u << 14) - 1;
static_assert(subgroup_of(entry_cohorts(kMaxYears) - 1, NeedProfile{kProfiles - 1}) <= kGroupMask,
              "every subgroup of the longest appraisal fits group's 14 bits");
static_assert(sizeof(FamilyCore) == 64, "the core is one 64-byte line: its timers follow it");
static_assert(
    [] {
      FamilyCore c;
      c.pending = FamilyCore::kMaxPending;
      return c.pending == FamilyCore::kMaxPending && ++c.pending == 0;
    }(),
    "pending holds kMaxPending and no more");

//! Storage for every family of one simulation. A family's state is one
//! block: its core, its timers, its intervention effects, then its clocks' due times and
//! rates, its history's cost of the year, its counters, its need levels and
//! its assessment stamps. An event reads most of them, and
//! with 120,000 families each array of its own cost a cache miss of its own
//! (docs/performance.md, "The cost of scale"); adjacent lines come together.
class FamilyStore {
 public:
  //! Storage for families with `dims` needs, `clocks` hazard clocks,
  //! `counters` occurrence counters, `agencies` assessment stamps and
  //! `effects` effect slots (at most kMaxEffects).
  FamilyStore(std::uint32_t dims, std::uint32_t clocks, std::uint32_t counters,
              std::uint32_t agencies, std::uint32_t effects);

  //! A new family with the given identity (a recycled slot when one is free).
  std::uint32_t create(std::uint64_t uid);
  //! Frees a family's slot.
  void retire(std::uint32_t slot);
  //! Pre-sizes for n families.
  void reserve(std::size_t n);

  //! Reference that goes stale when the slot is reused.
  [[nodiscard]] FamilyRef ref(std::uint32_t slot) const {
    return slot | (static_cast<std::uint64_t>(core(slot).generation) << 32);
  }
  //! The live slot a reference names, or kStale.
  [[nodiscard]] std::uint32_t resolve(FamilyRef r) const {
    auto slot = static_cast<std::uint32_t>(r);
    if (slot >= slots_ || !core(slot).alive ||
        core(slot).generation != static_cast<std::uint32_t>(r >> 32))
      return kStale;
    return slot;
  }
  static constexpr std::uint32_t kStale = 0xffffffffu;  //!< resolve(): no such family

  //! Slots ever used (live or free).
  [[nodiscard]] std::uint32_t slots() const { return slots_; }
  //! Families alive now.
  [[nodiscard]] std::uint32_t live() const { return live_; }

  //! A family's fixed-size state.
  FamilyCore& core(std::uint32_t f) { return *std::launder(reinterpret_cast<FamilyCore*>(at(f))); }
  //! A family's fixed-size state.
  [[nodiscard]] const FamilyCore& core(std::uint32_t f) const {
    return *std::launder(reinterpret_cast<const FamilyCore*>(at(f)));
  }
  std::uint8_t* needs(std::uint32_t f) { return at(f) + needs_at_; }  //!< levels by dimension
  [[nodiscard]] const std::uint8_t* needs(std::uint32_t f) const {
    return at(f) + needs_at_;
  }  //!< levels
  //! The intervention effects acting on a family (a slot not active is free).
  EffectSlots effects(std::uint32_t f) {
    return {at(f) + effect_codes_at_, floats(f, effect_until_at_), effects_};
  }
  //! The intervention effects acting on a family.
  [[nodiscard]] ConstEffectSlots effects(std::uint32_t f) const {
    return {at(f) + effect_codes_at_,
            std::launder(reinterpret_cast<const float*>(at(f) + effect_until_at_)), effects_};
  }
  float* due(std::uint32_t f) { return floats(f, due_at_); }    //!< when each clock fires
  float* rate(std::uint32_t f) { return floats(f, rate_at_); }  //!< per day, per clock
  //! Occurrences of counter k so far.
  [[nodiscard]] std::uint64_t occurrences(std::uint32_t f, std::uint32_t k) const {
    const std::uint8_t low = counts(f)[k];
    return core(f).wrapped ? low | high_part(f, k) : low;
  }
  //! Counts one more occurrence of counter k; returns the count before it.
  std::uint64_t count_one(std::uint32_t f, std::uint32_t k) {
    assert(k < counters_);
    const std::uint64_t before = occurrences(f, k);
    if (++counts(f)[k] == 0) [[unlikely]]
      carry(f, k);
    return before;
  }
  //! Its history's cost so far this year, while history_open (World::history_cost).
  float* year_cost(std::uint32_t f) { return floats(f, year_cost_at_); }
  float* assessed(std::uint32_t f) { return floats(f, assessed_at_); }  //!< last assessment day
  [[nodiscard]] const float* assessed(std::uint32_t f) const {
    return std::launder(reinterpret_cast<const float*>(at(f) + assessed_at_));
  }  //!< last assessment day
  //! When its unmet marks lapse, or kNoLapse (Referrals::mark_unmet).
  double& unmet_until(std::uint32_t f) { return doubles(f, unmet_until_at_); }
  //! When the episode standing in for its needs ends, while core().replaced_by >= 0.
  double& episode_until(std::uint32_t f) { return doubles(f, episode_until_at_); }
  static constexpr double kNoLapse = -1.0;  //!< unmet_until(): no lapse pending
  //! Starts fetching slot f's block into the cache (a hint: any f is safe).
  void prefetch(std::uint32_t f) const {
    if (f >= slots_) return;
    const unsigned char* p = at(f);
    for (std::size_t off = 0; off < stride_; off += kLine) sim::prefetch(p + off);
    sim::prefetch(p + stride_ - 1);
  }
  //! Bytes of state per family slot (for the memory benchmark).
  [[nodiscard]] std::size_t bytes_per_family() const { return stride_; }
  //! Bytes of state in all the slots made so far.
  [[nodiscard]] std::size_t bytes() const { return std::size_t{slots_} * stride_; }

 private:
  // The buffer is an array of bytes (which makes the objects its blocks
  // hold) copied with memcpy when it grows (which makes them anew), so the
  // blocks need no constructors beyond FamilyCore's at create().
  static_assert(std::is_trivially_copyable_v<FamilyCore>,
                "blocks move with the buffer as bytes when it grows");
  static_assert(alignof(FamilyCore) <= __STDCPP_DEFAULT_NEW_ALIGNMENT__,
                "the buffer from allocate_large is aligned for a block's core");
  [[nodiscard]] unsigned char* at(std::uint32_t f) {
    assert(f < slots_);
    return blocks_.get() + std::size_t{f} * stride_;
  }
  [[nodiscard]] const unsigned char* at(std::uint32_t f) const {
    assert(f < slots_);
    return blocks_.get() + std::size_t{f} * stride_;
  }
  void grow(std::size_t slots);
  double& doubles(std::uint32_t f, std::size_t offset) {
    return *std::launder(reinterpret_cast<double*>(at(f) + offset));
  }
  float* floats(std::uint32_t f, std::size_t offset) {
    return std::launder(reinterpret_cast<float*>(at(f) + offset));
  }
  std::uint8_t* counts(std::uint32_t f) { return at(f) + counts_at_; }
  [[nodiscard]] const std::uint8_t* counts(std::uint32_t f) const { return at(f) + counts_at_; }
  [[nodiscard]] std::uint64_t high_part(std::uint32_t f, std::uint32_t k) const;
  void carry(std::uint32_t f, std::uint32_t k);
  [[nodiscard]] std::uint64_t high_key(std::uint32_t f, std::uint32_t k) const {
    return std::uint64_t{f} * counters_ + k;
  }

  static constexpr std::size_t kLine = 64;  // bytes a cache line holds
  std::uint32_t dims_, clocks_, counters_, agencies_, effects_;
  // Offsets in a block (bytes), and the block's size.
  std::size_t unmet_until_at_, episode_until_at_, effect_until_at_, effect_codes_at_, due_at_,
      rate_at_, counts_at_, needs_at_, assessed_at_, year_cost_at_, stride_;
  std::uint32_t slots_ = 0;
  std::uint32_t live_ = 0;
  sim::LargeBuffer blocks_;  // [slot * stride_], room for capacity_ slots
  std::size_t capacity_ = 0;
  // Counters number the substreams of a family's draws, so they must never
  // wrap; 8 bits hold all but the busiest families' counts (docs/performance.md,
  // "A byte a counter"), and the rare high part lives in a table keyed by
  // slot and counter.
  std::unordered_map<std::uint64_t, std::uint64_t> high_;
  std::vector<std::uint32_t> free_;
};

}  // namespace placesim::models
