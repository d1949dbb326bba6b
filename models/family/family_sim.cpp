// FamilySimulation: the event loop, financial-year boundaries and events.
#include "models/family/family_sim.h"

#include <algorithm>
#include <cassert>

#include "models/family/budgets.h"
#include "models/family/clocks.h"
#include "models/family/commissioning.h"
#include "models/family/purposes.h"
#include "models/family/referrals.h"
#include "models/family/starting_state.h"

namespace placesim::models {

using namespace family;  // NOLINT(google-build-using-namespace): this file assembles the family
                         // model

namespace {

sim::NetworkSpec network_of(const Scenario& s) {
  sim::NetworkSpec net;
  for (const ServiceSpec& sv : s.services) {
    sim::NetworkService ns{sv.key, sv.capacity.empty() ? 0 : sv.capacity[0], sv.duration, {}};
    for (const Referral& r : sv.on_exit) ns.on_exit.add(r.service, r.p);
    net.services.push_back(std::move(ns));
  }
  return net;  // no sources: the model schedules arrivals itself, so they pass through referrals
}

int spend_category(ServiceKind kind) {
  return kind == ServiceKind::assessment     ? kAssessment
         : kind == ServiceKind::intervention ? kPreventive
                                             : kReactive;
}

}  // namespace

// Everything one simulation owns, in the order it is built.
struct FamilySimulation::Parts {
  Parts(const Scenario& s, const ModelParams& p, const RegimeRules& baseline,
        const RegimeRules& rules, sim::StreamKey key)
      : tables(compile_tables(s, p)),
        sim(key),
        families(static_cast<std::uint32_t>(s.needs.size()), tables.clocks,
                 static_cast<std::uint32_t>(s.events.size() + s.needs.size() + 1),
                 static_cast<std::uint32_t>(s.agencies.size() + 1)),
        ledger(s.simulated_years(), s.agencies.size(), kDaysPerYear),
        world{s, p, baseline, rules, tables, sim, families, ledger, rec},
        budgets(world),
        clocks(world, budgets),
        referrals(world, budgets, clocks),
        net_spec(network_of(s)),
        net(net_spec, sim, referrals, 0),
        commissioning(world, budgets, clocks, referrals, net) {
    referrals.attach(net);
  }

  Tables tables;
  sim::Simulation sim;
  FamilyStore families;
  Ledger ledger;
  RegimeRecord rec;
  World world;
  Budgets budgets;
  Clocks clocks;
  Referrals referrals;
  sim::NetworkSpec net_spec;
  Network net;
  Commissioning commissioning;
  std::vector<sim::RandomStream> arrivals;  // per arrival source
  std::uint64_t next_uid = 0;
  std::vector<char> fund_bought;  // [service] this year's places were bought from the fund
  std::uint64_t peak_families = 0;

