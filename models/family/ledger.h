#pragma once
//! Spend by financial year, agency and category, with accrual over intervals.

#include <cstdint>
#include <vector>

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
//! the same by the evidence behind each amount's unit cost.
class Ledger {
 public:
  //! A ledger for `years` simulated years of `year_days` days and `agencies` agencies.
  Ledger(int years, std::size_t agencies, double year_days);
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
  [[nodiscard]] std::size_t index(int year, Index agency, int category) const {
    return (static_cast<std::size_t>(year) * agencies_ + agency) * kCategories + category;
  }
  int years_;
  std::size_t agencies_;
  double year_days_;
  std::vector<double> data_;
  std::vector<double> graded_;  // [year][agency][category][evidence]
  std::vector<double> totals_;  // [year][agency], for budget checks on every post
};

}  // namespace placesim::models
