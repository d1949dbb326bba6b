#pragma once
//! Subgroups of families by what they brought with them: their need profile
//! when they entered (for families already there, when the appraisal window
//! opened) and the cohort they entered with. A family keeps its subgroup from
//! then on, and it is the same in every regime of a replication (the same
//! families arrive with the same needs, and the warm-up runs alike), so each
//! subgroup's spend can be compared between regimes like for like.

#include <cstddef>
#include <cstdint>

namespace placesim::models {

//! A family's need profile at entry.
enum NeedProfile : int {
  kNoNeed = 0,        //!< no need above none
  kModerateOnly = 1,  //!< some need at the moderate level, none high
  kOneHigh = 2,       //!< exactly one need at the high level
  kSeveralHigh = 3,   //!< two or more needs at the high level
  kProfiles = 4
};

//! The part of a family's own spend a subgroup account keeps.
enum SubgroupSpend : int {
  kSubgroupReactive = 0,  //!< events, episodes and the ongoing costs of its needs
  kSubgroupServices = 1,  //!< services' costs per episode it started (not places)
  kSubgroupKinds = 2
};

//! The need profile of levels[0, needs) (0 none, 1 moderate, 2 high).
NeedProfile need_profile(const std::uint8_t* levels, std::uint32_t needs);
//! Name of a profile as written in results files ("no_need", ...).
const char* need_profile_name(int profile);
//! Words for a profile, for reports.
const char* need_profile_label(int profile);

//! Entry cohorts of a window of `years` appraisal years: cohort 0 holds the
//! families already in the place when the window opens, cohort t + 1 those
//! that arrive in appraisal year t.
constexpr std::size_t entry_cohorts(int years) { return static_cast<std::size_t>(years) + 1; }

//! The subgroup (an index into [cohort][profile]) of a family.
constexpr std::uint32_t subgroup_of(std::size_t cohort, NeedProfile profile) {
  return static_cast<std::uint32_t>(cohort * kProfiles + static_cast<std::size_t>(profile));
}

}  // namespace placesim::models
