#pragma once
//! Switching values (HM Treasury Green Book): the value of one input at which
//! an appraisal figure crosses zero, found by bisection on runs that share
//! their random numbers (the same seed at every value, so only the input
//! differs), with the interval where the figure's 95% interval contains zero.
//! The search is a bracketing root-finder (Illinois regula falsi).

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "models/studies/precision_run.h"

namespace placesim::models {

//! The figure whose sign is sought.
struct SwitchTarget {
  enum class Kind { npv, npv_adjusted, claim } kind = Kind::npv;  //!< which figure
  std::size_t claim = 0;  //!< for claim: its index in the business case (0-based)
  //! "npv", "npv_adjusted" or "claim:N" (N from 1), as the command line takes it.
  [[nodiscard]] std::string name() const;
};

//! Reads "npv", "npv_adjusted" or "claim:N"; nothing when it is none of them.
std::optional<SwitchTarget> parse_switch_target(const std::string& text);

//! The figure at one value of the input: its mean over replications and the
//! standard error of that mean.
struct SwitchPoint {
  double x = 0.0;     //!< the input's value
  double mean = 0.0;  //!< mean of the figure over replications
  double se = 0.0;    //!< its Monte Carlo standard error (0 at one replication)
};

//! What the search found.
struct SwitchResult {
  std::optional<double> value;      //!< where the mean crosses zero (none: no crossing in range)
  std::optional<double> low;        //!< the interval: where mean ± 1.96 se crosses zero
  std::optional<double> high;       //!< (none: that side of the interval lies beyond the range)
  bool has_interval = false;        //!< false at one replication: no interval at all
  std::vector<SwitchPoint> points;  //!< every value tried, in the order tried
};

//! The figure per replication at a value of the input.
using SwitchEvaluate = std::function<std::vector<double>(double)>;

//! Finds, on [lo, hi], where the mean figure and each side of its 95% interval
//! cross zero, to within `tolerance` × (hi - lo) (or 60 steps). The figure is
//! assumed monotone in the input over the range, as bracketing needs.
SwitchResult find_switching_value(const SwitchEvaluate& f, double lo, double hi,
                                  double tolerance = 1e-3);

//! The figure per replication for `scenario_text` with `param` set to each
//! value (after `sets`; rounded when `whole`, for inputs such as capacities),
//! run by `plan`; throws InputError when a value makes the scenario invalid,
//! std::invalid_argument when the figure does not exist.
SwitchEvaluate scenario_switch_figure(const std::string& scenario_text,
                                      const std::string& scenario_name,
                                      const std::vector<std::string>& sets,
                                      const std::string& param, SwitchTarget target,
                                      const RunPlan& plan, bool whole = false);

}  // namespace placesim::models
