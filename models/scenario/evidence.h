#pragma once
//! How sure the scenario is of a money value, from the source tag on its line,
//! and the Green Book optimism-bias factors that follow from it, line by line.

#include <array>
#include <cstdint>
#include <string_view>

#include "models/scenario/scenario.h"

namespace placesim::models {

//! The evidence behind a unit cost: the grade of its source tag, or drawn per
//! replication (its spread is already in the PSA).
enum class Evidence : std::uint8_t {
  verified = 0,   //!< [V]: read in the source
  secondary = 1,  //!< [S]: from a secondary source
  assumed = 2,    //!< [U], or no tag at all
  drawn = 3       //!< a distribution: quantified risk, not adjusted again
};
inline constexpr int kEvidenceKinds = 4;  //!< the values of Evidence

//! The assumptions-log tag of a value drawn from a calibration's posterior.
inline constexpr const char* kPosteriorTag = "posterior";

//! The grade of the value at `path`: the tag on the line it is written on, or
//! on the nearest enclosing key that has one (a list on one line shares its
//! line's tag); an override (`--set`) keeps the grade of the line it
//! replaces; untagged values are assumed; a value drawn from a posterior
//! (kPosteriorTag) is drawn.
Evidence graded(const Scenario& s, std::string_view path);

//! The evidence of a parameter: drawn when it is uncertain, else its grade.
Evidence evidence_of(const Scenario& s, const Param& p);

//! Per evidence kind, what an appraised cost line is multiplied by: 1 plus the
//! grade's uplift, and 1 for a drawn value.
std::array<double, kEvidenceKinds> cost_factors(const AppraisalSpec& a);

//! Per evidence kind, what an appraised benefit line is multiplied by: 1 less
//! the grade's haircut, and 1 for a drawn value.
std::array<double, kEvidenceKinds> benefit_factors(const AppraisalSpec& a);

}  // namespace placesim::models
