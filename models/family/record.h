#pragma once
//! What one replication of one regime produces, in flat arrays.

#include <cstdint>
#include <string>
#include <vector>

#include "models/scenario/scenario.h"

namespace placesim::models {

//! A regime as run: which parameters it takes and which mechanisms are on.
struct RegimeVariant {
  std::string name;       //!< "siloed", "pooled", "pooled_only_investment", ...
  Index regime = 0;       //!< index into Scenario::regimes for its parameters
  bool pooled = false;    //!< true for any pooled variant
  Mechanisms mechanisms;  //!< the switches in force (all off for siloed)
};

//! The variants to run: siloed, pooled (if any) and, with `decompose`, pooled
//! with one mechanism on at a time.
std::vector<RegimeVariant> regime_variants(const Scenario& s, bool decompose);

//! One regime's results in one replication (appraisal years only).
struct RegimeRecord {
  std::vector<double> spend;           //!< [year][agency][category], £ real
  std::vector<double> events;          //!< [year][event type], counts
  std::vector<double> prevalence;      //!< [year][need][level], share of families at year end
  std::vector<double> families;        //!< [year], families in the place at year end
  std::vector<double> turned_around;   //!< [year], families with no high need at year end
  std::vector<double> places_bought;   //!< [year][service], places bought on top of capacity
  std::vector<double> rationing_days;  //!< [year][agency], days its thresholds were raised
  std::vector<double> wait_days;       //!< [service], mean wait in queue
  std::vector<double> utilisation;     //!< [service], busy / available place-time
  std::vector<double> turned_away;     //!< [service], referrals refused at a full queue
  double effects_displaced =
      0.0;  //!< intervention effects displaced or lost (a family holds kMaxEffects at once)
  std::uint64_t events_processed = 0;  //!< calendar events handled (for benchmarks)
  std::uint64_t peak_families = 0;     //!< most family slots in use (for memory figures)
};

//! Every regime of one replication, and the parameters it drew.
struct ReplicationRecord {
  std::vector<RegimeRecord> regimes;  //!< in the order of regime_variants
  std::vector<double> params;         //!< uncertain parameters drawn (PSA)
};

}  // namespace placesim::models
