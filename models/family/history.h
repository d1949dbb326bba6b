#pragma once
//! What happened to each family, year by year: what evaluations of an
//! intervention would measure. Kept only when a scenario emulates them.

#include <cstdint>
#include <vector>

#include "models/scenario/scenario.h"

namespace placesim::models {

//! True when a family's counts meet a results rule: each event's count fell
//! by its share from `before` to `after` (a count of zero must stay zero),
//! for every event or for any one, as the rule says. Counts are in the order
//! of the rule's falls.
bool meets_rule(const ResultsRule& rule, const std::uint16_t* before, const std::uint16_t* after);

//! Per family (indexed by identity, which counts families in order of
//! creation and is the same in every regime of a replication) and simulated
//! year: the family's reactive cost, its need profile at the start of the
//! year, and its counts of the results rule's events; when it entered the
//! evaluated intervention; in a trial run, which arm it was randomised to.
class FamilyHistories {
 public:
  //! Histories over `years` simulated years, counting `counted` events.
  FamilyHistories(int years, std::vector<Index> counted);

  //! Makes room for the family with identity uid.
  void add_family(std::uint64_t uid);
  //! Adds reactive cost to a family's year.
  void cost(std::uint64_t uid, int year, double amount) {
    at(cost_, uid, year) += static_cast<float>(amount);
  }
  //! Spreads per_day from t0 to t1 over the family's years (days from the start).
  void accrue(std::uint64_t uid, double t0, double t1, double per_day);
  //! Sets the family's need profile at the start of a year (a number per profile).
  void profile(std::uint64_t uid, int year, std::uint32_t code);
  //! Counts event k for the family in a year, if the rule counts it.
  void count(std::uint64_t uid, int year, Index k);
  //! The family started the evaluated intervention at time t (the first start counts).
  void entered(std::uint64_t uid, double t);
  //! In a trial run: the family was randomised at time t, to control or not.
  void randomised(std::uint64_t uid, double t, bool control);

  [[nodiscard]] std::uint64_t families() const { return entry_.size(); }  //!< families seen
  [[nodiscard]] int years() const { return years_; }                      //!< simulated years
  //! Reactive cost of family uid in simulated year y.
  [[nodiscard]] double cost_in(std::uint64_t uid, int y) const { return cost_[uid * years_ + y]; }
  //! Need profile of family uid at the start of simulated year y (kNone: not there).
  [[nodiscard]] std::uint32_t profile_at(std::uint64_t uid, int y) const {
    return profile_[uid * years_ + y];
  }
  //! Counts of the counted events for family uid in year y, in their order.
  [[nodiscard]] const std::uint16_t* counts_in(std::uint64_t uid, int y) const {
    return counts_.data() +
           (uid * static_cast<std::uint64_t>(years_) + static_cast<std::uint64_t>(y)) *
               counted_.size();
  }
  //! When family uid first started the intervention (negative: never).
  [[nodiscard]] double entry(std::uint64_t uid) const { return entry_[uid]; }
  //! Randomisation: -1 none, 0 control, 1 intervention arm.
  [[nodiscard]] int arm(std::uint64_t uid) const { return arm_[uid]; }
  //! When family uid was randomised.
  [[nodiscard]] double arm_time(std::uint64_t uid) const { return arm_time_[uid]; }
  //! Index of event k among the counted ones, or kNoIndex.
  [[nodiscard]] Index counted_index(Index k) const;

  static constexpr std::uint32_t kNone = 0xffffffffu;  //!< no profile: not in the place

 private:
  template <class T>
  T& at(std::vector<T>& v, std::uint64_t uid, int y) {
    return v[uid * static_cast<std::uint64_t>(years_) + static_cast<std::uint64_t>(y)];
  }

  int years_;
  std::vector<Index> counted_;
  std::vector<float> cost_;             // [uid][year]
  std::vector<std::uint32_t> profile_;  // [uid][year]
  std::vector<std::uint16_t> counts_;   // [uid][year][counted event]
  std::vector<float> entry_;            // [uid]
  std::vector<std::int8_t> arm_;        // [uid]
  std::vector<float> arm_time_;         // [uid]
};

}  // namespace placesim::models
