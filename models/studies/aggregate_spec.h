#pragma once
//! Aggregate files: places (scenario files) that stand for a region or the
//! country, how to scale them up (families, population or spend), the
//! between-place model, replications and a seed. Documented in docs/aggregate.md.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "models/scenario/scenario.h"
#include "models/studies/place_effects.h"

namespace placesim::models {

//! What places are weighted by when scaled up to the total.
enum class AggregateMeasure : std::uint8_t { families, population, spend };
//! Its name as aggregate files write it.
const char* measure_name(AggregateMeasure m);

//! One place of an aggregate.
struct AggregatePlace {
  std::string key;                           //!< its name in the aggregate file
  std::string source;                        //!< the scenario file (noting merges)
  std::string path;                          //!< the file as given (empty: the embedded default)
  std::shared_ptr<const Scenario> scenario;  //!< loaded and checked
  double measure = 0.0;                      //!< its families, population or spend (£ a year)
  std::vector<std::string> warnings;         //!< what loading its scenario warned of
};

//! A validated aggregate file.
struct AggregateSpec {
  std::string name;                                       //!< title
  std::string source;                                     //!< the aggregate file
  std::string text;                                       //!< its text
  AggregateMeasure measure = AggregateMeasure::families;  //!< what weights places
  double total = 0.0;                                     //!< the whole region's measure
  std::string total_source;                               //!< where the total comes from
  int base_year = 0;                   //!< NPVs discounted to 1 April of this year
  std::size_t naive = 0;               //!< the place scaled up alone (index of places)
  PlaceSpreads spreads;                //!< the between-place model
  std::vector<AggregatePlace> places;  //!< in file order
  std::uint64_t replications = 100;    //!< default replications
  std::uint64_t seed = 1;              //!< master seed
  std::vector<std::string> warnings;   //!< legal but probably unintended, each naming its place
};

//! Loads and checks an aggregate file and every place it names; throws
//! InputError with every problem, each at its file, line and key path.
AggregateSpec load_aggregate_file(const std::string& path);
//! The same from text; `file` names it in messages, `dir` resolves places.
AggregateSpec load_aggregate_text(const std::string& text, const std::string& file,
                                  const std::string& dir);

}  // namespace placesim::models
