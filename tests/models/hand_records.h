#pragma once
// Records written by hand for appraisal tests: their spend booked as if every
// line had one grade of evidence, then settled as a replication would be.
#include "models/appraisal/optimism.h"
#include "models/family/ledger.h"

namespace placesim::models {

inline void settle_as(const Scenario& s, ReplicationRecord& rec, Evidence e) {
  for (RegimeRecord& r : rec.regimes) {
    r.spend_graded.assign(r.spend.size() * kEvidenceKinds, 0.0);
    for (std::size_t i = 0; i < r.spend.size(); ++i)
      r.spend_graded[i * kEvidenceKinds + static_cast<std::size_t>(e)] = r.spend[i];
  }
  settle_optimism(s, rec);
}

}  // namespace placesim::models
