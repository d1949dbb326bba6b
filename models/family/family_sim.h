#pragma once
//! One regime of one replication: families, events, services, budgets and
//! decisions on the engine. Documented as a model in docs/model.md.

#include <memory>

#include "models/family/model_params.h"
#include "models/family/record.h"
#include "models/family/rules.h"

namespace placesim::models {

//! Runs one regime of one replication and records what happened. The event
//! loop is here; its collaborators (hazard clocks, referrals and
//! interventions, budgets and rationing, commissioning) live in
//! models/family/ with a header each.
class FamilySimulation {
 public:
  //! A simulation under `rules` (and `baseline` rules before the appraisal
  //! window), with parameters `params` and streams from `key`.
  FamilySimulation(const Scenario& s, const ModelParams& params, const RegimeRules& baseline,
                   const RegimeRules& rules, sim::StreamKey key);
  //! The same, keeping each family's history for the scenario's evaluation
  //! in `history` (then RegimeRecord::history), as much as its role keeps.
  FamilySimulation(const Scenario& s, const ModelParams& params, const RegimeRules& baseline,
                   const RegimeRules& rules, sim::StreamKey key,
                   std::shared_ptr<FamilyHistories> history);
  ~FamilySimulation();
  FamilySimulation(const FamilySimulation&) = delete;
  FamilySimulation& operator=(const FamilySimulation&) = delete;

  //! Simulates the whole horizon and returns the record.
  RegimeRecord run();

 private:
  struct Parts;
  void start();  // what both constructors do once the history is chosen
  std::unique_ptr<Parts> parts_;
};

}  // namespace placesim::models
