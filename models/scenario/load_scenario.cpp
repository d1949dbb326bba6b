#include <cmath>
#include <sstream>

#include "models/scenario/load.h"
#include "models/scenario/load_context.h"

namespace placesim::models {
namespace detail {

std::optional<PayerSplit> LoadContext::payer(const sim::YamlNode& n, const std::string& path) {
  PayerSplit out;
  if (n.is_scalar()) {
    auto a = r.ref(n, path, agency_names, "agency");
    if (!a) return std::nullopt;
    out.agency.push_back(*a);
    out.share.push_back(1.0);
    return out;
  }
  if (!r.keys(n, path, agency_names)) return std::nullopt;
  double total = 0.0;
  for (const auto& entry : n.entries()) {
      const auto* it = &entry;
    std::string key = it->key.scalar();
    auto a = r.ref(it->key, join_path(path, key), agency_names, "agency");
    auto share = r.number(it->value, join_path(path, key), Bounds::probability());
    if (!a || !share) return std::nullopt;
    out.agency.push_back(*a);
    out.share.push_back(*share);
    total += *share;
  }
  if (out.agency.empty() || std::fabs(total - 1.0) > 1e-6) {
    std::ostringstream o;
    o << "the shares add up to " << total;
    r.error(n, path, o.str(), "an agency name, or {agency: share, ...} with shares summing to 1");
    return std::nullopt;
  }
  return out;
}

std::vector<Referral> LoadContext::referrals(const sim::YamlNode& n, const std::string& path,
                                             const char* to_key) {
  std::vector<Referral> out;
  if (!r.list(n, path, "{to: service, p: probability}")) return out;
  double total = 0.0;
  for (std::size_t i = 0; i < n.size(); ++i) {
    std::string p = join_path(path, std::to_string(i));
    const sim::YamlNode& e = n[i];
    if (!r.keys(e, p, {to_key, "p"})) continue;
    auto to = r.ref(r.child(e, p, to_key, true), join_path(p, to_key), service_names, "service");
    auto prob = r.number(r.child(e, p, "p", true), join_path(p, "p"), Bounds::probability());
    if (to && prob) {
      out.push_back({*to, *prob});
      total += *prob;
    }
  }
  if (total > 1.0 + 1e-9) {
    std::ostringstream o;
    o << "the probabilities add up to " << total;
    r.error(n, path, o.str(), "at most 1 in total; the rest leave");
  }
  return out;
}

std::vector<Index> LoadContext::need_list(const sim::YamlNode& n, const std::string& path) {
  std::vector<Index> out;
  if (!r.list(n, path, "need names")) return out;
  for (std::size_t i = 0; i < n.size(); ++i) {
    if (auto k = r.ref(n[i], join_path(path, std::to_string(i)), need_names, "need")) out.push_back(*k);
  }
  return out;
}

namespace {

void load_version(LoadContext& c) {
  sim::YamlNode v = c.r.child(c.root, "", "placesim");
  if (!v.defined()) {
    c.r.error(c.root, "placesim", "missing the format version key 'placesim'",
              "start the file with 'placesim: 1'");
    return;
  }
  auto n = c.r.integer(v, "placesim", 1, 1000000);
  if (n && *n != kScenarioFormatVersion) {
    c.r.error(v, "placesim", "format version " + std::to_string(*n) + " is not supported",
              "this placesim reads format version " + std::to_string(kScenarioFormatVersion));
  }
}

void load_time_and_money(LoadContext& c) {
  Scenario& s = c.s;
  sim::YamlNode t = c.section("time");
  if (!t.defined()) {
    c.r.error(c.root, "time", "missing required section 'time'",
              "time: {start_year: 2011, years: 10}");
  } else if (c.r.keys(t, "time", {"start_year", "years", "warmup_years"})) {
    if (auto y = c.r.financial_year(c.r.child(t, "time", "start_year", true), "time.start_year"))
      s.start_year = *y;
    if (auto y = c.r.integer(c.r.child(t, "time", "years", true), "time.years", 1, 200))
      s.years = static_cast<int>(*y);
    sim::YamlNode w = c.r.child(t, "time", "warmup_years");
    if (w.defined()) {
      if (auto y = c.r.integer(w, "time.warmup_years", 0, 100)) s.warmup_years = static_cast<int>(*y);
    }
  }
  c.r.set_first_year(s.start_year - s.warmup_years);
  s.price_base_year = s.start_year;
  std::map<int, double> deflator;
  sim::YamlNode m = c.section("money");
  if (m.defined() && c.r.keys(m, "money", {"price_base_year", "gdp_deflator"})) {
    sim::YamlNode b = c.r.child(m, "money", "price_base_year");
    if (b.defined()) {
      if (auto y = c.r.financial_year(b, "money.price_base_year")) s.price_base_year = *y;
    }
    sim::YamlNode d = c.r.child(m, "money", "gdp_deflator");
    if (d.defined()) {
      if (!d.is_map()) {
        c.r.error(d, "money.gdp_deflator", "expected a mapping from years to index values",
                  "e.g. {2006: 84.5, 2011: 94.3}");
      } else {
        for (const auto& entry : d.entries()) {
      const auto* it = &entry;
          std::string p = join_path("money.gdp_deflator", it->key.scalar());
          auto y = c.r.financial_year(it->key, p);
          auto v = c.r.number(it->value, p, Bounds::positive());
          if (y && v) deflator[*y] = *v;
        }
      }
    }
  }
  c.r.set_prices(s.price_base_year, deflator);
}

void load_run_settings(LoadContext& c) {
  // yaml-cpp's Node assignment writes into the node it refers to: each value
  // gets its own variable.
  if (sim::YamlNode reps = c.section("replications"); reps.defined()) {
    if (auto v = c.r.integer(reps, "replications", 1, 10000000)) c.s.replications = static_cast<std::uint64_t>(*v);
  }
  if (sim::YamlNode seed = c.section("seed"); seed.defined()) {
    if (auto v = c.r.integer(seed, "seed", 0, INT64_MAX)) c.s.seed = static_cast<std::uint64_t>(*v);
  }
  for (const char* key : {"name", "description"}) {
    sim::YamlNode t = c.section(key);
    if (!t.defined()) {
      if (std::string(key) == "name") c.r.error(c.root, "name", "missing required key 'name'", "a title for the scenario");
      continue;
    }
    if (auto v = c.r.text(t, key)) (std::string(key) == "name" ? c.s.name : c.s.description) = *v;
  }
}

void load_population(LoadContext& c) {
  c.s.leave_per_year = Param{0.0, std::nullopt, "population.leave_per_year"};
  sim::YamlNode p = c.section("population");
  if (p.defined() && c.r.keys(p, "population", {"families", "leave_per_year"})) {
    sim::YamlNode f = c.r.child(p, "population", "families");
    if (f.defined()) {
      if (auto v = c.r.integer(f, "population.families", 0, 100000000)) c.s.families = static_cast<std::uint32_t>(*v);
    }
    sim::YamlNode l = c.r.child(p, "population", "leave_per_year");
    if (l.defined()) {
      if (auto v = c.r.param(l, "population.leave_per_year", Bounds::non_negative())) c.s.leave_per_year = *v;
    }
  }
  sim::YamlNode a = c.section("arrivals");
  if (!a.defined() || !c.r.list(a, "arrivals", "{into: service, per_day: rate}")) return;
  for (std::size_t i = 0; i < a.size(); ++i) {
    std::string path = join_path("arrivals", std::to_string(i));
    if (!c.r.keys(a[i], path, {"into", "per_day"})) continue;
    auto into = c.r.ref(c.r.child(a[i], path, "into", true), join_path(path, "into"), c.service_names, "service");
    auto rate = c.r.number(c.r.child(a[i], path, "per_day", true), join_path(path, "per_day"), Bounds::positive());
    if (into && rate) c.s.arrivals.push_back({*into, *rate});
  }
}

std::vector<std::string> section_names(LoadContext& c, const char* key, const char* what) {
  sim::YamlNode n = c.section(key);
  return n.defined() ? c.r.names(n, key, what) : std::vector<std::string>{};
}

}  // namespace
}  // namespace detail

Loaded load_scenario_text(std::string_view text, const std::string& file,
                          const std::vector<std::string>& overrides) {
  Diagnostics diags;
  auto doc = sim::parse_yaml(text, file, diags, "a scenario is a YAML mapping that starts with 'placesim: 1'");
  if (!doc) throw InputError(diags);
  sim::apply_overrides(*doc, overrides, diags);
  if (!diags.empty()) throw InputError(diags);
  ScenarioReader r(*doc, diags);
  Loaded out;
  detail::LoadContext c{r, out.scenario, doc->root, {}, {}, {}, {}, {}};
  r.keys(doc->root, "", {"placesim", "name", "description", "time", "money", "replications", "seed",
                         "agencies", "needs", "population", "arrivals", "events", "services",
                         "initial", "regimes", "appraisal", "business_case"});
  detail::load_version(c);
  detail::load_time_and_money(c);
  detail::load_run_settings(c);
  c.agency_names = detail::section_names(c, "agencies", "agencies");
  sim::YamlNode needs = c.section("needs");
  if (needs.defined() && needs.is_map()) {
    sim::YamlNode dims = r.child(needs, "needs", "dimensions");
    if (dims.defined()) c.need_names = r.names(dims, "needs.dimensions", "need dimensions");
  }
  c.event_names = detail::section_names(c, "events", "event types");
  c.service_names = detail::section_names(c, "services", "services");
  detail::load_agencies(c);
  detail::load_needs(c);
  detail::load_population(c);
  detail::load_services(c);
  detail::load_events(c);
  detail::load_initial(c);
  detail::load_regimes(c);
  detail::load_appraisal(c);
  detail::load_business_case(c);
  if (diags.empty()) detail::check_network(c);
  if (!diags.empty()) throw InputError(diags);
  out.scenario.effective_yaml = overrides.empty() ? std::string(text) : sim::emit_yaml(doc->root);
  out.scenario.source = file;
  out.warnings = std::move(c.warnings);
  return out;
}

Loaded load_scenario_file(const std::string& path, const std::vector<std::string>& overrides) {
  Diagnostics diags;
  auto text = sim::read_text_file(path, diags);
  if (!text) throw InputError(diags);
  return load_scenario_text(*text, path, overrides);
}

}  // namespace placesim::models
