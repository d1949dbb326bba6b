#pragma once
//! From a scenario's regimes and a set of mechanisms to the plain rules a
//! family simulation runs under. The one place that knows what each
//! mechanism changes: with no mechanism on, an option's rules are the
//! baseline's exactly.

#include "models/family/rules.h"
#include "models/scenario/mechanism.h"

namespace placesim::models {

//! The baseline's rules: every agency alone, its own pot, view and horizon.
RegimeRules baseline_rules(const Scenario& s);
//! The rules of regime `regime` (an option) with only the mechanisms in `on`;
//! for the baseline regime, the baseline's rules.
RegimeRules option_rules(const Scenario& s, Index regime, MechanismSet on);
//! The mechanisms of an option that change its rules from the baseline's on
//! their own: the others make no difference (their Shapley value is zero).
MechanismSet mechanisms_in_play(const Scenario& s, Index regime);

}  // namespace placesim::models
