#include "sim/queueing/queueing_theory.h"

#include <cmath>
#include <limits>

namespace placesim::sim {

double erlang_c(std::uint32_t c, double a) {
  if (c == 0 || a >= c) return 1.0;
  // Erlang B by its stable recurrence, then C from B.
  double b = 1.0;
  for (std::uint32_t k = 1; k <= c; ++k) b = a * b / (k + a * b);
  double rho = a / c;
  return b / (1.0 - rho + rho * b);
}

double mmc_mean_wait(double lambda, double mean_service, std::uint32_t c) {
  if (lambda <= 0.0) return 0.0;
  double a = lambda * mean_service;
  if (c == 0 || a >= c) return std::numeric_limits<double>::infinity();
  double mu = 1.0 / mean_service;
  return erlang_c(c, a) / (c * mu - lambda);
}

std::vector<double> traffic_rates(const NetworkSpec& spec) {
  const std::size_t n = spec.services.size();
  // Solve (I - P^T) lambda = ext by Gaussian elimination with partial pivoting.
  std::vector<std::vector<double>> m(n, std::vector<double>(n + 1, 0.0));
  for (std::size_t i = 0; i < n; ++i) m[i][i] = 1.0;
  for (std::size_t from = 0; from < n; ++from) {
    for (std::uint32_t to : spec.services[from].on_exit.targets()) {
      if (to < n) m[to][from] -= spec.services[from].on_exit.probability(to);
    }
  }
  for (const auto& src : spec.sources) m[src.into][n] += src.per_day;
  for (std::size_t col = 0; col < n; ++col) {
    std::size_t piv = col;
    for (std::size_t r = col + 1; r < n; ++r) {
      if (std::fabs(m[r][col]) > std::fabs(m[piv][col])) piv = r;
    }
    if (std::fabs(m[piv][col]) < 1e-12) return {};
    std::swap(m[piv], m[col]);
    for (std::size_t r = 0; r < n; ++r) {
      if (r == col) continue;
      double f = m[r][col] / m[col][col];
      for (std::size_t k = col; k <= n; ++k) m[r][k] -= f * m[col][k];
    }
  }
  std::vector<double> lambda(n);
  for (std::size_t i = 0; i < n; ++i) {
    lambda[i] = m[i][n] / m[i][i];
    if (lambda[i] < -1e-12) return {};
  }
  return lambda;
}

std::vector<ServiceTheory> jackson_theory(const NetworkSpec& spec) {
  std::vector<double> lambda = traffic_rates(spec);
  std::vector<ServiceTheory> out;
  for (std::size_t i = 0; i < lambda.size(); ++i) {
    const auto& s = spec.services[i];
    double mean = s.duration.mean();
    out.push_back({lambda[i], s.capacity ? lambda[i] * mean / s.capacity : 0.0,
                   mmc_mean_wait(lambda[i], mean, s.capacity)});
  }
  return out;
}

}  // namespace placesim::sim
