#pragma once
//! Green Book discounting: real rates by band, each band compounding from the
//! end of the one before; year 0 (the first financial year) is not discounted.

#include <utility>
#include <vector>

namespace placesim::models {

//! Discount factors for years 0..years-1 from (first year, rate) bands.
std::vector<double> discount_factors(const std::vector<std::pair<int, double>>& bands, int years);

//! The social time preference schedule of the Green Book (2022, Annex A6).
std::vector<std::pair<int, double>> green_book_bands();

}  // namespace placesim::models
