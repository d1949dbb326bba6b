#include "models/studies/aggregate_spec.h"

#include <filesystem>
#include <numeric>

#include "models/scenario/load.h"
#include "sim/io/reader.h"

namespace placesim::models {
namespace fs = std::filesystem;
using sim::join_path;

const char* measure_name(AggregateMeasure m) {
  switch (m) {
    case AggregateMeasure::families:
      return "families";
    case AggregateMeasure::population:
      return "population";
    case AggregateMeasure::spend:
      return "spend";
  }
  return "?";
}

namespace {

constexpr double kMaxSd = 2.0;  // a between-place sd of 2 on the log scale is a 7x spread already

// The place's measure as its scenario gives it: families at the start, or
// what its agencies' budgets total in the first appraisal year.
std::optional<double> scenario_measure(const Scenario& s, AggregateMeasure m) {
  if (m == AggregateMeasure::families) return static_cast<double>(s.families);
  if (m == AggregateMeasure::spend) {
    double total = 0.0;
    for (const AgencySpec& a : s.agencies) {
      const auto t = static_cast<std::size_t>(s.warmup_years);
      if (t < a.budget.size()) total += a.budget[t];
    }
    return total;
  }
  return std::nullopt;  // population: only the aggregate file can say
}

void load_spreads(sim::Reader& r, const sim::YamlNode& n, AggregateSpec& s) {
  const std::string path = "between_places";
  std::vector<std::string> names(kPlaceEffectNames.begin(), kPlaceEffectNames.end());
  if (!r.keys(n, path, names)) return;
  for (std::size_t k = 0; k < kPlaceEffects; ++k) {
    const sim::YamlNode v = r.child(n, path, names[k], true);
    const std::string at = join_path(path, names[k]);
    if (!v.defined() || !r.keys(v, at, {"sd", "source"})) continue;
    if (auto sd = r.number(r.child(v, at, "sd", true), join_path(at, "sd"),
                           {0, kMaxSd, false, false, "a number from 0 to 2 (log scale)"}))
      s.spreads[k].sd = *sd;
    if (auto src = r.text(r.child(v, at, "source", true), join_path(at, "source")))
      s.spreads[k].source = *src;
  }
}

// Loads a place's scenario, reporting its own problems where they are.
std::shared_ptr<const Scenario> load_place(sim::Reader& r, sim::Diagnostics& diags,
                                           const sim::YamlNode& at, const std::string& path,
                                           const std::string& dir,
                                           const std::vector<std::string>& sets,
                                           AggregatePlace& place) {
  auto named = named_scenario(r, at, path, dir, "the aggregate file");
  if (!named) return nullptr;
  place.source = named->name;
  place.path = named->path;
  try {
    Loaded l = named->path.empty() ? load_scenario_text(named->text, named->name, sets)
                                   : load_scenario_file(named->path, sets);
    if (!l.scenario.has_options()) {
      r.error(at, path, "the scenario " + named->name + " has no option regime to appraise",
              "a scenario with regimes beyond its baseline, such as regimes.pooled");
      return nullptr;
    }
    return std::make_shared<const Scenario>(std::move(l.scenario));
  } catch (const InputError& e) {
    for (const sim::Diagnostic& d : e.diagnostics().all())
      diags.error(d.where, d.path, d.problem, d.allowed);
    return nullptr;
  }
}

void load_places(sim::Reader& r, sim::Diagnostics& diags, const sim::YamlNode& n,
                 const std::string& dir, AggregateSpec& s) {
  if (!n.defined()) return;
  if (!n.is_map() || n.entries().empty()) {
    r.error(n, "places", "expected a mapping from place names to their scenarios",
            "e.g. essex: {scenario: ../essex.yaml}");
    return;
  }
  for (const auto& entry : n.entries()) {
    AggregatePlace place;
    place.key = entry.key.is_scalar() ? entry.key.scalar() : "";
    const std::string path = join_path("places", place.key);
    const sim::YamlNode& v = entry.value;
    if (!r.keys(v, path, {"scenario", "set", "measure"})) continue;
    std::vector<std::string> sets;
    if (auto x = r.child(v, path, "set");
        x.defined() && r.list(x, join_path(path, "set"), "PATH=VALUE overrides")) {
      for (std::size_t i = 0; i < x.size(); ++i) {
        if (auto one = r.text(x[i], join_path(path, "set." + std::to_string(i))))
          sets.push_back(*one);
      }
    }
    place.scenario = load_place(r, diags, r.child(v, path, "scenario", true),
                                join_path(path, "scenario"), dir, sets, place);
    const sim::YamlNode m = r.child(v, path, "measure");
    if (m.defined()) {
      if (auto x = r.number(m, join_path(path, "measure"), sim::Bounds::positive()))
        place.measure = *x;
    } else if (place.scenario) {
      const auto x = scenario_measure(*place.scenario, s.measure);
      if (!x)
        r.error(v, join_path(path, "measure"), "missing required key 'measure'",
                "the place's population, since scale_by is population");
      else if (*x <= 0.0)
        r.error(v, join_path(path, "measure"),
                std::string("the scenario gives no ") + measure_name(s.measure) + " to scale by",
                "give the place's measure here");
      else
        place.measure = *x;
    }
    s.places.push_back(std::move(place));
  }
}

// Places must share a price base: their NPVs are added.
void check_prices(sim::Reader& r, const sim::YamlNode& places, const AggregateSpec& s) {
  const AggregatePlace* first = nullptr;
  for (std::size_t i = 0; i < s.places.size(); ++i) {
    const AggregatePlace& p = s.places[i];
    if (!p.scenario) continue;
    if (!first) {
      first = &p;
    } else if (p.scenario->price_base_year != first->scenario->price_base_year) {
      r.error(places.entries()[i].key, join_path("places", p.key),
              "its money is in " + std::to_string(p.scenario->price_base_year) + " prices, but " +
                  first->key + "'s is in " + std::to_string(first->scenario->price_base_year) +
                  " prices",
              "places with the same money.price_base_year");
    }
  }
}

}  // namespace

AggregateSpec load_aggregate_text(const std::string& text, const std::string& file,
                                  const std::string& dir) {
  Diagnostics diags;
  auto doc = sim::parse_yaml(
      text, file, diags,
      "an aggregate file is a YAML mapping that starts with 'placesim_aggregate: 1'");
  if (!doc) throw InputError(diags);
  sim::Reader r(*doc, diags);
  const sim::YamlNode& root = doc->root;
  AggregateSpec s;
  s.source = file;
  s.text = text;
  r.keys(root, "",
         {"placesim_aggregate", "name", "scale_by", "total", "base_year", "naive", "between_places",
          "places", "replications", "seed"});
  r.format_version(root, "placesim_aggregate", "aggregate");
  if (auto v = r.text(r.child(root, "", "name", true), "name")) s.name = *v;
  if (auto k = r.choice(r.child(root, "", "scale_by", true), "scale_by",
                        {"families", "population", "spend"}))
    s.measure = static_cast<AggregateMeasure>(*k);
  const sim::YamlNode total = r.child(root, "", "total", true);
  if (total.defined() && r.keys(total, "total", {"value", "source"})) {
    if (auto x = r.number(r.child(total, "total", "value", true), "total.value",
                          sim::Bounds::positive()))
      s.total = *x;
    if (auto t = r.text(r.child(total, "total", "source", true), "total.source"))
      s.total_source = *t;
  }
  load_spreads(r, r.child(root, "", "between_places", true), s);
  r.optional_count(root, "replications", 1, 10000000, s.replications);
  r.optional_count(root, "seed", 0, INT64_MAX, s.seed);
  const sim::YamlNode places = r.child(root, "", "places", true);
  load_places(r, diags, places, dir, s);
  check_prices(r, places, s);
  if (auto v = r.child(root, "", "naive"); v.defined()) {
    std::vector<std::string> keys;
    for (const AggregatePlace& p : s.places) keys.push_back(p.key);
    if (auto k = r.choice(v, "naive", keys)) s.naive = *k;
  }
  int earliest = 0;
  for (const AggregatePlace& p : s.places) {
    if (p.scenario && (earliest == 0 || p.scenario->start_year < earliest))
      earliest = p.scenario->start_year;
  }
  s.base_year = earliest;
  if (auto v = r.child(root, "", "base_year"); v.defined()) {
    if (auto k = r.integer(v, "base_year", 1900, 2200)) s.base_year = static_cast<int>(*k);
  }
  if (!diags.empty()) throw InputError(diags);
  return s;
}

AggregateSpec load_aggregate_file(const std::string& path) {
  Diagnostics diags;
  auto text = sim::read_text_file(path, diags);
  if (!text) throw InputError(diags);
  return load_aggregate_text(*text, path, fs::path(path).parent_path().string());
}

}  // namespace placesim::models
