#pragma once
//! What the evaluation reads of the evaluated option's run: need profiles as
//! numbers, whether counts meet a results rule, and the entries measured
//! with their costs and counts (OptionEvidence, which FamilyHistories folds
//! as the option's years close: models/family/history.h).

#include <cstddef>
#include <cstdint>
#include <vector>

#include "models/scenario/scenario.h"

namespace placesim::models {

//! A family's need profile as a number: its levels in base 3, need by need,
//! so families with the same number have the same profile (exact for every
//! need a scenario may have).
using ProfileCode = std::uint64_t;
//! How many need profiles `needs` needs make (3 to the power `needs`).
constexpr ProfileCode profiles_of(std::size_t needs) {
  ProfileCode n = 1;
  for (std::size_t d = 0; d < needs; ++d) n *= kLevels;
  return n;
}
static_assert(kMaxNeeds <= 40, "3^40 is the last power of 3 below 2^64: profiles_of would wrap");
static_assert(profiles_of(kMaxNeeds) < ~ProfileCode{0}, "every profile has a code, none is kNone");
static_assert(profiles_of(10) < 0xffff, "ten needs' profiles fit the 16-bit store");
//! The code of a family's need levels (`needs` of them, each 0 to 2).
ProfileCode profile_code_of(const std::uint8_t* levels, std::size_t needs);

//! True when a family's counts meet a results rule: each event's count fell
//! by its share from `before` to `after` (a count of zero must stay zero),
//! for every event or for any one, as the rule says. Counts are in the order
//! of the rule's falls.
bool meets_rule(const ResultsRule& rule, const std::uint16_t* before, const std::uint16_t* after);

//! What the evaluation reads of the option's run, folded in as its years
//! close (FamilyHistories::close_year), so the option need not keep every
//! year of every family it has seen.
struct OptionEvidence {
  //! A family whose entry the evaluation measures: it entered the
  //! intervention in `year`, was there the year before, and the run covers
  //! the year after.
  struct Entry {
    std::uint64_t uid = 0;  //!< the family's identity
    int year = 0;           //!< its entry year (simulated)
    float before = 0.0f;    //!< its reactive cost in year - 1, as the history kept it
    float after = 0.0f;     //!< and in year + 1
    //! The matched comparison's mean of cost in year - 1 less cost in year + 1
    //! over the families not treated by year + 1 with its need profile at the
    //! start of its entry year, there since the start of year - 1 (summed in
    //! identity order); NaN when there are none.
    double matched = 0.0;
  };
  static_assert(sizeof(Entry) == 32, "an entry measured is 32 bytes");
  std::vector<Entry> entries;  //!< by entry year, then identity
  //! The rule's counts of each entry's year before and year after: entry i's
  //! are [2i * counted, (2i + 1) * counted) and the next `counted`.
  std::vector<std::uint16_t> counts;
};

}  // namespace placesim::models
