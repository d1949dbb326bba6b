#pragma once
//! One regime of one replication: families, events, services, budgets and
//! decisions on the engine. Documented as a model in docs/model.md.

#include <memory>
#include <vector>

#include "models/family/family_store.h"
#include "models/family/ledger.h"
#include "models/family/model_params.h"
#include "models/family/record.h"
#include "sim/queueing/network.h"

namespace placesim::models {

//! Runs one regime variant of one replication and records what happened.
class FamilySimulation {
 public:
  //! A simulation of `variant` with parameters `params`, streams from `key`.
  FamilySimulation(const Scenario& s, const ModelParams& params, const RegimeVariant& variant,
                   sim::StreamKey key);
  ~FamilySimulation();
  FamilySimulation(const FamilySimulation&) = delete;
  FamilySimulation& operator=(const FamilySimulation&) = delete;

  //! Simulates the whole horizon and returns the record.
  RegimeRecord run();

  // Hooks called by sim::Network (see sim/network.h).
  std::uint64_t new_agent(std::uint32_t source, sim::Time now);  //!< unused: no network sources
  std::int32_t priority(std::uint64_t agent, std::uint32_t s);   //!< queue order
  double duration(std::uint64_t agent, std::uint32_t s,
                  const sim::Distribution& d);                             //!< episode length
  void waiting(std::uint64_t agent, std::uint32_t s);                      //!< joined a queue
  void started(std::uint64_t agent, std::uint32_t s, sim::EventHandle h);  //!< began service
  void completed(std::uint64_t agent, std::uint32_t s);                    //!< finished service
  std::uint32_t route(std::uint64_t agent, std::uint32_t s,
                      const sim::Routing& r);  //!< onward referral
  void left(std::uint64_t agent);              //!< out of the network

 private:
  enum Kind : std::uint32_t { kClock = 2, kFollowOn, kHandoff, kEffectEnd, kYearStart, kArrival };
  static constexpr Index kJoint = 0xfffffffeu;  // "the pooled joint assessment" as an assessor

  // lifecycle (family_sim.cpp)
  void handle(const sim::Event& e);
  void dispatch(const sim::Event& e);
  void start_year(int y);
  void observe_year(int y);
  std::uint32_t base_capacity(Index sv, int y) const;
  void apply_capacity(int y, bool with_purchases);
  void charge_year(int y);
  // families and clocks (family_clocks.cpp)
  std::uint32_t create_family();
  void recompute(std::uint32_t f);
  void touch(std::uint32_t f, std::uint64_t clocks);
  void recompute_clocks(std::uint32_t f, std::uint64_t clocks);
  void compile_clock_masks();
  void flush();
  void set_rate(std::uint32_t f, std::uint32_t k, float rate);
  void schedule_next(std::uint32_t f);
  void fire_clock(std::uint32_t f);
  void occur(std::uint32_t f, Index k);
  void change_need(std::uint32_t f, Index d, int delta);
  void commit_need_costs(std::uint32_t f, double sign);
  double event_rate(std::uint32_t f, Index k) const;
  std::pair<double, double> need_rates(std::uint32_t f, Index d) const;
  void depart(std::uint32_t f);
  void maybe_retire(std::uint32_t f);
  // services and referrals (family_services.cpp)
  Index joint_service() const;
  Index assessor_of(Index s) const;
  void refer(std::uint32_t f, Index s, Index from);
  void send(std::uint32_t f, Index s, Index from);
  void after_assessment(std::uint32_t f, Index s);
  bool assessed_valid(std::uint32_t f, Index who) const;
  bool eligible(std::uint32_t f, Index s) const;
  bool has_effect(std::uint32_t f, Index s) const;
  bool rationed(Index agency) const;
  bool high_need_in(std::uint32_t f, Index s) const;
  void end_effect(std::uint32_t f, Index s);
  // money (family_services.cpp)
  void spend(Index agency, int category, double amount, bool fund = false);
  void spend_shared(const std::vector<double>& weights, int category, double amount);
  void charge(const PayerSplit& payer, double cashable, double amount);
  void spend_over(sim::Time t0, sim::Time t1, double per_day, const PayerSplit& payer,
                  double cashable);
  void check_rationing(Index agency);
  void set_thresholds(int y);
  // commissioning (commissioning.cpp)
  void commission(int y);
  double expected_cost(Index k, Index view, int depth = 0) const;
  double expected_saving(std::uint32_t f, Index i, Index view, double effect_days, double horizon,
                         const double* rates) const;
  // starting state (initial_state.cpp)
  void place_initial_state();

  bool active_pooled() const;  // pooled mechanisms in force now (after warm-up)
  int appraisal_year(int y) const { return y - s_.warmup_years; }

  struct Impl;
  const Scenario& s_;
  const ModelParams& p_;
  RegimeVariant variant_;
  sim::Simulation sim_;
  sim::NetworkSpec net_spec_;
  std::unique_ptr<sim::Network<FamilySimulation>> net_;
  FamilyStore families_;
  Ledger ledger_;
  RegimeRecord rec_;
  std::unique_ptr<Impl> m_;  // tables and running state (family_sim.cpp)
};

}  // namespace placesim::models
