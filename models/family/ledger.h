#pragma once
//! Spend by financial year, agency and category, with accrual over intervals.

#include <algorithm>
#include <cstdint>
#include <vector>

#include "models/family/subgroups.h"
#include "models/scenario/evidence.h"
#include "models/scenario/scenario.h"
#include "sim/core/time.h"

namespace placesim::models {

//! What money was spent on.
enum SpendCategory : int {
  kReactive = 0,          //!< events and episodes, the part not cashable
  kReactiveCashable = 1,  //!< events and episodes, the cashable part
  kPreventive = 2,        //!< intervention places and episodes
  kAssessment = 3,        //!< assessment places and episodes
  kSetup = 4,             //!< set-up of pooled arrangements
  kJointTeam = 5,         //!< an option's joint assessment team: a cost of the option
  kTransfer = 6,          //!< payments between agencies (payment by results): + paid, - received
  kCategories = 7
};
//! Name of a category as written in results files.
const char* category_name(int category);

//! Money committed per (simulated year, agency, category), real pounds, and
//! the same by the evidence behind each amount's unit cost; beside it, what
//! families' own spend comes to by their subgroup (subgroups.h), and the
//! family-days lived with each need at each level.
class Ledger {
 public:
  //! A ledger for `years` simulated years of `year_days` days, `agencies`
  //! agencies, `groups` family subgroups and `needs` needs.
  Ledger(int years, std::size_t agencies, double year_days, std::size_t groups = 0,
         std::size_t needs = 0);
  //! Adds `amount`, a line of evidence `e`, to a year; returns false when the
  //! year is past the horizon.
  bool post(int year, Index agency, int category, double amount, Evidence e) {
    if (year < 0 || year >= years_) return false;
    const std::size_t i = index(year, agency, category);
    data_[i] += amount;
    graded_[i * kEvidenceKinds + static_cast<std::size_t>(e)] += amount;
    totals_[static_cast<std::size_t>(year) * agencies_ + agency] += amount;
    return true;
  }
  //! Spreads `per_day` over [t0, t1), clipped to the horizon, year by year.
  void accrue(sim::Time t0, sim::Time t1, double per_day, Index agency, int category, Evidence e);
  //! Adds `amount` of a family's own spend of kind `kind` (SubgroupSpend) to
  //! its subgroup's account of a year; past the horizon it is dropped, as post does.
  void post_group(int year, std::uint32_t group, int kind, double amount) {
    if (year < 0 || year >= years_) return;
    by_group_[group_index(year, group, kind)] += amount;
  }
  //! Spreads `per_day` over [t0, t1) of a subgroup's account, as accrue does.
  void accrue_group(sim::Time t0, sim::Time t1, double per_day, std::uint32_t group, int kind);
  //! A subgroup's account of a year.
  [[nodiscard]] double group_at(int year, std::uint32_t group, int kind) const {
    return by_group_[group_index(year, group, kind)];
  }
  //! Adds `days` a family lives with need d at level `level` (1 moderate,
  //! 2 high) to a year; past the horizon they are dropped.
  void post_need_days(int year, std::size_t d, int level, double days) {
    if (year < 0 || year >= years_) return;
    need_days_[need_index(year, d, level)] += days;
  }
  //! Family-days at need d's level in a year.
  [[nodiscard]] double need_days(int year, std::size_t d, int level) const {
    return need_days_[need_index(year, d, level)];
  }
  //! Year of a time (may be past the horizon).
  [[nodiscard]] int year_of(sim::Time t) const { return static_cast<int>(t / year_days_); }
  //! Spend of one agency in one year, all categories (kept as it is posted).
  [[nodiscard]] double total(int year, Index agency) const {
    return totals_[static_cast<std::size_t>(year) * agencies_ + agency];
  }
  //! One cell.
  [[nodiscard]] double at(int year, Index agency, int category) const {
    return data_[index(year, agency, category)];
  }
  //! The part of one cell whose unit costs have evidence `e`.
  [[nodiscard]] double graded(int year, Index agency, int category, Evidence e) const {
    return graded_[index(year, agency, category) * kEvidenceKinds + static_cast<std::size_t>(e)];
  }
  //! Number of simulated years.
  [[nodiscard]] int years() const { return years_; }

 private:
  // Calls add(year, days) for each year [t0, t1) runs through, clipped to the horizon.
  template <class Add>
  void spread(sim::Time t0, sim::Time t1, Add&& add) const {
    t1 = std::min(t1, years_ * year_days_);
    while (t0 < t1) {
      const int y = year_of(t0);
      const double end = std::min(t1, (y + 1) * year_days_);
      add(y, end - t0);
      t0 = end;
    }
  }
  [[nodiscard]] std::size_t index(int year, Index agency, int category) const {
    return (static_cast<std::size_t>(year) * agencies_ + agency) * kCategories + category;
  }
  [[nodiscard]] std::size_t group_index(int year, std::uint32_t group, int kind) const {
    return (static_cast<std::size_t>(year) * groups_ + group) * kSubgroupKinds +
           static_cast<std::size_t>(kind);
  }
  [[nodiscard]] std::size_t need_index(int year, std::size_t d, int level) const {
    return (static_cast<std::size_t>(year) * needs_ + d) * 2 + static_cast<std::size_t>(level - 1);
  }
  int years_;
  std::size_t agencies_;
  std::size_t groups_;
  std::size_t needs_;
  double year_days_;
  std::vector<double> data_;
  std::vector<double> graded_;     // [year][agency][category][evidence]
  std::vector<double> totals_;     // [year][agency], for budget checks on every post
  std::vector<double> by_group_;   // [year][group][kind]
  std::vector<double> need_days_;  // [year][need][moderate, high]
};

}  // namespace placesim::models
