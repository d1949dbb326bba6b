#include "sim/design/sensitivity.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include <Eigen/QR>

namespace placesim::sim {

namespace {

// Each column's centre and scale: its lowest value and range, or its mean and
// standard deviation; a scale of 0 marks a column that never varies.
void scales(const std::vector<std::vector<double>>& x, TornadoScale how, std::vector<double>& lo,
            std::vector<double>& width) {
  const std::size_t n = x.size(), k = n ? x[0].size() : 0;
  lo.assign(k, std::numeric_limits<double>::infinity());
  width.assign(k, 0.0);
  if (how == TornadoScale::range) {
    std::vector<double> hi(k, -lo[0]);
    for (const auto& row : x) {
      for (std::size_t j = 0; j < k; ++j) {
        lo[j] = std::min(lo[j], row[j]);
        hi[j] = std::max(hi[j], row[j]);
      }
    }
    for (std::size_t j = 0; j < k; ++j) width[j] = hi[j] > lo[j] ? hi[j] - lo[j] : 0.0;
    return;
  }
  for (std::size_t j = 0; j < k; ++j) {
    double mean = 0.0, ss = 0.0;
    bool varies = false;  // tested exactly: a mean of n equal values need not equal them
    for (const auto& row : x) {
      mean += row[j] / static_cast<double>(n);
      varies = varies || row[j] != x[0][j];
    }
    for (const auto& row : x) ss += (row[j] - mean) * (row[j] - mean);
    lo[j] = mean;
    width[j] = varies && n > 1 ? std::sqrt(ss / static_cast<double>(n - 1)) : 0.0;
  }
}

// One slope a standardised column: cov(y, z_j) / var(z_j), var(z_j) being 1,
// with its standard error from the residuals of that one-input fit.
Tornado marginal(const std::vector<std::vector<double>>& x, const std::vector<double>& y,
                 const std::vector<double>& mean, const std::vector<double>& sd) {
  Tornado t;
  t.joint = false;
  const std::size_t n = y.size(), k = mean.size();
  t.effect.assign(k, 0.0);
  t.se.assign(k, std::numeric_limits<double>::quiet_NaN());
  if (n < 2) return t;
  double ybar = 0.0;
  for (double v : y) ybar += v / static_cast<double>(n);
  for (std::size_t j = 0; j < k; ++j) {
    if (!(sd[j] > 0.0)) continue;
    double cov = 0.0;
    for (std::size_t i = 0; i < n; ++i) cov += (y[i] - ybar) * (x[i][j] - mean[j]) / sd[j];
    const double b = cov / static_cast<double>(n - 1);
    t.effect[j] = b;
    if (n < 3) continue;  // no residual left to say how sure
    double ss = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
      const double e = y[i] - ybar - b * (x[i][j] - mean[j]) / sd[j];
      ss += e * e;
    }
    t.se[j] = std::sqrt(ss / static_cast<double>(n - 2) / static_cast<double>(n - 1));
  }
  return t;
}

}  // namespace

Tornado tornado(const std::vector<std::vector<double>>& x, const std::vector<double>& y,
                TornadoScale scale) {
  Tornado t;
  const std::size_t n = y.size(), k = n ? x[0].size() : 0;
  t.effect.assign(k, 0.0);
  t.se.assign(k, std::numeric_limits<double>::quiet_NaN());
  if (k == 0) return t;
  if (scale == TornadoScale::range && n < k + 2) return t;  // a design too small to fit
  std::vector<double> lo, width;
  scales(x, scale, lo, width);
  // Least squares over the columns that vary: [1, scaled x_j...].
  std::vector<std::size_t> cols;
  for (std::size_t j = 0; j < k; ++j) {
    if (width[j] > 0.0) cols.push_back(j);
  }
  // Random draws fit jointly only with residual degrees of freedom to spare
  // (at least as many as inputs, and 10): fewer, and the fit chases noise.
  const std::size_t spare = std::max<std::size_t>(10, cols.size());
  if (scale == TornadoScale::sd && n < cols.size() + 1 + spare) return marginal(x, y, lo, width);
  if (n < cols.size() + 2) return t;
  const auto rows = static_cast<Eigen::Index>(n), m = static_cast<Eigen::Index>(cols.size() + 1);
  Eigen::MatrixXd z(rows, m);
  Eigen::VectorXd target(rows);
  for (Eigen::Index i = 0; i < rows; ++i) {
    const auto& row = x[static_cast<std::size_t>(i)];
    z(i, 0) = 1.0;
    for (std::size_t c = 0; c < cols.size(); ++c)
      z(i, static_cast<Eigen::Index>(c) + 1) = (row[cols[c]] - lo[cols[c]]) / width[cols[c]];
    target(i) = y[static_cast<std::size_t>(i)];
  }
  const Eigen::ColPivHouseholderQR<Eigen::MatrixXd> qr(z);
  if (qr.rank() < m)  // collinear: no separate effects
    return scale == TornadoScale::sd ? marginal(x, y, lo, width) : t;
  const Eigen::VectorXd beta = qr.solve(target);
  for (std::size_t c = 0; c < cols.size(); ++c)
    t.effect[cols[c]] = beta(static_cast<Eigen::Index>(c) + 1);
  const double mean = target.mean();
  const double ss_res = (z * beta - target).squaredNorm();
  const double ss_tot = (target.array() - mean).square().sum();
  t.r_squared = ss_tot > 0.0 ? 1.0 - ss_res / ss_tot : 0.0;
  if (n > static_cast<std::size_t>(m)) {  // standard errors: s^2 (Z'Z)^-1
    const double s2 = ss_res / static_cast<double>(n - static_cast<std::size_t>(m));
    const Eigen::MatrixXd inv = (z.transpose() * z).ldlt().solve(Eigen::MatrixXd::Identity(m, m));
    for (std::size_t c = 0; c < cols.size(); ++c) {
      const auto i = static_cast<Eigen::Index>(c) + 1;
      t.se[cols[c]] = std::sqrt(s2 * inv(i, i));
    }
  }
  return t;
}

SobolIndices sobol_indices(const std::vector<double>& y, std::uint64_t n, std::size_t k) {
  SobolIndices s;
  s.first.assign(k, 0.0);
  s.total.assign(k, 0.0);
  const std::size_t block = k + 2;
  if (n == 0 || y.size() != n * block) return s;
  auto f_a = [&](std::uint64_t j) { return y[j * block]; };
  auto f_b = [&](std::uint64_t j) { return y[j * block + 1]; };
  auto f_ab = [&](std::uint64_t j, std::size_t i) { return y[j * block + 2 + i]; };
  double mean = 0.0;
  for (std::uint64_t j = 0; j < n; ++j) mean += (f_a(j) + f_b(j)) / static_cast<double>(2 * n);
  double var = 0.0;
  for (std::uint64_t j = 0; j < n; ++j)
    var += ((f_a(j) - mean) * (f_a(j) - mean) + (f_b(j) - mean) * (f_b(j) - mean)) /
           static_cast<double>(2 * n - 1);
  if (!(var > 0.0)) return s;
  for (std::size_t i = 0; i < k; ++i) {
    double first = 0.0, total = 0.0;
    for (std::uint64_t j = 0; j < n; ++j) {
      first += f_b(j) * (f_ab(j, i) - f_a(j));
      total += (f_a(j) - f_ab(j, i)) * (f_a(j) - f_ab(j, i));
    }
    s.first[i] = first / static_cast<double>(n) / var;
    s.total[i] = total / static_cast<double>(2 * n) / var;
  }
  return s;
}

}  // namespace placesim::sim
