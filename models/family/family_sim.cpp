// FamilySimulation: the event loop and the events of a family's life.
#include "models/family/family_sim.h"

#include <algorithm>
#include <cassert>

#include "models/family/family_parts.h"

namespace placesim::models {

using namespace family;  // NOLINT(google-build-using-namespace): this file assembles the family
                         // model

namespace {
// A family store larger than a core's own cache (1 MiB of L2 on the machine
// measured) is prefetched event by event; below it the look-up costs more
// than it saves (docs/performance.md, "The queueing path").
constexpr std::size_t kPrefetchAbove = std::size_t{1} << 20;
}  // namespace

ProfileCode FamilySimulation::Parts::profile_code(std::uint32_t f) const {
  return profile_code_of(families.needs(f), tables.needs);
}

FamilySimulation::FamilySimulation(const Scenario& s, const ModelParams& params,
                                   const RegimeRules& baseline, const RegimeRules& rules,
                                   sim::StreamKey key)
    : parts_(std::make_unique<Parts>(s, params, baseline, rules, key)) {
  start();
}

FamilySimulation::FamilySimulation(const Scenario& s, const ModelParams& params,
                                   const RegimeRules& baseline, const RegimeRules& rules,
                                   sim::StreamKey key, std::shared_ptr<FamilyHistories> history)
    : parts_(std::make_unique<Parts>(s, params, baseline, rules, key)) {
  Parts& m = *parts_;
  if (s.evaluation) {  // the model reads the evaluation's settings wherever it keeps one
    m.history = std::move(history);
    m.world.history = m.history.get();
  }
  start();
}

void FamilySimulation::start() {
  Parts& m = *parts_;
  const Scenario& s = m.world.s;
  for (std::size_t i = 0; i < s.arrivals.size(); ++i)
    m.arrivals.push_back(m.sim.stream(purpose::kReplicationAgent, purpose::arrivals, i));
  const auto years = static_cast<std::size_t>(s.years);
  const Tables& t = m.tables;
  m.rec.spend.assign(years * t.agencies * kCategories, 0.0);
  m.rec.spend_graded.assign(years * t.agencies * kCategories * kEvidenceKinds, 0.0);
  m.rec.events.assign(years * t.events, 0.0);
  m.rec.prevalence.assign(years * t.needs * kLevels, 0.0);
  m.rec.need_years.assign(years * t.needs * 2, 0.0);
  m.rec.social_cost.assign(years, 0.0);
  m.rec.families.assign(years, 0.0);
  m.rec.family_years.assign(years, 0.0);
  m.rec.turned_around.assign(years, 0.0);
  m.rec.worked_with.assign(years, 0.0);
  const std::size_t groups = entry_cohorts(s.years) * kProfiles;
  m.rec.subgroup_spend.assign(years * groups * kSubgroupKinds, 0.0);
  m.rec.subgroup_families.assign(groups, 0.0);
  m.rec.subgroup_worked.assign(groups, 0.0);
  m.rec.paid_for_results.assign(years, 0.0);
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
  m.payments.reserve(most);
  // The years a history of every year's cost (the costs role) keeps run from
  // each family's arrival: every year for the starting cohort, Y - y for a
  // family arriving in year y; the other roles size their own. Sized for
  // what is expected, not for every family in every year: room never used
  // still counts against a cluster's limit on address space.
  const auto span = static_cast<std::size_t>(s.simulated_years());
  const std::size_t family_years =
      (std::size_t{s.families} + 1024) * span +
      static_cast<std::size_t>(arriving * kDaysPerYear) * span * (span + 1) / 2;
  if (m.history) m.history->reserve(most, family_years);
}

FamilySimulation::~FamilySimulation() = default;

// Family-years are the time-weighted count of families present: each
// arrival, departure and year boundary closes a stretch of constant size.
void FamilySimulation::Parts::tally_presence(double now) {
  if (world.appraised(world.year))
    rec.family_years[static_cast<std::size_t>(world.appraisal_year(world.year))] +=
        present * (now - present_since) / kDaysPerYear;
  present_since = now;
}

std::uint32_t FamilySimulation::Parts::create_family() {
  tally_presence(sim.now());
  present += 1.0;
  // The year the family's history starts: the earlier of the current year
  // and the one its arrival time falls in, so no cost it accrues from now
  // lands before it.
  if (world.history)
    world.history->add_family(next_uid,
                              std::min(world.year, static_cast<int>(sim.now() / kDaysPerYear)));
  payments.add_family(next_uid);
  const std::uint32_t f = clocks.create_family(next_uid++);
  if (world.window_open) ++rec.subgroup_families[families.core(f).group];
  if (world.history) world.history->profile(families.core(f).uid, world.year, profile_code(f));
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
  // The next event's family is fetched while this one is handled: across a
  // national cohort each event otherwise waits on memory for its family. A
  // store that fits the core's own cache needs no fetching, and the hint's
  // look-up then costs more than it saves.
  m.rec.events_processed += m.sim.run_until(
      horizon, [&m](const sim::Event& e) { m.handle(e); },
      [&m](const sim::EventCalendar& c) {
        if (m.families.bytes() > kPrefetchAbove) m.families.prefetch(c.next_hint());
      });
  m.close_history_years();  // the histories are whole before anything reads them
  m.tally_presence(horizon);
  m.bill_run_down();
  m.payments.settle(s.simulated_years() - 1);
  m.observe_year(s.simulated_years() - 1);
  for (Index sv = 0; sv < m.tables.services; ++sv) {
    m.rec.wait_days.push_back(m.net.service(sv).mean_wait());
    m.rec.utilisation.push_back(m.net.service(sv).utilisation(horizon));
  }
  for (int t = 0; t < s.years; ++t) {
    for (Index a = 0; a < m.tables.agencies; ++a) {
      for (int c = 0; c < kCategories; ++c) {
        const std::size_t i =
            (static_cast<std::size_t>(t) * m.tables.agencies + a) * kCategories + c;
        m.rec.spend[i] = m.ledger.at(t + s.warmup_years, a, c);
        for (int e = 0; e < kEvidenceKinds; ++e)
          m.rec.spend_graded[i * kEvidenceKinds + static_cast<std::size_t>(e)] =
              m.ledger.graded(t + s.warmup_years, a, c, static_cast<Evidence>(e));
      }
    }
  }
  for (int t = 0; t < s.years; ++t) {
    for (Index d = 0; d < m.tables.needs; ++d) {
      for (int lv = 1; lv <= 2; ++lv) {
        const double days = m.ledger.need_days(t + s.warmup_years, d, lv);
        m.rec.need_years[(static_cast<std::size_t>(t) * m.tables.needs + d) * 2 +
                         static_cast<std::size_t>(lv - 1)] = days / kDaysPerYear;
        m.rec.social_cost[static_cast<std::size_t>(t)] +=
            days * m.world.p.needs[d].social_per_day[static_cast<std::size_t>(lv - 1)];
      }
    }
  }
  const std::size_t groups = m.rec.subgroup_families.size();
  for (int t = 0; t < s.years; ++t) {
    for (std::uint32_t g = 0; g < groups; ++g) {
      for (int k = 0; k < kSubgroupKinds; ++k)
        m.rec.subgroup_spend[(static_cast<std::size_t>(t) * groups + g) * kSubgroupKinds +
                             static_cast<std::size_t>(k)] =
            m.ledger.group_at(t + s.warmup_years, g, k);
    }
  }
  m.rec.peak_families = m.peak_families;
  m.rec.history = m.history;
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
    sim.again(sim.now() + gap, sim::Priority::seize, kArrival, 0, e.arg);  // moves this event
    referrals.refer(f, src.into, kNoIndex);
    clocks.retire_if_done(f);
  } else if (const std::uint32_t f = families.resolve(e.target); f != FamilyStore::kStale) {
    // What the event costs goes to the family's history, found by its row:
    // fetched now, it is there by the time the cost is known.
    if (world.history) world.history->prefetch(families.core(f).uid);
    switch (e.kind) {
      case kClock: {
        const Fired fired = clocks.fire(f);
        if (fired.kind == Fired::event) occur(f, fired.index);
        if (fired.kind == Fired::need) clocks.change_need(f, fired.index, fired.delta);
        if (fired.kind == Fired::leave) depart(f);
        if (fired.kind == Fired::effect_end) referrals.end_effects(f);
        if (fired.kind == Fired::unmet_lapse) referrals.end_unmet(f);
        if (fired.timer()) clocks.retire_if_done(f);  // it may have nothing left to come
        break;
      }
      case kFollowOn:
        if (!families.core(f).departed) occur(f, e.arg);
        break;
      case kHandoff:
        referrals.arrive_after_handoff(f, e.arg);
        break;
      default:
        break;
    }
  }
  clocks.flush();
}

