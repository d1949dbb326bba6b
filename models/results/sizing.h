#pragma once
//! Warnings that a scenario's sizes do not fit its cohort: budgets far from
//! what the families cost, services far from what they use, a cohort that
//! drifts far from its start. Each is legal, and each is what a place made by
//! changing only population.families gets (placesim init --families scales
//! them together).

#include <string>
#include <vector>

#include "models/results/results.h"
#include "models/scenario/scenario.h"

namespace placesim::models {

inline constexpr double kSizingRatio = 2.0;  //!< how far out of proportion before a warning

//! One line each, with the ratio, from the baseline regime's first year (budgets,
//! services) and last year (cohort); empty when everything is in proportion.
std::vector<std::string> sizing_warnings(const Scenario& s, const Results& r);

}  // namespace placesim::models
