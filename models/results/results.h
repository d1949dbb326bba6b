#pragma once
//! The results of a run, as written to (and read back from) a results file.
//! The file layout is documented in docs/results-format.md.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "models/appraisal/appraisal.h"
#include "models/family/record.h"
#include "models/results/metrics.h"
#include "models/scenario/scenario.h"

namespace placesim::models {

inline constexpr const char* kResultsFiletype = "placesim-results";  //!< root attribute filetype
inline constexpr std::int64_t kResultsFormatVersion = 9;  //!< bumped on any layout change

//! One regime's arrays over replications (replication is the first index).
struct RegimeArrays {
  std::string name;                       //!< "siloed", "pooled", ...
  std::vector<double> spend_by_category;  //!< [rep][year][agency][category], £
  std::vector<double> events;             //!< [rep][year][event type], counts
  std::vector<double> wait_days;          //!< [rep][service], mean wait in queue
  std::vector<double> utilisation;        //!< [rep][service]
  std::vector<double> turned_away;        //!< [rep][service], referrals refused
  std::vector<double> places_bought;      //!< [rep][year][service]
  std::vector<double> rationing_days;     //!< [rep][year][agency]
  std::vector<double> overspend;          //!< [rep][year][agency], £ beyond the budget
  std::vector<double> prevalence;         //!< [rep][year][need][level], shares
  std::vector<double> need_years;         //!< [rep][year][need][moderate, high], family-years
  std::vector<double> social_cost;        //!< [rep][year], need_years at their social cost
  std::vector<double> families;           //!< [rep][year], at year end
  std::vector<double> family_years;       //!< [rep][year], families present, time-weighted
  std::vector<double> turned_around;      //!< [rep][year], no high need
  std::vector<double> worked_with;        //!< [rep][year], families that started an intervention
  //! [rep][year][entry cohort][need profile][spend kind]: families' own spend by subgroup
  std::vector<double> subgroup_spend;
  std::vector<double> subgroup_families;     //!< [rep][entry cohort][need profile], in the window
  std::vector<double> subgroup_worked_with;  //!< [rep][entry cohort][need profile], of them
  std::vector<double> paid_for_results;      //!< [rep][year], families paid for as turned around
  std::vector<double> unmet;  //!< [rep][year], referrals refused, lost or rationed away
  std::vector<double>
      effects_displaced;  //!< [rep], effects displaced or lost (over kMaxEffects interventions)
  std::vector<double> metrics;  //!< [rep][metric], in Results::metrics order
};

//! What the emulated evaluations found, per replication (/evaluation).
struct EvaluationArrays {
  std::string intervention;           //!< the intervention evaluated
  std::string option;                 //!< whose families
  std::vector<std::string> designs;   //!< before_after, rct, matched, true_effect
  std::vector<std::string> asked;     //!< the designs the scenario asked for (the others are NaN)
  std::vector<double> estimate;       //!< [rep][design] £ saved a family a year
  std::vector<double> families;       //!< [rep] families measured
  std::vector<double> turned_around;  //!< [rep] share the results rule counts
  std::vector<double> turned_around_baseline;  //!< [rep] share meeting it in the baseline
  bool has_rule = false;                       //!< the scenario states a results rule
};

//! The name of a design as written in scenarios and outputs.
const char* design_name(Design d);
//! Design d's estimates in replication order, leaving out the replications
//! in which it found none (NaN in EvaluationArrays::estimate).
std::vector<double> design_estimates(const EvaluationArrays& e, std::size_t d);
//! Why design d found no estimate in replication rep.
const char* why_no_estimate(const EvaluationArrays& e, std::size_t d, std::uint64_t rep);
//! Why design d found no estimate in the replications without one: the
//! reason of each, or "" when it found one in every replication.
std::string why_no_estimates(const EvaluationArrays& e, std::size_t d);
//! True when the scenario asked for design d (EvaluationArrays::asked).
bool design_asked(const EvaluationArrays& e, std::size_t d);
//! The designs the scenario text asks for (its evaluation block's `designs`,
//! else every design); nothing when the text cannot be read.
std::optional<std::vector<std::string>> designs_asked(const std::string& scenario_yaml);

//! What the figures may and may not be used for (the Aqua Book's limits of
//! use), in every results file's manifest.
inline constexpr const char* kLimitsOfUse =
    "placesim simulates families with complex needs under budget regimes. Its figures rest on "
    "the scenario's values, many of them assumed (tag U in the assumptions log); they are not "
    "forecasts for any place. Read them as distributions, after optimism bias, beside the "
    "assumptions that drive them (placesim switch, run --decompose), never as one number.";

//! Everything a results file holds.
struct Results {
  std::string scenario_name;            //!< the scenario's title
  std::string scenario_yaml;            //!< effective scenario text (overrides applied)
  std::string source;                   //!< where the scenario came from
  std::string posterior;                //!< the posterior file drawn from (run --posterior)
  std::string placesim_version;         //!< program version that wrote it
  std::string created;                  //!< ISO 8601 UTC time of writing
  std::string price_base;               //!< e.g. "2011/12"
  std::string deflator;                 //!< where the GDP deflator came from
  std::vector<double> price_index;      //!< [year] cash £ per real £; NaN: no deflator
  std::uint64_t seed = 0;               //!< master seed
  std::uint64_t replications = 0;       //!< replications run
  std::vector<Assumption> assumptions;  //!< the assumptions log (/provenance/assumptions)
  std::vector<std::string> agencies, years, event_types, services, needs, levels,
      categories;                        //!< dimension labels
  std::vector<std::string> parameters;   //!< key paths of the uncertain parameters
  std::vector<double> parameters_drawn;  //!< [rep][parameter]
  std::vector<std::string> metrics;      //!< calibration metric names (metrics.h)
  std::vector<RegimeArrays> runs;        //!< every regime, the baseline first
  std::vector<Appraisal> options;        //!< every option against the baseline, in regime order
  std::optional<Appraisal> appraisal;    //!< the main option (pooled, else the first): /appraisal
  std::optional<EvaluationArrays> evaluation;  //!< with an evaluation block: /evaluation
  //! The arrays of /runs and the appraisals' per-replication figures went
  //! to the results file as the run went (ResultsBuilder::stream_to). Of
  //! /runs only what the run's warnings read is here: the baseline's spend
  //! in the first year ([rep][1][agency][category]), families and
  //! utilisation, and every regime's effects_displaced. Of each appraisal's
  //! per-replication figures, only npv, npv_adjusted, siloed_pv, pooled_pv,
  //! the claims' and the Shapley values. Read the file for the rest.
  bool streamed = false;

