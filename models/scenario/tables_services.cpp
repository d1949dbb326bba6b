// The tables of services: the queueing core, roles, costs and effects.
#include <cmath>

#include "models/scenario/tables.h"

namespace placesim::models::detail {
namespace {

const sim::Bounds kServers{0, 1e7, false, false, "a whole number of servers >= 0"};
const sim::Bounds kReduction{0, 1, false, false,
                             "a proportional reduction of the hazard, from 0 to 1"};

void read_capacity_by_year(LoadContext& c, const sim::YamlNode& n, const std::string& p,
                           ServiceSpec& s) {
  const auto years = static_cast<std::size_t>(c.s.simulated_years());
  auto list = c.r.by_year(n, p, years, kServers);
  if (!list) return;
  s.capacity.clear();
  for (std::size_t i = 0; i < list->size(); ++i) {
    const double x = (*list)[i];
    if (x != std::floor(x)) {
      c.r.error(n.is_list() ? n[i] : n, n.is_list() ? sim::join_path(p, std::to_string(i)) : p,
                "a capacity must be a whole number of servers",
                "a whole number >= 0, as for capacity");
      return;
    }
    s.capacity.push_back(static_cast<std::uint32_t>(x));
  }
}

}  // namespace

const Table& eligible_table() {
  static const Table t{
      "eligible",
      "services.NAME.eligible",
      "Which families an intervention takes.",
      {
          custom<Eligibility>("needs", list_type(name_type("need")),
                              "the need dimensions that count",
                              [](LoadContext& c, const sim::YamlNode& n, const std::string& p,
                                 Eligibility& e) { e.needs = c.name_list(n, p, Names::need); })
              .must(),
          custom<Eligibility>(
              "min_level", choice_type({"moderate", "high"}), "the level a need must reach",
              [](LoadContext& c, const sim::YamlNode& n, const std::string& p, Eligibility& e) {
                if (auto k = c.r.choice(n, p, {"moderate", "high"}))
                  e.min_level = static_cast<int>(*k) + 1;
              })
              .or_else("moderate"),
          integer("min_count", &Eligibility::min_count, 1, 1000,
                  "how many of the needs must reach it")
              .or_else("1"),
      }};
  return t;
}

const Table& effect_table() {
  static const Table t{
      "effect",
      "services.NAME.effect",
      "What an intervention changes while it acts, and for how long after.",
      {
          custom<EffectSpec>(
              "events", keyed_type("event", param_type(kReduction)),
              "proportional reductions of event hazards",
              [](LoadContext& c, const sim::YamlNode& n, const std::string& p, EffectSpec& e) {
                c.keyed(
                    n, p, Names::event,
                    [&](const sim::YamlNode& v, const std::string& q) {
                      return c.r.param(v, q, kReduction);
                    },
                    [&](Index ev, const Param& x) { e.events.emplace_back(ev, x); });
              })
              .or_else("none"),
          custom<EffectSpec>("needs", list_type(name_type("need")), "the needs it acts on",
                             [](LoadContext& c, const sim::YamlNode& n, const std::string& p,
                                EffectSpec& e) { e.needs = c.name_list(n, p, Names::need); })
              .or_else("the eligible needs"),
          param("improve", &EffectSpec::improve, kMultiplier,
                "multiplier on the improvement of those needs")
              .or_else("1"),
          param("escalate", &EffectSpec::escalate, kMultiplier,
                "multiplier on the escalation of those needs")
              .or_else("1"),
          param("persistence_years", &EffectSpec::persistence_years, kYears,
                "mean years the effect lasts after the intervention ends")
              .in("years")
              .or_else("0"),
          param("dropout", &EffectSpec::dropout, sim::Bounds::probability(),
                "probability of leaving early")
              .or_else("0"),
          number("belief_scale", &EffectSpec::belief_scale, kMultiplier,
                 "what commissioners expect of the effect, as a multiple of its stated mean")
              .or_else("1"),
          param("scale", &EffectSpec::scale, kMultiplier,
                "multiplies every true effect (event reductions, and how far improve and escalate "
                "move from 1); 0 is a world where the intervention does nothing. What "
                "commissioners believe does not change (belief_scale)")
              .or_else("1"),
      }};
  return t;
}

const Table& service_table() {
  static const Table t{
      "service",
      "services.NAME",
      "A service: servers, a queue and durations (the queueing core), its role and what it costs.",
      {
          text("label", &ServiceSpec::label, "display name").or_else("the service's name"),
          name_of("agency", &ServiceSpec::agency, Names::agency, "who runs and pays for it")
              .or_else("none"),
          choice("kind", &ServiceSpec::kind, {"service", "assessment", "intervention"}, "its role")
              .or_else("service"),
          custom<ServiceSpec>(
              "capacity", integer_type(0, 10000000), "servers or places",
              [](LoadContext& c, const sim::YamlNode& n, const std::string& p, ServiceSpec& s) {
                if (auto v = c.r.integer(n, p, 0, 10000000))
                  s.capacity.assign(static_cast<std::size_t>(c.s.simulated_years()),
                                    static_cast<std::uint32_t>(*v));
              })
              .must(),
          custom<ServiceSpec>("capacity_by_year", by_year_type(kServers),
                              "servers by simulated year, replacing capacity",
                              read_capacity_by_year)
              .or_else("capacity every year"),
          duration("duration", &ServiceSpec::duration, "days in service").must().in("days"),
          custom<ServiceSpec>(
              "on_exit", list_type(table_type(referral_table())),
              "routing on completion (probabilities summing to at most 1; the rest leave)",
              [](LoadContext& c, const sim::YamlNode& n, const std::string& p, ServiceSpec& s) {
                s.on_exit = c.referrals(n, p);
              })
              .or_else("none"),
          choice("queue", &ServiceSpec::queue, {"fifo", "need"},
                 "queue order: first come, or highest need first")
              .or_else("fifo"),
          money("cost_per_episode", &ServiceSpec::cost_per_episode, "cost of each episode started")
              .in("£")
              .or_else("0"),
          money("cost_per_place_year", &ServiceSpec::cost_per_place_year,
                "cost of one place for a year, busy or not")
              .in("£ a place-year")
              .or_else("0"),
          custom<ServiceSpec>("assesses", list_type(name_type("need")),
                              "for assessments: the needs looked at",
                              [](LoadContext& c, const sim::YamlNode& n, const std::string& p,
                                 ServiceSpec& s) { s.assesses = c.name_list(n, p, Names::need); })
              .or_else("the needs its agency owns"),
          section("eligible", &ServiceSpec::eligible, eligible_table(),
                  "for interventions: who qualifies")
              .or_else("every family"),
          section("effect", &ServiceSpec::effect, effect_table(), "for interventions: what it does")
              .or_else("no effect"),
          integer("max_places", &ServiceSpec::max_places, 0, 10000000,
                  "for interventions: places that may be bought on top of capacity")
              .or_else("0"),
          integer("queue_limit", &ServiceSpec::queue_limit, 1, 100000000,
                  "most families waiting; referrals beyond it are turned away")
              .or_else("no limit"),
      }};
  return t;
}

}  // namespace placesim::models::detail
