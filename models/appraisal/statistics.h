#pragma once
//! Summaries of Monte Carlo samples: means with confidence intervals, and
//! percentiles, so results are shown as distributions, never one figure.

#include <cstddef>
#include <vector>

namespace placesim::models {

//! The distribution of one quantity over replications.
struct Summary {
  std::size_t n = 0;      //!< replications (NaN values excluded)
  double mean = 0.0;      //!< sample mean
  double sd = 0.0;        //!< sample standard deviation
  double se = 0.0;        //!< standard error of the mean
  double ci_low = 0.0;    //!< 95% confidence interval of the mean (Student t)
  double ci_high = 0.0;   //!< upper end of it
  double p5 = 0.0, p25 = 0.0, median = 0.0, p75 = 0.0, p95 = 0.0;  //!< percentiles
};

//! Summarises xs, ignoring NaN (e.g. a BCR with no costs).
Summary summarize(const std::vector<double>& xs);
//! Percentile q in [0, 1] of sorted values, interpolating linearly (R type 7).
double percentile_sorted(const std::vector<double>& sorted, double q);
//! The 0.975 quantile of Student's t with `df` degrees of freedom.
double t975(std::size_t df);
//! Share of xs (NaN excluded) that are >= threshold.
double share_at_least(const std::vector<double>& xs, double threshold);

}  // namespace placesim::models
