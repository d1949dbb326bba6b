#pragma once
//! What one replication of one regime produces, in flat arrays.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "models/family/history.h"
#include "models/scenario/scenario.h"

namespace placesim::models {

//! One regime's results in one replication (appraisal years only).
struct RegimeRecord {
  std::vector<double> spend;  //!< [year][agency][category], £ real
  //! [year][agency][category][evidence]: spend by the evidence behind its
  //! unit cost (models/scenario/evidence.h); emptied once the replication's
  //! savings after optimism bias are worked out.
  std::vector<double> spend_graded;
  std::vector<double> events;         //!< [year][event type], counts
  std::vector<double> prevalence;     //!< [year][need][level], share of families at year end
  std::vector<double> need_years;     //!< [year][need][moderate, high], family-years lived with it
  std::vector<double> social_cost;    //!< [year], need_years at each need's social cost (drawn)
  std::vector<double> families;       //!< [year], families in the place at year end
  std::vector<double> family_years;   //!< [year], families in the place, time-weighted
  std::vector<double> turned_around;  //!< [year], families with no high need at year end
  std::vector<double> worked_with;    //!< [year], families that started an intervention
  //! [year][cohort][profile][kind]: families' own spend by their subgroup
  //! (models/family/subgroups.h); spend on no family (places, set-up) is in none.
  std::vector<double> subgroup_spend;
  std::vector<double> subgroup_families;  //!< [cohort][profile], families in the window
  std::vector<double> subgroup_worked;    //!< [cohort][profile], of them, started an intervention
  std::vector<double> paid_for_results;   //!< [year], families paid for as turned around
  std::vector<double> unmet;              //!< [year], referrals refused, lost or rationed away
  std::vector<double> places_bought;      //!< [year][service], places bought on top of capacity
  std::vector<double> rationing_days;     //!< [year][agency], days its thresholds were raised
  std::vector<double> overspend;          //!< [year][agency], £ committed beyond its budget
  std::vector<double> wait_days;          //!< [service], mean wait in queue
  std::vector<double> utilisation;        //!< [service], busy / available place-time
  std::vector<double> turned_away;        //!< [service], referrals refused at a full queue
  double effects_displaced =
      0.0;  //!< effects displaced or lost (more interventions than kMaxEffects)
  std::uint64_t events_processed = 0;  //!< calendar events handled (for benchmarks)
  std::uint64_t peak_families = 0;     //!< most family slots in use (for memory figures)
  std::shared_ptr<const FamilyHistories> history;  //!< per-family histories, when kept
};

//! An option's saving in one replication, attributed to its mechanisms.
struct Decomposition {
  std::vector<double> shapley;  //!< [mechanism] Shapley value of its NPV (kAllMechanisms order)
  std::vector<double> alone;    //!< [mechanism] NPV of the option with only this mechanism on
  bool sampled = false;         //!< estimated from sampled orders of the mechanisms
  int subsets = 0;              //!< regimes run to value them (with the baseline and the option)
};

//! What the emulated evaluations of one replication found.
struct EvaluationRecord {
  std::vector<double> estimate;  //!< [design] £ saved a family a year (NaN: not asked for, or none)
  double families = 0.0;         //!< families worked with that the designs measure
  double turned_around = 0.0;    //!< share of them the results rule counts as turned around
  double turned_around_baseline = 0.0;  //!< share of the same families that meet it in the baseline
  std::vector<double> entered;          //!< [appraisal year] families measured, by year of entry
  std::vector<double> before_after;     //!< [appraisal year] their before-after saving, summed
};

//! Every regime of one replication, and the parameters it drew.
struct ReplicationRecord {
  std::vector<RegimeRecord> regimes;  //!< one per scenario regime, the baseline first
  std::vector<double> params;         //!< uncertain parameters drawn (PSA)
  std::vector<Decomposition>
      decomposition;  //!< [option], when asked for (option o is regime o + 1)
  std::optional<EvaluationRecord> evaluation;  //!< when the scenario emulates evaluations
  //! [regime][year][agency][group][evidence]: each option's saving against the
  //! baseline by the evidence behind it (models/appraisal/optimism.h; the baseline's is empty).
  std::vector<std::vector<double>> saving_graded;
  //! [year][evidence]: the baseline's reactive spend by the evidence behind
  //! its unit costs (the weights of a before/after claim's optimism bias).
  std::vector<double> reactive_graded;
  //! Calendar events of its runs besides the regimes': the trial's and the
  //! decomposition's (for the rate a run reports).
  std::uint64_t events_other = 0;
};

//! Calendar events of every run of a replication.
inline std::uint64_t events_of(const ReplicationRecord& r) {
  std::uint64_t n = r.events_other;
  for (const RegimeRecord& g : r.regimes) n += g.events_processed;
  return n;
}

}  // namespace placesim::models
