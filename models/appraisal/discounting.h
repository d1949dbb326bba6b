#pragma once
//! Green Book discounting: real rates by band, each band compounding from the
//! end of the one before; year 0 (the first financial year) is not discounted.

#include <utility>
#include <vector>

#include "models/scenario/scenario.h"  // green_book_bands, the default schedule

namespace placesim::models {

//! Discount factors for years 0..years-1 from (first year, rate) bands.
std::vector<double> discount_factors(const std::vector<std::pair<int, double>>& bands, int years);

}  // namespace placesim::models
