// FamilySimulation: the financial year's boundaries: budgets, committed
// costs, places bought, run-down bills and the year's observations.
#include <algorithm>

#include "models/family/family_parts.h"

namespace placesim::models {

using namespace family;  // NOLINT(google-build-using-namespace): this file assembles the family
                         // model

// Every family's cost of the current year, held in its block while the year
// runs (World::history_cost), written to its history; then the year closes
// (the option's and the trial's histories fold what the evaluation reads of it).
void FamilySimulation::Parts::close_history_years() {
  if (!world.history) return;
  for (std::uint32_t f = 0; f < families.slots(); ++f) {
    if (families.core(f).alive) world.close_history_year(f);
  }
  world.history->close_year(world.year);
}

void FamilySimulation::Parts::start_year(int y) {
  if (y > 0) tally_presence(sim.now());  // the year that ends has its last stretch
  if (y > 0) bill_run_down();
  if (y > 0)
    payments.settle(y - 1);  // before the year's overspend is recorded: the money came in it
  if (y > 0) observe_year(y - 1);
  if (y > 0) close_history_years();  // last year's costs held in the blocks go to the history
  world.year = y;
  if (y == world.s.warmup_years && y > 0) net.reset_stats();  // the appraisal window opens
  budgets.start_year(y);
  if (y == world.s.warmup_years) open_window();
  if (y > 0) {  // ongoing costs of need are committed a year at a time, summed by need
    std::vector<double> per_need(tables.needs, 0.0);
    std::vector<double> high(tables.needs, 0.0);  // the high level's part, when graded apart
    for (std::uint32_t f = 0; f < families.slots(); ++f) {
      families.core(f).worked = false;  // a new year: nobody has started an intervention in it
      if (!families.core(f).alive || families.core(f).departed) continue;
      const std::uint8_t* lv = families.needs(f);
      double own = 0.0;
      for (Index d = 0; d < tables.needs; ++d) {
        if (lv[d] > 0) own += world.p.needs[d].cost_per_day[lv[d] - 1];
        world.live_with(d, lv[d], kDaysPerYear);
      }
      world.book(f, kSubgroupReactive, own * kDaysPerYear);
      world.open_history_year(f);
      world.history_cost(f, y, own * kDaysPerYear);
      if (world.history) world.history->profile(families.core(f).uid, y, profile_code(f));
      for (Index d = 0; d < tables.needs; ++d) {
        if (lv[d] == 0) continue;
        const double c = world.p.needs[d].cost_per_day[lv[d] - 1];
        if (lv[d] == 2 && tables.need_levels_apart[d])
          high[d] += c;
        else
          per_need[d] += c;
      }
    }
    for (Index d = 0; d < tables.needs; ++d) {
      const NeedSpec& spec = world.s.needs[d];
      budgets.charge(spec.payer, spec.cashable, per_need[d] * kDaysPerYear,
                     tables.need_evidence[d][0]);
      if (tables.need_levels_apart[d])
        budgets.charge(spec.payer, spec.cashable, high[d] * kDaysPerYear,
                       tables.need_evidence[d][1]);
    }
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

// The families in the place when the window opens are its first cohort,
// with the needs they have then: the warm-up ran the same in every regime,
// so the subgroups still hold the same families in each. (A warm-up
// episode's cost that runs into the window stays with the family's old
// subgroup, alike in every regime, so no subgroup's saving moves.)
void FamilySimulation::Parts::open_window() {
  for (std::uint32_t f = 0; f < families.slots(); ++f) {
    FamilyCore& c = families.core(f);
    if (!c.alive) continue;
    c.group = subgroup_of(0, need_profile(families.needs(f), tables.needs)) & kGroupMask;
    if (!c.departed) ++rec.subgroup_families[c.group];
  }
  world.window_open = true;
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
    const Evidence e = tables.place_evidence[sv];
    if (sv == joint) {
      budgets.post_shared(tables.joint_weight, kJointTeam, place * base_capacity(world, sv, y), e);
    } else {
      budgets.post(spec.agency, cat, place * base_capacity(world, sv, y), e);
    }
    if (bought.places[sv] == 0) continue;
    if (bought.from_fund[sv]) {
      budgets.post_to_fund(cat, place * bought.places[sv], e);
    } else {
      budgets.post(spec.agency, cat, place * bought.places[sv], e);
    }
  }
  const Index setup = world.rules().setup_costs;
  if (setup != kNoIndex && t >= 0) {
    const auto& costs = world.p.setup_costs[setup];
    if (static_cast<std::size_t>(t) < costs.size())
      budgets.post_to_fund(kSetup, costs[static_cast<std::size_t>(t)],
                           tables.setup_evidence[setup][static_cast<std::size_t>(t)]);
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
    const Evidence e = tables.place_evidence[sv];
    if (fund_bought[sv]) {  // places the fund bought, lapsing: the fund pays their run-down
      budgets.post_to_fund(spend_category(spec.kind), amount, e);
    } else if (sv == joint) {
      budgets.post_shared(tables.joint_weight, kJointTeam, amount, e);
    } else {
      budgets.post(spec.agency, spend_category(spec.kind), amount, e);
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

}  // namespace placesim::models
