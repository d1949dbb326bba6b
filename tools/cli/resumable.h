#pragma once
//! What resumable commands (sweep, calibrate; run for its MPI handling) share: the checkpoint
//! folder beside the output (OUT.h5.parts), checked before any work, one log per process in it, and
//! the error handling of a command every MPI rank runs.

#include <filesystem>
#include <functional>
#include <string>

#include "sim/parallel/mpi.h"

namespace placesim::cli {

//! How a resumable command starts.
enum class Start {
  fresh,   //!< no checkpoints to use (any old ones removed with --force)
  resume,  //!< read the checkpoints in the folder first
  done     //!< the output exists and --resume was asked: nothing to do
};

//! Checks `out` and its checkpoint folder `parts` on every rank alike and
//! says how to start; throws UsageError when the output exists without
//! --force, when an interrupted run is found without --resume or --force,
//! or when both are given. Removes the folder (on rank 0) under --force.
Start prepare_checkpoints(const std::string& command, const std::filesystem::path& out,
                          const std::filesystem::path& parts, bool resume, bool force,
                          const sim::Mpi& mpi);

//! This process's checkpoint log in `parts` (host, process and rank in its name).
std::filesystem::path checkpoint_log_path(const std::filesystem::path& parts, int rank);

//! Runs `claim` (claiming output paths) on rank 0 alone, as a claim per rank
//! would collide; every rank learns whether it failed, so all stop before any
//! work, rank 0 saying why (its error is rethrown there).
void claim_on_lead(const sim::Mpi& mpi, const std::function<void()>& claim);

//! Runs `body` on every rank: input problems are reported once (by rank 0)
//! and exit 2; other failures by each rank, exit 1; a failure in work the
//! ranks shared by the rank that met it, the others ending quietly.
int run_on_ranks(const std::string& command, const sim::Mpi& mpi, const std::function<int()>& body);

}  // namespace placesim::cli
