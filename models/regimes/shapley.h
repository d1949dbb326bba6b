#pragma once
//! Shapley values of mechanisms: each mechanism's fair share of an option's
//! saving, from the savings of options with subsets of its mechanisms on.

#include <cstdint>
#include <functional>
#include <vector>

#include "models/scenario/mechanism.h"
#include "sim/random/random_stream.h"

namespace placesim::models {

//! Each mechanism's Shapley value and its value alone, in kAllMechanisms
//! order (zero for mechanisms not in play).
struct Attribution {
  std::vector<double> shapley;  //!< [mechanism] sums to value(all in play) - value(none)
  std::vector<double> alone;    //!< [mechanism] value({m}) - value(none)
  bool sampled = false;         //!< estimated from sampled orders, not every subset
  int subsets = 0;              //!< distinct subsets valued
};

//! The value of the option with exactly the mechanisms in a set on.
using SubsetValue = std::function<double(MechanismSet)>;

//! Exact Shapley values over every subset of `play` (2^|play| values).
Attribution shapley_exact(MechanismSet play, const SubsetValue& value);
//! Shapley values estimated from `orders` random orders of `play` (half of them
//! the reverses of the others, antithetic), drawn from `rng`; for every order
//! the values telescope, so they sum to value(play) - value(none) exactly
//! (up to rounding) in every replication.
Attribution shapley_sampled(MechanismSet play, const SubsetValue& value, int orders,
                            sim::RandomStream& rng);

}  // namespace placesim::models
