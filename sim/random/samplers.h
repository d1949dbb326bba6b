#pragma once
//! Our own samplers, so that a seed gives the same numbers with any compiler
//! or standard library (std::*_distribution differ between vendors).

#include <cmath>
#include <concepts>
#include <cstdint>
#include <span>

namespace placesim::sim {

//! Anything that hands out uniform draws on (0, 1), such as RandomStream.
template <class S>
concept UniformSource = requires(S s) {
  { s.uniform() } -> std::convertible_to<double>;
};

//! Quantile of the standard normal distribution (Wichura's AS241, ~1e-16).
double normal_quantile(double p);
//! log(k!) computed without the thread-unsafe std::lgamma.
double log_factorial(std::uint64_t k);

//! Exponential with the given mean (mean > 0); one uniform.
template <UniformSource S>
double sample_exponential(S& s, double mean) {
  return -mean * std::log(s.uniform());
}

//! Uniform on (lo, hi); one uniform.
template <UniformSource S>
double sample_uniform(S& s, double lo, double hi) {
  return lo + (hi - lo) * s.uniform();
}

//! True with probability p; one uniform.
template <UniformSource S>
bool sample_bernoulli(S& s, double p) {
  return s.uniform() < p;
}

//! Standard normal by inversion: exactly one uniform per draw.
template <UniformSource S>
double sample_standard_normal(S& s) {
  return normal_quantile(s.uniform());
}

//! Normal with mean mu and standard deviation sigma.
template <UniformSource S>
double sample_normal(S& s, double mu, double sigma) {
  return mu + sigma * sample_standard_normal(s);
}

//! Lognormal whose logarithm is Normal(mu, sigma).
template <UniformSource S>
double sample_lognormal(S& s, double mu, double sigma) {
  return std::exp(sample_normal(s, mu, sigma));
}

//! Gamma(shape, scale) by Marsaglia and Tsang (2000); shape < 1 by boosting
//! with U^(1/shape). Uses a variable number of uniforms.
template <UniformSource S>
double sample_gamma(S& s, double shape, double scale) {
  if (shape < 1.0) {
    double g = sample_gamma(s, shape + 1.0, 1.0);
    return scale * g * std::pow(s.uniform(), 1.0 / shape);
  }
  const double d = shape - 1.0 / 3.0;
  const double c = 1.0 / std::sqrt(9.0 * d);
  for (;;) {
    double x = sample_standard_normal(s);
    double v = 1.0 + c * x;
    if (v <= 0.0) continue;
    v = v * v * v;
    double u = s.uniform();
    double x2 = x * x;
    if (u < 1.0 - 0.0331 * x2 * x2) return scale * d * v;
    if (std::log(u) < 0.5 * x2 + d * (1.0 - v + std::log(v))) return scale * d * v;
  }
}

//! Beta(a, b) as X / (X + Y) with X ~ Gamma(a), Y ~ Gamma(b).
template <UniformSource S>
double sample_beta(S& s, double a, double b) {
  double x = sample_gamma(s, a, 1.0);
  double y = sample_gamma(s, b, 1.0);
  return x / (x + y);
}

//! Poisson with the given mean: inversion below 10, Hormann's PTRS above.
template <UniformSource S>
std::uint64_t sample_poisson(S& s, double mean) {
  if (mean <= 0.0) return 0;
  if (mean < 10.0) {
    // Sequential search of the CDF: one uniform, expected mean + 1 steps.
    double u = s.uniform();
    double p = std::exp(-mean);
    double cdf = p;
    std::uint64_t k = 0;
    while (u > cdf && k < 1000) {
      ++k;
      p *= mean / static_cast<double>(k);
      cdf += p;
    }
    return k;
  }
  // PTRS: transformed rejection with squeeze (Hormann 1993).
  const double slam = std::sqrt(mean);
  const double loglam = std::log(mean);
  const double b = 0.931 + 2.53 * slam;
  const double a = -0.059 + 0.02483 * b;
  const double inv_alpha = 1.1239 + 1.1328 / (b - 3.4);
  const double vr = 0.9277 - 3.6224 / (b - 2.0);
  for (;;) {
    double u = s.uniform() - 0.5;
    double v = s.uniform();
    double us = 0.5 - std::fabs(u);
    double kf = std::floor((2.0 * a / us + b) * u + mean + 0.43);
    if (us >= 0.07 && v <= vr) return static_cast<std::uint64_t>(kf);
    if (kf < 0.0 || (us < 0.013 && v > us)) continue;
    auto k = static_cast<std::uint64_t>(kf);
    if (std::log(v * inv_alpha / (a / (us * us) + b)) <= -mean + kf * loglam - log_factorial(k)) {
      return k;
    }
  }
}

//! Index i drawn with probability (c[i] - c[i-1]) / c.back(), where c holds
//! cumulative non-negative weights; one uniform.
template <UniformSource S>
std::size_t sample_categorical(S& s, std::span<const double> cumulative) {
  const double target = s.uniform() * cumulative.back();
  std::size_t lo = 0;
  std::size_t hi = cumulative.size() - 1;
  while (lo < hi) {  // first index whose cumulative weight exceeds the target
    std::size_t mid = (lo + hi) / 2;
    if (cumulative[mid] > target) {
      hi = mid;
    } else {
      lo = mid + 1;
    }
  }
  return lo;
}

}  // namespace placesim::sim
