#pragma once
//! Commissioners' view of which families a place would help: a risk score
//! that is correlated with the truth, not the truth (private to models/family).

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "models/family/purposes.h"
#include "sim/core/simulation.h"
#include "sim/random/samplers.h"

namespace placesim::models::family {

//! Replaces each family's true expected saving by what a risk score of
//! accuracy `rho` (its correlation with the truth) says of it. In standard
//! units z of the savings, the score is rho z + sqrt(1 - rho^2) e, e standard
//! normal from the family's own stream (`uids`, `substream`); the commissioner
//! expects mean + sd rho score, the regression of the truth on the score, so
//! the values keep their mean and correlate with the truth by rho. rho = 1
//! leaves the savings as they are.
void apply_risk_score(std::vector<double>& savings, const std::vector<std::uint64_t>& uids,
                      double rho, const sim::Simulation& sim, std::uint64_t substream);
//! The same for n families whose savings are read by `saving(i)` and written
//! by `set_saving(i, value)`, and identities `uid(i)`, where they are kept: a
//! national cohort's scan needs no copy of them, and keeps them packed, where
//! no reference may be bound to a saving.
template <class Saving, class SetSaving, class Uid>
void apply_risk_score(std::size_t n, Saving&& saving, SetSaving&& set_saving, Uid&& uid, double rho,
                      const sim::Simulation& sim, std::uint64_t substream) {
  if (rho >= 1.0 || n < 2) return;
  double mean = 0.0;
  for (std::size_t i = 0; i < n; ++i) mean += saving(i);
  mean /= static_cast<double>(n);
  double var = 0.0;
  for (std::size_t i = 0; i < n; ++i) var += (saving(i) - mean) * (saving(i) - mean);
  const double sd = std::sqrt(var / static_cast<double>(n));
  const double own = std::sqrt(1.0 - rho * rho);
  for (std::size_t i = 0; i < n; ++i) {
    sim::RandomStream st = sim.stream(uid(i), purpose::targeting, substream);
    const double z = sd > 0.0 ? (saving(i) - mean) / sd : 0.0;
    set_saving(i, mean + sd * rho * (rho * z + own * sim::sample_standard_normal(st)));
  }
}

}  // namespace placesim::models::family