void FamilySimulation::Parts::occur(std::uint32_t f, Index k) {
  const EventSpec& ev = world.s.events[k];
  const EventParams& ep = world.p.events[k];
  const std::uint64_t n = families.count_one(f, k);
  if (world.appraised(world.year))
    rec.events[static_cast<std::size_t>(world.appraisal_year(world.year)) * tables.events + k] +=
        1.0;
  sim::RandomStream cs = sim.stream(families.core(f).uid, purpose::consequence + k, n);
  if (ep.unit_cost > 0.0) {
    budgets.charge(ev.payer, ev.cashable, ep.unit_cost, tables.event_evidence[k]);
    world.book(f, kSubgroupReactive, ep.unit_cost);
  }
  payments.count(families.core(f).uid, k);
  world.history_cost(f, world.year, ep.unit_cost);
  if (world.history) world.history->count(families.core(f).uid, world.year, k);
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
    if (ep.episode_cost_per_day > 0.0) {
      budgets.accrue(sim.now(), sim.now() + d, ep.episode_cost_per_day, ev.episode->payer,
                     ev.episode->cashable, tables.episode_evidence[k]);
      world.book_over(f, sim.now(), sim.now() + d, ep.episode_cost_per_day);
      world.history_accrue(f, sim.now(), sim.now() + d, ep.episode_cost_per_day);
    }
    clocks.begin_replacement(f, k, d);
  }
}

void FamilySimulation::Parts::depart(std::uint32_t f) {
  clocks.cut_replacement_short(f);
  clocks.commit_need_costs(f, -1.0);  // its needs cost nothing here once it has gone
  tally_presence(sim.now());
  present -= 1.0;
  families.core(f).departed = true;
  referrals.leave_queues(f);
  clocks.recompute(f);
  clocks.retire_if_done(f);
}

}  // namespace placesim::models
