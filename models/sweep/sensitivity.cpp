#include "models/sweep/sensitivity.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace placesim::models {

Tornado tornado(const std::vector<std::vector<double>>& x, const std::vector<double>& y) {
  Tornado t;
  const std::size_t n = y.size(), k = n ? x[0].size() : 0;
  t.effect.assign(k, 0.0);
  if (n < k + 2) return t;
  std::vector<double> lo(k, std::numeric_limits<double>::infinity()), hi(k, -lo[0]);
  for (const auto& row : x) {
    for (std::size_t j = 0; j < k; ++j) {
      lo[j] = std::min(lo[j], row[j]);
      hi[j] = std::max(hi[j], row[j]);
    }
  }
  // Normal equations over the columns that vary: [1, scaled x_j...].
  std::vector<std::size_t> cols;
  for (std::size_t j = 0; j < k; ++j) {
    if (hi[j] > lo[j]) cols.push_back(j);
  }
  const std::size_t m = cols.size() + 1;
  std::vector<std::vector<double>> a(m, std::vector<double>(m + 1, 0.0));
  for (std::size_t i = 0; i < n; ++i) {
    std::vector<double> z(m, 1.0);
    for (std::size_t c = 0; c < cols.size(); ++c) z[c + 1] = (x[i][cols[c]] - lo[cols[c]]) / (hi[cols[c]] - lo[cols[c]]);
    for (std::size_t r = 0; r < m; ++r) {
      for (std::size_t c = 0; c < m; ++c) a[r][c] += z[r] * z[c];
      a[r][m] += z[r] * y[i];
    }
  }
  for (std::size_t c = 0; c < m; ++c) {  // Gauss-Jordan with partial pivoting
    std::size_t p = c;
    for (std::size_t r = c + 1; r < m; ++r) {
      if (std::fabs(a[r][c]) > std::fabs(a[p][c])) p = r;
    }
    if (std::fabs(a[p][c]) < 1e-12) return t;  // collinear design: no separate effects
    std::swap(a[p], a[c]);
    for (std::size_t r = 0; r < m; ++r) {
      if (r == c) continue;
      const double f = a[r][c] / a[c][c];
      for (std::size_t q = c; q <= m; ++q) a[r][q] -= f * a[c][q];
    }
  }
  std::vector<double> beta(m);
  for (std::size_t r = 0; r < m; ++r) beta[r] = a[r][m] / a[r][r];
  for (std::size_t c = 0; c < cols.size(); ++c) t.effect[cols[c]] = beta[c + 1];
  double mean = 0.0;
  for (double v : y) mean += v / static_cast<double>(n);
  double ss_tot = 0.0, ss_res = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    double fit = beta[0];
    for (std::size_t c = 0; c < cols.size(); ++c) fit += beta[c + 1] * (x[i][cols[c]] - lo[cols[c]]) / (hi[cols[c]] - lo[cols[c]]);
    ss_res += (y[i] - fit) * (y[i] - fit);
    ss_tot += (y[i] - mean) * (y[i] - mean);
  }
  t.r_squared = ss_tot > 0.0 ? 1.0 - ss_res / ss_tot : 0.0;
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
    var += ((f_a(j) - mean) * (f_a(j) - mean) + (f_b(j) - mean) * (f_b(j) - mean)) / static_cast<double>(2 * n - 1);
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

}  // namespace placesim::models
