#include "sim/design/abc_smc.h"

#include <Eigen/Cholesky>
#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <numeric>
#include <stdexcept>

namespace placesim::sim {
namespace {

constexpr std::uint64_t kAbcAgent = 0xFFFF'FFFF'FFFF'0002ull;
constexpr std::uint64_t kPropose = 1;  // parent choice and perturbation
constexpr std::uint64_t kError = 2;    // measurement error of a simulation's outputs
// A proposal outside the prior's support is drawn again; a prior the kernel
// misses this often is a prior with (nearly) no mass where the particles are.
constexpr int kMaxTries = 10000;

struct Particle {
  std::vector<double> theta, out;
  double distance = 0.0, log_weight = 0.0;
  std::uint64_t simulation = 0;
};

double log_prior(const std::vector<Distribution>& priors, const std::vector<double>& theta) {
  double lp = 0.0;
  for (std::size_t k = 0; k < priors.size(); ++k) lp += priors[k].log_density(theta[k]);
  return lp;
}

// Distance with the measurement error of the targets added (noisy ABC).
double noisy_distance(const std::vector<double>& out, const std::vector<double>& targets,
                      const std::vector<double>& sd, std::uint64_t seed, std::uint64_t sim) {
  RandomStream s(StreamKey{seed, sim}, kAbcAgent, kError);
  double d2 = 0.0;
  for (std::size_t k = 0; k < targets.size(); ++k) {
    const double z = (out[k] - targets[k]) / sd[k] + sample_standard_normal(s);
    d2 += z * z;
  }
  return std::isfinite(d2) ? std::sqrt(d2) : std::numeric_limits<double>::infinity();
}

// The kernel: a Gaussian of twice the particles' weighted covariance, as its
// Cholesky factor. A direction with no spread gets a tiny one, so the factor
// exists and the kernel density stays finite.
Eigen::MatrixXd kernel_factor(const std::vector<Particle>& ps) {
  const auto d = static_cast<Eigen::Index>(ps.front().theta.size());
  double top = -std::numeric_limits<double>::infinity();
  for (const Particle& p : ps) top = std::max(top, p.log_weight);
  Eigen::VectorXd w(static_cast<Eigen::Index>(ps.size()));
  for (std::size_t i = 0; i < ps.size(); ++i)
    w(static_cast<Eigen::Index>(i)) = std::exp(ps[i].log_weight - top);
  w /= w.sum();
  Eigen::MatrixXd x(static_cast<Eigen::Index>(ps.size()), d);
  for (std::size_t i = 0; i < ps.size(); ++i)
    for (Eigen::Index k = 0; k < d; ++k) x(static_cast<Eigen::Index>(i), k) = ps[i].theta[k];
  const Eigen::RowVectorXd mean = w.transpose() * x;
  const Eigen::MatrixXd c = x.rowwise() - mean;
  Eigen::MatrixXd cov = 2.0 * (c.transpose() * w.asDiagonal() * c);
  for (Eigen::Index k = 0; k < d; ++k)
    cov(k, k) += 1e-12 * std::max(1.0, mean(k) * mean(k)) + 1e-300;
  Eigen::LLT<Eigen::MatrixXd> llt(cov);
  if (llt.info() != Eigen::Success) {  // collinear particles: keep only the variances
    cov = Eigen::MatrixXd(cov.diagonal().asDiagonal());
    llt.compute(cov);
  }
  return llt.matrixL();
}

// log sum_j w_j N(theta; theta_j, L L^T), with the previous weights normalised.
double log_kernel_mixture(const std::vector<double>& theta, const std::vector<Particle>& ps,
                          const Eigen::MatrixXd& l) {
  const auto d = l.rows();
  double log_det = 0.0;
  for (Eigen::Index k = 0; k < d; ++k) log_det += std::log(l(k, k));
  const double norm = -0.5 * static_cast<double>(d) * std::log(2.0 * std::numbers::pi) - log_det;
  std::vector<double> terms;
  terms.reserve(ps.size());
  Eigen::VectorXd diff(d);
  for (const Particle& p : ps) {
    for (Eigen::Index k = 0; k < d; ++k) diff(k) = theta[k] - p.theta[k];
    const Eigen::VectorXd z = l.triangularView<Eigen::Lower>().solve(diff);
    terms.push_back(p.log_weight + norm - 0.5 * z.squaredNorm());
  }
  double top = -std::numeric_limits<double>::infinity(), total = 0.0;
  for (const Particle& p : ps) top = std::max(top, p.log_weight);
  for (const Particle& p : ps) total += std::exp(p.log_weight - top);
  const double log_total_weight = top + std::log(total);
  const double m = *std::max_element(terms.begin(), terms.end());
  double s = 0.0;
  for (double t : terms) s += std::exp(t - m);
  return m + std::log(s) - log_total_weight;
}

std::vector<double> propose(const std::vector<Particle>& ps, const std::vector<double>& cumulative,
                            const Eigen::MatrixXd& l, const std::vector<Distribution>& priors,
                            RandomStream& s) {
  const auto d = l.rows();
  Eigen::VectorXd z(d);
  std::vector<double> theta(static_cast<std::size_t>(d));
  for (int tries = 0; tries < kMaxTries; ++tries) {
    const Particle& parent = ps[sample_categorical(s, std::span<const double>(cumulative))];
    for (Eigen::Index k = 0; k < d; ++k) z(k) = sample_standard_normal(s);
    const Eigen::VectorXd step = l * z;
    for (Eigen::Index k = 0; k < d; ++k) theta[k] = parent.theta[k] + step(k);
    if (std::isfinite(log_prior(priors, theta))) return theta;
  }
  throw std::runtime_error("ABC: no proposal fell inside the priors' support in " +
                           std::to_string(kMaxTries) + " tries");
}

// Keeps the `keep` nearest particles, ties in simulation order.
void keep_nearest(std::vector<Particle>& ps, std::size_t keep) {
  std::stable_sort(ps.begin(), ps.end(), [](const Particle& a, const Particle& b) {
    return a.distance < b.distance || (a.distance == b.distance && a.simulation < b.simulation);
  });
  ps.resize(std::min(keep, ps.size()));
}

void check(const std::vector<Distribution>& priors, const std::vector<double>& targets,
           const std::vector<double>& sd, const AbcSettings& set) {
  if (priors.empty()) throw std::invalid_argument("ABC: no parameters to fit");
  if (targets.empty() || targets.size() != sd.size())
    throw std::invalid_argument("ABC: targets and their sd differ in number, or there are none");
  for (double v : sd) {
    if (!(v > 0.0) || !std::isfinite(v))
      throw std::invalid_argument("ABC: a target's sd is not > 0");
  }
  if (set.particles < 2 || !(set.alpha > 0.0 && set.alpha < 1.0))
    throw std::invalid_argument("ABC: needs at least 2 particles and 0 < alpha < 1");
}

}  // namespace

AbcResult abc_smc(const std::vector<Distribution>& priors, const std::vector<double>& targets,
                  const std::vector<double>& target_sd, const AbcSettings& set,
                  const AbcSimulate& simulate) {
  check(priors, targets, target_sd, set);
  const auto total =
      static_cast<std::size_t>(std::ceil(static_cast<double>(set.particles) / set.alpha - 1e-9));
  const std::size_t fresh = total - set.particles;
  AbcResult result;
  auto run = [&](std::uint64_t first, std::vector<std::vector<double>> thetas) {
    const auto outs = simulate(first, thetas);
    if (outs.size() != thetas.size()) throw std::logic_error("ABC: simulate returned too few");
    std::vector<Particle> ps(thetas.size());
    for (std::size_t i = 0; i < thetas.size(); ++i) {
      if (outs[i].size() != targets.size()) throw std::logic_error("ABC: output of wrong size");
      ps[i] = {std::move(thetas[i]), outs[i],
               noisy_distance(outs[i], targets, target_sd, set.seed, first + i), 0.0, first + i};
    }
    return ps;
  };
  std::vector<std::vector<double>> thetas(total);
  for (std::size_t i = 0; i < total; ++i) {
    RandomStream s(StreamKey{set.seed, 0}, kAbcAgent, kPropose, i);
    for (const Distribution& p : priors) thetas[i].push_back(p.sample(s));
  }
  std::vector<Particle> kept = run(0, std::move(thetas));  // prior draws: weight pi/pi = 1
  std::uint64_t done = total;
  keep_nearest(kept, set.particles);
  result.generations.push_back({kept.back().distance, 1.0, done});
  for (std::uint64_t gen = 1; done + fresh <= set.max_simulations && fresh > 0; ++gen) {
    const Eigen::MatrixXd l = kernel_factor(kept);
    std::vector<double> cumulative;
    double top = -std::numeric_limits<double>::infinity(), acc = 0.0;
    for (const Particle& p : kept) top = std::max(top, p.log_weight);
    for (const Particle& p : kept) cumulative.push_back(acc += std::exp(p.log_weight - top));
    std::vector<std::vector<double>> next(fresh);
    for (std::size_t i = 0; i < fresh; ++i) {
      RandomStream s(StreamKey{set.seed, gen}, kAbcAgent, kPropose, i);
      next[i] = propose(kept, cumulative, l, priors, s);
    }
    std::vector<Particle> born = run(done, std::move(next));
    done += fresh;
    const double tolerance = kept.back().distance;
    std::size_t within = 0;
    for (Particle& p : born) {
      within += p.distance < tolerance ? 1 : 0;
      p.log_weight = log_prior(priors, p.theta) - log_kernel_mixture(p.theta, kept, l);
    }
    kept.insert(kept.end(), std::make_move_iterator(born.begin()),
                std::make_move_iterator(born.end()));
    keep_nearest(kept, set.particles);
    const double acceptance = static_cast<double>(within) / static_cast<double>(fresh);
    result.generations.push_back({kept.back().distance, acceptance, done});
    if (acceptance < set.min_acceptance) {
      result.converged = true;
      break;
    }
  }
  double top = -std::numeric_limits<double>::infinity(), sum = 0.0;
  for (const Particle& p : kept) top = std::max(top, p.log_weight);
  for (const Particle& p : kept) sum += std::exp(p.log_weight - top);
  for (Particle& p : kept) {
    result.theta.push_back(p.theta);
    result.weights.push_back(std::exp(p.log_weight - top) / sum);
    result.distance.push_back(p.distance);
    result.outputs.push_back(p.out);
    result.simulation.push_back(p.simulation);
  }
  return result;
}

double weighted_quantile(const std::vector<double>& values, const std::vector<double>& weights,
                         double q) {
  std::vector<std::size_t> order(values.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return values[a] < values[b]; });
  double total = 0.0;
  for (double w : weights) total += w;
  double acc = 0.0;
  for (std::size_t i : order) {
    acc += weights[i];
    if (acc >= q * total) return values[i];
  }
  return values.empty() ? std::numeric_limits<double>::quiet_NaN() : values[order.back()];
}

WeightedSummary weighted_summary(const std::vector<double>& values,
                                 const std::vector<double>& weights) {
  WeightedSummary s;
  for (std::size_t i = 0; i < values.size(); ++i) s.mean += weights[i] * values[i];
  s.q05 = weighted_quantile(values, weights, 0.05);
  s.q50 = weighted_quantile(values, weights, 0.5);
  s.q95 = weighted_quantile(values, weights, 0.95);
  return s;
}

}  // namespace placesim::sim
