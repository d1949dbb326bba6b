#pragma once
//! A probability distribution as a small value type: sampled by a switch on its
//! kind, never through a virtual call, so a draw costs what the sampler costs.

#include <array>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "sim/random/samplers.h"

namespace placesim::sim {

//! The kinds of distribution an input file can name.
enum class DistKind : std::uint8_t {
  constant,
  exponential,
  gamma,
  lognormal,
  normal,
  beta,
  uniform,
  triangular,
  mixture
};

class Distribution;
//! One component of a mixture: its probability and its distribution.
struct MixtureComponent;

//! One distribution with its parameters, checked at construction.
class Distribution {
 public:
  //! Always the value v.
  static Distribution constant(double v);
  //! Exponential with the given mean (> 0).
  static Distribution exponential(double mean);
  //! Gamma with the given mean and standard deviation (both > 0).
  static Distribution gamma(double mean, double sd);
  //! Lognormal with the given mean and standard deviation on the natural scale.
  static Distribution lognormal(double mean, double sd);
  //! Normal with the given mean and standard deviation (sd >= 0).
  static Distribution normal(double mean, double sd);
  //! Beta on (0, 1) with the given mean and standard deviation.
  static Distribution beta(double mean, double sd);
  //! Uniform on (lo, hi), lo < hi.
  static Distribution uniform(double lo, double hi);
  //! Triangular on (lo, hi) with the given mode, lo <= mode <= hi, lo < hi.
  static Distribution triangular(double lo, double mode, double hi);
  //! A mixture: component i with probability p_i (each > 0, summing to 1
  //! within 1e-9), at least two, none itself a mixture. A constant component
  //! is a point mass, e.g. the chance that an effect is null.
  static Distribution mixture(std::vector<MixtureComponent> components);
  //! Why these components cannot make a mixture, or nothing when they can.
  static std::optional<std::string> check_mixture(const std::vector<MixtureComponent>& components);

  //! Why the parameters are invalid for this kind, or nothing when they are valid.
  static std::optional<std::string> check(DistKind kind, std::array<double, 3> p);
  //! Name of a kind as written in input files ("exponential", ...).
  static const char* name(DistKind kind);

  //! One draw.
  template <UniformSource S>
  double sample(S& s) const {
    switch (kind_) {
      case DistKind::constant:
        return p_[0];
      case DistKind::exponential:
        return sample_exponential(s, p_[0]);
      case DistKind::gamma:
        return sample_gamma(s, p_[0], p_[1]);
      case DistKind::lognormal:
        return sample_lognormal(s, p_[0], p_[1]);
      case DistKind::normal:
        return sample_normal(s, p_[0], p_[1]);
      case DistKind::beta:
        return sample_beta(s, p_[0], p_[1]);
      case DistKind::uniform:
        return sample_uniform(s, p_[0], p_[1]);
      case DistKind::triangular:
        return triangular_quantile(s.uniform());
      case DistKind::mixture:
        return component(s.uniform()).sample(s);
    }
    return p_[0];
  }

  //! Expected value.
  [[nodiscard]] double mean() const;
  //! Standard deviation.
  [[nodiscard]] double sd() const;
  //! Which kind this is.
  [[nodiscard]] DistKind kind() const { return kind_; }
  //! True when every draw is the same value (a constant, or a normal with sd 0).
  [[nodiscard]] bool is_constant() const {
    return kind_ == DistKind::constant || (kind_ == DistKind::normal && raw_[1] == 0.0);
  }
  //! Human-readable form, e.g. "gamma(mean 2, sd 1)".
  [[nodiscard]] std::string describe() const;
  //! The same kind with every value multiplied by f > 0 (a change of units).
  [[nodiscard]] Distribution scaled(double f) const;
  //! The parameters as the user gave them (mean, sd) or (min, mode, max).
  [[nodiscard]] const std::array<double, 3>& given() const { return raw_; }
  //! Natural log of the density at x (of the probability at x for a
  //! constant; a mixture's point masses add nothing to its density);
  //! -infinity outside the support. For priors (ABC weights).
  [[nodiscard]] double log_density(double x) const;
  //! Smallest and largest value a draw can take.
  [[nodiscard]] std::array<double, 2> support() const;
  //! A mixture's components (empty for any other kind).
  [[nodiscard]] const std::vector<MixtureComponent>& components() const;
  //! True when this is a mixture with a point mass (a constant component).
  [[nodiscard]] bool has_point_mass() const;
  //! Same kind and parameters.
  bool operator==(const Distribution& o) const;

 private:
  Distribution(DistKind kind, std::array<double, 3> p);
  [[nodiscard]] double triangular_quantile(double u) const;
  // The component a uniform draw u picks (by cumulative probability).
  [[nodiscard]] const Distribution& component(double u) const;

  DistKind kind_ = DistKind::constant;
  std::array<double, 3> p_{};    // the sampler's own parameters
  std::array<double, 3> raw_{};  // the parameters as the user gave them
  std::shared_ptr<const std::vector<MixtureComponent>> parts_;  // a mixture's components
};

//! One component of a mixture.
struct MixtureComponent {
  double p = 0.0;                                            //!< its probability
  Distribution dist = Distribution::constant(0.0);           //!< its distribution
  bool operator==(const MixtureComponent&) const = default;  //!< same p and distribution
};

//! The mean and standard deviation of a mixture of these components.
std::pair<double, double> mixture_moments(const std::vector<MixtureComponent>& components);

}  // namespace placesim::sim
