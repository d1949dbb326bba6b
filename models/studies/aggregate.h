#pragma once
//! A region's or the country's total from places: each place run with its own
//! seed and, in every replication, its own draw of the between-place effects;
//! the places' NPVs added and scaled up by their measure (families,
//! population or spend) to the total, beside the naive figure of one place
//! scaled up alone, as the 2013 aggregation did.

#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "models/studies/aggregate_spec.h"
#include "sim/parallel/mpi.h"
#include "sim/stats/summary.h"

namespace placesim::models {

//! An aggregate's inputs and, per replication, its figures (£ PV, real, at
//! 1 April of the base year, option against baseline, each place's main option).
struct AggregateResult {
  std::string name;                            //!< title
  std::string source;                          //!< the aggregate file
  std::string text;                            //!< its text
  std::string measure;                         //!< families, population or spend
  double total = 0.0;                          //!< the whole region's measure
  std::string total_source;                    //!< where the total comes from
  int base_year = 0;                           //!< NPVs are discounted to 1 April of it
  std::uint64_t seed = 0;                      //!< master seed
  std::uint64_t replications = 0;              //!< replications run (held here)
  std::uint64_t first = 0;                     //!< index of the first (a shard's share)
  std::uint64_t shard = 0, shards = 0;         //!< shard K of N (0 of 0: not a shard)
  std::vector<std::string> places;             //!< place names
  std::vector<std::string> place_sources;      //!< their scenario files
  std::vector<std::string> place_yaml;         //!< their effective scenarios, overrides applied
  std::vector<double> place_measure;           //!< [place] its families, population or spend
  std::vector<double> place_families;          //!< [place] families at the start
  std::size_t naive = 0;                       //!< the place scaled up alone
  std::vector<std::string> warnings;           //!< the places' warnings, each named by its place
  PlaceSpreads spreads;                        //!< the between-place model
  std::vector<std::string> agencies;           //!< every place's agencies, first seen first
  std::vector<double> place_effects;           //!< [rep][place][effect] multipliers drawn
  std::vector<double> place_npv;               //!< [rep][place] the place's own NPV
  std::vector<double> place_npv_adjusted;      //!< [rep][place] after its optimism bias
  std::vector<double> place_agency_npv;        //!< [rep][place][agency] the place's own, by agency
  std::vector<double> naive_own_npv;           //!< [rep] the naive place's NPV, no place effects
  std::vector<double> naive_own_npv_adjusted;  //!< [rep] the same after optimism bias
  // Scaled up by scale_up():
  std::vector<double> npv;                 //!< [rep] the total
  std::vector<double> npv_adjusted;        //!< [rep] the total after optimism bias
  std::vector<double> agency_npv;          //!< [rep][agency] the total by agency
  std::vector<double> naive_npv;           //!< [rep] the naive place scaled up
  std::vector<double> naive_npv_adjusted;  //!< [rep] the same after optimism bias

  //! Number of places.
  [[nodiscard]] std::size_t place_count() const { return places.size(); }
  //! What each place's NPV is multiplied by in the total: total / sum of measures.
  [[nodiscard]] double scale() const;
  //! What the naive place's NPV is multiplied by: total / its measure.
  [[nodiscard]] double naive_scale() const;
};

//! Fills the scaled figures from the places' own: the total is
//! scale() x the sum over places (a ratio estimator: the places' NPV per unit
//! of measure, times the region's measure), the same by agency, and the naive
//! figure is naive_scale() x the naive place's NPV without place effects.
void scale_up(AggregateResult& a);

//! Between-place coefficient of variation: the sd over places of their mean
//! NPV per family, over the absolute mean of those (NaN with fewer than two places).
double between_place_cv(const AggregateResult& a);

//! Each place's NPV per family (its own NPV over its families), summarised over replications.
std::vector<sim::Summary> place_npv_per_family(const AggregateResult& a);

//! Per replication, the naive place with its own place effects, scaled up
//! alone, less the total: how far one place scaled up lands from the places'
//! total under the same model and the same national draws (the error of
//! scaling up one place, which the naive figure's own interval does not count).
std::vector<double> naive_error(const AggregateResult& a);

//! What `placesim aggregate` prints: the total and the naive figure with
//! their intervals, each place's NPV per family and the between-place CV.
std::string aggregate_summary_text(const AggregateResult& a);

//! What a place's NPV (discounted to its own first year) is multiplied by to
//! be discounted to 1 April of `base_year` at its own Green Book schedule.
double to_base_year(const Scenario& s, int base_year);

//! What to run.
struct AggregatePlan {
  std::uint64_t replications = 1;  //!< per place
  std::uint64_t first = 0;         //!< index of the first replication (a shard's share)
  std::uint64_t seed = 0;          //!< master seed
  int threads = 0;                 //!< 0: all cores
  const sim::Mpi* mpi = nullptr;   //!< when set, ranks share each place's replications
};

//! Replications [first, first + count) of `total` that shard k of n (from 1) runs.
std::pair<std::uint64_t, std::uint64_t> shard_share(std::uint64_t total, std::uint64_t k,
                                                    std::uint64_t n);

//! Runs every place and the naive one, then scales up. Under MPI every rank
//! calls it and rank 0 alone holds the figures. `progress` is told each place
//! as it starts.
AggregateResult run_aggregate(const AggregateSpec& spec, const AggregatePlan& plan,
                              const std::function<void(const std::string&)>& progress = {});

}  // namespace placesim::models
