#pragma once
//! Commissioners' view of which families a place would help: a risk score
//! that is correlated with the truth, not the truth (private to models/family).

#include <cstdint>
#include <vector>

#include "sim/core/simulation.h"

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

}  // namespace placesim::models::family
