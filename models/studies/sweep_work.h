#pragma once
//! A sweep ready to run: every point's scenario checked and loaded, and the
//! work cut into (point, replication) units that can run in any order.

#include <cstdint>
#include <string>
#include <vector>

#include "models/family/record.h"
#include "models/scenario/scenario.h"
#include "models/studies/sweep_design.h"

namespace placesim::models {

//! What one (point, replication) unit produces.
struct UnitResult {
  std::uint64_t unit = 0;        //!< point * replications + replication
  std::vector<double> measures;  //!< one value per measure name
  std::vector<double> detail;    //!< net saving [year][agency], when asked for
};

//! Everything needed to compute any unit.
struct SweepWork {
  SweepSpec spec;                            //!< the sweep file
  SweepPlan plan;                            //!< its points
  std::vector<Scenario> scenarios;           //!< one per point
  std::vector<std::string> measures;         //!< names of the per-unit measures
  std::vector<std::string> years, agencies;  //!< labels shared by every point
  std::uint64_t hash = 0;                    //!< identity of the sweep, for shards and checkpoints

  //! Number of units: points times replications.
  [[nodiscard]] std::uint64_t units() const { return plan.values.size() * spec.replications; }
  //! Size of a unit's detail block (0 unless per_replication).
  [[nodiscard]] std::size_t detail_size() const {
    return spec.per_replication ? years.size() * agencies.size() : 0;
  }
  //! Runs one unit (a pure function of the unit index).
  [[nodiscard]] UnitResult compute(std::uint64_t unit) const;
};

//! Loads every point's scenario; throws InputError listing the problems of
//! any point, blamed on the sweep parameter that caused them.
SweepWork prepare_sweep(const SweepSpec& spec);

}  // namespace placesim::models
