#pragma once
//! Differences between places that the sources cannot pin down, as a
//! hierarchical model: each place's event hazards, unit costs and
//! intervention effects are its scenario's values times a multiplier drawn
//! afresh in every replication, lognormal with mean 1 (so the scenario's
//! values stay the mean over places, but for the caps on effects) and a stated
//! between-place sd on the log scale. Documented in docs/aggregate.md.

#include <array>
#include <cstdint>
#include <string>

#include "models/family/model_params.h"

namespace placesim::models {

//! What a place effect multiplies, in the order drawn and stored.
enum class PlaceEffect : std::uint8_t { hazards, costs, effects };
//! How many kinds of place effect there are.
inline constexpr std::size_t kPlaceEffects = 3;
//! Their names, as aggregate files and /dims/place_effects write them.
inline constexpr std::array<const char*, kPlaceEffects> kPlaceEffectNames{"hazards", "costs",
                                                                          "effects"};

//! One kind of between-place variation: its sd and where the sd comes from.
struct PlaceSpread {
  double sd = 0.0;     //!< sd of the log multiplier between places
  std::string source;  //!< where it comes from, with its tag ([V], [S], [U])
};

//! The between-place model of an aggregate.
using PlaceSpreads = std::array<PlaceSpread, kPlaceEffects>;
//! One place's multipliers in one replication.
using PlaceEffects = std::array<double, kPlaceEffects>;

//! The multipliers of place `place` in replication `rep` under master seed
//! `seed`: exp(sd z - sd^2 / 2), z standard normal; a pure function of its
//! arguments (all three are drawn whatever the sds, so changing one sd leaves
//! the others' draws alone).
PlaceEffects draw_place_effects(const PlaceSpreads& spreads, std::uint64_t seed, std::uint64_t rep,
                                std::uint64_t place);

//! Multiplies every event's hazard by the hazards multiplier; every unit cost
//! (events, episodes, needs, services, set-up) by the costs multiplier; every
//! intervention's true effect by the effects multiplier (scale_effect; what
//! commissioners believe stays as stated); every budget by hazards x costs.
void apply_place_effects(ModelParams& params, const PlaceEffects& effects);

//! The seed a place runs under in an aggregate with master seed `seed`, so
//! places are independent of one another.
std::uint64_t place_seed(std::uint64_t seed, std::uint64_t place);

}  // namespace placesim::models
