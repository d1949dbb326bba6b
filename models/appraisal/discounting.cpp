#include "models/appraisal/discounting.h"

#include <algorithm>

namespace placesim::models {

std::vector<double> discount_factors(const std::vector<std::pair<int, double>>& bands, int years) {
  std::vector<double> df(static_cast<std::size_t>(std::max(0, years)), 1.0);
  for (int t = 1; t < years; ++t) {
    // The step from year t-1 to year t uses the rate of the band holding t.
    double rate = bands.empty() ? 0.0 : bands.front().second;
    for (const auto& [from, r] : bands) {
      if (t >= from) rate = r;
    }
    df[static_cast<std::size_t>(t)] = df[static_cast<std::size_t>(t - 1)] / (1.0 + rate);
  }
  return df;
}

}  // namespace placesim::models
