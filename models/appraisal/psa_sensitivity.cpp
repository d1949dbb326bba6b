// The PSA tornado and partial EVPI: a linear metamodel over the replications.
#include "models/appraisal/psa_sensitivity.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "models/appraisal/appraisal.h"
#include "sim/design/sensitivity.h"

namespace placesim::models {
namespace {

// Adds to `fitted` [rep] the fit's term for column j of x: `effect` per
// standard deviation of the column, about its mean.
void add_fitted(std::vector<double>& fitted, const std::vector<std::vector<double>>& x,
                std::size_t j, double effect) {
  const std::size_t R = x.size();
  double m = 0.0, ss = 0.0;
  for (std::size_t i = 0; i < R; ++i) m += x[i][j] / static_cast<double>(R);
  for (std::size_t i = 0; i < R; ++i) ss += (x[i][j] - m) * (x[i][j] - m);
  const double sd = std::sqrt(ss / static_cast<double>(R - 1));
  for (std::size_t i = 0; i < R; ++i) fitted[i] += effect * (x[i][j] - m) / sd;
}

// The draws [rep][P] as rows, as sim::tornado takes them.
std::vector<std::vector<double>> rows_of(const std::vector<double>& drawn, std::size_t R,
                                         std::size_t P) {
  std::vector<std::vector<double>> x(R, std::vector<double>(P));
  for (std::size_t i = 0; i < R; ++i) {
    for (std::size_t j = 0; j < P; ++j) x[i][j] = drawn[i * P + j];
  }
  return x;
}

}  // namespace

PsaSensitivity psa_sensitivity(const std::vector<double>& drawn, std::size_t parameters,
                               const std::vector<double>& net_benefit) {
  PsaSensitivity out;
  const std::size_t R = net_benefit.size(), P = parameters;
  out.effect.assign(P, 0.0);
  out.evppi.assign(P, 0.0);
  out.se.assign(P, std::numeric_limits<double>::quiet_NaN());
  if (R < 2 || P == 0 || drawn.size() != R * P) return out;
  const std::vector<std::vector<double>> x = rows_of(drawn, R, P);
  const sim::Tornado t = sim::tornado(x, net_benefit, sim::TornadoScale::sd);
  out.effect = t.effect;
  out.se = t.se;
  out.joint = t.joint;
  // Adjusted R²: with many inputs and few replications the raw R² is large by
  // chance alone (about k / (R - 1) when the inputs explain nothing).
  const auto k = static_cast<double>(
      std::count_if(t.effect.begin(), t.effect.end(), [](double e) { return e != 0.0; }));
  const auto n = static_cast<double>(R);
  out.r_squared =
      t.joint && n > k + 1 ? std::max(0.0, 1.0 - (1.0 - t.r_squared) * (n - 1) / (n - k - 1)) : 0.0;
  double mean = 0.0;
  for (double v : net_benefit) mean += v / static_cast<double>(R);
  const double evpi = expected_value_of_perfect_information(net_benefit);
  for (std::size_t j = 0; j < P; ++j) {
    if (out.effect[j] == 0.0) continue;
    std::vector<double> fitted(R, mean);
    add_fitted(fitted, x, j, out.effect[j]);
    out.evppi[j] = std::min(evpi, expected_value_of_perfect_information(fitted));
  }
  return out;
}

std::string parameter_group(const std::string& path) {
  std::vector<std::string> parts;
  for (std::size_t at = 0;;) {
    const std::size_t dot = path.find('.', at);
    parts.push_back(path.substr(at, dot == std::string::npos ? std::string::npos : dot - at));
    if (dot == std::string::npos) break;
    at = dot + 1;
  }
  auto first = [&](std::size_t n) {
    std::string g = parts[0];
    for (std::size_t i = 1; i < n && i < parts.size(); ++i) g += "." + parts[i];
    return g;
  };
  if (parts.size() >= 3 && parts[0] == "needs" && parts[1] == "dimensions") return first(3);
  for (const char* named : {"services", "events", "regimes", "agencies", "arrivals"}) {
    if (parts[0] == named) return first(2);
  }
  return parts[0];
}

void add_group_evppi(PsaSensitivity& s, const std::vector<double>& drawn,
                     const std::vector<std::string>& names,
                     const std::vector<double>& net_benefit) {
  s.groups.clear();
  s.group_evppi.clear();
  const std::size_t R = net_benefit.size(), P = names.size();
  if (R < 2 || P == 0 || drawn.size() != R * P || s.effect.size() != P) return;
  double mean = 0.0;
  for (double v : net_benefit) mean += v / static_cast<double>(R);
  const double evpi = expected_value_of_perfect_information(net_benefit);
  // Groups in order of their first parameter, each with the parameters that varied.
  std::vector<std::vector<std::size_t>> members;
  for (std::size_t j = 0; j < P; ++j) {
    if (s.effect[j] == 0.0) continue;
    const std::string g = parameter_group(names[j]);
    const auto it = std::find(s.groups.begin(), s.groups.end(), g);
    if (it == s.groups.end()) {
      s.groups.push_back(g);
      members.push_back({j});
    } else {
      members[static_cast<std::size_t>(it - s.groups.begin())].push_back(j);
    }
  }
  // Each group's prediction uses the tornado's own effects (the same fit as a
  // parameter's EVPPI, so learning a group is never worth less than learning
  // one of its parameters) and only those that stand out from chance: summed
  // noise would otherwise make a large group look valuable on its size alone.
  const std::vector<std::vector<double>> x = rows_of(drawn, R, P);
  for (const std::vector<std::size_t>& cols : members) {
    std::vector<double> fitted(R, mean);
    for (std::size_t j : cols) {
      if (stands_out(s, j)) add_fitted(fitted, x, j, s.effect[j]);
    }
    s.group_evppi.push_back(std::min(evpi, expected_value_of_perfect_information(fitted)));
  }
}

bool stands_out(const PsaSensitivity& s, std::size_t j) {
  return j < s.se.size() && std::isfinite(s.se[j]) && std::abs(s.effect[j]) >= 3.0 * s.se[j];
}

std::vector<std::size_t> ranked(const PsaSensitivity& s) {
  std::vector<std::size_t> order;
  for (std::size_t j = 0; j < s.effect.size(); ++j) {
    if (s.effect[j] != 0.0) order.push_back(j);
  }
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return std::abs(s.effect[a]) > std::abs(s.effect[b]);
  });
  return order;
}

}  // namespace placesim::models
