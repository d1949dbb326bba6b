#pragma once
//! Streaming mean and variance (Welford), and time-weighted averages.

#include <cmath>
#include <cstdint>

#include "sim/core/time.h"

namespace placesim::sim {

//! Mean and variance of a stream of values, numerically stable (Welford).
class RunningStats {
 public:
  //! Adds one observation.
  void add(double x) {
    ++n_;
    double d = x - mean_;
    mean_ += d / static_cast<double>(n_);
    m2_ += d * (x - mean_);
  }
  //! Number of observations.
  [[nodiscard]] std::uint64_t count() const { return n_; }
  //! Sample mean (0 when empty).
  [[nodiscard]] double mean() const { return mean_; }
  //! Unbiased sample variance (0 with fewer than two observations).
  [[nodiscard]] double variance() const { return n_ > 1 ? m2_ / static_cast<double>(n_ - 1) : 0.0; }
  //! Sample standard deviation.
  [[nodiscard]] double sd() const { return std::sqrt(variance()); }

 private:
  std::uint64_t n_ = 0;
  double mean_ = 0.0;
  double m2_ = 0.0;
};

//! The integral over time of a piecewise-constant level, for time averages.
class TimeWeighted {
 public:
  //! Starts integrating at time t with the given level.
  void reset(Time t, double level) {
    start_ = last_ = t;
    level_ = level;
    area_ = 0.0;
  }
  //! The level changes to `level` at time t (t never decreases).
  void set(Time t, double level) {
    area_ += level_ * (t - last_);
    last_ = t;
    level_ = level;
  }
  //! Integral of the level from the reset to time t.
  [[nodiscard]] double area(Time t) const { return area_ + level_ * (t - last_); }
  //! Average level from the reset to time t.
  [[nodiscard]] double average(Time t) const {
    return t > start_ ? area(t) / (t - start_) : level_;
  }
  //! Current level.
  [[nodiscard]] double level() const { return level_; }

 private:
  Time start_ = 0.0;
  Time last_ = 0.0;
  double level_ = 0.0;
  double area_ = 0.0;
};

}  // namespace placesim::sim
