#pragma once
//! Sensitivity of a response (for example a mean over replications at each
//! point of a design) to the design's parameters.

#include <cstdint>
#include <vector>

namespace placesim::sim {

//! One-at-a-time effects for a tornado chart, from a linear fit over all points.
struct Tornado {
  std::vector<double> effect;  //!< change in the response across each parameter's range or sd
  std::vector<double> se;      //!< standard error of each effect (NaN: none to give)
  double r_squared = 0.0;      //!< how much of the variation the joint linear fit explains
  bool joint = true;           //!< false: one slope a parameter (too few points for a joint fit)
};

//! How a tornado scales each parameter: across the range of a design, or per
//! standard deviation of random draws (a standardised regression).
enum class TornadoScale { range, sd };

//! Fits y = b0 + sum b_j x_j by least squares, with each x_j scaled to its range
//! over the points (effect_j: the response's change from the lowest to the
//! highest value of parameter j, the others held fixed) or standardised (the
//! change per standard deviation of x_j). Standardised, with fewer than
//! k + 1 + max(10, k) points (k inputs that vary), each effect is the slope of
//! y on x_j alone, which for parameters drawn independently estimates the
//! same coefficient, with more noise.
Tornado tornado(const std::vector<std::vector<double>>& x, const std::vector<double>& y,
                TornadoScale scale = TornadoScale::range);

//! First-order and total Sobol indices.
struct SobolIndices {
  std::vector<double> first;  //!< S_i: share of variance from parameter i alone
  std::vector<double> total;  //!< S_Ti: share involving parameter i at all
};

//! Saltelli (2010) first-order and Jansen (1999) total-effect estimators, for
//! responses in the point order of a Sobol sweep plan: for each of the N base
//! samples, f(A), f(B), f(A_B^1), ..., f(A_B^k).
SobolIndices sobol_indices(const std::vector<double>& y, std::uint64_t n, std::size_t k);

}  // namespace placesim::sim
