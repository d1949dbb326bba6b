#pragma once
// Tables and running state of a FamilySimulation (private to models/model).

#include <array>
#include <vector>

#include "models/family/family_sim.h"

namespace placesim::models {

struct FamilySimulation::Impl {
  // sizes
  std::uint32_t events = 0, needs = 0, agencies = 0, services = 0, clocks = 0;
  std::uint32_t need_clock0 = 0;  // first need clock
  std::uint32_t leave_clock = 0;  // the clock for leaving the place
  // compiled tables
  std::vector<Index> clock_event;              // clock -> event type (event clocks only)
  std::vector<std::vector<float>> keep;        // [service][event]: 1 - true reduction
  std::vector<std::uint32_t> target_mask;      // [service]: needs an effect acts on
  std::vector<std::uint32_t> assess_mask;      // [service]: needs an assessment looks at
  std::vector<std::uint32_t> priority_mask;    // [service]: needs that order its queue
  std::vector<std::vector<double>> cost_view;  // [event][view]: expected £ (belief); view A = all
  std::vector<std::array<double, 2>> level_cut;  // [need]: normal quantiles between need levels
  std::vector<double> fund_weight;               // [agency]: share of fund spend it bears
  std::vector<double> joint_weight;              // [agency]: share of the joint assessment it bears
  std::vector<sim::RandomStream> arrivals;       // per arrival source
  // running state
  int year = 0;                         // simulated year now
  Mechanisms mech;                      // pooled switches in force now
  std::vector<char> rationing;          // [agency]
  std::vector<double> rationing_since;  // [agency]: day rationing began this year (inf: not)
  std::vector<double> threshold;        // [agency]: committed spend that starts rationing this year
  double pooled_threshold = 0.0;        // the same for the pooled budget
  bool pooled_rationing = false;
  double pooled_since = 0.0;             // day pooled rationing began this year
  std::vector<std::uint32_t> purchased;  // [service]: places bought this year
  std::vector<double> turned_away;       // [service]: in the appraisal window
  std::uint64_t next_uid = 0;            // identity of the next new family
  bool last_dropped = false;             // set by duration(), read by started()
  bool initial_residual = false;         // placing the starting state: part-done episodes
  std::vector<FamilyRef> dirty;          // families to recompute when the event ends
  // Which clocks' rates a change can alter (all bits when there are over 64 clocks).
  std::uint64_t all_clocks = 0;
  std::vector<std::uint64_t> need_clocks;     // [need]: a level changed
  std::vector<std::uint64_t> effect_clocks;   // [service]: its effect began or ended
  std::vector<std::uint64_t> waiting_clocks;  // [service]: a family began or stopped waiting for it
  std::uint64_t events_processed = 0;
  std::uint64_t peak_families = 0;
};

}  // namespace placesim::models
