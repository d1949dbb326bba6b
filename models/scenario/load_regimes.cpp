// Loading regimes, appraisal settings and the business case of a scenario.
#include "models/scenario/load_context.h"

namespace placesim::models::detail {
namespace {

const std::vector<std::string> kShared = {"handoff_days", "lost_referrals", "decision_horizon_years",
                                          "assessment_valid_days"};

void load_shared(LoadContext& c, const sim::YamlNode& n, const std::string& path, RegimeSpec& g) {
  if (auto v = c.r.child(n, path, "handoff_days"); v.defined()) {
    if (auto p = c.r.param(v, join_path(path, "handoff_days"), Bounds::non_negative())) g.handoff_days = *p;
  }
  if (auto v = c.r.child(n, path, "lost_referrals"); v.defined()) {
    if (auto p = c.r.param(v, join_path(path, "lost_referrals"), Bounds::probability())) g.lost_referrals = *p;
  }
  if (auto v = c.r.child(n, path, "decision_horizon_years"); v.defined()) {
    if (auto x = c.r.number(v, join_path(path, "decision_horizon_years"), Bounds::positive()))
      g.decision_horizon_years = *x;
  }
  if (auto v = c.r.child(n, path, "assessment_valid_days"); v.defined()) {
    if (auto x = c.r.number(v, join_path(path, "assessment_valid_days"), Bounds::positive()))
      g.assessment_valid_days = *x;
  }
}

void load_pooled(LoadContext& c, const sim::YamlNode& n, RegimeSpec& g) {
  const std::string path = "regimes.pooled";
  g.contributions.assign(c.s.agencies.size(), 0.0);
  if (auto v = c.r.child(n, path, "contributions"); v.defined()) {
    std::string p = join_path(path, "contributions");
    if (c.r.keys(v, p, c.agency_names)) {
      for (const auto& entry : v.entries()) {
      const auto* it = &entry;
        auto a = c.r.ref(it->key, join_path(p, it->key.scalar()), c.agency_names, "agency");
        auto x = c.r.number(it->value, join_path(p, it->key.scalar()), Bounds::probability());
        if (a && x && *a < g.contributions.size()) g.contributions[*a] = *x;
      }
    }
  }
  if (auto v = c.r.child(n, path, "assessment"); v.defined()) {
    if (auto s = c.r.ref(v, join_path(path, "assessment"), c.service_names, "service")) {
      g.assessment = *s;
      if (*s < c.s.services.size() && c.s.services[*s].kind != ServiceKind::assessment)
        c.r.error(v, join_path(path, "assessment"), "service '" + v.scalar() + "' is not an assessment",
                  "a service with kind: assessment");
    }
  }
  if (auto v = c.r.child(n, path, "double_running_years"); v.defined()) {
    if (auto x = c.r.number(v, join_path(path, "double_running_years"), Bounds::non_negative()))
      g.double_running_years = *x;
  }
  if (auto v = c.r.child(n, path, "setup_costs"); v.defined()) {
    std::string p = join_path(path, "setup_costs");
    if (c.r.list(v, p, "amounts of money by appraisal year")) {
      if (v.size() > static_cast<std::size_t>(c.s.years))
        c.r.error(v, p, "more set-up years than appraisal years", "at most time.years values");
      for (std::size_t i = 0; i < v.size(); ++i) {
        if (auto m = c.r.money(v[i], join_path(p, std::to_string(i)))) g.setup_costs.push_back(*m);
      }
    }
  }
  if (auto v = c.r.child(n, path, "gain_share"); v.defined()) {
    if (auto k = c.r.choice(v, join_path(path, "gain_share"), {"contributions", "equal", "none"}))
      g.gain_share = static_cast<RegimeSpec::GainShare>(*k);
  }
  Mechanisms& m = g.mechanisms;
  m = {true, true, true, true, true};
  if (auto v = c.r.child(n, path, "mechanisms"); v.defined()) {
    std::string p = join_path(path, "mechanisms");
    std::vector<std::pair<std::string, bool*>> sw = {{"investment", &m.investment},
                                                     {"single_assessment", &m.single_assessment},
                                                     {"handoffs", &m.handoffs},
                                                     {"rationing", &m.rationing},
                                                     {"setup", &m.setup}};
    std::vector<std::string> names;
    for (auto& s : sw) names.push_back(s.first);
    if (c.r.keys(v, p, names)) {
      for (auto& [name, field] : sw) {
        if (auto x = c.r.child(v, p, name); x.defined()) {
          if (auto b = c.r.boolean(x, join_path(p, name))) *field = *b;
        }
      }
    }
  }
  if (m.single_assessment && g.assessment == kNoIndex && c.r.ok()) {
    c.r.error(n, join_path(path, "assessment"), "the single_assessment mechanism needs the joint assessment service",
              "assessment: the name of a service with kind: assessment, or mechanisms.single_assessment: false");
  }
}

}  // namespace

void load_regimes(LoadContext& c) {
  RegimeSpec siloed;
  siloed.key = "siloed";
  siloed.handoff_days = {0.0, std::nullopt, "regimes.siloed.handoff_days"};
  siloed.lost_referrals = {0.0, std::nullopt, "regimes.siloed.lost_referrals"};
  sim::YamlNode n = c.section("regimes");
  sim::YamlNode pooled_node;
  if (n.defined() && c.r.keys(n, "regimes", {"siloed", "pooled"})) {
    if (auto s = c.r.child(n, "regimes", "siloed"); s.defined() && c.r.keys(s, "regimes.siloed", kShared))
      load_shared(c, s, "regimes.siloed", siloed);
    pooled_node = c.r.child(n, "regimes", "pooled");
  }
  c.s.regimes.push_back(siloed);
  if (!pooled_node.defined()) return;
  RegimeSpec pooled = siloed;  // what pooled does not say, it does as the silos do
  pooled.key = "pooled";
  for (auto* p : {&pooled.handoff_days, &pooled.lost_referrals})
    p->path.replace(p->path.find("siloed"), 6, "pooled");
  std::vector<std::string> keys = kShared;
  for (const char* k : {"contributions", "assessment", "double_running_years", "setup_costs", "gain_share", "mechanisms"})
    keys.emplace_back(k);
  if (!c.r.keys(pooled_node, "regimes.pooled", keys)) return;
  load_shared(c, pooled_node, "regimes.pooled", pooled);
  load_pooled(c, pooled_node, pooled);
  c.s.regimes.push_back(pooled);
}

void load_appraisal(LoadContext& c) {
  AppraisalSpec& a = c.s.appraisal;
  // Green Book 2022 Annex A6: 3.5% for years 0-30, 3.0% 31-75, 2.5% 76-125,
  // 2.0% 126-200, 1.5% 201-300, 1.0% beyond.
  a.discount = green_book_bands();
  sim::YamlNode n = c.section("appraisal");
  if (!n.defined() || !c.r.keys(n, "appraisal", {"discount", "optimism_bias"})) return;
  if (auto v = c.r.child(n, "appraisal", "discount"); v.defined()) {
    Bounds rate{0, 1, false, true, "a yearly real rate from 0 up to 1, e.g. 0.035"};
    if (v.is_scalar() && v.scalar() == "green_book") {
      // the default
    } else if (v.is_scalar()) {
      if (auto x = c.r.number(v, "appraisal.discount", rate)) a.discount = {{0, *x}};
    } else if (c.r.list(v, "appraisal.discount", "{from_year: t, rate: r} bands")) {
      a.discount.clear();
      for (std::size_t i = 0; i < v.size(); ++i) {
        std::string p = join_path("appraisal.discount", std::to_string(i));
        if (!c.r.keys(v[i], p, {"from_year", "rate"})) continue;
        auto from = c.r.integer(c.r.child(v[i], p, "from_year", true), join_path(p, "from_year"), 0, 10000);
        auto r = c.r.number(c.r.child(v[i], p, "rate", true), join_path(p, "rate"), rate);
        if (!from || !r) continue;
        if ((i == 0 && *from != 0) || (i > 0 && !a.discount.empty() && *from <= a.discount.back().first))
          c.r.error(v[i], join_path(p, "from_year"), "bands must start at year 0 and increase",
                    "from_year 0 first, then later years in order");
        a.discount.emplace_back(static_cast<int>(*from), *r);
      }
    }
  }
  if (auto v = c.r.child(n, "appraisal", "optimism_bias"); v.defined()) {
    if (c.r.keys(v, "appraisal.optimism_bias", {"costs", "benefits"})) {
      if (auto x = c.r.child(v, "appraisal.optimism_bias", "costs"); x.defined()) {
        if (auto y = c.r.number(x, "appraisal.optimism_bias.costs", Bounds::non_negative())) a.optimism_costs = *y;
      }
      if (auto x = c.r.child(v, "appraisal.optimism_bias", "benefits"); x.defined()) {
        if (auto y = c.r.number(x, "appraisal.optimism_bias.benefits", Bounds::probability())) a.optimism_benefits = *y;
      }
    }
  }
}

}  // namespace placesim::models::detail
