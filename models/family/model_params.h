#pragma once
//! The scenario's numbers for one replication: every uncertain parameter drawn
//! once (the same draw for every regime) and every rate converted to per day.

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "models/scenario/scenario.h"
#include "sim/random/random_stream.h"

namespace placesim::models {

inline constexpr double kDaysPerYear = 365.25;  //!< financial years are this long

//! An event type with its parameters drawn.
struct EventParams {
  double rate = 0.0;                                          //!< per family-day at no need
  std::vector<std::pair<Index, std::array<double, 2>>> mult;  //!< need multipliers
  double unit_cost = 0.0;                                     //!< £ per event
  double episode_cost_per_day = 0.0;                          //!< £ per day of its episode
  Index clock = kNoIndex;                                     //!< its hazard clock, if it has one
};

//! A need dimension with its rates per day.
struct NeedParams {
  std::array<double, 2> escalate{};        //!< none->moderate, moderate->high
  std::array<double, 2> improve{};         //!< moderate->none, high->moderate
  std::array<double, 2> cost_per_day{};    //!< ongoing £ a day at moderate, high
  std::array<double, 2> social_per_day{};  //!< social value lost a day at moderate, high
};

//! A service's drawn costs and, for interventions, effects.
struct ServiceParams {
  double cost_per_episode = 0.0;                    //!< £
  double cost_per_place_year = 0.0;                 //!< £
  std::vector<std::pair<Index, double>> reduction;  //!< true hazard reductions
  std::vector<std::pair<Index, double>> belief;     //!< what commissioners expect
  double improve = 1.0;                             //!< need improvement multiplier
  double escalate = 1.0;                            //!< need escalation multiplier
  double persistence_days = 0.0;                    //!< mean days an effect lasts after exit
  double dropout = 0.0;                             //!< probability of leaving early
};

//! One replication's parameters.
struct ModelParams {
  std::vector<EventParams> events;               //!< by event type
  std::vector<NeedParams> needs;                 //!< by need dimension
  std::vector<ServiceParams> services;           //!< by service
  double leave = 0.0;                            //!< per family-day
  std::vector<double> handoff_days;              //!< by regime
  std::vector<double> lost_referrals;            //!< by regime
  std::vector<std::vector<double>> setup_costs;  //!< [regime][appraisal year]
  std::uint32_t event_clocks = 0;                //!< clocks 0.. belong to events with a hazard
  double budget_scale = 1.0;                     //!< every agency budget times this (place effects)
  std::vector<double> drawn;                     //!< every uncertain value, in scenario order
  std::vector<std::string> drawn_paths;          //!< their key paths
};

//! Scales an intervention's true effect by k (0: none), its belief unchanged:
//! hazard reductions capped at 1, need multipliers kept at or above 0.
void scale_effect(ServiceParams& sp, double k);

//! Draws the parameters of replication `key.replication`. With `shared`, each
//! uncertain parameter is drawn instead from a stream named by its key path
//! under that seed, so scenarios that share a parameter draw it alike (the
//! places of an aggregate share the national values).
ModelParams draw_params(const Scenario& s, sim::StreamKey key,
                        std::optional<std::uint64_t> shared = std::nullopt);

//! Key paths of the uncertain parameters, in the order draw_params draws them.
std::vector<std::string> uncertain_paths(const Scenario& s);

}  // namespace placesim::models
