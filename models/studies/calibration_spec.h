#pragma once
//! Calibration files: a scenario, the regime its targets describe, priors on
//! parameters by key path and published targets on run metrics. Documented
//! in docs/calibration.md ("Fitting with placesim calibrate").

#include <cstdint>
#include <string>
#include <vector>

#include "sim/io/diagnostics.h"
#include "sim/random/distribution.h"

namespace placesim::models {

//! One parameter to fit.
struct CalibrationParameter {
  std::string path;                                          //!< key path, as for --set
  sim::Distribution prior = sim::Distribution::constant(0);  //!< its prior
  std::string source;                                        //!< why this prior (optional)
  bool integer = false;  //!< a whole number (a capacity): the scenario gets the value rounded
};

//! One published figure to fit to.
struct CalibrationTarget {
  std::string name;    //!< short label
  std::string metric;  //!< a metric name (docs/results-format.md, "Metrics")
  double value = 0.0;  //!< the published figure
  double sd = 0.0;     //!< its uncertainty (> 0), treated as measurement error
  std::string source;  //!< where the figure comes from
};

//! A validated calibration file.
struct CalibrationSpec {
  std::string source;                            //!< the calibration file
  std::string text;                              //!< its text
  std::string scenario_path;                     //!< the scenario file (empty: the default)
  std::string scenario_name;                     //!< the scenario, for messages
  std::string scenario_text;                     //!< its effective text
  std::string regime;                            //!< the regime the targets describe
  std::vector<std::string> sets;                 //!< PATH=VALUE applied first
  std::vector<CalibrationParameter> parameters;  //!< what is fitted
  std::vector<CalibrationTarget> targets;        //!< what it is fitted to
  std::size_t particles = 100;                   //!< particles kept each generation
  std::uint64_t simulations = 2000;              //!< most simulations in all
  std::uint64_t seed = 1;                        //!< for proposals and simulations
};

//! Loads and checks a calibration file; throws InputError with every problem.
CalibrationSpec load_calibration_file(const std::string& path);
//! The same from text; `file` names it in messages, `dir` resolves `scenario`.
CalibrationSpec load_calibration_text(const std::string& text, const std::string& file,
                                      const std::string& dir);

//! The override that sets a parameter to a value ("PATH=VALUE", exact;
//! rounded to the nearest whole number when `integer`).
std::string parameter_override(const std::string& path, double value, bool integer = false);

}  // namespace placesim::models