  std::uint32_t create_family();
  void handle(const sim::Event& e);
  void start_year(int y);
  void charge_places(int y, const Purchases& bought);
  void bill_run_down();
  void close_queues();
  void observe_year(int y);
  void occur(std::uint32_t f, Index k);
  void depart(std::uint32_t f);
};

FamilySimulation::FamilySimulation(const Scenario& s, const ModelParams& params,
                                   const RegimeRules& baseline, const RegimeRules& rules,
                                   sim::StreamKey key)
    : parts_(std::make_unique<Parts>(s, params, baseline, rules, key)) {
  Parts& m = *parts_;
  for (std::size_t i = 0; i < s.arrivals.size(); ++i)
    m.arrivals.push_back(m.sim.stream(purpose::kReplicationAgent, purpose::arrivals, i));
  const auto years = static_cast<std::size_t>(s.years);
  const Tables& t = m.tables;
  m.rec.spend.assign(years * t.agencies * kCategories, 0.0);
  m.rec.events.assign(years * t.events, 0.0);
  m.rec.prevalence.assign(years * t.needs * kLevels, 0.0);
  m.rec.families.assign(years, 0.0);
  m.rec.turned_around.assign(years, 0.0);
  m.rec.worked_with.assign(years, 0.0);
  m.rec.unmet.assign(years, 0.0);
  m.rec.places_bought.assign(years * t.services, 0.0);
  m.rec.rationing_days.assign(years * t.agencies, 0.0);
  m.rec.overspend.assign(years * t.agencies, 0.0);
  m.world.places_cut.assign(t.services, 0);
  m.fund_bought.assign(t.services, 0);
  m.rec.turned_away.assign(t.services, 0.0);
  m.budgets.start_year(0);  // the cohort's costs are committed before year 0 starts
  // Room for every family the run may ever hold: growing a vector of a
  // national cohort copies it and doubles its footprint at that moment, while
  // capacity that is never touched costs address space, not memory.
  double arriving = 0.0;
  for (const ArrivalSpec& a : s.arrivals) arriving += a.per_day;
  const auto most =
      s.families + static_cast<std::size_t>(arriving * kDaysPerYear * s.simulated_years()) + 1024;
  m.families.reserve(most);
  m.sim.reserve(2 * most);
}

FamilySimulation::~FamilySimulation() = default;

std::uint32_t FamilySimulation::Parts::create_family() {
  const std::uint32_t f = clocks.create_family(next_uid++);
  peak_families = std::max<std::uint64_t>(peak_families, families.live());
  return f;
}

RegimeRecord FamilySimulation::run() {
  Parts& m = *parts_;
  const Scenario& s = m.world.s;
  for (std::uint32_t i = 0; i < s.families; ++i) m.create_family();
  for (std::size_t i = 0; i < s.arrivals.size(); ++i) {
    const double gap = sim::sample_exponential(m.arrivals[i], 1.0 / s.arrivals[i].per_day);
    m.sim.after(gap, sim::Priority::seize, kArrival, 0, static_cast<std::uint32_t>(i));
  }
  m.start_year(0);
  m.clocks.flush();
  const double horizon = s.simulated_years() * kDaysPerYear;
  m.rec.events_processed += m.sim.run_until(horizon, [&m](const sim::Event& e) { m.handle(e); });
  m.bill_run_down();
  m.observe_year(s.simulated_years() - 1);
  for (Index sv = 0; sv < m.tables.services; ++sv) {
    m.rec.wait_days.push_back(m.net.service(sv).mean_wait());
    m.rec.utilisation.push_back(m.net.service(sv).utilisation(horizon));
  }
  for (int t = 0; t < s.years; ++t) {
    for (Index a = 0; a < m.tables.agencies; ++a) {
      for (int c = 0; c < kCategories; ++c)
        m.rec.spend[(static_cast<std::size_t>(t) * m.tables.agencies + a) * kCategories + c] =
            m.ledger.at(t + s.warmup_years, a, c);
    }
  }
  m.rec.peak_families = m.peak_families;
  return std::move(m.rec);
}

void FamilySimulation::Parts::handle(const sim::Event& e) {
  if (net.owns(e)) {
    net.handle(e);
  } else if (e.kind == kYearStart) {
    start_year(static_cast<int>(e.arg));
  } else if (e.kind == kArrival) {
    const ArrivalSpec& src = world.s.arrivals[e.arg];
    const std::uint32_t f = create_family();
    const double gap = sim::sample_exponential(arrivals[e.arg], 1.0 / src.per_day);
    sim.after(gap, sim::Priority::seize, kArrival, 0, e.arg);
    referrals.refer(f, src.into, kNoIndex);
    clocks.retire_if_done(f);
  } else if (const std::uint32_t f = families.resolve(e.target); f != FamilyStore::kStale) {
    switch (e.kind) {
      case kClock: {
        const Fired fired = clocks.fire(f);
        if (fired.kind == Fired::event) occur(f, fired.index);
        if (fired.kind == Fired::need) clocks.change_need(f, fired.index, fired.delta);
        if (fired.kind == Fired::leave) depart(f);
        break;
      }
      case kFollowOn:
        if (!families.core(f).departed) occur(f, e.arg);
        break;
      case kHandoff:
        referrals.arrive_after_handoff(f, e.arg);
        break;
      case kEffectEnd:
        referrals.end_effect(f, e.arg);
        break;
      case kUnmetEnd:
        referrals.end_unmet(f);
        break;
      case kEpisodeEnd:
        clocks.end_replacement(f, e.arg);
        break;
      default:
        break;
    }
  }
  clocks.flush();
}

void FamilySimulation::Parts::start_year(int y) {
  if (y > 0) bill_run_down();
  if (y > 0) observe_year(y - 1);
  world.year = y;
  if (y == world.s.warmup_years && y > 0) net.reset_stats();  // the appraisal window opens
  budgets.start_year(y);
  if (y > 0) {  // ongoing costs of need are committed a year at a time, summed by need
    std::vector<double> per_need(tables.needs, 0.0);
    for (std::uint32_t f = 0; f < families.slots(); ++f) {
      families.core(f).worked = false;  // a new year: nobody has started an intervention in it
      if (!families.core(f).alive || families.core(f).departed) continue;
      const std::uint8_t* lv = families.needs(f);
      for (Index d = 0; d < tables.needs; ++d) {
        if (lv[d] > 0) per_need[d] += world.p.needs[d].cost_per_day[lv[d] - 1];
      }
    }
    for (Index d = 0; d < tables.needs; ++d)
      budgets.charge(world.s.needs[d].payer, world.s.needs[d].cashable, per_need[d] * kDaysPerYear);
  }
  // Base capacity first: the starting state and the decisions see it.
  for (Index sv = 0; sv < tables.services; ++sv) net.set_capacity(sv, base_capacity(world, sv, y));
  if (y == 0) place_starting_state(world, referrals, net, budgets);
  const Purchases bought = commissioning.commission(y);
  for (Index sv = 0; sv < tables.services; ++sv)
    net.set_capacity(sv, base_capacity(world, sv, y) + bought.places[sv]);
  close_queues();
  charge_places(y, bought);
  for (Index sv = 0; sv < tables.services; ++sv)
    fund_bought[sv] = static_cast<char>(bought.from_fund[sv] && bought.places[sv] > 0);
  if (y + 1 < world.s.simulated_years())
    sim.at((y + 1) * kDaysPerYear, sim::Priority::boundary, kYearStart, 0,
           static_cast<std::uint32_t>(y + 1));
}

// Places are committed for the whole year at its start, busy or not.
void FamilySimulation::Parts::charge_places(int y, const Purchases& bought) {
  const int t = world.appraisal_year(y);
  const Index joint = world.rules().joint_assessment;
  for (Index sv = 0; sv < tables.services; ++sv) {
    const ServiceSpec& spec = world.s.services[sv];
    if (t >= 0)
      rec.places_bought[static_cast<std::size_t>(t) * tables.services + sv] = bought.places[sv];
    const double place = world.p.services[sv].cost_per_place_year;
    if (place <= 0.0 || spec.agency == kNoIndex) continue;
    const int cat = spend_category(spec.kind);
    if (sv == joint) {
      budgets.post_shared(tables.joint_weight, cat, place * base_capacity(world, sv, y));
    } else {
      budgets.post(spec.agency, cat, place * base_capacity(world, sv, y));
    }
    if (bought.places[sv] == 0) continue;
    if (bought.from_fund[sv]) {
      budgets.post_to_fund(cat, place * bought.places[sv]);
    } else {
      budgets.post(spec.agency, cat, place * bought.places[sv]);
    }
  }
  const Index setup = world.rules().setup_costs;
  if (setup != kNoIndex && t >= 0) {
    const auto& costs = world.p.setup_costs[setup];
    if (static_cast<std::size_t>(t) < costs.size())
      budgets.post_to_fund(kSetup, costs[static_cast<std::size_t>(t)]);
  }
}

// A capacity cut never serves for free: episodes under way when places are
// cut finish, and the place-time they run on above capacity is charged, pro
// rata, to the year it ran in (at the service's place cost, to its agency).
void FamilySimulation::Parts::bill_run_down() {
  const Index joint = world.rules().joint_assessment;
  for (Index sv = 0; sv < tables.services; ++sv) {
    const double days = net.take_over_capacity(sv);
    const ServiceSpec& spec = world.s.services[sv];
    const double place = world.p.services[sv].cost_per_place_year;
    if (days <= 0.0 || place <= 0.0 || spec.agency == kNoIndex) continue;
    const double amount = place * days / kDaysPerYear;
    if (fund_bought[sv]) {  // places the fund bought, lapsing: the fund pays their run-down
      budgets.post_to_fund(spend_category(spec.kind), amount);
    } else if (sv == joint) {
      budgets.post_shared(tables.joint_weight, spend_category(spec.kind), amount);
    } else {
      budgets.post(spec.agency, spend_category(spec.kind), amount);
    }
  }
}

// A service with no places this year is closed: its waiting list is closed
// too. Families waiting for an old assessment team go to the joint
// assessment when one has replaced it; everyone else's referral goes unmet.
void FamilySimulation::Parts::close_queues() {
  for (Index sv = 0; sv < tables.services; ++sv) {
    if (net.service(sv).capacity() > 0 || net.service(sv).waiting() == 0) continue;
    for (std::uint64_t agent : net.drain(sv)) {
      const std::uint32_t f = families.resolve(agent);
      if (f != FamilyStore::kStale) referrals.service_closed(f, sv);
    }
  }
}

void FamilySimulation::Parts::observe_year(int y) {
  if (!world.appraised(y)) return;
  budgets.observe_year(y);
  const auto t = static_cast<std::size_t>(world.appraisal_year(y));
  const auto base = t * tables.needs * kLevels;
  double alive = 0.0, turned = 0.0;
  for (std::uint32_t f = 0; f < families.slots(); ++f) {
    const FamilyCore& c = families.core(f);
    if (!c.alive || c.departed || tables.needs == 0) continue;
    alive += 1.0;
    bool high = false;
    const std::uint8_t* lv = families.needs(f);
    for (Index d = 0; d < tables.needs; ++d) {
      rec.prevalence[base + std::size_t{d} * kLevels + lv[d]] += 1.0;
      high = high || lv[d] == 2;
    }
    if (!high) turned += 1.0;
  }
  if (alive > 0) {
    for (std::size_t i = 0; i < static_cast<std::size_t>(tables.needs) * kLevels; ++i)
      rec.prevalence[base + i] /= alive;
  }
  rec.families[t] = alive;
  rec.turned_around[t] = turned;
}

void FamilySimulation::Parts::occur(std::uint32_t f, Index k) {
  const EventSpec& ev = world.s.events[k];
  const EventParams& ep = world.p.events[k];
  const std::uint64_t n = families.count_one(f, k);
  if (world.appraised(world.year))
    rec.events[static_cast<std::size_t>(world.appraisal_year(world.year)) * tables.events + k] +=
        1.0;
  sim::RandomStream cs = sim.stream(families.core(f).uid, purpose::consequence + k, n);
  if (ep.unit_cost > 0.0) budgets.charge(ev.payer, ev.cashable, ep.unit_cost);
  for (const auto& [d, p] : ev.escalates) {
    if (cs.uniform() < p) clocks.change_need(f, d, +1);
  }
  const Index from = ev.referrer;
  for (const Referral& r : ev.refer) {
    if (cs.uniform() < r.p) referrals.refer(f, r.service, from);
  }
  for (const FollowOn& fo : ev.follow_on) {
    if (cs.uniform() < fo.p) {
      const double delay = fo.delay.sample(cs);
      sim.after(delay, sim::Priority::update, kFollowOn, families.ref(f), fo.event);
    }
  }
  if (ev.episode && (ep.episode_cost_per_day > 0.0 || tables.replaced_clocks[k] != 0 ||
                     tables.replaced_needs[k] != 0)) {
    const double d = ev.episode->duration.sample(cs);
    if (ep.episode_cost_per_day > 0.0)
      budgets.accrue(sim.now(), sim.now() + d, ep.episode_cost_per_day, ev.episode->payer,
                     ev.episode->cashable);
    clocks.begin_replacement(f, k, d);
  }
}

void FamilySimulation::Parts::depart(std::uint32_t f) {
  clocks.cut_replacement_short(f);
  clocks.commit_need_costs(f, -1.0);  // its needs cost nothing here once it has gone
  families.core(f).departed = true;
  referrals.leave_queues(f);
  clocks.recompute(f);
  clocks.retire_if_done(f);
}

}  // namespace placesim::models
