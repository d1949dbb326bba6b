// Loading the agencies and need dimensions of a scenario.
#include <cmath>
#include <sstream>

#include "models/scenario/load_context.h"

namespace placesim::models::detail {

void load_agencies(LoadContext& c) {
  sim::YamlNode all = c.section("agencies");
  if (!all.defined() || !all.is_map()) return;
  const auto years = static_cast<std::size_t>(c.s.simulated_years());
  for (const std::string& key : c.agency_names) {
    std::string path = join_path("agencies", key);
    sim::YamlNode n = c.r.child(all, "agencies", key);
    AgencySpec a;
    a.key = a.label = key;
    if (!c.r.keys(n, path, {"label", "budget", "budget_change_per_year", "rationing_at",
                            "assessment", "max_invest_share"})) {
      c.s.agencies.push_back(a);
      continue;
    }
    c.r.optional_label(n, path, a.label);
    Bounds money = Bounds::non_negative();
    money.words = "pounds per year (>= 0), real, in base-year prices";
    if (auto b = c.r.by_year(c.r.child(n, path, "budget", true), join_path(path, "budget"), years, money))
      a.budget = *b;
    if (auto v = c.r.child(n, path, "budget_change_per_year"); v.defined()) {
      Bounds change{-1, 10, true, false, "a yearly real change above -1, e.g. -0.05 for a 5% cut"};
      if (auto g = c.r.number(v, join_path(path, "budget_change_per_year"), change)) {
        for (std::size_t y = 1; y < a.budget.size(); ++y) a.budget[y] = a.budget[y - 1] * (1.0 + *g);
      }
    }
    if (auto v = c.r.child(n, path, "rationing_at"); v.defined()) {
      Bounds b{0, 10, true, false, "a share of the budget > 0, e.g. 0.95"};
      if (auto x = c.r.number(v, join_path(path, "rationing_at"), b)) a.rationing_at = *x;
    }
    if (auto v = c.r.child(n, path, "assessment"); v.defined()) {
      if (auto s = c.r.ref(v, join_path(path, "assessment"), c.service_names, "service")) a.assessment = *s;
    }
    c.r.optional_number(n, path, "max_invest_share", Bounds::probability(), a.max_invest_share);
    c.s.agencies.push_back(a);
  }
}

namespace {

std::array<Param, 2> two_rates(LoadContext& c, const sim::YamlNode& n, const std::string& path) {
  std::array<Param, 2> out{Param{0, std::nullopt, path + ".0"}, Param{0, std::nullopt, path + ".1"}};
  if (!n.defined()) return out;
  if (!n.is_list() || n.size() != 2) {
    c.r.error(n, path, "expected a list of two rates",
              "[from none to moderate, from moderate to high] per year (or the reverse for improve)");
    return out;
  }
  Bounds b = Bounds::non_negative();
  b.words = "a rate per family-year >= 0";
  for (std::size_t i = 0; i < 2; ++i) {
    if (auto p = c.r.param(n[i], join_path(path, std::to_string(i)), b)) out[i] = *p;
  }
  return out;
}

// Ongoing cost of a need while it lasts: [at moderate, at high] a year.
void load_need_costs(LoadContext& c, const sim::YamlNode& n, const std::string& path, NeedSpec& d) {
  const std::string cpath = join_path(path, "cost_per_year");
  d.cost_per_year = {Param{0, std::nullopt, cpath + ".0"}, Param{0, std::nullopt, cpath + ".1"}};
  sim::YamlNode cost = c.r.child(n, path, "cost_per_year");
  if (cost.defined()) {
    if (!cost.is_list() || cost.size() != 2) {
      c.r.error(cost, cpath, "expected a list of two amounts", "[a year at moderate, a year at high] in pounds");
    } else {
      for (std::size_t i = 0; i < 2; ++i) {
        if (auto m = c.r.money(cost[i], join_path(cpath, std::to_string(i)))) d.cost_per_year[i] = *m;
      }
    }
  }
  if (auto v = c.r.child(n, path, "payer"); v.defined()) {
    if (auto p = c.payer(v, join_path(path, "payer"))) d.payer = *p;
  } else if (cost.defined()) {
    c.r.error(n, join_path(path, "payer"), "a need with an ongoing cost needs a payer",
              "payer: agency name, or {agency: share, ...}");
  }
  if (auto v = c.r.child(n, path, "cashable"); v.defined()) {
    if (auto x = c.r.number(v, join_path(path, "cashable"), Bounds::probability())) d.cashable = *x;
  }
}

}  // namespace

void load_needs(LoadContext& c) {
  sim::YamlNode needs = c.section("needs");
  if (!needs.defined()) return;
  if (!c.r.keys(needs, "needs", {"correlation", "dimensions"})) return;
  if (auto v = c.r.child(needs, "needs", "correlation"); v.defined()) {
    if (auto x = c.r.number(v, "needs.correlation", Bounds::unit_open())) c.s.need_correlation = *x;
  }
  sim::YamlNode dims = c.r.child(needs, "needs", "dimensions", true);
  if (!dims.is_map()) return;
  for (const std::string& key : c.need_names) {
    std::string path = join_path("needs.dimensions", key);
    sim::YamlNode n = c.r.child(dims, "needs.dimensions", key);
    NeedSpec d;
    d.key = d.label = key;
    if (!c.r.keys(n, path, {"label", "owner", "prevalence", "escalate_per_year", "improve_per_year",
                            "waiting_escalation", "cost_per_year", "payer", "cashable"})) {
      c.s.needs.push_back(d);
      continue;
    }
    c.r.optional_label(n, path, d.label);
    if (auto v = c.r.child(n, path, "owner"); v.defined()) {
      if (auto a = c.r.ref(v, join_path(path, "owner"), c.agency_names, "agency")) d.owner = *a;
    }
    sim::YamlNode prev = c.r.child(n, path, "prevalence", true);
    std::string ppath = join_path(path, "prevalence");
    if (prev.defined()) {
      if (!prev.is_list() || prev.size() != 3) {
        c.r.error(prev, ppath, "expected a list of three shares",
                  "[none, moderate, high], each from 0 to 1, summing to 1");
      } else {
        double total = 0;
        bool read_all = true;
        for (std::size_t i = 0; i < 3; ++i) {
          if (auto x = c.r.number(prev[i], join_path(ppath, std::to_string(i)), Bounds::probability())) {
            d.prevalence[i] = *x;
            total += *x;
          } else {
            read_all = false;
          }
        }
        if (read_all && std::fabs(total - 1.0) > 1e-6) {
          std::ostringstream o;
          o << "the shares add up to " << total;
          c.r.error(prev, ppath, o.str(), "[none, moderate, high] summing to 1");
        }
      }
    }
    d.escalate = two_rates(c, c.r.child(n, path, "escalate_per_year"), join_path(path, "escalate_per_year"));
    d.improve = two_rates(c, c.r.child(n, path, "improve_per_year"), join_path(path, "improve_per_year"));
    c.r.optional_number(n, path, "waiting_escalation", Bounds::non_negative(), d.waiting_escalation);
    load_need_costs(c, n, path, d);
    c.s.needs.push_back(d);
  }
}

}  // namespace placesim::models::detail