  //! [rep][year][agency] total spend of run g (all categories).
  [[nodiscard]] std::vector<double> spend(std::size_t g) const;
  //! The labels that name the calibration metrics.
  [[nodiscard]] MetricLabels metric_labels() const;
  //! Replication `rep` of run g as the metrics read it.
  [[nodiscard]] MetricInputs metric_inputs(std::size_t g, std::size_t rep) const;
  //! Number of appraisal years.
  [[nodiscard]] std::size_t year_count() const { return years.size(); }
};

//! Gathers a run's records and appraises every option against the baseline
//! (ResultsBuilder, results_builder.h, does it a record at a time).
Results collect_results(const Scenario& s, const std::vector<ReplicationRecord>& records,
                        std::uint64_t seed, const std::string& version);

//! Computes every run's calibration metrics from its arrays (metrics.h).
void fill_metrics(Results& r);

//! Refuses results with a number that is not finite where every number must
//! be (spend, events, NPV): throws std::runtime_error naming the dataset.
void check_finite(const Results& r);
//! Throws the check_finite error for `what` when a value of v is not finite.
void check_finite_values(std::span<const double> v, const std::string& what);
//! Warnings about a finished run a reader should see (one line each).
std::vector<std::string> run_warnings(const Results& r);

//! Writes the results file to `tmp`, a temporary claimed from an OutputSet
//! (which renames it into place once every output of the command is written).
void write_results_h5(const Results& r, const std::filesystem::path& tmp);
//! Reads a results file, checking its type and version.
Results read_results_h5(const std::string& path);

//! Per entry of the assumptions log, the best rank in the headline option's
//! PSA tornado (1: moves the NPV most) among the drawn parameters it sets, the
//! entry's key being the parameter's path, inside it or around it; 0 when it
//! sets none, or there is no tornado.
std::vector<std::size_t> tornado_ranks(const Results& r);
//! (Re)computes every option's partial EVPI by parameter group from its
//! tornado, the draws and the parameters' names (once all are known: a
//! posterior run names its fitted columns after collect_results).
void add_group_evppi(Results& r);
//! The parameter groups of the results file's /dims/parameter_groups: the
//! headline option's (else the first option's with a tornado), or none.
std::vector<std::string> parameter_groups(const Results& r);

//! True when an assumption at key path `key` sets the drawn `parameter`: the
//! same path, one inside the other's mapping, or one that holds it.
bool sets_parameter(const std::string& key, const std::string& parameter);

}  // namespace placesim::models
