#pragma once
//! What happens to families under each regime, beside the money: the
//! measures the summary, the CSV and the report show, per replication.

#include <string>
#include <vector>

#include "models/results/results.h"

namespace placesim::models {

//! One outcome measure of one regime.
struct OutcomeMeasure {
  std::string key;          //!< e.g. "events_per_family"
  std::string label;        //!< e.g. "Events per family a year"
  bool higher_is_better;    //!< whether more of it is good for families
  std::vector<double> rep;  //!< [rep] over the appraisal window
};

//! The outcome measures of run g, in a fixed order: events per family a
//! year, share of families with no high need at year end, families worked
//! with a year, unmet referrals a year.
std::vector<OutcomeMeasure> outcome_measures(const Results& r, std::size_t g);

//! The option's NPV after optimism bias per family it worked with (that
//! started an intervention) over the appraisal window, [rep]; NaN in a
//! replication where it worked with none.
std::vector<double> npv_per_family_worked_with(const Results& r, const Appraisal& ap);

//! Events per family a year by event type: [rep][event type].
std::vector<double> events_per_family_by_type(const Results& r, std::size_t g);

}  // namespace placesim::models
