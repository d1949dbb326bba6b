#pragma once
// Small scenarios for the model's tests: fast, and with answers that can be
// worked out by hand.

#include <string>

namespace placesim::test {

// Two agencies, two needs, an assessment and an intervention for each, a
// joint assessment, both regimes and a business case: every part of the model
// in a few seconds of simulation.
inline const std::string kTinyScenario = R"(placesim: 1
name: tiny
time: {start_year: 2011, years: 4}
replications: 4
seed: 7
agencies:
  council: {budget: 0.52e+6, rationing_at: 0.95, assessment: council_assessment, max_invest_share: 0.05}
  police: {budget: 0.40e+6, rationing_at: 0.95, assessment: police_assessment, max_invest_share: 0.05}
needs:
  correlation: 0.3
  dimensions:
    crime:
      owner: police
      prevalence: [0.4, 0.4, 0.2]
      escalate_per_year: [0.2, 0.1]
      improve_per_year: [0.3, 0.2]
      waiting_escalation: 1.5
      cost_per_year: [300, 1500]
      payer: police
    child_welfare:
      owner: council
      prevalence: [0.5, 0.3, 0.2]
      escalate_per_year: [0.15, 0.1]
      improve_per_year: [0.25, 0.15]
      cost_per_year: [1000, 4000]
      payer: council
      cashable: 0.3
population: {families: 300, leave_per_year: 0.05}
arrivals: [{into: council_assessment, per_day: 0.1}]
events:
  arrest:
    rate_per_year: 0.1
    needs: {crime: [4, 12]}
    unit_cost: 600
    payer: police
    refer: [{to: police_assessment, p: 0.3}]
    follow_on: [{event: custody, p: 0.1, delay: {dist: exponential, mean_days: 60}}]
  custody:
    rate_per_year: 0
    payer: police
    episode: {duration: {dist: gamma, mean_days: 120, sd_days: 60}, cost_per_week: 600, cashable: 0.3}
  cp_referral:
    rate_per_year: 0.05
    needs: {child_welfare: [4, 12]}
    unit_cost: 1500
    payer: council
    refer: [{to: council_assessment, p: 0.6}]
services:
  council_assessment:
    agency: council
    kind: assessment
    capacity: 6
    duration: {dist: gamma, mean_days: 30, sd_days: 10}
    cost_per_place_year: 15000
    queue: need
  police_assessment:
    agency: police
    kind: assessment
    capacity: 3
    duration: {dist: gamma, mean_days: 20, sd_days: 8}
    cost_per_place_year: 15000
    on_exit: [{to: council_assessment, p: 0.4}]
  joint_assessment:
    agency: council
    kind: assessment
    capacity: 8
    duration: {dist: gamma, mean_days: 25, sd_days: 10}
    cost_per_place_year: 16000
  family_support:
    agency: council
    kind: intervention
    capacity: 5
    queue_limit: 10
    duration: {dist: gamma, mean_days: 200, sd_days: 60}
    cost_per_place_year: {dist: uniform, min: 8000, max: 12000}
    eligible: {needs: [crime, child_welfare], min_level: moderate, min_count: 1}
    effect:
      events: {arrest: {dist: beta, mean: 0.3, sd: 0.1}, cp_referral: 0.3}
      improve: 1.5
      escalate: 0.6
      persistence_years: 1.0
      dropout: 0.2
    max_places: 20
initial:
  services: {family_support: {in_service: 4, waiting: 2}}
  episodes: {custody: 5}
regimes:
  siloed: {handoff_days: 21, lost_referrals: 0.2, decision_horizon_years: 1}
  pooled:
    handoff_days: 5
    lost_referrals: 0.05
    decision_horizon_years: 3
    contributions: {council: 0.05, police: 0.05}
    assessment: joint_assessment
    double_running_years: 1
    setup_costs: [100000]
appraisal: {optimism_bias: {costs: 0.41, benefits: 0.2}}
business_case:
  claims:
    - {label: four-year saving, years: [2011, 2014], net_saving_gbp: 50000}
)";

// A scenario with one event type and nothing else: the annual spend is
// families x rate x unit cost, and event counts are Poisson.
inline std::string single_event_scenario(int families, double rate, double cost, int years = 2) {
  return "placesim: 1\nname: one event\ntime: {start_year: 2011, years: " + std::to_string(years) +
         "}\nagencies: {council: {budget: 1.0e+9}}\npopulation: {families: " +
         std::to_string(families) +
         "}\nevents:\n  incident: {rate_per_year: " + std::to_string(rate) +
         ", unit_cost: " + std::to_string(cost) + ", payer: council}\n";
}

}  // namespace placesim::test
