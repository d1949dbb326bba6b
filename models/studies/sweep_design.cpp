#include "models/studies/sweep_design.h"

#include <charconv>
#include <cmath>

#include "sim/design/designs.h"

namespace placesim::models {
namespace {

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
  auto map_row = [&](const std::vector<double>& u) {
    std::vector<double> point(k);
    for (std::size_t j = 0; j < k; ++j) point[j] = value_at(s.parameters[j], u[j]);
    return point;
  };
  switch (s.design) {
    case SweepDesign::grid: {
      std::vector<std::vector<double>> levels;
      for (const auto& p : s.parameters) levels.push_back(grid_levels(p));
      plan.values = sim::full_factorial(levels);
      break;
    }
    case SweepDesign::random:
      for (const auto& u : sim::random_design(s.points, k, key)) plan.values.push_back(map_row(u));
      break;
    case SweepDesign::latin_hypercube:
      for (const auto& u : sim::latin_hypercube(s.points, k, key))
        plan.values.push_back(map_row(u));
      break;
    case SweepDesign::sobol:
      plan.sobol_base = s.points;
      for (const auto& u : sim::saltelli_design(s.points, k)) plan.values.push_back(map_row(u));
      break;
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
