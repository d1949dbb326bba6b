#pragma once
//! Sweep designs: which parameter values each point takes.

#include <string>
#include <vector>

#include "models/studies/sweep_spec.h"

namespace placesim::models {

//! The points of a sweep.
struct SweepPlan {
  std::vector<std::vector<double>> values;  //!< [point][parameter]
  std::uint64_t sobol_base = 0;  //!< Saltelli base samples N (points = N(k+2)); 0 otherwise
};

//! Chooses the points of a sweep (deterministic for its seed).
SweepPlan plan_points(const SweepSpec& s);
//! The --set overrides that make point `values` of the sweep.
std::vector<std::string> point_overrides(const SweepSpec& s, const std::vector<double>& values);

}  // namespace placesim::models
