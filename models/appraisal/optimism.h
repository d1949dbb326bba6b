#pragma once
//! Green Book optimism bias line by line: an option's saving against the
//! baseline, kept by the grade of the evidence behind each unit cost, and the
//! rule that adjusts it.

#include <array>
#include <vector>

#include "models/family/record.h"
#include "models/scenario/evidence.h"

namespace placesim::models {

//! What an option's saving is split into, for optimism bias.
enum SavingGroup : int {
  kCostGroup = 0,      //!< prevention, set-up and the joint team (a cost)
  kBenefitGroup = 1,   //!< reactive spend not cashable, and own assessment teams
  kCashableGroup = 2,  //!< reactive spend, the cashable part (a benefit too)
  kSavingGroups = 3
};

//! The group of a spend category (-1: transfers, which no bias touches).
int saving_group(int category);

//! A saving kept by evidence: [evidence].
using GradedSaving = std::array<double, kEvidenceKinds>;

//! Adds an option's saving in one year by one agency (its saving_graded),
//! times `df`, to its costs' and its benefits' savings by evidence; of the
//! benefits only the cashable part when `cashable_only`.
void add_graded_saving(const std::vector<double>& graded, std::size_t year, std::size_t agency,
                       std::size_t agencies, double df, bool cashable_only, GradedSaving& costs,
                       GradedSaving& benefits);

//! A saving after optimism bias: of each grade's part, spend the option adds
//! (a negative saving) is raised by the cost uplift for the grade and spend it
//! avoids is cut by the benefit haircut for the grade, so the bias never
//! flatters the option; drawn unit costs (their risk is in the PSA) as they are.
double after_optimism(const AppraisalSpec& a, const GradedSaving& saving);

//! Works out, into `rec`, each option's saving against the baseline by year,
//! agency, group and evidence, and the baseline's reactive spend by year and
//! evidence (the weights of a before/after claim's bias); then empties the
//! regimes' spend by evidence, which nothing else needs.
void settle_optimism(const Scenario& s, ReplicationRecord& rec);

}  // namespace placesim::models
