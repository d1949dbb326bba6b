#include "models/results/sizing.h"

#include <algorithm>
#include <cstdio>

#include "models/results/summary_text.h"

namespace placesim::models {
namespace {

bool out_of_proportion(double ratio) { return ratio > kSizingRatio || ratio < 1.0 / kSizingRatio; }

std::string ratio_text(double ratio) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2g", ratio);
  return std::string(buf) + "x";
}

}  // namespace

std::vector<std::string> sizing_warnings(const Scenario& s, const Results& r) {
  std::vector<std::string> out;
  if (r.runs.empty() || r.replications == 0 || r.years.empty()) return out;
  const RegimeArrays& base = r.runs.front();
  const std::size_t R = r.replications, Y = r.years.size(), A = r.agencies.size();
  const auto reps = static_cast<double>(R);
  // The cohort at the end of the last year against its start.
  if (base.families.size() == R * Y && s.families > 0) {
    double end = 0.0;
    for (std::size_t k = 0; k < R; ++k) end += base.families[k * Y + Y - 1] / reps;
    const double ratio = end / s.families;
    if (out_of_proportion(ratio))
      out.push_back(
          formatted("the cohort drifts from %u families to %.0f by %s (%s): arrivals and "
                    "leaving are sized for another cohort",
                    s.families, end, r.years.back().c_str(), ratio_text(ratio).c_str()));
  }
  // Each budget against what the baseline spends in the first year (the
  // only year a run written as it went keeps).
  const std::vector<double> spend = r.spend(0);
  const std::size_t kept = r.streamed ? 1 : Y;
  for (std::size_t a = 0; a < A && a < s.agencies.size() && spend.size() == R * kept * A; ++a) {
    double first = 0.0;
    for (std::size_t k = 0; k < R; ++k) first += spend[(k * kept) * A + a] / reps;
    const auto& budget = s.agencies[a].budget;
    const auto y = static_cast<std::size_t>(s.warmup_years);
    if (first <= 0.0 || y >= budget.size() || budget[y] <= 0.0) continue;
    const double ratio = budget[y] / first;
    if (out_of_proportion(ratio))
      out.push_back("agencies." + s.agencies[a].key + ".budget is " + ratio_text(ratio) +
                    " what the baseline spends in " + r.years.front() + " (" +
                    format_money(budget[y]) + " against " + format_money(first) + ")");
  }
  // Each service's places against the share of them in use.
  for (std::size_t v = 0; v < r.services.size() && v < s.services.size(); ++v) {
    const auto& places = s.services[v].capacity;
    if (places.empty() || base.utilisation.size() != R * r.services.size()) continue;
    const auto y = std::min(static_cast<std::size_t>(s.warmup_years), places.size() - 1);
    if (places[y] == 0) continue;
    double used = 0.0;
    for (std::size_t k = 0; k < R; ++k) used += base.utilisation[k * r.services.size() + v] / reps;
    if (used > 0.0 && used < 1.0 / (2.0 * kSizingRatio))
      out.push_back(
          formatted("services.%s.capacity: %u places, %.0f%% of them in use in the "
                    "baseline",
                    s.services[v].key.c_str(), places[y], 100.0 * used));
  }
  if (!out.empty())
    out.emplace_back(
        "to size a place, 'placesim init NEW.yaml --families N --from SCENARIO' scales arrivals, "
        "capacities, starting state and budgets together");
  return out;
}

}  // namespace placesim::models
