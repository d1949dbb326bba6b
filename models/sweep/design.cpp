#include "models/sweep/design.h"

#include <charconv>
#include <cmath>
#include <numeric>

#include "models/sweep/sobol.h"
#include "sim/random/random_stream.h"

namespace placesim::models {
namespace {

constexpr std::uint64_t kDesignAgent = 0xFFFF'FFFF'FFFF'0001ull;
constexpr std::uint64_t kRandomPurpose = 0x40, kLhsPurpose = 0x41;

// A point of the unit interval mapped to a parameter's values.
double value_at(const SweepParameter& p, double u) {
  if (!p.values.empty()) {
    auto i = static_cast<std::size_t>(u * static_cast<double>(p.values.size()));
    return p.values[std::min(i, p.values.size() - 1)];
  }
  if (p.integer) {  // every whole number in [lo, hi] equally likely
    const double lo = std::ceil(p.lo), hi = std::floor(p.hi);
    return std::min(hi, lo + std::floor(u * (hi - lo + 1.0)));
  }
  return p.lo + u * (p.hi - p.lo);
}

std::vector<double> grid_levels(const SweepParameter& p) {
  if (!p.values.empty()) return p.values;
  std::vector<double> v;
  for (int i = 0; i < p.levels; ++i) {
    double x = p.lo + (p.hi - p.lo) * i / (p.levels - 1);
    v.push_back(p.integer ? std::round(x) : x);
  }
  return v;
}

}  // namespace

SweepPlan plan_points(const SweepSpec& s) {
  SweepPlan plan;
  const std::size_t k = s.parameters.size();
  const sim::StreamKey key{s.seed, 0};
  switch (s.design) {
    case SweepDesign::grid: {
      std::vector<std::vector<double>> levels;
      std::size_t total = 1;
      for (const auto& p : s.parameters) {
        levels.push_back(grid_levels(p));
        total *= levels.back().size();
      }
      for (std::size_t i = 0; i < total; ++i) {  // the first parameter varies slowest
        std::vector<double> point(k);
        std::size_t rest = i;
        for (std::size_t j = k; j-- > 0;) {
          point[j] = levels[j][rest % levels[j].size()];
          rest /= levels[j].size();
        }
        plan.values.push_back(point);
      }
      break;
    }
    case SweepDesign::random:
      for (std::uint64_t i = 0; i < s.points; ++i) {
        sim::RandomStream st(key, kDesignAgent, kRandomPurpose, i);
        std::vector<double> point;
        for (const auto& p : s.parameters) point.push_back(value_at(p, st.uniform()));
        plan.values.push_back(point);
      }
      break;
    case SweepDesign::latin_hypercube: {
      // One stratum of width 1/N per point in each parameter, matched at random.
      const std::uint64_t n = s.points;
      std::vector<std::vector<double>> u(n, std::vector<double>(k));
      for (std::size_t j = 0; j < k; ++j) {
        sim::RandomStream st(key, kDesignAgent, kLhsPurpose, j);
        std::vector<std::uint64_t> perm(n);
        std::iota(perm.begin(), perm.end(), 0);
        for (std::uint64_t i = n; i > 1; --i) std::swap(perm[i - 1], perm[st.bits() % i]);
        for (std::uint64_t i = 0; i < n; ++i) u[i][j] = (static_cast<double>(perm[i]) + st.uniform()) / static_cast<double>(n);
      }
      for (const auto& row : u) {
        std::vector<double> point;
        for (std::size_t j = 0; j < k; ++j) point.push_back(value_at(s.parameters[j], row[j]));
        plan.values.push_back(point);
      }
      break;
    }
    case SweepDesign::sobol: {
      // Saltelli's scheme: base matrices A and B from one Sobol sequence in
      // 2k dimensions, and A with column i taken from B, for each i.
      plan.sobol_base = s.points;
      for (const auto& row : sobol_points(s.points, static_cast<std::uint32_t>(2 * k))) {
        std::vector<double> a(k), b(k);
        for (std::size_t j = 0; j < k; ++j) {
          a[j] = value_at(s.parameters[j], row[j]);
          b[j] = value_at(s.parameters[j], row[k + j]);
        }
        plan.values.push_back(a);
        plan.values.push_back(b);
        for (std::size_t i = 0; i < k; ++i) {
          std::vector<double> ab = a;
          ab[i] = b[i];
          plan.values.push_back(ab);
        }
      }
      break;
    }
  }
  return plan;
}

std::vector<std::string> point_overrides(const SweepSpec& s, const std::vector<double>& values) {
  std::vector<std::string> sets = s.fixed_sets;
  for (std::size_t j = 0; j < s.parameters.size(); ++j) {
    // The shortest text that reads back as exactly this value (0.2, not 0.20000000000000001).
    char buf[64];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, values[j]);
    sets.push_back(s.parameters[j].path + "=" + std::string(buf, end));
  }
  return sets;
}

}  // namespace placesim::models
