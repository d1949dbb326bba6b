#pragma once
//! What happened to each family, year by year: what evaluations of an
//! intervention would measure. Kept only when a scenario emulates them.

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>
#include <utility>
#include <vector>

#include "models/family/measured_index.h"
#include "models/family/model_params.h"
#include "models/family/option_evidence.h"
#include "models/scenario/scenario.h"
#include "sim/core/prefetch.h"

namespace placesim::models {

//! Which run a history is kept for, so it keeps only what the evaluation
//! reads of that run (evaluate() in models/regimes/evaluation.h).
enum class HistoryRole : std::uint8_t {
  baseline,  //!< the regime without the option: costs and counts around measured entries
  option,    //!< the evaluated option: costs, counts, need profiles and entries
  trial,     //!< the option with families randomised away: arms and a year's cost each
  costs,     //!< every year's cost from a family's arrival: what the others are tested against
};

//! Per family (indexed by identity, which counts families in order of
//! creation and is the same in every regime of a replication) and simulated
//! year: the family's reactive cost, its need profile at the start of the
//! year, and its counts of the results rule's events; when it entered the
//! evaluated intervention; in a trial run, which arm it was randomised to.
//! A history keeps the parts its role reads, in the years it reads: the
//! option and the trial a few years a family (below), the baseline only
//! from the year before to the year after the entry the evaluation measures
//! (the option runs first and says which; families not measured take no
//! room), the costs role every year from a family's arrival.
//! The option and the trial keep the cost of four years a family (from the
//! year before last; costs written further ahead wait in a table until their
//! year comes in), the option the need profiles and the rule's counts of
//! three (counts are written in the year they happen): as each year closes
//! the option folds what the evaluation reads of the entries of the year
//! before into its evidence, the trial the cost of the families randomised
//! the year before, and the year before last goes. Their and the costs
//! role's years before a family arrived read as nothing, as do the parts a
//! role does not keep (kNone, never, no arm); reading a year the option or
//! the trial has let go, a baseline year it does not keep, or any family of
//! an option that keeps its evidence alone, is a logic_error.
class FamilyHistories {
 public:
  //! Histories for a run in `role` over `years` simulated years, counting
  //! `counted` events. For the baseline, `measured[uid]` is the year family
  //! uid entered the intervention in the option's run when the evaluation
  //! measures it, else negative (measured_entries() in evaluation.h).
  FamilyHistories(HistoryRole role, int years, std::vector<Index> counted,
                  const std::vector<std::int16_t>& measured = {});

