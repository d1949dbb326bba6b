// Checks that span several keys, made once every key is read.
#include <sstream>

#include "models/scenario/tables.h"
#include "sim/queueing/queueing_theory.h"

namespace placesim::models::detail {
namespace {

bool costs(const Param& p) { return p.value > 0 || p.uncertain(); }

void check_payers(LoadContext& c) {
  const sim::YamlNode dims = c.section("needs").get("dimensions");
  for (const NeedSpec& d : c.s.needs) {
    const sim::YamlNode n = dims.get(d.key);
    if (n.get("cost_per_year").defined() && !n.get("payer").defined())
      c.r.error(n, "needs.dimensions." + d.key + ".payer",
                "a need with an ongoing cost needs a payer",
                "payer: agency name, or {agency: share, ...}");
  }
  const sim::YamlNode events = c.section("events");
  for (const EventSpec& e : c.s.events) {
    const sim::YamlNode n = events.get(e.key);
    if (costs(e.unit_cost) && !n.get("payer").defined())
      c.r.error(n, "events." + e.key + ".payer", "an event with a cost needs a payer",
                "payer: agency name, or {agency: share, ...}");
    if (e.episode && costs(e.episode->cost_per_week) && e.episode->payer.agency.empty())
      c.r.error(n.get("episode"), "events." + e.key + ".episode",
                "an episode with a cost needs a payer",
                "payer: agency name (here or on the event)");
  }
}

void check_services(LoadContext& c) {
  const sim::YamlNode all = c.section("services");
  for (const ServiceSpec& sv : c.s.services) {
    const sim::YamlNode n = all.get(sv.key);
    const std::string path = "services." + sv.key;
    for (const char* key : {"cost_per_episode", "cost_per_place_year"}) {
      const Param& cost =
          std::string(key) == "cost_per_episode" ? sv.cost_per_episode : sv.cost_per_place_year;
      if (sv.agency == kNoIndex && costs(cost))
        c.r.error(n.get(key), path + "." + key, "a service with costs needs an agency to pay them",
                  "agency: the name of an agency");
    }
    if (n.get("assesses").defined() && sv.kind != ServiceKind::assessment)
      c.r.error(n.get("assesses"), path + ".assesses", "only assessments assess needs",
                "kind: assessment");
    for (const char* key : {"eligible", "effect", "max_places"}) {
      if (n.get(key).defined() && sv.kind != ServiceKind::intervention)
        c.r.error(n.get(key), path + "." + key,
                  std::string("'") + key + "' applies to interventions only", "kind: intervention");
    }
  }
}

void check_initial(LoadContext& c) {
  const sim::YamlNode init = c.section("initial");
  std::uint64_t total = 0;
  for (const InitialService& i : c.s.initial_services) {
    const ServiceSpec& sv = c.s.services[i.service];
    if (!sv.capacity.empty() && i.in_service > sv.capacity[0])
      c.r.error(init.get("services").get(sv.key).get("in_service"),
                "initial.services." + sv.key + ".in_service",
                "more families in service than the service's capacity",
                "at most " + std::to_string(sv.capacity[0]) + "; put the rest in 'waiting'");
    total += std::uint64_t{i.in_service} + i.waiting;
  }
  for (const InitialEpisode& e : c.s.initial_episodes) {
    const EventSpec& ev = c.s.events[e.event];
    if (!ev.episode)
      c.r.error(init.get("episodes").get(ev.key), "initial.episodes." + ev.key,
                "event '" + ev.key + "' has no episode", "events with an 'episode' block");
    total += e.families;
  }
  if (total > c.s.families)
    c.r.error(init, "initial",
              "the starting state places " + std::to_string(total) +
                  " families but the cohort has " + std::to_string(c.s.families),
              "at most population.families in total");
}

void check_regimes(LoadContext& c) {
  if (c.s.regimes.size() < 2) return;
  const RegimeSpec& g = c.s.regimes[1];
  const sim::YamlNode n = c.section("regimes").get("pooled");
  if (g.assessment != kNoIndex && c.s.services[g.assessment].kind != ServiceKind::assessment)
    c.r.error(n.get("assessment"), "regimes.pooled.assessment",
              "service '" + c.s.services[g.assessment].key + "' is not an assessment",
              "a service with kind: assessment");
  if (g.mechanisms.single_assessment && g.assessment == kNoIndex && c.r.ok())
    c.r.error(n, "regimes.pooled.assessment",
              "the single_assessment mechanism needs the joint assessment service",
              "assessment: the name of a service with kind: assessment, or "
              "mechanisms.single_assessment: false");
}

// Sets of needs and services are bitmasks in the model: refuse what would wrap.
void check_limits(LoadContext& c) {
  if (c.s.needs.size() > kMaxNeeds)
    c.r.error(c.section("needs").get("dimensions"), "needs.dimensions",
              "the scenario has " + std::to_string(c.s.needs.size()) + " need dimensions",
              "at most " + std::to_string(kMaxNeeds));
  if (c.s.services.size() > kMaxServices)
    c.r.error(c.section("services"), "services",
              "the scenario has " + std::to_string(c.s.services.size()) + " services",
              "at most " + std::to_string(kMaxServices));
}

void check_network(LoadContext& c) {
  sim::NetworkSpec net;
  for (const auto& s : c.s.services) {
    sim::NetworkService ns{s.key, s.capacity.empty() ? 0 : s.capacity[0], s.duration, {}};
    for (const auto& r : s.on_exit) ns.on_exit.add(r.service, r.p);
    net.services.push_back(ns);
  }
  for (const auto& a : c.s.arrivals) net.sources.push_back({a.into, a.per_day});
  if (net.services.empty()) return;
  auto lambda = sim::traffic_rates(net);
  if (lambda.empty()) {
    c.r.error(c.section("services"), "services",
              "the on_exit routing can send families round the services for ever",
              "some route out of every loop must have p < 1 in total");
    return;
  }
  for (std::size_t i = 0; i < lambda.size(); ++i) {
    double load = lambda[i] * net.services[i].duration.mean();
    if (lambda[i] > 0 && load >= net.services[i].capacity) {
      std::ostringstream o;
      o << "service '" << net.services[i].name << "' receives " << lambda[i] << " families a day, "
        << "needing " << load << " servers on average but has " << net.services[i].capacity
        << ": its queue will grow without limit";
      c.warnings.push_back(o.str());
    }
  }
}

}  // namespace

void check_scenario(LoadContext& c) {
  check_limits(c);
  check_payers(c);
  check_services(c);
  check_initial(c);
  check_regimes(c);
  if (!c.s.claims.empty() && !c.s.has_pooled() && c.r.ok())
    c.r.error(c.section("business_case").get("claims"), "business_case.claims",
              "claims are tested against pooled minus siloed, but there is no pooled regime",
              "add regimes.pooled, or remove the business case");
  if (c.r.ok()) check_network(c);
}

}  // namespace placesim::models::detail
