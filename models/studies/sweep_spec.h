#pragma once
//! Sweep files: a base scenario, parameters to vary by key path, a design,
//! replications per point and a seed. Documented in docs/sweeps.md.

#include <cstdint>
#include <string>
#include <vector>

#include "sim/io/diagnostics.h"

namespace placesim::models {

//! One parameter of a sweep: a range, or a list of values.
struct SweepParameter {
  std::string path;            //!< key path, as for --set
  double lo = 0.0, hi = 0.0;   //!< range, when no values are listed
  std::vector<double> values;  //!< listed values (used as given)
  int levels = 3;              //!< grid levels over a range
  bool integer = false;        //!< round to whole numbers
  sim::Origin origin;          //!< where it is written, for messages
};

//! Most parameters of a Sobol design (its base samples have twice as many dimensions).
inline constexpr std::size_t kMaxSobolParameters = 16;

//! How points are chosen.
enum class SweepDesign { grid, random, latin_hypercube, sobol };

//! A validated sweep file.
struct SweepSpec {
  std::string name;                        //!< title
  std::string source;                      //!< the sweep file
  std::string text;                        //!< its text
  std::string base_name;                   //!< base scenario file, or the embedded default
  std::string base_text;                   //!< base scenario text
  std::vector<std::string> fixed_sets;     //!< PATH=VALUE applied to every point
  std::vector<SweepParameter> parameters;  //!< what varies
  SweepDesign design = SweepDesign::grid;  //!< how points are chosen
  std::uint64_t points = 0;         //!< requested points (random, LHS) or base samples (Sobol)
  std::uint64_t replications = 10;  //!< per point
  std::uint64_t seed = 1;           //!< for points and simulations
  bool per_replication = false;     //!< store net savings by replication, year and agency
};

//! Loads and checks a sweep file; throws InputError with every problem.
SweepSpec load_sweep_file(const std::string& path);
//! The same from text; `file` names it in messages, `dir` resolves `base`.
SweepSpec load_sweep_text(const std::string& text, const std::string& file, const std::string& dir);
//! Name of a design as written in sweep files.
const char* design_name(SweepDesign d);

}  // namespace placesim::models
