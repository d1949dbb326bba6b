#pragma once
//! Merging the shards of a sweep run as a Slurm array into one sweep.

#include <string>
#include <vector>

#include "models/studies/sweep_table.h"

namespace placesim::models {

//! Reads every shard and combines them. Refuses (sim::BadInput) a file that
//! is not a shard, shards of different sweeps or shard counts, a shard given
//! twice and a set with shards missing.
SweepTable merge_shards(const std::vector<std::string>& paths);

}  // namespace placesim::models
