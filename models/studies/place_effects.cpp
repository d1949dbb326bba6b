#include "models/studies/place_effects.h"

#include <cmath>

#include "models/family/purposes.h"
#include "sim/random/random_stream.h"
#include "sim/random/samplers.h"

namespace placesim::models {

PlaceEffects draw_place_effects(const PlaceSpreads& spreads, std::uint64_t seed, std::uint64_t rep,
                                std::uint64_t place) {
  sim::RandomStream rng(sim::StreamKey{seed, rep}, place, purpose::place_effects);
  PlaceEffects out{};
  for (std::size_t k = 0; k < kPlaceEffects; ++k) {
    const double z = sim::sample_standard_normal(rng);
    const double sd = spreads[k].sd;
    out[k] = std::exp(sd * z - 0.5 * sd * sd);  // mean 1: the scenario's value is the mean
  }
  return out;
}

void apply_place_effects(ModelParams& params, const PlaceEffects& effects) {
  const double hazard = effects[static_cast<std::size_t>(PlaceEffect::hazards)];
  const double cost = effects[static_cast<std::size_t>(PlaceEffect::costs)];
  for (EventParams& e : params.events) {
    e.rate *= hazard;
    e.unit_cost *= cost;
    e.episode_cost_per_day *= cost;
  }
  for (NeedParams& n : params.needs) {
    for (double& c : n.cost_per_day) c *= cost;
  }
  for (ServiceParams& s : params.services) {
    s.cost_per_episode *= cost;
    s.cost_per_place_year *= cost;
    scale_effect(s, effects[static_cast<std::size_t>(PlaceEffect::effects)]);
  }
  for (auto& regime : params.setup_costs) {
    for (double& c : regime) c *= cost;
  }
  // A place's budgets for these families are what it spends on them (as the
  // place files set them), which grows with how often things happen and what
  // they cost.
  params.budget_scale *= hazard * cost;
}

std::uint64_t place_seed(std::uint64_t seed, std::uint64_t place) {
  sim::RandomStream rng(sim::StreamKey{seed, 0}, place, purpose::place_seed);
  return rng.bits() >> 1;  // kept below 2^63: seeds are written as signed 64-bit integers
}

}  // namespace placesim::models
