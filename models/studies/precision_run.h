#pragma once
//! Running a scenario's replications, optionally adding batches until the
//! 95% interval of the mean NPV is as narrow as asked (or a cap is reached),
//! in one process or shared among MPI ranks.

#include <cstdint>
#include <functional>
#include <vector>

#include "models/family/record.h"
#include "models/regimes/replication.h"
#include "models/results/results_builder.h"
#include "models/scenario/scenario.h"
#include "sim/parallel/mpi.h"

namespace placesim::models {

//! How many replications to run.
struct RunPlan {
  std::uint64_t replications = 1;  //!< the first batch (and the batch size after it)
  std::uint64_t first = 0;         //!< index of the first replication (a shard's share)
  std::uint64_t seed = 0;          //!< master seed
  int threads = 0;                 //!< 0: all cores
  double until_ci = 0.0;           //!< target half-width of the mean NPV's 95% interval (0: off)
  std::uint64_t max_replications = 0;  //!< cap when until_ci is set
  bool decompose = false;              //!< attribute each option's NPV to its mechanisms
  bool exact = false;                  //!< value every subset of mechanisms, however many
  VaryScenario vary;                   //!< when set, each replication's own scenario
  DrawParams draw;                     //!< when set, draws each replication's parameters
  const sim::Mpi* mpi = nullptr;       //!< when set, its ranks share the replications
};

//! What was run.
struct RunOutcome {
  std::size_t replications = 0;      //!< how many were run, on every rank
  bool target_met = true;            //!< false when the cap stopped an until_ci run first
  double half_width = 0.0;           //!< the final half-width (until_ci runs)
  std::uint64_t events_dropped = 0;  //!< calendar events of replications run past the target
};

//! Runs the plan. Batches are replication indices in order, so where a run
//! stops depends on the seed only, not on threads, ranks or timing. Under MPI
//! every rank calls it; ranks take chunks of each batch as they free up and
//! rank 0 gathers the records in replication order, so its numbers are those
//! of a serial run bit for bit. Each record goes to `into` (on rank 0 alone
//! under MPI) in replication order as soon as it and those before it are
//! done (under MPI, when its segment is): a run holds a few records a thread
//! (under MPI a segment of them), not all. `progress` gets (replications done, or under MPI handed
//! out, and replications planned so far).
RunOutcome run_plan(const Scenario& s, const RunPlan& plan, ResultsBuilder& into,
                    const std::function<void(std::size_t, std::size_t)>& progress = {});

}  // namespace placesim::models
