#pragma once
//! Summaries of Monte Carlo samples: means with confidence intervals, and
//! percentiles, so results are shown as distributions, never one figure.

#include <cstddef>
#include <vector>

namespace placesim::sim {

//! The distribution of one quantity over replications.
struct Summary {
  std::size_t n = 0;     //!< replications (NaN values excluded)
  double mean = 0.0;     //!< sample mean
  double sd = 0.0;       //!< sample standard deviation
  double se = 0.0;       //!< standard error of the mean
  double ci_low = 0.0;   //!< 95% confidence interval of the mean (Student t); NaN with n < 2
  double ci_high = 0.0;  //!< upper end of it
  double p5 = 0.0, p25 = 0.0, median = 0.0, p75 = 0.0, p95 = 0.0;  //!< percentiles
};

//! Summarises xs, ignoring NaN (e.g. a BCR with no costs), summing in order.
Summary summarize(const std::vector<double>& xs);
//! Percentile q in [0, 1] of sorted values, interpolating linearly (R type 7).
double percentile_sorted(const std::vector<double>& sorted, double q);
//! The quantile p of Student's t with `df` degrees of freedom (infinite at df 0).
double t_quantile(double p, std::size_t df);
//! The 0.975 quantile of Student's t with `df` degrees of freedom.
inline double t975(std::size_t df) { return t_quantile(0.975, df); }
//! Share of xs (NaN excluded) that are >= threshold (NaN when none is a number).
double share_at_least(const std::vector<double>& xs, double threshold);

//! A probability estimated from `hits` of `n` trials, with its Wilson score interval.
struct Proportion {
  double p = 0.0;     //!< hits / n (NaN when n is 0)
  double low = 0.0;   //!< lower end of the interval (NaN when n is 0)
  double high = 0.0;  //!< upper end
};
//! The Wilson score interval at confidence `level` (Wilson 1927): never
//! zero-width, even at 0 or n hits, and inside [0, 1].
Proportion wilson(std::size_t hits, std::size_t n, double level = 0.95);
//! The mean over the first index of an [n][inner] array: [inner] (empty when n is 0).
std::vector<double> mean_over_first(const std::vector<double>& v, std::size_t n);
//! Column k of a [row][width] array: one value a row.
std::vector<double> column(const std::vector<double>& v, std::size_t k, std::size_t width);

}  // namespace placesim::sim
