#include "models/family/ledger.h"

#include <algorithm>

namespace placesim::models {

const char* category_name(int c) {
  static const char* names[kCategories] = {
      "reactive", "reactive_cashable", "preventive", "assessment",
      "setup",    "joint_team",        "transfer"};
  return c >= 0 && c < kCategories ? names[c] : "unknown";
}

Ledger::Ledger(int years, std::size_t agencies, double year_days, std::size_t groups,
               std::size_t needs)
    : years_(years),
      agencies_(agencies),
      groups_(groups),
      needs_(needs),
      year_days_(year_days),
      data_(static_cast<std::size_t>(years) * agencies * kCategories, 0.0),
      graded_(data_.size() * kEvidenceKinds, 0.0),
      totals_(static_cast<std::size_t>(years) * agencies, 0.0),
      by_group_(static_cast<std::size_t>(years) * groups * kSubgroupKinds, 0.0),
      need_days_(static_cast<std::size_t>(years) * needs * 2, 0.0) {}

void Ledger::accrue(sim::Time t0, sim::Time t1, double per_day, Index agency, int category,
                    Evidence e) {
  spread(t0, t1, [&](int y, double days) { post(y, agency, category, per_day * days, e); });
}

void Ledger::accrue_group(sim::Time t0, sim::Time t1, double per_day, std::uint32_t group,
                          int kind) {
  spread(t0, t1, [&](int y, double days) { post_group(y, group, kind, per_day * days); });
}

}  // namespace placesim::models
