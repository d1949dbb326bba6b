#pragma once
// Running small scenarios for the family model's tests.

#include <string>
#include <vector>

#include "models/family/ledger.h"
#include "models/regimes/replication.h"
#include "models/scenario/load.h"

namespace placesim::test {

inline constexpr double kYear = 365.25;  //!< days in a model year

//! Replications [0, reps) of every regime of a scenario given as text.
inline std::vector<models::ReplicationRecord> run(const std::string& text, std::size_t reps,
                                                  std::uint64_t seed = 11) {
  models::Scenario s = models::load_scenario_text(text, "test.yaml").scenario;
  return models::run_replications(s, {}, seed, 0, reps, 2);
}

//! Spend of agency a in appraisal year t of a regime, all categories.
inline double spend(const models::RegimeRecord& r, std::size_t agencies, int t, std::size_t a = 0) {
  double v = 0.0;
  for (int c = 0; c < models::kCategories; ++c)
    v += r.spend[(static_cast<std::size_t>(t) * agencies + a) * models::kCategories +
                 static_cast<std::size_t>(c)];
  return v;
}

}  // namespace placesim::test
