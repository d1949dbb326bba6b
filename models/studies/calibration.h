#pragma once
//! Fitting a scenario's parameters to published targets (placesim
//! calibrate) by ABC-SMC (sim/design/abc_smc.h), and the posterior file it
//! writes, which `placesim run --posterior` draws from. Layout and method:
//! docs/calibration.md.

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "models/regimes/replication.h"
#include "models/studies/calibration_spec.h"
#include "models/studies/posterior.h"
#include "sim/design/abc_smc.h"
#include "sim/io/checkpoint_log.h"
#include "sim/parallel/mpi.h"

namespace placesim::models {

//! How to run a calibration (from the command line, over the file's own).
struct CalibrateOptions {
  std::uint64_t simulations = 0;  //!< most simulations (0: the file's)
  std::uint64_t seed = 0;         //!< seed (used when has_seed)
  bool has_seed = false;          //!< --seed given
  int threads = 0;                //!< 0: all cores
  std::function<void(std::uint64_t done, std::uint64_t budget)> progress;  //!< after each batch
  const sim::Mpi* mpi = nullptr;      //!< when set, its ranks share each generation's simulations
  sim::CheckpointLog* log = nullptr;  //!< when set, every simulation's outputs are appended
  std::map<std::uint64_t, std::vector<double>> resumed;  //!< outputs of simulations already run
};

//! What identifies a calibration's simulations (its checkpoints are only
//! valid for the same one): the file's text, the scenario's and the seed.
std::uint64_t calibration_hash(const CalibrationSpec& spec, std::uint64_t seed);

//! Runs the calibration; throws InputError when a proposed value makes the
//! scenario invalid (naming the value), std::runtime_error when nothing fits.
Posterior calibrate(const CalibrationSpec& spec, const CalibrateOptions& options);

//! A run whose replications draw their fitted parameters jointly from a
//! posterior (placesim run --posterior).
struct PosteriorRun {
  Scenario central;   //!< at the most weighted draw: the run's labels and checks
  VaryScenario vary;  //!< replication rep's scenario, at its draw
};
//! Builds the run from a scenario's text: overrides `before`, then each
//! draw's values, then `after` (a user's --set, which wins over a fitted
//! value); throws InputError when the scenario does not take the values.
PosteriorRun posterior_run(const std::shared_ptr<const Posterior>& p, const std::string& text,
                           const std::string& name, const std::vector<std::string>& before,
                           const std::vector<std::string>& after, std::uint64_t seed);

}  // namespace placesim::models
