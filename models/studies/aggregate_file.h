#pragma once
//! Aggregate results files (filetype "placesim-aggregate"): /aggregate/*
//! datasets with their dimension scales, documented in docs/file-format.md.

#include <string>
#include <vector>

#include "models/studies/aggregate.h"

namespace placesim::models {

inline constexpr const char* kAggregateFiletype = "placesim-aggregate";  //!< filetype attribute
//! Filetype of one shard of an aggregate (placesim aggregate --shard K/N).
inline constexpr const char* kAggregateShardFiletype = "placesim-aggregate-shard";
inline constexpr int kAggregateFormatVersion = 2;  //!< bumped on any layout change

//! Writes an aggregate's results to a new file at `path`.
void write_aggregate_h5(const std::string& path, const AggregateResult& a,
                        const std::string& version);
//! Reads one back (throws sim::h5::Error when it is not a readable aggregate
//! file, or a shard of one when `shard` is true).
AggregateResult read_aggregate_h5(const std::string& path, bool shard = false);
//! Joins the shards of one aggregate, every shard once, in replication order
//! (throws sim::BadInput naming the shard that does not fit).
AggregateResult merge_aggregate_shards(const std::vector<std::string>& paths);

}  // namespace placesim::models
