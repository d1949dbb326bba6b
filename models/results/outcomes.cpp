#include "models/results/outcomes.h"

#include <limits>

namespace placesim::models {

std::vector<OutcomeMeasure> outcome_measures(const Results& r, std::size_t g) {
  const RegimeArrays& a = r.runs[g];
  const std::size_t R = r.replications, Y = r.year_count(), E = r.event_types.size();
  std::vector<OutcomeMeasure> out = {
      {"events_per_family", "Events per family a year", false, {}},
      {"no_high_need", "Families with no high need (share)", true, {}},
      {"worked_with", "Families starting an intervention a year", true, {}},
      {"unmet", "Referrals refused, lost or rationed away a year", false, {}},
  };
  // Shown only where some regime pays by results: elsewhere it is 0 everywhere.
  bool paying = false;
  for (const RegimeArrays& x : r.runs) {
    for (double v : x.paid_for_results) paying = paying || v != 0.0;
  }
  if (paying)
    out.push_back({"paid_for_results", "Families paid for as turned around a year", true, {}});
  for (std::size_t rep = 0; rep < R; ++rep) {
    double events = 0.0, family_years = 0.0, year_end = 0.0, no_high = 0.0, worked = 0.0,
           unmet = 0.0, paid = 0.0;
    for (std::size_t t = 0; t < Y; ++t) {
      for (std::size_t k = 0; k < E; ++k) events += a.events[(rep * Y + t) * E + k];
      family_years += a.family_years[rep * Y + t];  // events accrue over time
      year_end += a.families[rep * Y + t];          // need levels are counted at year end
      no_high += a.turned_around[rep * Y + t];
      worked += a.worked_with[rep * Y + t];
      unmet += a.unmet[rep * Y + t];
      if (paying) paid += a.paid_for_results[rep * Y + t];
    }
    const double years = static_cast<double>(Y);
    out[0].rep.push_back(family_years > 0 ? events / family_years : 0.0);
    out[1].rep.push_back(year_end > 0 ? no_high / year_end : 0.0);
    out[2].rep.push_back(Y ? worked / years : 0.0);
    out[3].rep.push_back(Y ? unmet / years : 0.0);
    if (paying) out[4].rep.push_back(Y ? paid / years : 0.0);
  }
  return out;
}

std::vector<double> npv_per_family_worked_with(const Results& r, const Appraisal& ap) {
  const std::size_t Y = r.year_count();
  std::vector<double> out(ap.reps, std::numeric_limits<double>::quiet_NaN());
  for (const RegimeArrays& a : r.runs) {
    if (a.name != ap.option) continue;
    for (std::size_t rep = 0; rep < ap.reps && rep < r.replications; ++rep) {
      double worked = 0.0;
      for (std::size_t t = 0; t < Y; ++t) worked += a.worked_with[rep * Y + t];
      if (worked > 0.0) out[rep] = ap.npv_adjusted[rep] / worked;
    }
  }
  return out;
}

std::vector<double> events_per_family_by_type(const Results& r, std::size_t g) {
  const RegimeArrays& a = r.runs[g];
  const std::size_t R = r.replications, Y = r.year_count(), E = r.event_types.size();
  std::vector<double> out(R * E, 0.0);
  for (std::size_t rep = 0; rep < R; ++rep) {
    double family_years = 0.0;
    for (std::size_t t = 0; t < Y; ++t) family_years += a.family_years[rep * Y + t];
    for (std::size_t k = 0; k < E; ++k) {
      double n = 0.0;
      for (std::size_t t = 0; t < Y; ++t) n += a.events[(rep * Y + t) * E + k];
      out[rep * E + k] = family_years > 0 ? n / family_years : 0.0;
    }
  }
  return out;
}

}  // namespace placesim::models
