#include "models/appraisal/optimism.h"

#include <stdexcept>

#include "models/family/ledger.h"

namespace placesim::models {
namespace {

// Where a group's part of evidence `e` lies in one [year][agency] block of
// ReplicationRecord::saving_graded.
constexpr std::size_t graded_index(int group, std::size_t e) {
  return static_cast<std::size_t>(group) * kEvidenceKinds + e;
}

}  // namespace

int saving_group(int category) {
  switch (category) {
    case kPreventive:
    case kSetup:
    case kJointTeam:
      return kCostGroup;
    case kReactive:
    case kAssessment:
      return kBenefitGroup;
    case kReactiveCashable:
      return kCashableGroup;
    default:
      return -1;
  }
}

void add_graded_saving(const std::vector<double>& graded, std::size_t year, std::size_t agency,
                       std::size_t agencies, double df, bool cashable_only, GradedSaving& costs,
                       GradedSaving& benefits) {
  const double* g = &graded[(year * agencies + agency) * kSavingGroups * kEvidenceKinds];
  for (std::size_t e = 0; e < kEvidenceKinds; ++e) {
    costs[e] += df * g[graded_index(kCostGroup, e)];
    benefits[e] += df * ((cashable_only ? 0.0 : g[graded_index(kBenefitGroup, e)]) +
                         g[graded_index(kCashableGroup, e)]);
  }
}

double after_optimism(const AppraisalSpec& a, const GradedSaving& saving) {
  const GradedSaving raise = cost_factors(a), keep = benefit_factors(a);
  double out = 0.0;
  for (std::size_t e = 0; e < kEvidenceKinds; ++e)
    out += saving[e] * (saving[e] < 0.0 ? raise[e] : keep[e]);
  return out;
}

void settle_optimism(const Scenario& s, ReplicationRecord& rec) {
  const std::size_t cells = static_cast<std::size_t>(s.years) * s.agencies.size();
  for (const RegimeRecord& r : rec.regimes) {
    if (r.spend_graded.size() != cells * kCategories * kEvidenceKinds)
      throw std::logic_error("a regime's record has no spend by evidence");
  }
  const RegimeRecord& base = rec.regimes[0];
  rec.saving_graded.assign(rec.regimes.size(), {});
  for (std::size_t g = 1; g < rec.regimes.size(); ++g) {
    std::vector<double>& out = rec.saving_graded[g];
    out.assign(cells * kSavingGroups * kEvidenceKinds, 0.0);
    for (std::size_t i = 0; i < cells * kCategories; ++i) {
      const int group = saving_group(static_cast<int>(i % kCategories));
      if (group < 0) continue;
      const std::size_t to =
          (i / kCategories * kSavingGroups + static_cast<std::size_t>(group)) * kEvidenceKinds;
      for (std::size_t e = 0; e < kEvidenceKinds; ++e)
        out[to + e] += base.spend_graded[i * kEvidenceKinds + e] -
                       rec.regimes[g].spend_graded[i * kEvidenceKinds + e];
    }
  }
  const std::size_t per_year = s.agencies.size() * kCategories;
  rec.reactive_graded.assign(static_cast<std::size_t>(s.years) * kEvidenceKinds, 0.0);
  for (std::size_t i = 0; i < cells * kCategories; ++i) {
    const auto c = static_cast<int>(i % kCategories);
    if (c != kReactive && c != kReactiveCashable) continue;
    for (std::size_t e = 0; e < kEvidenceKinds; ++e)
      rec.reactive_graded[i / per_year * kEvidenceKinds + e] +=
          base.spend_graded[i * kEvidenceKinds + e];
  }
  for (RegimeRecord& r : rec.regimes) std::vector<double>().swap(r.spend_graded);
}

}  // namespace placesim::models
