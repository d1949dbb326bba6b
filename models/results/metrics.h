#pragma once
//! Calibration metrics: the figures of one regime in one replication that
//! published targets describe (cost per family, payer shares, event rates,
//! prevalence), over the appraisal window. Their vocabulary is documented in
//! docs/results-format.md ("Metrics"); `placesim calibrate` fits to them.

#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include "models/family/record.h"
#include "models/scenario/scenario.h"

namespace placesim::models {

//! The dimension labels that name the metrics.
struct MetricLabels {
  std::vector<std::string> agencies;     //!< agency keys, in scenario order
  std::vector<std::string> event_types;  //!< event keys, in scenario order
  std::vector<std::string> needs;        //!< need keys, in scenario order
  std::size_t years = 0;                 //!< appraisal years
};

//! One replication of one regime, as the metrics read it.
struct MetricInputs {
  std::span<const double> spend_by_category;  //!< [year][agency][category], £
  std::span<const double> events;             //!< [year][event type], counts
  std::span<const double> prevalence;         //!< [year][need][level], shares at year end
  std::span<const double> families;           //!< [year], families at year end
  std::span<const double> family_years;       //!< [year], time-weighted families
};

//! The labels of a scenario's metrics.
MetricLabels metric_labels(const Scenario& s);
//! One regime's record as the metrics read it (it must outlive the view).
MetricInputs metric_inputs(const RegimeRecord& r);

//! The event whose rate per family-year is `care_rate`.
inline constexpr const char* kCareEntryEvent = "care_entry";

//! The metric names, in a fixed order: cost_per_family_year, preventive_share,
//! reactive_share, share_of_spend.<agency>..., events_per_family_year.<event>...,
//! share_with_high_need.<need>..., and care_rate when the scenario has a
//! care_entry event.
std::vector<std::string> metric_names(const MetricLabels& labels);

//! The metrics of one replication, in metric_names order. A ratio whose
//! denominator is zero (no spend, no family-years) is 0, never NaN.
std::vector<double> metric_values(const MetricLabels& labels, const MetricInputs& in);

//! The unit of a metric, as written on its dataset.
std::string metric_units(const std::string& name);

//! The index of `name` in metric_names(labels), or -1 when there is none.
std::ptrdiff_t metric_index(const MetricLabels& labels, const std::string& name);

}  // namespace placesim::models
