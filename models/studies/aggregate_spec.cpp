#include "models/studies/aggregate_spec.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <numeric>
#include <optional>
#include <set>

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

std::string number_text(double x) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", x);
  return buf;
}

// Measures, totals: at least one family, person or pound, and not absurd.
constexpr sim::Bounds kMeasure{1.0, 1e15, false, false, "a number from 1 to 1e15"};

// Loads a place's scenario with its overrides. A mistake in an override is
// named at the override in the aggregate file; one in the scenario, in its
// own file (and the place says so).
std::shared_ptr<const Scenario> load_place(sim::Reader& r, sim::Diagnostics& diags,
                                           const sim::YamlNode& at, const std::string& path,
                                           const std::string& dir, const sim::YamlNode& set_node,
                                           const std::vector<std::string>& sets,
                                           AggregatePlace& place) {
  auto named = named_scenario(r, at, path, dir, "the aggregate file");
  if (!named) return nullptr;
  place.source = named->name + (sets.empty() ? "" : " with " + sim::join_names(sets));
  place.path = named->path;
  try {
    Loaded l = named->path.empty() ? load_scenario_text(named->text, named->name, sets)
                                   : load_scenario_file(named->path, sets);
    if (!l.scenario.has_options()) {
      r.error(at, path, "the scenario " + named->name + " has no option regime to appraise",
              "a scenario with regimes beyond its baseline, such as regimes.pooled");
      return nullptr;
    }
    place.warnings = std::move(l.warnings);
    return std::make_shared<const Scenario>(std::move(l.scenario));
  } catch (const InputError& e) {
    const std::string set_path = sim::join_path(path.substr(0, path.rfind('.')), "set");
    bool in_file = false;
    for (const sim::Diagnostic& d : e.diagnostics().all()) {
      const auto k = std::find_if(sets.begin(), sets.end(), [&](const std::string& x) {
        return d.where.file == "--set " + x;
      });
      if (k == sets.end()) {
        diags.error(d.where, d.path, d.problem, d.allowed);
        in_file = true;
        continue;
      }
      const auto index = static_cast<std::size_t>(k - sets.begin());
      r.error(set_node[index], sim::join_path(set_path, std::to_string(index)),
              d.path + ": " + d.problem, d.allowed);
    }
    if (in_file)
      r.error(at, path, "the scenario " + named->name + " is not valid (its errors are listed)",
              "a scenario placesim validate accepts");
    return nullptr;
  }
}

// The place's measure as written, or as its scenario gives it.
void place_measure(sim::Reader& r, const sim::YamlNode& v, const std::string& path,
                   AggregateMeasure measure, AggregatePlace& place) {
  const sim::YamlNode m = r.child(v, path, "measure");
  if (m.defined()) {
    if (auto x = r.number(m, join_path(path, "measure"), kMeasure)) place.measure = *x;
    return;
  }
  if (!place.scenario) return;
  const auto x = scenario_measure(*place.scenario, measure);
  if (!x)
    r.error(v, join_path(path, "measure"), "missing required key 'measure'",
            "the place's population, since scale_by is population");
  else if (!kMeasure.contains(*x))
    r.error(v, join_path(path, "measure"),
            std::string("the scenario gives no ") + measure_name(measure) + " to scale by",
            "give the place's measure here");
  else
    place.measure = *x;
}

