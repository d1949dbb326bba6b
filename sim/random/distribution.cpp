#include "sim/random/distribution.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <sstream>
#include <stdexcept>

#include <boost/math/distributions/beta.hpp>
#include <boost/math/distributions/exponential.hpp>
#include <boost/math/distributions/gamma.hpp>
#include <boost/math/distributions/lognormal.hpp>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/triangular.hpp>
#include <boost/math/distributions/uniform.hpp>

namespace placesim::sim {
namespace {

bool finite(double v) { return std::isfinite(v); }

}  // namespace

std::optional<std::string> Distribution::check(DistKind kind, std::array<double, 3> p) {
  for (double v : p) {
    if (!finite(v)) return "parameters must be finite numbers";
  }
  switch (kind) {
    case DistKind::constant:
      return std::nullopt;
    case DistKind::exponential:
      if (p[0] <= 0) return "the mean of an exponential must be > 0";
      return std::nullopt;
    case DistKind::gamma:
    case DistKind::lognormal:
      if (p[0] <= 0) return std::string("the mean of a ") + name(kind) + " must be > 0";
      if (p[1] <= 0) return std::string("the sd of a ") + name(kind) + " must be > 0";
      return std::nullopt;
    case DistKind::normal:
      if (p[1] < 0) return "the sd of a normal must be >= 0";
      return std::nullopt;
    case DistKind::beta:
      if (p[0] <= 0 || p[0] >= 1) return "the mean of a beta must be in (0, 1)";
      if (p[1] <= 0 || p[1] * p[1] >= p[0] * (1 - p[0]))
        return "the sd of a beta must be > 0 and below sqrt(mean * (1 - mean))";
      return std::nullopt;
    case DistKind::uniform:
      if (!(p[0] < p[1])) return "a uniform needs min < max";
      return std::nullopt;
    case DistKind::triangular:
      if (!(p[0] < p[2]) || p[1] < p[0] || p[1] > p[2])
        return "a triangular needs min <= mode <= max and min < max";
      return std::nullopt;
    case DistKind::mixture:
      return "a mixture is made from its components (Distribution::mixture)";
  }
  return "unknown distribution";
}

const char* Distribution::name(DistKind kind) {
  switch (kind) {
    case DistKind::constant:
      return "constant";
    case DistKind::exponential:
      return "exponential";
    case DistKind::gamma:
      return "gamma";
    case DistKind::lognormal:
      return "lognormal";
    case DistKind::normal:
      return "normal";
    case DistKind::beta:
      return "beta";
    case DistKind::uniform:
      return "uniform";
    case DistKind::triangular:
      return "triangular";
    case DistKind::mixture:
      return "mixture";
  }
  return "unknown";
}

Distribution::Distribution(DistKind kind, std::array<double, 3> p) : kind_(kind), raw_(p) {
  if (auto why = check(kind, p)) throw std::invalid_argument(*why);
  p_ = p;
  switch (kind) {
    case DistKind::gamma:  // shape, scale from mean and sd
      p_ = {p[0] * p[0] / (p[1] * p[1]), p[1] * p[1] / p[0], 0};
      break;
    case DistKind::lognormal: {  // mu, sigma of the logarithm
      double s2 = std::log1p(p[1] * p[1] / (p[0] * p[0]));
      p_ = {std::log(p[0]) - 0.5 * s2, std::sqrt(s2), 0};
      break;
    }
    case DistKind::beta: {  // alpha, beta from mean and sd
      double nu = p[0] * (1 - p[0]) / (p[1] * p[1]) - 1;
      p_ = {p[0] * nu, (1 - p[0]) * nu, 0};
      break;
    }
    default:
      break;
  }
}

Distribution Distribution::constant(double v) { return {DistKind::constant, {v, 0, 0}}; }
Distribution Distribution::exponential(double mean) {
  return {DistKind::exponential, {mean, 0, 0}};
}
Distribution Distribution::gamma(double mean, double sd) {
  return {DistKind::gamma, {mean, sd, 0}};
}
Distribution Distribution::lognormal(double mean, double sd) {
  return {DistKind::lognormal, {mean, sd, 0}};
}
Distribution Distribution::normal(double mean, double sd) {
  return {DistKind::normal, {mean, sd, 0}};
}
Distribution Distribution::beta(double mean, double sd) { return {DistKind::beta, {mean, sd, 0}}; }
Distribution Distribution::uniform(double lo, double hi) {
  return {DistKind::uniform, {lo, hi, 0}};
}
Distribution Distribution::triangular(double lo, double mode, double hi) {
  return {DistKind::triangular, {lo, mode, hi}};
}

double Distribution::mean() const {
  switch (kind_) {
    case DistKind::mixture:
      return mixture_moments(*parts_).first;
    case DistKind::uniform:
      return 0.5 * (raw_[0] + raw_[1]);
    case DistKind::triangular:
      return (raw_[0] + raw_[1] + raw_[2]) / 3.0;
    default:
      return raw_[0];
  }
}

double Distribution::sd() const {
  switch (kind_) {
    case DistKind::mixture:
      return mixture_moments(*parts_).second;
    case DistKind::constant:
      return 0.0;
    case DistKind::exponential:
      return raw_[0];
    case DistKind::uniform:
      return (raw_[1] - raw_[0]) / std::sqrt(12.0);
    case DistKind::triangular: {
      double a = raw_[0], c = raw_[1], b = raw_[2];
      return std::sqrt((a * a + b * b + c * c - a * b - a * c - b * c) / 18.0);
    }
    default:
      return raw_[1];
  }
}

Distribution Distribution::scaled(double f) const {
  if (kind_ == DistKind::mixture) {
    std::vector<MixtureComponent> parts = *parts_;
    for (MixtureComponent& c : parts) c.dist = c.dist.scaled(f);
    return mixture(std::move(parts));
  }
  std::array<double, 3> p = raw_;
  switch (kind_) {
    case DistKind::uniform:
    case DistKind::triangular:
    case DistKind::constant:
      for (double& v : p) v *= f;
      break;
    default:  // (mean, sd)
      p[0] *= f;
      p[1] *= f;
      break;
  }
  return Distribution(kind_, p);
}

double Distribution::log_density(double x) const {
  namespace bm = boost::math;
  constexpr double kNone = -std::numeric_limits<double>::infinity();
  const auto [lo, hi] = support();
  if (!std::isfinite(x) || x < lo || x > hi) return kNone;
  double d = 0.0;
  switch (kind_) {
    case DistKind::mixture:
      for (const MixtureComponent& c : *parts_) {
        if (!c.dist.is_constant()) d += c.p * std::exp(c.dist.log_density(x));
      }
      break;
    case DistKind::constant:
      return x == p_[0] ? 0.0 : kNone;
    case DistKind::exponential:
      d = bm::pdf(bm::exponential_distribution<>(1.0 / p_[0]), x);
      break;
    case DistKind::gamma:
      d = bm::pdf(bm::gamma_distribution<>(p_[0], p_[1]), x);
      break;
    case DistKind::lognormal:
      if (x <= 0.0) return kNone;
      d = bm::pdf(bm::lognormal_distribution<>(p_[0], p_[1]), x);
      break;
    case DistKind::normal:
      if (p_[1] == 0.0) return x == p_[0] ? 0.0 : kNone;
      d = bm::pdf(bm::normal_distribution<>(p_[0], p_[1]), x);
      break;
    case DistKind::beta:
      if (x <= 0.0 || x >= 1.0) return kNone;
      d = bm::pdf(bm::beta_distribution<>(p_[0], p_[1]), x);
      break;
    case DistKind::uniform:
      d = bm::pdf(bm::uniform_distribution<>(p_[0], p_[1]), x);
      break;
    case DistKind::triangular:
      d = bm::pdf(bm::triangular_distribution<>(raw_[0], raw_[1], raw_[2]), x);
      break;
  }
  return d > 0.0 ? std::log(d) : kNone;
}

std::array<double, 2> Distribution::support() const {
  constexpr double inf = std::numeric_limits<double>::infinity();
  switch (kind_) {
    case DistKind::constant:
      return {raw_[0], raw_[0]};
    case DistKind::exponential:
    case DistKind::gamma:
    case DistKind::lognormal:
      return {0.0, inf};
    case DistKind::normal:
      return raw_[1] == 0.0 ? std::array{raw_[0], raw_[0]} : std::array{-inf, inf};
    case DistKind::beta:
      return {0.0, 1.0};
    case DistKind::uniform:
      return {raw_[0], raw_[1]};
    case DistKind::triangular:
      return {raw_[0], raw_[2]};
    case DistKind::mixture: {
      std::array<double, 2> out{inf, -inf};
      for (const MixtureComponent& c : *parts_) {
        const auto [lo, hi] = c.dist.support();
        out = {std::min(out[0], lo), std::max(out[1], hi)};
      }
      return out;
    }
  }
  return {-inf, inf};
}

double Distribution::triangular_quantile(double u) const {
  const double a = p_[0], c = p_[1], b = p_[2];
  const double f = (c - a) / (b - a);
  if (u < f) return a + std::sqrt(u * (b - a) * (c - a));
  return b - std::sqrt((1 - u) * (b - a) * (b - c));
}

std::string Distribution::describe() const {
  std::ostringstream o;
  o << name(kind_);
  switch (kind_) {
    case DistKind::mixture: {
      const char* sep = "(";
      for (const MixtureComponent& c : *parts_) {
        o << sep << c.p << " " << c.dist.describe();
        sep = ", ";
      }
      o << ")";
      break;
    }
    case DistKind::constant:
      o << "(" << raw_[0] << ")";
      break;
    case DistKind::exponential:
      o << "(mean " << raw_[0] << ")";
      break;
    case DistKind::uniform:
      o << "(" << raw_[0] << " to " << raw_[1] << ")";
      break;
    case DistKind::triangular:
      o << "(" << raw_[0] << ", mode " << raw_[1] << ", " << raw_[2] << ")";
      break;
    default:
      o << "(mean " << raw_[0] << ", sd " << raw_[1] << ")";
      break;
  }
  return o.str();
}

}  // namespace placesim::sim
