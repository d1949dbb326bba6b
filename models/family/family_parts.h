// FamilySimulation::Parts: everything one simulation owns, shared by the
// files that implement the event loop (family_sim.cpp) and the financial year
// (family_year.cpp). Private to models/family.
#pragma once

#include <algorithm>
#include <memory>
#include <vector>

#include "models/family/budgets.h"
#include "models/family/clocks.h"
#include "models/family/commissioning.h"
#include "models/family/family_sim.h"
#include "models/family/purposes.h"
#include "models/family/referrals.h"
#include "models/family/results_payments.h"
#include "models/family/starting_state.h"

namespace placesim::models {

namespace family {

//! The queueing network of a scenario's services (arrivals are scheduled by the model).
inline sim::NetworkSpec network_of(const Scenario& s) {
  sim::NetworkSpec net;
  for (const ServiceSpec& sv : s.services) {
    sim::NetworkService ns{sv.key, sv.capacity.empty() ? 0 : sv.capacity[0], sv.duration, {}};
    for (const Referral& r : sv.on_exit) ns.on_exit.add(r.service, r.p);
    net.services.push_back(std::move(ns));
  }
  return net;  // no sources: the model schedules arrivals itself, so they pass through referrals
}

//! The spend category of a kind of service.
inline int spend_category(ServiceKind kind) {
  return kind == ServiceKind::assessment     ? kAssessment
         : kind == ServiceKind::intervention ? kPreventive
                                             : kReactive;
}

//! A family's effect slots: one per intervention, up to kMaxEffects.
inline std::uint32_t effect_slots(const Scenario& s) {
  return static_cast<std::uint32_t>(std::min(s.interventions(), kMaxEffects));
}

}  // namespace family

// Everything one simulation owns, in the order it is built.
struct FamilySimulation::Parts {
  Parts(const Scenario& s, const ModelParams& p, const RegimeRules& baseline,
        const RegimeRules& rules, sim::StreamKey key)
      : tables(family::compile_tables(s, p)),
        sim(key),
        families(static_cast<std::uint32_t>(s.needs.size()), tables.clocks,
                 static_cast<std::uint32_t>(s.events.size() + s.needs.size() + 1),
                 static_cast<std::uint32_t>(s.agencies.size() + 1), family::effect_slots(s)),
        ledger(s.simulated_years(), s.agencies.size(), kDaysPerYear,
               entry_cohorts(s.years) * kProfiles, s.needs.size()),
        world{s, p, baseline, rules, tables, sim, families, ledger, rec},
        budgets(world),
        payments(world, budgets),
        clocks(world, budgets),
        referrals(world, budgets, clocks),
        net_spec(family::network_of(s)),
        net(net_spec, sim, referrals, 0),
        commissioning(world, budgets, clocks, referrals, net) {
    referrals.attach(net);
    world.payments = &payments;
  }

  family::Tables tables;
  sim::Simulation sim;
  FamilyStore families;
  Ledger ledger;
  RegimeRecord rec;
  family::World world;
  family::Budgets budgets;
  family::ResultsPayments payments;
  family::Clocks clocks;
  family::Referrals referrals;
  sim::NetworkSpec net_spec;
  family::Network net;
  family::Commissioning commissioning;
  std::vector<sim::RandomStream> arrivals;  // per arrival source
  std::uint64_t next_uid = 0;
  std::vector<char> fund_bought;  // [service] this year's places were bought from the fund
  std::shared_ptr<FamilyHistories> history;  // kept for the scenario's evaluation
  std::uint64_t peak_families = 0;
  double present = 0.0;        // families in the place (arrived, not departed)
  double present_since = 0.0;  // when `present` last changed or was tallied

  std::uint32_t create_family();
  void tally_presence(double now);
  void handle(const sim::Event& e);
  void start_year(int y);
  void close_history_years();
  void open_window();
  void charge_places(int y, const family::Purchases& bought);
  void bill_run_down();
  void close_queues();
  void observe_year(int y);
  void occur(std::uint32_t f, Index k);
  void depart(std::uint32_t f);
  [[nodiscard]] ProfileCode profile_code(std::uint32_t f) const;
};

}  // namespace placesim::models
