#include "models/family/ledger.h"

#include <algorithm>

namespace placesim::models {

const char* category_name(int c) {
  static const char* names[kCategories] = {
      "reactive", "reactive_cashable", "preventive", "assessment",
      "setup",    "joint_team",        "transfer"};
  return c >= 0 && c < kCategories ? names[c] : "unknown";
}

Ledger::Ledger(int years, std::size_t agencies, double year_days)
    : years_(years),
      agencies_(agencies),
      year_days_(year_days),
      data_(static_cast<std::size_t>(years) * agencies * kCategories, 0.0),
      graded_(data_.size() * kEvidenceKinds, 0.0),
      totals_(static_cast<std::size_t>(years) * agencies, 0.0) {}

void Ledger::accrue(sim::Time t0, sim::Time t1, double per_day, Index agency, int category,
                    Evidence e) {
  t1 = std::min(t1, years_ * year_days_);
  while (t0 < t1) {
    int y = year_of(t0);
    double end = std::min(t1, (y + 1) * year_days_);
    post(y, agency, category, per_day * (end - t0), e);
    t0 = end;
  }
}

}  // namespace placesim::models
