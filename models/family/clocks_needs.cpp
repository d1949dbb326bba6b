// What a family's needs cost as they change, and the episodes (custody,
// care) that stand in for them: the hazard clocks' other half, apart from
// the clocks themselves (clocks.cpp).
#include <algorithm>

#include "models/family/clocks.h"

namespace placesim::models::family {

void Clocks::change_need(std::uint32_t f, Index d, int delta) {
  const FamilyCore& c = w_.families.core(f);
  if (c.replaced_by >= 0 &&
      (w_.t.replaced_needs[static_cast<std::size_t>(c.replaced_by)] >> d & 1u))
    return;  // an episode stands in for the need
  std::uint8_t& lv = w_.families.needs(f)[d];
  const int before = lv;
  const int after = std::clamp(before + delta, 0, kLevels - 1);
  if (after == before) return;
  // The ongoing cost of the need was committed to the year's end at the old
  // level: adjust the commitment from now on.
  const auto& cost = w_.p.needs[d].cost_per_day;
  const double left = (w_.year + 1) * kDaysPerYear - w_.sim.now();
  w_.live_with(d, before, -left);
  w_.live_with(d, after, left);
  // Level 0 costs nothing; max() lets the compiler see the index is never
  // negative (it warned of an out-of-bounds read that cannot happen).
  auto cost_at = [&cost](int level) {
    return level > 0 ? cost[static_cast<std::size_t>(std::max(level, 1) - 1)] : 0.0;
  };
  const double rate_change = cost_at(after) - cost_at(before);
  if (rate_change != 0.0) {
    const NeedSpec& spec = w_.s.needs[d];
    const double days = (w_.year + 1) * kDaysPerYear - w_.sim.now();
    const double amount = rate_change * days;
    const auto& e = w_.t.need_evidence[d];
    if (!w_.t.need_levels_apart[d] || before == 0 || after == 0) {
      budgets_.charge(spec.payer, spec.cashable, amount, e[std::max(before, after) - 1]);
    } else {  // one level's cost off at its grade, the other's on at its own
      budgets_.charge(spec.payer, spec.cashable, -cost[before - 1] * days, e[before - 1]);
      budgets_.charge(spec.payer, spec.cashable, cost[after - 1] * days, e[after - 1]);
    }
    w_.book(f, kSubgroupReactive, amount);
    w_.history_cost(f, w_.year, amount);
  }
  lv = static_cast<std::uint8_t>(after);
  touch(f, w_.t.need_clocks[d]);
}

void Clocks::commit_need_costs(std::uint32_t f, double sign) {
  const double days = (w_.year + 1) * kDaysPerYear - w_.sim.now();
  const std::uint8_t* lv = w_.families.needs(f);
  for (Index d = 0; d < w_.t.needs; ++d) {
    if (lv[d] == 0) continue;
    w_.live_with(d, lv[d], sign * days);
    const double per_day = w_.p.needs[d].cost_per_day[lv[d] - 1];
    if (per_day == 0.0) continue;
    budgets_.charge(w_.s.needs[d].payer, w_.s.needs[d].cashable, sign * per_day * days,
                    w_.t.need_evidence[d][lv[d] - 1]);
    w_.book(f, kSubgroupReactive, sign * per_day * days);
    w_.history_cost(f, w_.year, sign * per_day * days);
  }
}

// An episode that replaces needs (custody for the costs of a crime need, care
// for a child's welfare need) takes their ongoing costs off the payers for
// its length, holds their levels still, and makes the events it replaces
// impossible. One at a time: an episode that starts while another stands in
// for the family's needs costs what it costs and replaces nothing.
void Clocks::begin_replacement(std::uint32_t f, Index k, double days) {
  FamilyCore& c = w_.families.core(f);
  if (c.replaced_by >= 0 || days <= 0.0 ||
      (w_.t.replaced_needs[k] == 0 && w_.t.replaced_clocks[k] == 0))
    return;
  const double now = w_.sim.now();
  c.replaced_by = k & kEventTypeMask;
  w_.families.episode_until(f) = now + days;
  replaced_costs(f, now, now + days, -1.0);
  touch(f, w_.t.replaced_clocks[k]);  // and its event may now be the episode's end
}

void Clocks::end_replacement(std::uint32_t f) {
  FamilyCore& c = w_.families.core(f);
  if (c.replaced_by < 0) {  // nothing stands in (its event should not have come for it)
    touch(f, 0);
    return;
  }
  const auto k = static_cast<std::size_t>(c.replaced_by);
  c.replaced_by = -1;
  touch(f, w_.t.replaced_clocks[k]);
}

void Clocks::cut_replacement_short(std::uint32_t f) {
  FamilyCore& c = w_.families.core(f);
  if (c.replaced_by < 0) return;
  // The costs taken off ran to the episode's end; the family's needs stop
  // costing here when it leaves (commit_need_costs), so give back the rest.
  const double now = w_.sim.now();
  const double until = w_.families.episode_until(f);
  if (until > now) replaced_costs(f, now, until, +1.0);
  c.replaced_by = -1;
}

void Clocks::replaced_costs(std::uint32_t f, double from, double to, double sign) {
  const std::uint32_t mask =
      w_.t.replaced_needs[static_cast<std::size_t>(w_.families.core(f).replaced_by)];
  const std::uint8_t* lv = w_.families.needs(f);
  for (Index d = 0; d < w_.t.needs; ++d) {
    if (!(mask >> d & 1u) || lv[d] == 0) continue;
    const double per_day = w_.p.needs[d].cost_per_day[lv[d] - 1];
    if (per_day == 0.0) continue;
    budgets_.accrue(from, to, sign * per_day, w_.s.needs[d].payer, w_.s.needs[d].cashable,
                    w_.t.need_evidence[d][lv[d] - 1]);
    w_.book_over(f, from, to, sign * per_day);
    w_.history_accrue(f, from, to, sign * per_day);
  }
}

}  // namespace placesim::models::family