  //! Makes room for the family with identity uid, the next one, arriving in
  //! simulated year `first` (0 to years).
  void add_family(std::uint64_t uid, int first);
  //! Room for `families` families with `family_years` years from their
  //! arrivals between them, so no vector is copied (at twice its size, that
  //! moment) as they arrive. The baseline sizes its own years from the
  //! measured entries. Room never used costs address space, not memory.
  void reserve(std::uint64_t families, std::uint64_t family_years);
  //! Adds reactive cost to a family's year.
  void cost(std::uint64_t uid, int year, double amount) {
    if (ring()) {
      ring_cost(uid, year) += static_cast<float>(amount);
    } else if (const std::uint64_t c = cell(uid, year); c != kNoCell) {
      cost_[c] += static_cast<float>(amount);
    }
  }
  //! Spreads per_day from t0 to t1 over the family's years (days from the start).
  void accrue(std::uint64_t uid, double t0, double t1, double per_day) {
    split_by_year(t0, t1, per_day, [&](int y, double amount) { cost(uid, y, amount); });
  }
  //! Calls add(year, amount) for the part of per_day from t0 to t1 in each
  //! simulated year, earliest first (as accrue() spreads it).
  template <class Add>
  void split_by_year(double t0, double t1, double per_day, Add&& add) const;
  //! The cell holding family uid's cost in year y, for a caller that keeps
  //! the year's sum elsewhere while it runs (nullptr: the baseline does not
  //! keep that year). Valid until the next add_family() or close_year().
  [[nodiscard]] float* cost_cell(std::uint64_t uid, int year) {
    if (ring()) return &ring_cost(uid, year);
    const std::uint64_t c = cell(uid, year);
    return c == kNoCell ? nullptr : &cost_[c];
  }
  //! Sets the family's need profile at the start of a year (a number per profile).
  void profile(std::uint64_t uid, int year, ProfileCode code);
  //! Counts event k for the family in a year, if the rule counts it.
  void count(std::uint64_t uid, int year, Index k);
  //! The family started the evaluated intervention at time t (the first start counts).
  void entered(std::uint64_t uid, double t);
  //! In a trial run: the family was randomised at time t, to control or not.
  void randomised(std::uint64_t uid, double t, bool control);
  //! Simulated year y has ended (years end in order, each once): nothing is
  //! written to it or before it again (the option and the trial refuse such
  //! a write). The option folds the entries of year y - 1 into its
  //! evidence, the trial the cost in y of the families randomised in y - 1,
  //! and both let go of year y - 2; other roles keep all.
  void close_year(int y);
  //! The option, once its last year has closed: lets go of every family's
  //! years and keeps the evidence alone, so the runs after it do not hold
  //! them (a logic_error before, or for another role).
  void keep_evidence_only();
  //! What the option's run says for the evaluation, once its last year has
  //! closed (a logic_error before, or for another role).
  [[nodiscard]] const OptionEvidence& evidence() const;
  //! The trial's: family uid's reactive cost in the year after the year it
  //! was randomised in (as its kept time says), once that year has closed;
  //! NaN when it was not randomised, or the run ends first (a logic_error
  //! for another role).
  [[nodiscard]] double cost_after_randomised(std::uint64_t uid) const;

  [[nodiscard]] HistoryRole role() const { return role_; }  //!< what it keeps
  //! Families seen.
  [[nodiscard]] std::uint64_t families() const { return families_; }
  [[nodiscard]] int years() const { return years_; }  //!< simulated years
  //! Reactive cost of family uid in simulated year y.
  [[nodiscard]] double cost_in(std::uint64_t uid, int y) const {
    if (ring()) return ring_cost_in(uid, y);
    const std::uint64_t c = readable(uid, y);
    return c == kNoCell ? 0.0 : cost_[c];
  }
  //! Need profile of family uid at the start of simulated year y (kNone: not there).
  [[nodiscard]] ProfileCode profile_at(std::uint64_t uid, int y) const;
  //! Counts of the counted events for family uid in year y, in their order
  //! (zeros where the role keeps none).
  [[nodiscard]] std::vector<std::uint16_t> counts_in(std::uint64_t uid, int y) const;
  //! The simulated year family uid first started the intervention (negative:
  //! never), as the evaluation reckons it: the year of the start time as a float.
  [[nodiscard]] int entry_year(std::uint64_t uid) const;
  //! Randomisation: -1 none, 0 control, 1 intervention arm.
  [[nodiscard]] int arm(std::uint64_t uid) const;
  //! When family uid was randomised.
  [[nodiscard]] double arm_time(std::uint64_t uid) const;
  //! Starts fetching what family uid's next event reads of the history into
  //! the cache (a hint: changes nothing): its entry in the index of arrival
  //! years in a run that keeps them as a ring (the option's, a trial's), its
  //! row in one that keeps a row an identity.
  void prefetch(std::uint64_t uid) const {
    if (ring()) {
      if (uid < first_.size()) sim::prefetch(&first_[uid]);
    } else if (uid < rows_.size()) {  // (the baseline's index is small enough to stay cached)
      sim::prefetch(&rows_[uid]);
    }
  }
  //! Index of event k among the counted ones, or kNoIndex.
  [[nodiscard]] Index counted_index(Index k) const;
  //! Bytes the families seen so far use (not counting room reserved).
  [[nodiscard]] std::uint64_t bytes() const;
  //! Bytes its arrays hold from the allocator, used or only reserved (the
  //! measured index and the map of costs ahead counted as bytes() counts them).
  [[nodiscard]] std::uint64_t room() const;

