// Loading the services of a scenario: the queueing core, roles and costs.
#include <sstream>

#include "models/scenario/load_context.h"
#include "sim/queueing/queueing_theory.h"

namespace placesim::models::detail {
namespace {

void load_intervention(LoadContext& c, const sim::YamlNode& n, const std::string& path, ServiceSpec& s) {
  if (auto v = c.r.child(n, path, "eligible"); v.defined()) {
    std::string p = join_path(path, "eligible");
    if (c.r.keys(v, p, {"needs", "min_level", "min_count"})) {
      s.eligible.needs = c.need_list(c.r.child(v, p, "needs", true), join_path(p, "needs"));
      if (auto l = c.r.child(v, p, "min_level"); l.defined()) {
        if (auto k = c.r.choice(l, join_path(p, "min_level"), {"moderate", "high"}))
          s.eligible.min_level = static_cast<int>(*k) + 1;
      }
      if (auto m = c.r.child(v, p, "min_count"); m.defined()) {
        if (auto k = c.r.integer(m, join_path(p, "min_count"), 1, 1000)) s.eligible.min_count = static_cast<int>(*k);
      }
    }
  }
  EffectSpec& e = s.effect;
  std::string p = join_path(path, "effect");
  e.needs = s.eligible.needs;
  e.improve = {1.0, std::nullopt, join_path(p, "improve")};
  e.escalate = {1.0, std::nullopt, join_path(p, "escalate")};
  e.persistence_years = {0.0, std::nullopt, join_path(p, "persistence_years")};
  e.dropout = {0.0, std::nullopt, join_path(p, "dropout")};
  sim::YamlNode v = c.r.child(n, path, "effect");
  if (!v.defined()) return;
  e.needs = s.eligible.needs;
  if (!c.r.keys(v, p, {"events", "needs", "improve", "escalate", "persistence_years", "dropout", "belief_scale"})) return;
  if (auto listed = c.r.child(v, p, "needs"); listed.defined()) e.needs = c.need_list(listed, join_path(p, "needs"));
  if (auto ev = c.r.child(v, p, "events"); ev.defined()) {
    std::string q = join_path(p, "events");
    Bounds b = Bounds::probability();
    b.words = "a proportional reduction of the hazard, from 0 to 1";
    if (c.r.keys(ev, q, c.event_names)) {
      for (const auto& entry : ev.entries()) {
      const auto* it = &entry;
        std::string k = join_path(q, it->key.scalar());
        auto idx = c.r.ref(it->key, k, c.event_names, "event");
        auto x = c.r.param(it->value, k, b);
        if (idx && x) e.events.emplace_back(*idx, *x);
      }
    }
  }
  Bounds mult = Bounds::non_negative();
  mult.words = "a multiplier >= 0 (1 = no change)";
  if (auto x = c.r.child(v, p, "improve"); x.defined()) {
    if (auto q = c.r.param(x, join_path(p, "improve"), mult)) e.improve = *q;
  }
  if (auto x = c.r.child(v, p, "escalate"); x.defined()) {
    if (auto q = c.r.param(x, join_path(p, "escalate"), mult)) e.escalate = *q;
  }
  if (auto x = c.r.child(v, p, "persistence_years"); x.defined()) {
    if (auto q = c.r.param(x, join_path(p, "persistence_years"), Bounds::non_negative())) e.persistence_years = *q;
  }
  if (auto x = c.r.child(v, p, "dropout"); x.defined()) {
    if (auto q = c.r.param(x, join_path(p, "dropout"), Bounds::probability())) e.dropout = *q;
  }
  if (auto x = c.r.child(v, p, "belief_scale"); x.defined()) {
    if (auto q = c.r.number(x, join_path(p, "belief_scale"), Bounds::non_negative())) e.belief_scale = *q;
  }
}

}  // namespace

void load_services(LoadContext& c) {
  sim::YamlNode all = c.section("services");
  if (!all.defined() || !all.is_map()) return;
  const auto years = static_cast<std::size_t>(c.s.simulated_years());
  for (const std::string& key : c.service_names) {
    std::string path = join_path("services", key);
    sim::YamlNode n = c.r.child(all, "services", key);
    ServiceSpec s;
    s.key = s.label = key;
    s.cost_per_episode.path = join_path(path, "cost_per_episode");
    s.cost_per_place_year.path = join_path(path, "cost_per_place_year");
    if (!c.r.keys(n, path, {"label", "agency", "kind", "capacity", "capacity_by_year", "duration",
                            "on_exit", "queue", "cost_per_episode", "cost_per_place_year", "assesses",
                            "eligible", "effect", "max_places", "queue_limit"})) {
      c.s.services.push_back(s);
      continue;
    }
    c.r.optional_label(n, path, s.label);
    if (auto v = c.r.child(n, path, "agency"); v.defined()) {
      if (auto a = c.r.ref(v, join_path(path, "agency"), c.agency_names, "agency")) s.agency = *a;
    }
    if (auto v = c.r.child(n, path, "kind"); v.defined()) {
      if (auto k = c.r.choice(v, join_path(path, "kind"), {"service", "assessment", "intervention"}))
        s.kind = static_cast<ServiceKind>(*k);
    }
    if (auto v = c.r.integer(c.r.child(n, path, "capacity", true), join_path(path, "capacity"), 0, 10000000))
      s.capacity.assign(years, static_cast<std::uint32_t>(*v));
    if (auto v = c.r.child(n, path, "capacity_by_year"); v.defined()) {
      Bounds b{0, 1e7, false, false, "a whole number of servers >= 0"};
      if (auto list = c.r.by_year(v, join_path(path, "capacity_by_year"), years, b)) {
        s.capacity.clear();
        for (double x : *list) s.capacity.push_back(static_cast<std::uint32_t>(x));
      }
    }
    if (auto d = c.r.duration(c.r.child(n, path, "duration", true), join_path(path, "duration"))) s.duration = *d;
    if (auto v = c.r.child(n, path, "on_exit"); v.defined()) s.on_exit = c.referrals(v, join_path(path, "on_exit"), "to");
    if (auto v = c.r.child(n, path, "queue_limit"); v.defined()) {
      if (auto k = c.r.integer(v, join_path(path, "queue_limit"), 1, 100000000))
        s.queue_limit = static_cast<std::uint32_t>(*k);
    }
    if (auto v = c.r.child(n, path, "queue"); v.defined()) {
      if (auto k = c.r.choice(v, join_path(path, "queue"), {"fifo", "need"})) s.queue = static_cast<QueueRule>(*k);
    }
    for (auto [name, field] : {std::pair{"cost_per_episode", &s.cost_per_episode},
                               std::pair{"cost_per_place_year", &s.cost_per_place_year}}) {
      if (auto v = c.r.child(n, path, name); v.defined()) {
        if (auto m = c.r.money(v, join_path(path, name))) *field = *m;
        if (s.agency == kNoIndex && (field->value > 0 || field->uncertain()))
          c.r.error(v, join_path(path, name), "a service with costs needs an agency to pay them",
                    "agency: the name of an agency");
      }
    }
    bool intervention = s.kind == ServiceKind::intervention;
    if (auto v = c.r.child(n, path, "assesses"); v.defined()) {
      if (s.kind != ServiceKind::assessment)
        c.r.error(v, join_path(path, "assesses"), "only assessments assess needs", "kind: assessment");
      s.assesses = c.need_list(v, join_path(path, "assesses"));
    }
    for (const char* k : {"eligible", "effect", "max_places"}) {
      if (auto v = c.r.child(n, path, k); v.defined() && !intervention)
        c.r.error(v, join_path(path, k), std::string("'") + k + "' applies to interventions only",
                  "kind: intervention");
    }
    if (intervention) {
      load_intervention(c, n, path, s);
      if (auto v = c.r.child(n, path, "max_places"); v.defined()) {
        if (auto k = c.r.integer(v, join_path(path, "max_places"), 0, 10000000)) s.max_places = static_cast<std::uint32_t>(*k);
      }
    }
    c.s.services.push_back(s);
  }
}

void load_initial(LoadContext& c) {
  sim::YamlNode n = c.section("initial");
  if (!n.defined() || !c.r.keys(n, "initial", {"services", "episodes"})) return;
  std::uint64_t total = 0;
  if (auto v = c.r.child(n, "initial", "services"); v.defined() && c.r.keys(v, "initial.services", c.service_names)) {
    for (const auto& entry : v.entries()) {
      const auto* it = &entry;
      std::string p = join_path("initial.services", it->key.scalar());
      auto s = c.r.ref(it->key, p, c.service_names, "service");
      if (!s || !c.r.keys(it->value, p, {"in_service", "waiting"})) continue;
      InitialService init{*s, 0, 0};
      if (auto x = c.r.child(it->value, p, "in_service"); x.defined()) {
        if (auto k = c.r.integer(x, join_path(p, "in_service"), 0, 10000000)) init.in_service = static_cast<std::uint32_t>(*k);
        if (*s < c.s.services.size() && !c.s.services[*s].capacity.empty() &&
            init.in_service > c.s.services[*s].capacity[0])
          c.r.error(x, join_path(p, "in_service"), "more families in service than the service's capacity",
                    "at most " + std::to_string(c.s.services[*s].capacity[0]) + "; put the rest in 'waiting'");
      }
      if (auto x = c.r.child(it->value, p, "waiting"); x.defined()) {
        if (auto k = c.r.integer(x, join_path(p, "waiting"), 0, 10000000)) init.waiting = static_cast<std::uint32_t>(*k);
      }
      total += init.in_service + init.waiting;
      c.s.initial_services.push_back(init);
    }
  }
  if (auto v = c.r.child(n, "initial", "episodes"); v.defined() && c.r.keys(v, "initial.episodes", c.event_names)) {
    for (const auto& entry : v.entries()) {
      const auto* it = &entry;
      std::string p = join_path("initial.episodes", it->key.scalar());
      auto e = c.r.ref(it->key, p, c.event_names, "event");
      auto k = c.r.integer(it->value, p, 0, 10000000);
      if (!e || !k) continue;
      if (*e < c.s.events.size() && !c.s.events[*e].episode) {
        c.r.error(it->value, p, "event '" + it->key.scalar() + "' has no episode", "events with an 'episode' block");
        continue;
      }
      total += static_cast<std::uint64_t>(*k);
      c.s.initial_episodes.push_back({*e, static_cast<std::uint32_t>(*k)});
    }
  }
  if (total > c.s.families) {
    c.r.error(n, "initial", "the starting state places " + std::to_string(total) + " families but the cohort has " +
                                std::to_string(c.s.families),
              "at most population.families in total");
  }
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

}  // namespace placesim::models::detail
