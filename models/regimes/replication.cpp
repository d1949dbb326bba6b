#include "models/regimes/replication.h"

#include "models/family/family_sim.h"
#include "models/family/model_params.h"

namespace placesim::models {

ReplicationRecord run_replication(const Scenario& s, const std::vector<RegimeVariant>& variants,
                                  std::uint64_t seed, std::uint64_t rep) {
  const sim::StreamKey key{seed, rep};
  const ModelParams params = draw_params(s, key);  // once: every regime sees the same draws
  ReplicationRecord out;
  out.params = params.drawn;
  for (const RegimeVariant& v : variants) {
    FamilySimulation sim(s, params, v, key);
    out.regimes.push_back(sim.run());
  }
  return out;
}

std::vector<ReplicationRecord> run_replications(const Scenario& s,
                                                const std::vector<RegimeVariant>& variants,
                                                std::uint64_t seed, std::uint64_t first,
                                                std::size_t count, int threads,
                                                const sim::ProgressFn& progress) {
  return sim::run_replications<ReplicationRecord>(
      first, count, threads,
      [&](std::uint64_t rep) { return run_replication(s, variants, seed, rep); }, progress);
}

}  // namespace placesim::models
