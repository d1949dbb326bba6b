#include "models/family/targeting.h"

#include <cmath>

#include "models/family/purposes.h"
#include "sim/random/samplers.h"

namespace placesim::models::family {

void apply_risk_score(std::vector<double>& savings, const std::vector<std::uint64_t>& uids,
                      double rho, const sim::Simulation& sim, std::uint64_t substream) {
  if (rho >= 1.0 || savings.size() < 2) return;
  const auto n = static_cast<double>(savings.size());
  double mean = 0.0;
  for (double s : savings) mean += s;
  mean /= n;
  double var = 0.0;
  for (double s : savings) var += (s - mean) * (s - mean);
  const double sd = std::sqrt(var / n);
  const double own = std::sqrt(1.0 - rho * rho);
  for (std::size_t i = 0; i < savings.size(); ++i) {
    sim::RandomStream st = sim.stream(uids[i], purpose::targeting, substream);
    const double z = sd > 0.0 ? (savings[i] - mean) / sd : 0.0;
    savings[i] = mean + sd * rho * (rho * z + own * sim::sample_standard_normal(st));
  }
}

}  // namespace placesim::models::family
