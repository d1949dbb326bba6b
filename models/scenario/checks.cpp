// Checks that span several keys, made once every key is read.
#include <algorithm>
#include <cmath>
#include <sstream>

#include "models/scenario/tables.h"
#include "sim/queueing/queueing_theory.h"

namespace placesim::models::detail {
namespace {

bool costs(const Param& p) { return p.value > 0 || p.uncertain(); }

constexpr double kDaysPerYearApprox = 365.25;
constexpr double kMaxEventsPerRun = 1e10;  // hours of work for one replication

void check_payers(LoadContext& c) {
  const sim::YamlNode dims = c.section("needs").get("dimensions");
  for (const NeedSpec& d : c.s.needs) {
    const sim::YamlNode n = dims.get(d.key);
    if (n.get("cost_per_year").defined() && !n.get("payer").defined())
      c.r.error(n, "needs.dimensions." + d.key + ".payer",
                "a need with an ongoing cost needs a payer",
                "payer: agency name, or {agency: share, ...}");
  }
  for (EventSpec& e : c.s.events) {  // one payer refers by default
    if (e.referrer == kNoIndex && e.payer.agency.size() == 1) e.referrer = e.payer.agency[0];
  }
  const sim::YamlNode events = c.section("events");
  for (const EventSpec& e : c.s.events) {
    const sim::YamlNode n = events.get(e.key);
    if (costs(e.unit_cost) && !n.get("payer").defined())
      c.r.error(n, "events." + e.key + ".payer", "an event with a cost needs a payer",
                "payer: agency name, or {agency: share, ...}");
    if (!e.refer.empty() && e.referrer == kNoIndex && e.payer.agency.size() > 1)
      c.r.error(n.get("payer"), "events." + e.key + ".referrer",
                "an event paid by several agencies that refers families must say which agency "
                "refers them",
                "referrer: agency name (referrals to another agency's service are handoffs)");
    // A payer given but unreadable is reported where it is given.
    if (e.episode && costs(e.episode->cost_per_week) && e.episode->payer.agency.empty() &&
        !n.get("payer").defined() && !n.get("episode").get("payer").defined())
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
      // An agency named but unknown is reported where it is named.
      if (sv.agency == kNoIndex && costs(cost) && !n.get("agency").defined())
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
  // A cohort size that could not be read is reported where it is written; the
  // cohort of 0 it leaves behind must not be blamed on the starting state too.
  const sim::YamlNode fam = c.section("population").get("families");
  const bool families_unread =
      fam.defined() && c.s.families == 0 && !(fam.is_scalar() && fam.scalar() == "0");
  if (total > c.s.families && !families_unread)
    c.r.error(init, "initial",
              "the starting state places " + std::to_string(total) +
                  " families but the cohort has " + std::to_string(c.s.families),
              "at most population.families in total");
}

// Payment by results: an intervention with an agency, paid by someone else.
void check_payment(LoadContext& c, std::size_t g) {
  const RegimeSpec& r = c.s.regimes[g];
  PaymentByResults& b = *c.s.regimes[g].payment;
  const sim::YamlNode n = c.section("regimes").get(r.key).get("payment_by_results");
  const std::string p = "regimes." + r.key + ".payment_by_results";
  if (b.intervention == kNoIndex) return;  // missing or unknown: reported where it was read
  const ServiceSpec& sv = c.s.services[b.intervention];
  if (sv.kind != ServiceKind::intervention) {
    c.r.error(n.get("intervention"), p + ".intervention",
              "service '" + sv.key + "' is not an intervention",
              "a service with kind: intervention");
    return;
  }
  if (b.payee == kNoIndex) b.payee = sv.agency;
  if (b.payee == kNoIndex) {
    c.r.error(n, p + ".payee", "intervention '" + sv.key + "' has no agency to be paid",
              "payee: the name of the agency paid");
  } else if (b.payee == b.payer) {
    c.r.error(n.get("payer"), p + ".payer",
              "the payer is the agency paid ('" + c.s.agencies[b.payer].key + "')",
              "another agency, such as central_government");
  }
}

void check_regimes(LoadContext& c) {
  for (std::size_t g = 1; g < c.s.regimes.size(); ++g) {
    const RegimeSpec& r = c.s.regimes[g];
    if (r.assessment != kNoIndex && c.s.services[r.assessment].kind != ServiceKind::assessment)
      c.r.error(c.section("regimes").get(r.key).get("assessment"),
                "regimes." + r.key + ".assessment",
                "service '" + c.s.services[r.assessment].key + "' is not an assessment",
                "a service with kind: assessment");
    if (r.payment) check_payment(c, g);
  }
}

// Sets of needs and services are bitmasks in the model, and a family's
// clocks number its random streams below its events' consequences' (and in
// 13 bits, FamilyCore::next_clock): refuse what would wrap or collide (kMaxEventTypes).
void check_limits(LoadContext& c) {
  if (c.s.needs.size() > kMaxNeeds)
    c.r.error(c.section("needs").get("dimensions"), "needs.dimensions",
              "the scenario has " + std::to_string(c.s.needs.size()) + " need dimensions",
              "at most " + std::to_string(kMaxNeeds));
  if (c.s.events.size() > kMaxEventTypes)
    c.r.error(c.section("events"), "events",
              "the scenario has " + std::to_string(c.s.events.size()) + " event types",
              "at most " + std::to_string(kMaxEventTypes));
  if (c.s.services.size() > kMaxServices)
    c.r.error(c.section("services"), "services",
              "the scenario has " + std::to_string(c.s.services.size()) + " services",
              "at most " + std::to_string(kMaxServices));
  if (c.s.interventions() > kMaxEffects)
    c.warnings.push_back("the scenario has " + std::to_string(c.s.interventions()) +
                         " interventions, and a family holds the effects of at most " +
                         std::to_string(kMaxEffects) +
                         " at once: a family in more may have an effect displaced or lost "
                         "(counted in /runs/REGIME/effects_displaced)");
}

// Follow-ons multiply events: event k happens x_k = r_k + sum_j p_jk x_j times
// for r_k of its own. A chain whose probabilities multiply to 1 or more round
// a loop never ends (at zero delay the run hangs at one instant); refuse it.
void check_follow_ons(LoadContext& c) {
  const std::size_t n = c.s.events.size();
  std::vector<double> x(n, 1.0), next(n);
  for (int iter = 0; iter < 10000; ++iter) {
    double change = 0.0, size = 0.0;
    for (std::size_t k = 0; k < n; ++k) next[k] = 1.0;
    for (std::size_t j = 0; j < n; ++j) {
      for (const FollowOn& f : c.s.events[j].follow_on) next[f.event] += f.p * x[j];
    }
    for (std::size_t k = 0; k < n; ++k) {
      change = std::max(change, std::fabs(next[k] - x[k]) / std::max(1.0, x[k]));
      size = std::max(size, next[k]);
    }
    x.swap(next);
    if (change < 1e-12) return;
    if (size > 1e6) break;
  }
  c.r.error(
      c.section("events"), "events",
      "the follow_on chains can repeat for ever (an event leads back to itself with certainty, or "
      "multiplies without limit)",
      "make the probabilities round every loop of follow_on multiply to less than 1");
}

// The work a run would do, roughly: families over the run, times their
// highest hazards. Refuses what could not finish (a rate written 1e308).
void check_workload(LoadContext& c) {
  double families = c.s.families;
  for (const ArrivalSpec& a : c.s.arrivals)
    families += a.per_day * kDaysPerYearApprox * c.s.simulated_years();
  double hazard = c.s.leave_per_year.value;
  for (const EventSpec& e : c.s.events) {
    double r = e.rate.uncertain() ? e.rate.dist->mean() + 10.0 * e.rate.dist->sd() : e.rate.value;
    for (const NeedMultiplier& m : e.needs) r *= std::max({1.0, m.at[0].value, m.at[1].value});
    hazard += r;
  }
  for (const NeedSpec& d : c.s.needs) {
    for (int i = 0; i < 2; ++i)
      hazard += (d.escalate[i].value + d.improve[i].value) * std::max(1.0, d.waiting_escalation);
  }
  const double events = families * hazard * c.s.simulated_years();
  if (events > kMaxEventsPerRun) {
    std::ostringstream o;
    o << "a replication would handle about " << events << " events (families x hazards x years)";
    c.r.error(c.root, "", o.str(), "at most 1e10: check for a rate written far too large");
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

}  // namespace

void check_evaluation(LoadContext& c) {
  for (std::size_t i = 0; i < c.s.claims.size(); ++i) {
    if (c.s.claims[i].basis == ClaimBasis::before_after && !c.s.evaluation)
      c.r.error(c.section("business_case").get("claims")[i].get("basis"),
                "business_case.claims." + std::to_string(i) + ".basis",
                "a before_after claim counts the families an intervention worked with, and the "
                "scenario names none",
                "an evaluation: block naming the intervention (evaluation.intervention)");
  }
  if (!c.s.evaluation) return;
  const EvaluationSpec& e = *c.s.evaluation;
  const sim::YamlNode n = c.section("evaluation");
  if (e.intervention != kNoIndex && c.s.services[e.intervention].kind != ServiceKind::intervention)
    c.r.error(n.get("intervention"), "evaluation.intervention",
              "'" + c.s.services[e.intervention].key + "' is not an intervention",
              "the name of a service with kind: intervention");
  if (e.option == kNoIndex || e.option == 0)
    c.r.error(n.get("option").defined() ? n.get("option") : n, "evaluation.option",
              "the evaluated families must be an option's, not the baseline's",
              "the name of a regime other than the baseline (the scenario needs one)");
}

void check_scenario(LoadContext& c) {
  check_limits(c);
  if (c.r.ok()) check_follow_ons(c);
  if (c.r.ok()) check_workload(c);
  check_payers(c);
  check_services(c);
  check_initial(c);
  check_regimes(c);
  check_evaluation(c);
  if (!c.s.claims.empty() && !c.s.has_options() && c.r.ok())
    c.r.error(
        c.section("business_case").get("claims"), "business_case.claims",
        "claims are tested against an option against the baseline, but there is no option regime",
        "add an option regime (such as regimes.pooled), or remove the business case");
  if (c.r.ok()) check_network(c);
}

}  // namespace placesim::models::detail
