#pragma once
//! The summary of a run over its replications, one line per measure: what
//! summary.csv and the workbook's appraisal sheet both hold.

#include <string>
#include <vector>

#include "models/results/results.h"
#include "sim/stats/summary.h"

namespace placesim::models {

//! One measure summarised over replications.
struct SummaryLine {
  std::string measure;         //!< e.g. "npv_optimism_adjusted"
  std::string unit;            //!< e.g. "GBP discounted"
  bool share = false;          //!< a probability: `proportion` holds it, `summary` is unused
  sim::Summary summary;        //!< mean, 95% interval of the mean and percentiles
  sim::Proportion proportion;  //!< a probability with its Wilson 95% interval
  std::size_t n = 0;           //!< replications it rests on
  //! The Monte Carlo standard error of the mean, or of a share (half its Wilson
  //! 95% interval over 1.96); NaN below two values.
  [[nodiscard]] double mc_se() const;
};

//! Every summary line of `r`, in summary.csv's order: other options' NPVs,
//! outcomes by regime, the main appraisal, claims, Shapley values, spend.
std::vector<SummaryLine> summary_lines(const Results& r);

}  // namespace placesim::models
