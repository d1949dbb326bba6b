#include "sim/queueing/routing.h"

#include <stdexcept>

namespace placesim::sim {

void Routing::add(std::uint32_t to, double p) {
  if (!(p >= 0.0 && p <= 1.0)) throw std::invalid_argument("routing probability outside [0, 1]");
  double total = (cumulative_.empty() ? 0.0 : cumulative_.back()) + p;
  // Allow rounding in the sum of user-given decimals (0.1 + 0.2 + 0.7).
  if (total > 1.0 + 1e-9) throw std::invalid_argument("routing probabilities sum over 1");
  targets_.push_back(to);
  cumulative_.push_back(total);
}

double Routing::probability(std::uint32_t to) const {
  double p = 0.0;
  for (std::size_t i = 0; i < targets_.size(); ++i) {
    if (targets_[i] == to) p += cumulative_[i] - (i ? cumulative_[i - 1] : 0.0);
  }
  return p;
}

}  // namespace placesim::sim
