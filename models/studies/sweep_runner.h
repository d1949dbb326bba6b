#pragma once
//! Running a sweep's units: threads inside a process, and MPI ranks sharing
//! one queue of work with dynamic load balancing, each finished unit
//! checkpointed as soon as it is done.

#include <cstdint>
#include <functional>
#include <vector>

#include "models/studies/sweep_table.h"
#include "sim/io/checkpoint_log.h"
#include "sim/parallel/mpi.h"
#include "sim/parallel/work_queue.h"

namespace placesim::models {

//! Computes the units todo[i] handed out by `queue`, on `threads` threads,
//! appending each to `log` (when given) as soon as it is done.
std::vector<UnitResult> run_units(const SweepWork& w, const std::vector<std::uint64_t>& todo,
                                  sim::WorkQueue& queue, int threads, sim::CheckpointLog* log,
                                  const std::function<void(std::size_t handed_out)>& progress = {});

//! A unit's values as one record: measures, then detail.
std::vector<double> unit_values(const UnitResult& r);
//! A unit from its index and record (measures, then detail).
UnitResult unit_from_values(std::uint64_t unit, const std::vector<double>& values,
                            std::size_t measures);
//! Every rank's units on rank 0, in rank order there (empty elsewhere).
std::vector<UnitResult> gather_units(const sim::Mpi& mpi, const std::vector<UnitResult>& mine,
                                     std::size_t measures, std::size_t detail);

}  // namespace placesim::models
