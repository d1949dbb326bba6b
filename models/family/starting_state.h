#pragma once
// The system as it stands on the first day (private to models/family).

#include "models/family/budgets.h"
#include "models/family/referrals.h"
#include "models/family/world.h"

namespace placesim::models::family {

//! Places the scenario's starting state: episodes under way (children in
//! care, sentences being served) as costs already committed, and caseloads
//! and waiting lists filled with families who qualify, weighted by need.
void place_starting_state(World& w, Referrals& referrals, Network& net, Budgets& budgets);

}  // namespace placesim::models::family
