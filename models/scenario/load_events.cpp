// Loading the event types of a scenario: hazards, costs, payers, consequences.
#include "models/scenario/load_context.h"

namespace placesim::models::detail {
namespace {

std::vector<NeedMultiplier> multipliers(LoadContext& c, const sim::YamlNode& n, const std::string& path) {
  std::vector<NeedMultiplier> out;
  if (!c.r.keys(n, path, c.need_names)) return out;
  Bounds b = Bounds::non_negative();
  b.words = "a hazard multiplier >= 0 (1 = no change)";
  for (const auto& entry : n.entries()) {
      const auto* it = &entry;
    std::string key = it->key.scalar();
    std::string p = join_path(path, key);
    auto need = c.r.ref(it->key, p, c.need_names, "need");
    if (!need) continue;
    if (!it->value.is_list() || it->value.size() != 2) {
      c.r.error(it->value, p, "expected a list of two multipliers", "[at moderate, at high]");
      continue;
    }
    NeedMultiplier m{*need, {}};
    bool ok = true;
    for (std::size_t i = 0; i < 2; ++i) {
      auto x = c.r.param(it->value[i], join_path(p, std::to_string(i)), b);
      if (x) m.at[i] = *x; else ok = false;
    }
    if (ok) out.push_back(m);
  }
  return out;
}

std::optional<EpisodeSpec> episode(LoadContext& c, const sim::YamlNode& n, const std::string& path,
                                   const EventSpec& ev) {
  if (!c.r.keys(n, path, {"duration", "cost_per_week", "payer", "cashable"})) return std::nullopt;
  EpisodeSpec e;
  e.payer = ev.payer;
  e.cashable = ev.cashable;
  auto d = c.r.duration(c.r.child(n, path, "duration", true), join_path(path, "duration"));
  if (!d) return std::nullopt;
  e.duration = *d;
  e.cost_per_week.path = join_path(path, "cost_per_week");
  if (auto v = c.r.child(n, path, "cost_per_week"); v.defined()) {
    if (auto m = c.r.money(v, join_path(path, "cost_per_week"))) e.cost_per_week = *m;
  }
  if (auto v = c.r.child(n, path, "payer"); v.defined()) {
    if (auto p = c.payer(v, join_path(path, "payer"))) e.payer = *p;
  }
  if (auto v = c.r.child(n, path, "cashable"); v.defined()) {
    if (auto x = c.r.number(v, join_path(path, "cashable"), Bounds::probability())) e.cashable = *x;
  }
  if ((e.cost_per_week.value > 0 || e.cost_per_week.uncertain()) && e.payer.agency.empty()) {
    c.r.error(n, path, "an episode with a cost needs a payer", "payer: agency name (here or on the event)");
  }
  return e;
}

}  // namespace

void load_events(LoadContext& c) {
  sim::YamlNode all = c.section("events");
  if (!all.defined() || !all.is_map()) return;
  for (const std::string& key : c.event_names) {
    std::string path = join_path("events", key);
    sim::YamlNode n = c.r.child(all, "events", key);
    EventSpec e;
    e.key = e.label = key;
    e.unit_cost.path = join_path(path, "unit_cost");
    if (!c.r.keys(n, path, {"label", "rate_per_year", "needs", "unit_cost", "payer", "cashable",
                            "escalates", "refer", "follow_on", "episode"})) {
      c.s.events.push_back(e);
      continue;
    }
    c.r.optional_label(n, path, e.label);
    Bounds rate = Bounds::non_negative();
    rate.words = "events per family-year at no need, >= 0";
    if (auto p = c.r.param(c.r.child(n, path, "rate_per_year", true), join_path(path, "rate_per_year"), rate))
      e.rate = *p;
    if (auto v = c.r.child(n, path, "needs"); v.defined()) e.needs = multipliers(c, v, join_path(path, "needs"));
    if (auto v = c.r.child(n, path, "unit_cost"); v.defined()) {
      if (auto m = c.r.money(v, join_path(path, "unit_cost"))) e.unit_cost = *m;
    }
    if (auto v = c.r.child(n, path, "payer"); v.defined()) {
      if (auto p = c.payer(v, join_path(path, "payer"))) e.payer = *p;
    } else if (e.unit_cost.value > 0 || e.unit_cost.uncertain()) {
      c.r.error(n, join_path(path, "payer"), "an event with a cost needs a payer",
                "payer: agency name, or {agency: share, ...}");
    }
    c.r.optional_number(n, path, "cashable", Bounds::probability(), e.cashable);
    if (auto v = c.r.child(n, path, "escalates"); v.defined()) {
      std::string p = join_path(path, "escalates");
      if (c.r.keys(v, p, c.need_names)) {
        for (const auto& entry : v.entries()) {
      const auto* it = &entry;
          auto need = c.r.ref(it->key, join_path(p, it->key.scalar()), c.need_names, "need");
          auto prob = c.r.number(it->value, join_path(p, it->key.scalar()), Bounds::probability());
          if (need && prob) e.escalates.emplace_back(*need, *prob);
        }
      }
    }
    if (auto v = c.r.child(n, path, "refer"); v.defined()) e.refer = c.referrals(v, join_path(path, "refer"), "to");
    if (auto v = c.r.child(n, path, "follow_on"); v.defined()) {
      std::string p = join_path(path, "follow_on");
      if (c.r.list(v, p, "{event: name, p: probability, delay: duration}")) {
        for (std::size_t i = 0; i < v.size(); ++i) {
          std::string q = join_path(p, std::to_string(i));
          if (!c.r.keys(v[i], q, {"event", "p", "delay"})) continue;
          auto ev = c.r.ref(c.r.child(v[i], q, "event", true), join_path(q, "event"), c.event_names, "event");
          auto prob = c.r.number(c.r.child(v[i], q, "p", true), join_path(q, "p"), Bounds::probability());
          sim::Distribution delay = sim::Distribution::constant(0.0);
          if (auto d = c.r.child(v[i], q, "delay"); d.defined()) {
            if (auto dd = c.r.duration(d, join_path(q, "delay"))) delay = *dd;
          }
          if (ev && prob) e.follow_on.push_back({*ev, *prob, delay});
        }
      }
    }
    if (auto v = c.r.child(n, path, "episode"); v.defined()) e.episode = episode(c, v, join_path(path, "episode"), e);
    c.s.events.push_back(e);
  }
}

}  // namespace placesim::models::detail
