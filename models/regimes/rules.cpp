#include "models/regimes/rules.h"

namespace placesim::models {

RegimeRules baseline_rules(const Scenario& s) {
  const RegimeSpec& b = s.regimes[0];
  const std::size_t n = s.agencies.size();
  RegimeRules r;
  r.name = b.key;
  r.handoffs = 0;
  r.assessment_valid_days = b.assessment_valid_days;
  r.pooled_view.assign(n, 0);
  r.pool.assign(n, 0);
  r.horizon_years.assign(n, b.decision_horizon_years);
  r.buys_from_fund.assign(n, 0);
  r.own_share.resize(n);
  for (std::size_t a = 0; a < n; ++a) r.own_share[a] = s.agencies[a].max_invest_share;
  r.fund_share.assign(n, 0.0);
  r.rations_on_pool.assign(n, 0);
  r.joint_members.assign(n, 0);
  return r;
}

RegimeRules option_rules(const Scenario& s, Index regime, MechanismSet on) {
  RegimeRules r = baseline_rules(s);
  if (regime == 0) return r;
  const RegimeSpec& b = s.regimes[0];
  const RegimeSpec& g = s.regimes[regime];
  r.name = g.key;
  const std::size_t n = s.agencies.size();
  if (on.has(Mechanism::view)) r.pool = g.pool;
  // The fund (places bought from it, set-up costs) is shared by what each
  // member puts in.
  const bool setup =
      on.has(Mechanism::setup) && (!g.setup_costs.empty() || g.double_running_years > 0.0);
  if (on.has(Mechanism::money) || (setup && !g.setup_costs.empty())) {
    for (std::size_t a = 0; a < n; ++a) r.fund_share[a] = g.pool[a] ? g.contributions[a] : 0.0;
  }
  for (std::size_t a = 0; a < n; ++a) {
    if (!g.pool[a]) continue;
    if (on.has(Mechanism::view)) r.pooled_view[a] = 1;
    if (on.has(Mechanism::horizon)) r.horizon_years[a] = g.decision_horizon_years;
    if (on.has(Mechanism::money)) {
      r.buys_from_fund[a] = 1;
      r.own_share[a] = 0.0;  // its discretionary money is the fund now
    }
    if (on.has(Mechanism::rationing)) r.rations_on_pool[a] = 1;
  }
  if (on.has(Mechanism::handoffs) &&
      !(g.handoff_days == b.handoff_days && g.lost_referrals == b.lost_referrals))
    r.handoffs = regime;
  if (on.has(Mechanism::single_assessment) && g.assessment != kNoIndex) {
    r.joint_assessment = g.assessment;
    r.joint_members = g.pool;
    r.assessment_valid_days = g.assessment_valid_days;
  }
  if (on.has(Mechanism::payment_by_results) && g.payment) r.payment = regime;
  if (setup) {
    r.double_running_years = g.double_running_years;
    if (!g.setup_costs.empty()) r.setup_costs = regime;
  }
  return r;
}

MechanismSet mechanisms_in_play(const Scenario& s, Index regime) {
  MechanismSet play;
  if (regime == 0) return play;
  const RegimeRules base = baseline_rules(s);
  for (Mechanism m : kAllMechanisms) {
    if (!s.regimes[regime].mechanisms.has(m)) continue;
    RegimeRules alone = option_rules(s, regime, MechanismSet{}.with(m));
    alone.name = base.name;
    if (!(alone == base)) play = play.with(m);
  }
  return play;
}

}  // namespace placesim::models
