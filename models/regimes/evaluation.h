#pragma once
//! Emulated impact evaluations: what a before/after study, a trial, a matched
//! comparison and a payment-by-results count would have said of the families
//! an option worked with, beside the true (CRN-paired) effect on them.

#include "models/family/history.h"
#include "models/family/record.h"
#include "models/scenario/scenario.h"

namespace placesim::models {

//! Evaluates the scenario's intervention from the histories of the baseline
//! and the option (the same families, by identity) and, for a trial, of the
//! option run again with families randomised away (nullptr: no trial). Every
//! estimate is £ saved a family a year, a year after entry against a year
//! before (positive: a saving), over the families entering in the window.
EvaluationRecord evaluate(const Scenario& s, const FamilyHistories& baseline,
                          const FamilyHistories& option, const FamilyHistories* trial);

}  // namespace placesim::models