void load_places(sim::Reader& r, sim::Diagnostics& diags, const sim::YamlNode& n,
                 const std::string& dir, AggregateSpec& s) {
  if (!n.defined()) return;
  if (!n.is_map() || n.entries().empty()) {
    r.error(n, "places", "expected a mapping from place names to their scenarios",
            "e.g. essex: {scenario: ../essex.yaml}");
    return;
  }
  std::set<std::string> seen;
  std::optional<std::size_t> first;  // the first place loaded, whose prices the others share
  for (const auto& entry : n.entries()) {
    AggregatePlace place;
    place.key = entry.key.is_scalar() ? entry.key.scalar() : "";
    const std::string path = join_path("places", place.key);
    if (place.key.empty() || place.key.find_first_of(" .[]{}:,") != std::string::npos) {
      r.error(entry.key, "places", "a place needs a name", "a word such as essex");
      continue;
    }
    if (!seen.insert(place.key).second) {
      r.error(entry.key, path, "the place is named twice", "each place once");
      continue;
    }
    const sim::YamlNode& v = entry.value;
    if (!r.keys(v, path, {"scenario", "set", "measure"})) continue;
    std::vector<std::string> sets;
    const sim::YamlNode x = r.child(v, path, "set");
    if (x.defined() && r.list(x, join_path(path, "set"), "PATH=VALUE overrides")) {
      for (std::size_t i = 0; i < x.size(); ++i) {
        if (auto one = r.text(x[i], join_path(path, "set." + std::to_string(i))))
          sets.push_back(*one);
      }
    }
    place.scenario = load_place(r, diags, r.child(v, path, "scenario", true),
                                join_path(path, "scenario"), dir, x, sets, place);
    place_measure(r, v, path, s.measure, place);
    // Places must share a price base: their NPVs are added.
    if (place.scenario && first &&
        place.scenario->price_base_year != s.places[*first].scenario->price_base_year)
      r.error(entry.key, path,
              "its money is in " + std::to_string(place.scenario->price_base_year) +
                  " prices, but " + s.places[*first].key + "'s is in " +
                  std::to_string(s.places[*first].scenario->price_base_year) + " prices",
              "places with the same money.price_base_year");
    if (!first && place.scenario) first = s.places.size();
    s.places.push_back(std::move(place));
  }
}

// What a run would warn of: each place's own warnings, and places whose
// appraisal windows differ (their NPVs are moved to the base year, but they
// cover different years).
void add_warnings(AggregateSpec& s) {
  for (const AggregatePlace& p : s.places) {
    for (const std::string& w : p.warnings) s.warnings.push_back("places." + p.key + ": " + w);
  }
  const Scenario& first = *s.places.front().scenario;
  std::vector<std::string> windows;
  bool differ = false;
  for (const AggregatePlace& p : s.places) {
    const Scenario& sc = *p.scenario;
    differ = differ || sc.start_year != first.start_year || sc.years != first.years;
    windows.push_back(p.key + " " + sc.year_label(0) + " to " + sc.year_label(sc.years - 1));
  }
  if (differ)
    s.warnings.push_back("the places' appraisal windows differ (" + sim::join_names(windows) +
                         "): each NPV is discounted to 1 April " + std::to_string(s.base_year) +
                         ", but they are not over the same years");
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
    if (auto x = r.number(r.child(total, "total", "value", true), "total.value", kMeasure))
      s.total = *x;
    if (auto t = r.text(r.child(total, "total", "source", true), "total.source"))
      s.total_source = *t;
  }
  load_spreads(r, r.child(root, "", "between_places", true), s);
  r.optional_count(root, "replications", 1, 10000000, s.replications);
  r.optional_count(root, "seed", 0, INT64_MAX, s.seed);
  const sim::YamlNode places = r.child(root, "", "places", true);
  load_places(r, diags, places, dir, s);
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
  double held = 0.0;
  for (const AggregatePlace& p : s.places) held += p.measure;
  if (diags.empty() && held > s.total)
    r.error(r.child(total, "total", "value"), "total.value",
            "the places hold " + number_text(held) + " of it, more than the total " +
                number_text(s.total),
            "the whole region's measure, at least the places' own");
  if (!diags.empty()) throw InputError(diags);
  add_warnings(s);
  return s;
}

AggregateSpec load_aggregate_file(const std::string& path) {
  Diagnostics diags;
  auto text = sim::read_text_file(path, diags);
  if (!text) throw InputError(diags);
  return load_aggregate_text(*text, path, fs::path(path).parent_path().string());
}

}  // namespace placesim::models
