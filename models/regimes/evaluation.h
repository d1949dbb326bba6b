#pragma once
//! Emulated impact evaluations: what a before/after study, a trial, a matched
//! comparison and a payment-by-results count would have said of the families
//! an option worked with, beside the true (CRN-paired) effect on them.

#include <cstdint>
#include <memory>
#include <vector>

#include "models/family/history.h"
#include "models/family/record.h"
#include "models/scenario/scenario.h"

namespace placesim::models {

//! An empty history for a run in `role` of a scenario with an evaluation,
//! counting its results rule's events; `measured` as FamilyHistories takes.
std::shared_ptr<FamilyHistories> make_history(const Scenario& s, HistoryRole role,
                                              const std::vector<std::int16_t>& measured = {});

//! The entries an evaluation measures, from the option's history: per
//! family identity, the simulated year it first started the intervention
//! when it was there the year before and the run covers the year after;
//! -1 for every other family. The baseline keeps its history around these.
std::vector<std::int16_t> measured_entries(const FamilyHistories& option);

//! Whether the scenario's evaluation asks for design `d`.
bool evaluation_wants(const Scenario& s, Design d);

//! Evaluates the scenario's intervention from the histories of the baseline
//! (kept for the option's measured_entries()) and the option (the same
//! families, by identity; its evidence is all it reads). Every estimate is £
//! saved a family a year, a year after entry against a year before
//! (positive: a saving), over the families entering in the window; the
//! trial's is NaN until evaluate_trial().
EvaluationRecord evaluate(const Scenario& s, const FamilyHistories& baseline,
                          const FamilyHistories& option);

//! Adds the trial's estimate to `out`, from the history of the option run
//! again with families randomised away (intention to treat: the arms' costs a
//! year after randomisation), when the scenario asks for the design.
void evaluate_trial(const Scenario& s, const FamilyHistories& trial, EvaluationRecord& out);

}  // namespace placesim::models
