#include "models/scenario/scenario.h"

#include <algorithm>
#include <cstdio>
#include <tuple>

namespace placesim::models {

std::vector<std::pair<int, double>> green_book_bands() {
  return {{0, 0.035}, {31, 0.030}, {76, 0.025}, {126, 0.020}, {201, 0.015}, {301, 0.010}};
}

std::size_t Scenario::interventions() const {
  return static_cast<std::size_t>(
      std::count_if(services.begin(), services.end(),
                    [](const ServiceSpec& sv) { return sv.kind == ServiceKind::intervention; }));
}

Index Scenario::main_option() const {
  for (Index g = 1; g < regimes.size(); ++g) {
    if (regimes[g].key == "pooled") return g;
  }
  return regimes.size() > 1 ? 1 : kNoIndex;
}

std::string Scenario::year_label(int t) const {
  int y = start_year + t;
  char buf[16];
  std::snprintf(buf, sizeof buf, "%d/%02d", y, (y + 1) % 100);
  return buf;
}

bool Scenario::same_model(const Scenario& o) const {
  auto tie = [](const Scenario& s) {
    return std::tie(s.name, s.description, s.start_year, s.years, s.warmup_years, s.price_base_year,
                    s.deflator_source, s.price_index, s.replications, s.seed, s.agencies,
                    s.need_correlation, s.unmet_days, s.targeting_accuracy, s.needs, s.families,
                    s.leave_per_year, s.arrivals, s.events, s.services, s.initial_services,
                    s.initial_episodes, s.regimes, s.appraisal, s.business_case_label, s.claims,
                    s.evaluation);
  };
  return tie(*this) == tie(o);
}

}  // namespace placesim::models
