#pragma once
//! An option's saving by subgroups of families: by their need profile when
//! they entered (or when the window opened) and by the cohort they entered
//! with. The saving on a family's own spend: its reactive spend avoided less
//! its services' costs per episode. The rest of the NPV (every service's
//! places, prevention's included, which cost the same whoever fills them;
//! set-up; the starting state's episodes) attaches to no family and is its
//! own row: a subgroup's row is not net of the prevention it received.

#include <string>
#include <vector>

#include "models/results/results.h"

namespace placesim::models {

//! One subgroup's share of an option's NPV (before optimism bias), per replication.
struct SubgroupSaving {
  std::string dimension;            //!< "need_profile", "entry_cohort", or "not_attributed"
  std::string key;                  //!< as in /dims: "one_high", "before_window", "2014/15", ...
  std::string label;                //!< words for reports
  std::vector<double> families;     //!< [rep] families in the window (both regimes alike)
  std::vector<double> worked_with;  //!< [rep] of them, started an intervention (option)
  std::vector<double> reactive_avoided;  //!< [rep] baseline less option reactive spend, PV
  std::vector<double> services_added;    //!< [rep] option less baseline per-episode costs, PV
  std::vector<double> net;               //!< [rep] reactive_avoided less services_added
  //! [rep] net per family in the subgroup (NaN where it has none).
  [[nodiscard]] std::vector<double> per_family() const;
};

//! The rows of option `ap`: one per need profile, one per entry cohort, then
//! the part of the NPV no family carries. The rows of either dimension with
//! the last add up to the NPV in every replication.
std::vector<SubgroupSaving> subgroup_savings(const Results& r, const Appraisal& ap);

}  // namespace placesim::models
