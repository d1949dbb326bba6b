#pragma once
//! The posterior file `placesim calibrate` writes and `placesim run
//! --posterior` and `placesim report` read. Layout: docs/calibration.md.

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace placesim::models {

inline constexpr const char* kPosteriorFiletype = "placesim-posterior";  //!< root filetype
inline constexpr std::int64_t kPosteriorFormatVersion = 2;        //!< bumped on any layout change
inline constexpr std::int64_t kPosteriorOldestFormatVersion = 1;  //!< oldest format still read
inline constexpr std::size_t kPriorDraws = 1000;  //!< prior draws kept for the report
inline constexpr std::size_t kMaxFitted = 1000;   //!< most parameters (or targets) a file holds

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
  std::vector<double> prior_draws;   //!< [prior draw][parameter] a sample of the priors
  std::vector<double> tolerance;     //!< [generation]
  std::vector<double> acceptance;    //!< [generation]
  std::vector<double> simulations;   //!< [generation] simulations run by its end
  bool converged = false;            //!< stopped by low acceptance, not by the budget
  //! Number of draws.
  [[nodiscard]] std::size_t draws() const { return weights.size(); }
  //! Parameter k in each draw, in draw order.
  [[nodiscard]] std::vector<double> parameter(std::size_t k) const;
  //! Parameter k in each prior draw (empty for a format 1 file).
  [[nodiscard]] std::vector<double> prior(std::size_t k) const;
  //! Target t's metric in each draw's simulation.
  [[nodiscard]] std::vector<double> metric(std::size_t t) const;
};

//! Writes a posterior file to `tmp` (a temporary of an OutputSet).
void write_posterior_h5(const Posterior& p, const std::filesystem::path& tmp);
//! Reads a posterior file, checking its type, version and shapes.
Posterior read_posterior_h5(const std::string& path);

//! The draw replication `rep` of a run with master `seed` takes: drawn by
//! weight from a stream of (seed, rep) alone, so any thread or rank count
//! gives the same draw to the same replication.
std::size_t posterior_draw(const Posterior& p, std::uint64_t seed, std::uint64_t rep);

}  // namespace placesim::models
