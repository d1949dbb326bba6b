#include "sim/stats/summary.h"

#include <algorithm>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/students_t.hpp>
#include <cmath>
#include <limits>

namespace placesim::sim {

double t_quantile(double p, std::size_t df) {
  if (df == 0) return std::numeric_limits<double>::infinity();
  const boost::math::students_t dist(static_cast<double>(df));
  return boost::math::quantile(dist, p);
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
  const double nan = std::numeric_limits<double>::quiet_NaN();
  if (v.empty()) {
    s.mean = s.sd = s.se = s.ci_low = s.ci_high = s.p5 = s.p25 = s.median = s.p75 = s.p95 = nan;
    return s;
  }
  // Sum in replication order: the same numbers for any thread count.
  double sum = 0.0;
  for (double x : v) sum += x;
  s.mean = sum / static_cast<double>(s.n);
  double ss = 0.0;
  for (double x : v) ss += (x - s.mean) * (x - s.mean);
  s.sd = s.n > 1 ? std::sqrt(ss / static_cast<double>(s.n - 1)) : nan;
  s.se = s.n > 1 ? s.sd / std::sqrt(static_cast<double>(s.n)) : nan;
  // One replication says nothing about the spread: no interval, never a zero-width one.
  const double half = s.n > 1 ? t975(s.n - 1) * s.se : nan;
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
  return n ? static_cast<double>(hit) / static_cast<double>(n)
           : std::numeric_limits<double>::quiet_NaN();
}

Proportion wilson(std::size_t hits, std::size_t n, double level) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  if (n == 0) return {nan, nan, nan};
  const double z = boost::math::quantile(boost::math::normal(), 0.5 + level / 2.0);
  const double nn = static_cast<double>(n), p = static_cast<double>(hits) / nn;
  const double denom = 1.0 + z * z / nn;
  const double centre = (p + z * z / (2.0 * nn)) / denom;
  const double half = z * std::sqrt(p * (1.0 - p) / nn + z * z / (4.0 * nn * nn)) / denom;
  return {p, std::max(0.0, centre - half), std::min(1.0, centre + half)};
}

std::vector<double> mean_over_first(const std::vector<double>& v, std::size_t n) {
  if (n == 0) return {};
  const std::size_t inner = v.size() / n;
  std::vector<double> m(inner, 0.0);
  for (std::size_t r = 0; r < n; ++r) {
    for (std::size_t i = 0; i < inner; ++i) m[i] += v[r * inner + i] / static_cast<double>(n);
  }
  return m;
}

std::vector<double> column(const std::vector<double>& v, std::size_t k, std::size_t width) {
  std::vector<double> out;
  if (width == 0) return out;  // no columns
  for (std::size_t at = k; at < v.size(); at += width) out.push_back(v[at]);
  return out;
}

}  // namespace placesim::sim
