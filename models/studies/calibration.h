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
#include "sim/design/abc_smc.h"
#include "sim/io/checkpoint_log.h"
#include "sim/parallel/mpi.h"

namespace placesim::models {

inline constexpr const char* kPosteriorFiletype = "placesim-posterior";  //!< root filetype
inline constexpr std::int64_t kPosteriorFormatVersion = 1;  //!< bumped on any layout change

//! What a calibration found: a weighted sample of the parameters.
struct Posterior {
  std::string placesim_version;      //!< the program that wrote it
  std::string calibration_text;      //!< the calibration file's text
  std::string calibration_source;    //!< its path
  std::string scenario_name;         //!< the scenario fitted
  std::string scenario_text;         //!< its effective text
  std::string regime;                //!< the regime the targets describe
  std::vector<std::string> sets;     //!< overrides applied before the parameters
  std::uint64_t seed = 0;            //!< the calibration's seed
  std::vector<std::string> names;    //!< [parameter] key paths
  std::vector<std::string> priors;   //!< [parameter] the prior, described
  std::vector<double> integer;       //!< [parameter] 1: set rounded to a whole number
  std::vector<double> parameters;    //!< [draw][parameter]
  std::vector<double> weights;       //!< [draw], summing to 1
  std::vector<double> distance;      //!< [draw], in target sds
  std::vector<std::string> targets;  //!< [target] names
  std::vector<std::string> metrics;  //!< [target] the metric each fits
  std::vector<double> target_value;  //!< [target] published figure
  std::vector<double> target_sd;     //!< [target] its sd
  std::vector<double> fitted;        //!< [draw][target] the metric as simulated
  std::vector<double> tolerance;     //!< [generation]
  std::vector<double> acceptance;    //!< [generation]
  std::vector<double> simulations;   //!< [generation] simulations run by its end
  bool converged = false;            //!< stopped by low acceptance, not by the budget
  //! Number of draws.
  [[nodiscard]] std::size_t draws() const { return weights.size(); }
};

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

//! Writes a posterior file to `tmp` (a temporary of an OutputSet).
void write_posterior_h5(const Posterior& p, const std::filesystem::path& tmp);
//! Reads a posterior file, checking its type, version and shapes.
Posterior read_posterior_h5(const std::string& path);

//! The draw replication `rep` of a run with master `seed` takes: drawn by
//! weight from a stream of (seed, rep) alone, so any thread or rank count
//! gives the same draw to the same replication.
std::size_t posterior_draw(const Posterior& p, std::uint64_t seed, std::uint64_t rep);

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