  static constexpr ProfileCode kNone = ~ProfileCode{0};  //!< no profile: not in the place
  static constexpr int kCostYears = 4;     //!< years of cost the option and the trial keep a family
  static constexpr int kProfileYears = 3;  //!< years of need profile and counts the option keeps

 private:
  static constexpr std::uint64_t kNoCell = ~std::uint64_t{0};
  // The option and the trial keep a ring of years a family.
  [[nodiscard]] bool ring() const {
    return role_ == HistoryRole::option || role_ == HistoryRole::trial;
  }
  // Profiles are kept in 16 bits while every code fits (up to ten needs
  // always do), and in 64 from the first that does not: a scenario with
  // more than ten needs pays 8 bytes a family-year for codes that are exact
  // (its 32-bit codes wrapped past 20 needs).
  static constexpr std::uint16_t kNarrowNone = 0xffff;
  void widen();
  // The option's counts are kept in 8 bits until one passes 255 (the
  // results rule's events, a few a family-year), and in 16 from then on:
  // the option keeps kProfileYears of them for every identity ever made.
  void widen_counts();
  // The cell of (uid, year) if it is kept.
  [[nodiscard]] std::uint64_t kept(std::uint64_t uid, int y) const {
    if (role_ == HistoryRole::baseline) return measured_cell(uid, y);
    const Row r = rows_[uid];  // one load: a write costs this miss and the cell's
    return y < r.first || y >= r.first + r.years ? kNoCell
                                                 : r.cell + static_cast<std::uint64_t>(y - r.first);
  }
  // The cell to read (baseline and costs role): the costs role's years
  // before a family arrived read as nothing, but the baseline's years not
  // kept are not nothing, so reading one is a bug in the caller.
  [[nodiscard]] std::uint64_t readable(std::uint64_t uid, int y) const {
    const std::uint64_t c = kept(uid, y);
    if (c == kNoCell && role_ == HistoryRole::baseline) [[unlikely]]
      refuse(uid, y);
    return c;
  }
  // The cell to write (baseline and costs role): the baseline drops years it
  // does not keep; for the costs role, a year before the family arrived is
  // a bug in the caller, not a cost to drop.
  [[nodiscard]] std::uint64_t cell(std::uint64_t uid, int year) const {
    const std::uint64_t c = kept(uid, year);
    if (c == kNoCell && role_ != HistoryRole::baseline) [[unlikely]]
      refuse(uid, year);
    return c;
  }
  // The baseline's: three cells a measured family, for the years around its entry.
  [[nodiscard]] std::uint64_t measured_cell(std::uint64_t uid, int y) const {
    const std::uint32_t r = measured_.rank(uid);
    if (r == MeasuredIndex::kNot) return kNoCell;
    const int e = measured_.year(r);
    if (y < e - 1 || y < 0 || y > e + 1 || y >= years_) return kNoCell;
    return kMeasuredYears * r + static_cast<std::uint64_t>(y - (e - 1));
  }
  static constexpr std::uint64_t kMeasuredYears = 3;  // the year before, of and after an entry
  // The simulated year of a time as kept (a float): the year the evaluation reckons.
  [[nodiscard]] static int year_of(double t) {
    return static_cast<int>(std::floor(t / kDaysPerYear));
  }
  // Refuses a read or write of (uid, year); year -1: of the family at all.
  [[noreturn]] void refuse(std::uint64_t uid, int year) const;
  // The ring's window: years [lo_, lo_ + kCostYears) of cost in the ring,
  // later ones in ahead_; a family's years from its arrival.
  [[nodiscard]] bool present(std::uint64_t uid, int y) const {
    if (uid >= first_.size()) [[unlikely]]
      refuse(uid, -1);
    return y >= first_[uid] && y < years_;
  }
  [[nodiscard]] static std::uint64_t cost_slot(std::uint64_t uid, int y) {
    return uid * kCostYears + static_cast<std::uint64_t>(y % kCostYears);
  }
  [[nodiscard]] static std::uint64_t profile_slot(std::uint64_t uid, int y) {
    return uid * kProfileYears + static_cast<std::uint64_t>(y % kProfileYears);
  }
  float& ring_cost(std::uint64_t uid, int year) {
    if (!present(uid, year) || year <= closed_ || year >= lo_ + kCostYears) [[unlikely]]
      return outside_ring(uid, year);
    return cost_[cost_slot(uid, year)];
  }
  // A year written ahead of the ring (its cell in ahead_), or one refused:
  // before the family arrived, or closed (what was folded would not see it).
  float& outside_ring(std::uint64_t uid, int year);
  [[nodiscard]] double ring_cost_in(std::uint64_t uid, int y) const;
  // The bytes of every array, each counted by elements(v) (history.cpp).
  template <class Elements>
  [[nodiscard]] std::uint64_t tally(Elements elements) const;
  // Lets go of an array's memory: for a vector, `v = {}` assigns an empty
  // list and keeps the room.
  template <class V>
  static void release(V& v) {
    V{}.swap(v);
  }
  void advance();          // the ring lets go of year lo_
  void fold(int e);        // the entries of year e into evidence_ (history_fold.cpp)
  void fold_trial(int r);  // the cost in r + 1 of the families randomised in year r

