// Mixtures of distributions: the parts of Distribution that hold components.
#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "sim/random/distribution.h"

namespace placesim::sim {

std::optional<std::string> Distribution::check_mixture(
    const std::vector<MixtureComponent>& components) {
  if (components.size() < 2) return "a mixture needs at least two components";
  double total = 0.0;
  for (const MixtureComponent& c : components) {
    if (!(c.p > 0.0) || !std::isfinite(c.p) || c.p > 1.0)
      return "each component's p must be a probability above 0";
    if (c.dist.kind() == DistKind::mixture) return "a component cannot itself be a mixture";
    total += c.p;
  }
  if (std::abs(total - 1.0) > 1e-9)
    return "the components' p must sum to 1 (they sum to " + std::to_string(total) + ")";
  return std::nullopt;
}

Distribution Distribution::mixture(std::vector<MixtureComponent> components) {
  if (auto why = check_mixture(components)) throw std::invalid_argument(*why);
  Distribution d = constant(0.0);
  d.kind_ = DistKind::mixture;
  d.parts_ = std::make_shared<const std::vector<MixtureComponent>>(std::move(components));
  return d;
}

const Distribution& Distribution::component(double u) const {
  double acc = 0.0;
  for (const MixtureComponent& c : *parts_) {
    acc += c.p;
    if (u < acc) return c.dist;
  }
  return parts_->back().dist;  // u within rounding of 1
}

const std::vector<MixtureComponent>& Distribution::components() const {
  static const std::vector<MixtureComponent> none;
  return parts_ ? *parts_ : none;
}

bool Distribution::has_point_mass() const {
  for (const MixtureComponent& c : components()) {
    if (c.dist.is_constant()) return true;
  }
  return false;
}

bool Distribution::operator==(const Distribution& o) const {
  if (kind_ != o.kind_ || raw_ != o.raw_) return false;
  return kind_ != DistKind::mixture || *parts_ == *o.parts_;
}

std::pair<double, double> mixture_moments(const std::vector<MixtureComponent>& components) {
  double mean = 0.0, second = 0.0;
  for (const MixtureComponent& c : components) {
    const double m = c.dist.mean(), s = c.dist.sd();
    mean += c.p * m;
    second += c.p * (s * s + m * m);
  }
  return {mean, std::sqrt(std::max(0.0, second - mean * mean))};
}

}  // namespace placesim::sim
