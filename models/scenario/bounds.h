#pragma once
// The ranges scenario values may take (private to models/scenario). Upper
// bounds are far above anything real, and low enough that no run can
// overflow a double or loop for ever on a value a typo made: each is stated
// in the key reference.

#include "sim/io/reader.h"

namespace placesim::models::detail {

inline constexpr double kMaxMoney = 1e13;  //!< £: ten trillion, over ten times UK public spending

//! An amount of money in pounds.
inline const sim::Bounds kMoney{0, kMaxMoney, false, false,
                                "an amount of money in pounds, from 0 to 1e13"};
//! A budget in pounds a year.
inline const sim::Bounds kBudget{0, kMaxMoney, false, false,
                                 "pounds per year (0 to 1e13), real, in base-year prices"};
//! A claimed amount (a loss is a negative saving).
inline const sim::Bounds kClaimMoney{-kMaxMoney, kMaxMoney, false, false,
                                     "an amount of money in pounds, -1e13 to 1e13"};
//! An event's hazard at no need.
inline const sim::Bounds kEventRate{0, 1e4, false, false,
                                    "events per family-year at no need, from 0 to 10,000"};
//! A need's escalation or improvement rate, or a family's leaving rate.
inline const sim::Bounds kNeedRate{0, 1e3, false, false, "a rate per family-year from 0 to 1,000"};
//! A multiplier of a hazard or rate.
inline const sim::Bounds kMultiplier{0, 1e4, false, false,
                                     "a multiplier from 0 to 10,000 (1 = no change)"};
//! Arrivals of new families.
inline const sim::Bounds kPerDay{0, 1e6, true, false, "families a day, > 0 and at most 1,000,000"};
//! A delay or a validity in days.
inline const sim::Bounds kDays{0, 36525, false, false, "days from 0 to 36,525 (a century)"};
//! A horizon or persistence in years.
inline const sim::Bounds kYears{0, 100, false, false, "years from 0 to 100"};
//! A horizon that must be positive.
inline const sim::Bounds kPositiveYears{0, 100, true, false, "years > 0 and at most 100"};

}  // namespace placesim::models::detail