  HistoryRole role_;
  int years_;
  std::vector<Index> counted_;
  MeasuredIndex measured_;           // baseline: the families measured and their entry years
  std::uint64_t families_ = 0;       // families seen
  bool evidence_only_ = false;       // the option has let go of its families (keep_evidence_only)
  std::vector<std::uint16_t> none_;  // counted_.size() zeros: counts not kept
  // Where a family's years are kept: cells [cell, cell + years) hold years
  // [first, first + years).
  struct Row {
    std::uint32_t cell;
    std::uint16_t first;
    std::uint16_t years;
  };
  static_assert(sizeof(Row) == 8, "a family's row is found with one 8-byte load");
  std::vector<Row> rows_;                 // [uid], costs role only
  std::vector<std::uint16_t> first_;      // [uid], option and trial: the year it arrived
  std::uint64_t cells_ = 0;               // cells kept so far
  std::vector<float> cost_;               // [cell]
  std::vector<std::uint16_t> profile_;    // [cell], option only, while every code fits
  std::vector<ProfileCode> wide_;         // [cell], option only, once one does not
  bool wide_profiles_ = false;            // profiles are in wide_
  std::vector<std::uint16_t> counts_;     // [cell][counted event], baseline only
  std::vector<std::uint8_t> held_;        // [profile_slot(uid, year)][counted event], option only
  std::vector<std::uint16_t> held_wide_;  // the same, once a count has passed 255
  bool wide_counts_ = false;              // counts are in held_wide_
  std::vector<std::int16_t> entry_;       // [uid], option only: entry_year()
  std::vector<std::int8_t> arm_;          // [uid], trial only
  std::vector<float> arm_time_;           // [uid], trial only
  std::vector<float> after_;              // [uid], trial only: cost_after_randomised
  // The option's and the trial's: the first year the ring holds, the last
  // year closed, the costs written past the ring by (year, uid), and what
  // they have folded.
  static constexpr std::size_t kMapNode = 64;  // bytes a std::map entry takes, about
  int lo_ = 0;
  int closed_ = -1;
  std::map<std::pair<int, std::uint64_t>, float> ahead_;
  OptionEvidence evidence_;
};

template <class Add>
void FamilyHistories::split_by_year(double t0, double t1, double per_day, Add&& add) const {
  if (!(t1 > t0) || per_day == 0.0) return;
  for (int y = std::max(0, static_cast<int>(t0 / kDaysPerYear)); y < years_; ++y) {
    const double a = std::max(t0, y * kDaysPerYear), b = std::min(t1, (y + 1) * kDaysPerYear);
    if (b <= a) break;
    add(y, per_day * (b - a));
  }
}

}  // namespace placesim::models
