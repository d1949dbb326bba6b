#pragma once
//! Aggregate results files (filetype "placesim-aggregate"): /aggregate/*
//! datasets with their dimension scales, documented in docs/file-format.md.

#include <string>

#include "models/studies/aggregate.h"

namespace placesim::models {

inline constexpr const char* kAggregateFiletype = "placesim-aggregate";  //!< filetype attribute
inline constexpr int kAggregateFormatVersion = 1;  //!< bumped on any layout change

//! Writes an aggregate's results to a new file at `path`.
void write_aggregate_h5(const std::string& path, const AggregateResult& a,
                        const std::string& version);
//! Reads one back (throws sim::h5::Error when it is not a readable aggregate file).
AggregateResult read_aggregate_h5(const std::string& path);

}  // namespace placesim::models
