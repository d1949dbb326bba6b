#include "models/results/metrics.h"

#include <algorithm>

#include "models/family/ledger.h"

namespace placesim::models {
namespace {

bool has_care(const MetricLabels& l) {
  return std::find(l.event_types.begin(), l.event_types.end(), kCareEntryEvent) !=
         l.event_types.end();
}

double ratio(double num, double den) { return den > 0.0 ? num / den : 0.0; }

}  // namespace

MetricLabels metric_labels(const Scenario& s) {
  MetricLabels l;
  for (const auto& a : s.agencies) l.agencies.push_back(a.key);
  for (const auto& e : s.events) l.event_types.push_back(e.key);
  for (const auto& n : s.needs) l.needs.push_back(n.key);
  l.years = static_cast<std::size_t>(s.years);
  return l;
}

MetricInputs metric_inputs(const RegimeRecord& r) {
  return {r.spend, r.events, r.prevalence, r.families, r.family_years};
}

std::vector<std::string> metric_names(const MetricLabels& labels) {
  std::vector<std::string> out = {"cost_per_family_year", "preventive_share", "reactive_share"};
  for (const auto& a : labels.agencies) out.push_back("share_of_spend." + a);
  for (const auto& e : labels.event_types) out.push_back("events_per_family_year." + e);
  for (const auto& n : labels.needs) out.push_back("share_with_high_need." + n);
  if (has_care(labels)) out.emplace_back("care_rate");
  return out;
}

std::string metric_units(const std::string& name) {
  if (name == "cost_per_family_year") return "GBP a family-year, real, undiscounted";
  if (name.rfind("events_per_family_year.", 0) == 0 || name == "care_rate")
    return "events a family-year";
  return "fraction";
}

std::ptrdiff_t metric_index(const MetricLabels& labels, const std::string& name) {
  const auto names = metric_names(labels);
  const auto it = std::find(names.begin(), names.end(), name);
  return it == names.end() ? -1 : it - names.begin();
}

std::vector<double> metric_values(const MetricLabels& labels, const MetricInputs& in) {
  const std::size_t Y = labels.years, A = labels.agencies.size(), E = labels.event_types.size(),
                    N = labels.needs.size();
  double total = 0.0, preventive = 0.0, reactive = 0.0, family_years = 0.0;
  std::vector<double> by_agency(A, 0.0), by_event(E, 0.0), high(N, 0.0);
  double year_end_families = 0.0;
  for (std::size_t t = 0; t < Y; ++t) {
    for (std::size_t a = 0; a < A; ++a) {
      for (std::size_t c = 0; c < kCategories; ++c) {
        const double v = in.spend_by_category[(t * A + a) * kCategories + c];
        total += v;
        by_agency[a] += v;
        if (c == kPreventive) preventive += v;
        if (c == kReactive || c == kReactiveCashable) reactive += v;
      }
    }
    for (std::size_t k = 0; k < E; ++k) by_event[k] += in.events[t * E + k];
    family_years += in.family_years[t];
    // Year-end shares, weighted by the families they are shares of.
    const double n = in.families[t];
    year_end_families += n;
    for (std::size_t d = 0; d < N; ++d) high[d] += n * in.prevalence[(t * N + d) * 3 + 2];
  }
  std::vector<double> out = {ratio(total, family_years), ratio(preventive, total),
                             ratio(reactive, total)};
  for (double v : by_agency) out.push_back(ratio(v, total));
  for (double v : by_event) out.push_back(ratio(v, family_years));
  for (double v : high) out.push_back(ratio(v, year_end_families));
  if (has_care(labels)) {
    const auto k = static_cast<std::size_t>(
        std::find(labels.event_types.begin(), labels.event_types.end(), kCareEntryEvent) -
        labels.event_types.begin());
    out.push_back(ratio(by_event[k], family_years));
  }
  return out;
}

}  // namespace placesim::models
