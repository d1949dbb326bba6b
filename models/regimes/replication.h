#pragma once
//! Running replications: every regime of a replication on the same families
//! with the same random draws (common random numbers), and, when asked, each
//! option's saving attributed to its mechanisms.

#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include "models/family/model_params.h"
#include "models/family/record.h"
#include "models/scenario/scenario.h"
#include "sim/parallel/replication_runner.h"

namespace placesim::models {

//! Most subsets valued exactly per option and replication; beyond it the
//! Shapley values are estimated from sampled orders.
inline constexpr int kExactSubsets = 32;
//! Orders sampled per option and replication when not exact (antithetic pairs).
inline constexpr int kSampledOrders = 8;

//! A replication's own scenario (a posterior draw's values set in it) and
//! the values it took, recorded after its drawn parameters.
struct ReplicationScenario {
  std::shared_ptr<const Scenario> scenario;  //!< the scenario replication rep runs
  std::vector<double> values;                //!< appended to its record's params
};
//! The scenario of replication rep; a pure function of rep.
using VaryScenario = std::function<ReplicationScenario(std::uint64_t rep)>;

//! Draws a replication's parameters (draw_params unless a study says
//! otherwise); every regime of the replication runs with what it returns.
using DrawParams = std::function<ModelParams(const Scenario& s, sim::StreamKey key)>;

//! How to run replications.
struct RunSettings {
  bool decompose = false;  //!< attribute each option's NPV to its mechanisms (Shapley)
  bool exact = false;      //!< value every subset, however many
  VaryScenario vary;       //!< when set, each replication runs the scenario it gives
  DrawParams draw;         //!< when set, draws each replication's parameters
};

//! Runs replication `rep` of every regime with master seed `seed`.
ReplicationRecord run_replication(const Scenario& s, const RunSettings& run, std::uint64_t seed,
                                  std::uint64_t rep);

//! Runs only regime g of replication `rep`: what a calibration needs when its
//! targets describe one regime. The same numbers as that regime in
//! run_replication (the same parameter draws and streams).
RegimeRecord run_regime(const Scenario& s, Index g, std::uint64_t seed, std::uint64_t rep);

//! Runs replications [first, first + count) on `threads` threads (0: all) and
//! returns them in replication order: the same numbers for any thread count.
std::vector<ReplicationRecord> run_replications(const Scenario& s, const RunSettings& run,
                                                std::uint64_t seed, std::uint64_t first,
                                                std::size_t count, int threads,
                                                const sim::ProgressFn& progress = {});

//! Receives a run's records in replication order (rep, record).
using RecordSink = std::function<void(std::uint64_t rep, ReplicationRecord&& record)>;

//! Runs replications [first, first + count) on `threads` threads (0: all) and
//! hands each to `sink` in replication order as soon as it and those before
//! it are done, holding only a few per thread.
void stream_replications(const Scenario& s, const RunSettings& run, std::uint64_t seed,
                         std::uint64_t first, std::size_t count, int threads,
                         const RecordSink& sink, const sim::ProgressFn& progress = {});

}  // namespace placesim::models
