#pragma once
//! Approximate Bayesian computation by sequential Monte Carlo, in the
//! adaptive population Monte Carlo form of Lenormand, Jabot and Deffuant
//! (2013, Computational Statistics 28:2777): a fixed number of simulations
//! per generation (so batches run in parallel and the result does not depend
//! on scheduling), the tolerance set by the best alpha share of particles,
//! a Gaussian kernel of twice the weighted covariance (Beaumont et al. 2009,
//! Biometrika 96:983) and a stop when few new particles beat the tolerance.
//! Each target's sd is treated as measurement error: every simulated output
//! gets a N(0, sd^2) error before it is compared (noisy ABC; Wilkinson 2013,
//! Stat Appl Genet Mol Biol 12:129), so as the tolerance shrinks the sample
//! approaches the posterior under that error model rather than forcing an
//! exact fit to the published figure.

#include <cstdint>
#include <functional>
#include <vector>

#include "sim/random/distribution.h"
#include "sim/random/random_stream.h"

namespace placesim::sim {

//! How the search runs.
struct AbcSettings {
  std::size_t particles = 100;           //!< particles kept each generation (N alpha)
  double alpha = 0.5;                    //!< share of each generation's particles kept
  double min_acceptance = 0.05;          //!< stop once fewer new particles beat the tolerance
  std::uint64_t max_simulations = 2000;  //!< stop before a generation would exceed this
  std::uint64_t seed = 1;                //!< proposals and measurement errors derive from it
};

//! Outputs of simulations [first, first + thetas.size()), one vector of
//! target values per parameter vector, in order. Simulation i must depend only
//! on (i, thetas[i - first]) for the search to be reproducible.
using AbcSimulate = std::function<std::vector<std::vector<double>>(
    std::uint64_t first, const std::vector<std::vector<double>>& thetas)>;

//! One generation's summary.
struct AbcGeneration {
  double tolerance = 0.0;         //!< largest distance kept
  double acceptance = 1.0;        //!< share of new particles within the previous tolerance
  std::uint64_t simulations = 0;  //!< simulations run so far, this generation included
};

//! The weighted sample that approximates the posterior.
struct AbcResult {
  std::vector<std::vector<double>> theta;    //!< [particle][parameter]
  std::vector<double> weights;               //!< [particle], summing to 1
  std::vector<double> distance;              //!< [particle], scaled by the targets' sd
  std::vector<std::vector<double>> outputs;  //!< [particle][target], as simulated (no error)
  std::vector<std::uint64_t> simulation;     //!< [particle], the simulation that made it
  std::vector<AbcGeneration> generations;    //!< in order
  bool converged = false;                    //!< stopped by min_acceptance, not by max_simulations
};

//! Fits parameters with the given priors to targets (value, sd > 0).
//! Throws std::invalid_argument on inconsistent sizes or settings.
AbcResult abc_smc(const std::vector<Distribution>& priors, const std::vector<double>& targets,
                  const std::vector<double>& target_sd, const AbcSettings& settings,
                  const AbcSimulate& simulate);

//! The weighted quantile q of values (weights summing to 1).
double weighted_quantile(const std::vector<double>& values, const std::vector<double>& weights,
                         double q);

//! A weighted sample's mean and its 5%, 50% and 95% weighted quantiles.
struct WeightedSummary {
  double mean = 0.0;  //!< Σ weight × value, in sample order
  double q05 = 0.0;   //!< weighted 5% quantile
  double q50 = 0.0;   //!< weighted median
  double q95 = 0.0;   //!< weighted 95% quantile
};
//! Summarises values with weights summing to 1.
WeightedSummary weighted_summary(const std::vector<double>& values,
                                 const std::vector<double>& weights);

}  // namespace placesim::sim
