#include "models/family/targeting.h"

namespace placesim::models::family {

void apply_risk_score(std::vector<double>& savings, const std::vector<std::uint64_t>& uids,
                      double rho, const sim::Simulation& sim, std::uint64_t substream) {
  apply_risk_score(
      savings.size(), [&](std::size_t i) { return savings[i]; },
      [&](std::size_t i, double v) { savings[i] = v; }, [&](std::size_t i) { return uids[i]; }, rho,
      sim, substream);
}

}  // namespace placesim::models::family
