#pragma once
//! The per-replication datasets of a results file's /runs/REGIME group:
//! one table that the writer from memory (results_write.cpp) and the
//! writer of a run as it goes (ResultsStream) both follow.

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "models/family/record.h"
#include "models/results/results.h"

namespace placesim::models {

//! Where a dataset's values come from.
enum class RunSource {
  field,      //!< a vector of the record and of the arrays
  spend,      //!< spend_by_category summed over categories
  displaced,  //!< the record's effects_displaced count, one a replication
};

//! One dataset of /runs/REGIME, replication first.
struct RunDataset {
  const char* name;               //!< its name in the group
  std::vector<std::string> dims;  //!< every dimension, "replication" first
  const char* units;              //!< as docs/results-format.md states them
  const char* description;        //!< one sentence
  RunSource source = RunSource::field;
  std::vector<double> RegimeArrays::*arrays = nullptr;  //!< in Results (field, displaced)
  std::vector<double> RegimeRecord::*record = nullptr;  //!< in a record (field)
};

//! Every dataset of /runs/REGIME but the metrics, in the order written.
const std::vector<RunDataset>& run_datasets();

//! The extent of dimension `dim` in results labelled like `r`.
std::uint64_t dim_extent(const Results& r, const std::string& dim);

//! A replication's row of dataset `d` from its regime record.
std::vector<double> run_row(const RunDataset& d, const RegimeRecord& x);

//! Sums [..][category] spend over its categories.
std::vector<double> spend_totals(std::span<const double> by_category);

}  // namespace placesim::models
