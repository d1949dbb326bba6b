#include "models/appraisal/statistics.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

namespace placesim::models {

double t975(std::size_t df) {
  static const std::array<double, 30> table = {
      12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
      2.201,  2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
      2.080,  2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042};
  if (df == 0) return std::numeric_limits<double>::infinity();
  if (df <= table.size()) return table[df - 1];
  // Cornish-Fisher expansion about the normal quantile; below 1e-4 for df > 30.
  const double z = 1.959963984540054, v = static_cast<double>(df);
  const double z3 = z * z * z, z5 = z3 * z * z;
  return z + (z3 + z) / (4 * v) + (5 * z5 + 16 * z3 + 3 * z) / (96 * v * v);
}

double percentile_sorted(const std::vector<double>& s, double q) {
  if (s.empty()) return std::numeric_limits<double>::quiet_NaN();
  const double h = q * static_cast<double>(s.size() - 1);
  const auto lo = static_cast<std::size_t>(std::floor(h));
  const std::size_t hi = std::min(lo + 1, s.size() - 1);
  return s[lo] + (h - static_cast<double>(lo)) * (s[hi] - s[lo]);
}

Summary summarize(const std::vector<double>& xs) {
  std::vector<double> v;
  v.reserve(xs.size());
  for (double x : xs) {
    if (!std::isnan(x)) v.push_back(x);
  }
  Summary s;
  s.n = v.size();
  if (v.empty()) {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    s.mean = s.sd = s.se = s.ci_low = s.ci_high = s.p5 = s.p25 = s.median = s.p75 = s.p95 = nan;
    return s;
  }
  // Sum in replication order: the same numbers for any thread count.
  double sum = 0.0;
  for (double x : v) sum += x;
  s.mean = sum / static_cast<double>(s.n);
  double ss = 0.0;
  for (double x : v) ss += (x - s.mean) * (x - s.mean);
  s.sd = s.n > 1 ? std::sqrt(ss / static_cast<double>(s.n - 1)) : 0.0;
  s.se = s.sd / std::sqrt(static_cast<double>(s.n));
  const double half = s.n > 1 ? t975(s.n - 1) * s.se : 0.0;
  s.ci_low = s.mean - half;
  s.ci_high = s.mean + half;
  std::sort(v.begin(), v.end());
  s.p5 = percentile_sorted(v, 0.05);
  s.p25 = percentile_sorted(v, 0.25);
  s.median = percentile_sorted(v, 0.50);
  s.p75 = percentile_sorted(v, 0.75);
  s.p95 = percentile_sorted(v, 0.95);
  return s;
}

double share_at_least(const std::vector<double>& xs, double threshold) {
  std::size_t n = 0, hit = 0;
  for (double x : xs) {
    if (std::isnan(x)) continue;
    ++n;
    hit += x >= threshold;
  }
  return n ? static_cast<double>(hit) / static_cast<double>(n) : std::numeric_limits<double>::quiet_NaN();
}

}  // namespace placesim::models
