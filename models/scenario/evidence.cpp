#include "models/scenario/evidence.h"

#include <string>

#include "sim/io/yaml_document.h"

namespace placesim::models {

Evidence graded(const Scenario& s, std::string_view path) {
  // The longest tagged key that is the path or encloses it; "set" entries
  // only say that a line was overridden, so they do not grade it.
  // A value a posterior run draws afresh each replication (kPosteriorTag) is
  // drawn, though each replication's scenario holds it as a number.
  for (const Assumption& a : s.assumptions) {
    if (a.tag == kPosteriorTag && sim::under_path(path, a.key)) return Evidence::drawn;
  }
  std::size_t best = 0;
  Evidence out = Evidence::assumed;
  for (const Assumption& a : s.assumptions) {
    if (a.tag.size() != 1 || a.key.size() <= best || !sim::under_path(path, a.key)) continue;
    best = a.key.size();
    out = a.tag == "V"   ? Evidence::verified
          : a.tag == "S" ? Evidence::secondary
                         : Evidence::assumed;
  }
  return out;
}

Evidence evidence_of(const Scenario& s, const Param& p) {
  return p.uncertain() ? Evidence::drawn : graded(s, p.path);
}

std::array<double, kEvidenceKinds> cost_factors(const AppraisalSpec& a) {
  const auto& u = a.optimism_costs;
  return {1.0 + u[0], 1.0 + u[1], 1.0 + u[2], 1.0};
}

std::array<double, kEvidenceKinds> benefit_factors(const AppraisalSpec& a) {
  const auto& h = a.optimism_benefits;
  return {1.0 - h[0], 1.0 - h[1], 1.0 - h[2], 1.0};
}

}  // namespace placesim::models
