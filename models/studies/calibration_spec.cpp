#include "models/studies/calibration_spec.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <set>

#include "models/results/metrics.h"
#include "models/scenario/load.h"
#include "models/studies/posterior.h"
#include "sim/io/reader.h"
#include "sim/io/yaml_document.h"

namespace placesim::models {
namespace fs = std::filesystem;
using sim::join_path;

std::string parameter_override(const std::string& path, double value, bool integer) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.17g", integer ? std::round(value) : value);
  return path + "=" + buf;
}

namespace {

void read_sets(sim::Reader& r, const sim::YamlNode& v, CalibrationSpec& s) {
  if (v.is_map()) {  // {population.families: 600}
    for (const auto& e : v.entries()) {
      const std::string key = e.key.is_scalar() ? e.key.scalar() : "";
      if (key.empty() || !e.value.is_scalar()) {
        r.error(e.value, join_path("set", key), "expected a key path with a single value",
                "e.g. set: {population.families: 600}");
        continue;
      }
      s.sets.push_back(key + "=" + sim::emit_yaml(e.value));  // as YAML: quoting kept
    }
  } else if (r.list(v, "set", "PATH=VALUE overrides or a mapping of key paths to values")) {
    for (std::size_t i = 0; i < v.size(); ++i) {
      if (auto t = r.text(v[i], "set." + std::to_string(i))) s.sets.push_back(*t);
    }
  }
}

void read_parameters(sim::Reader& r, const sim::YamlNode& params, CalibrationSpec& s) {
  if (!params.is_map()) {
    r.error(params, "parameters", "expected a mapping from key paths to priors",
            "e.g. needs.dimensions.crime.cost_per_year: {dist: lognormal, mean: 4000, sd: 2000}");
    return;
  }
  std::set<std::string> seen;
  for (const auto& e : params.entries()) {
    const std::string key = e.key.is_scalar() ? e.key.scalar() : "";
    const std::string path = "parameters." + key;
    if (key.empty()) {
      r.error(e.key, "parameters", "a parameter must be named by a key path",
              "e.g. services.key_worker.effect.scale");
      continue;
    }
    if (!seen.insert(key).second) {
      r.error(e.key, path, "the parameter is given twice", "each key path once");
      continue;
    }
    if (!e.value.is_map()) {
      r.error(e.value, path, "expected a prior, got " + sim::describe_node(e.value),
              "{dist: lognormal, mean: 4000, sd: 2000} (any distribution of the scenario "
              "language but constant), with an optional source: \"...\"");
      continue;
    }
    auto d = r.distribution(e.value, path, "", sim::Bounds::any(), {"source", "integer"});
    if (!d) continue;
    if (d->has_point_mass()) {
      r.error(e.value, path,
              "a prior with a point mass cannot be fitted: proposals never land exactly on it",
              "a continuous prior (a mixture of continuous components is fine)");
      continue;
    }
    if (d->is_constant()) {
      r.error(e.value, path, "a constant prior leaves nothing to fit",
              "a distribution with some spread, or drop the parameter");
      continue;
    }
    CalibrationParameter p{key, *d, "", false};
    if (auto src = e.value.get("source"); src.defined()) {
      if (auto t = r.text(src, join_path(path, "source"))) p.source = *t;
    }
    if (auto v = e.value.get("integer"); v.defined()) {
      if (auto b = r.boolean(v, join_path(path, "integer"))) p.integer = *b;
    }
    s.parameters.push_back(p);
  }
}

void read_targets(sim::Reader& r, const sim::YamlNode& targets, CalibrationSpec& s) {
  if (!r.list(targets, "targets", "targets ({name, metric, value, sd, source})")) return;
  std::set<std::string> names;
  for (std::size_t i = 0; i < targets.size(); ++i) {
    const std::string path = "targets." + std::to_string(i);
    const sim::YamlNode t = targets[i];
    if (!r.keys(t, path, {"name", "metric", "value", "sd", "source"})) continue;
    CalibrationTarget x;
    if (auto v = r.text(r.child(t, path, "name", true), join_path(path, "name"))) x.name = *v;
    if (!x.name.empty() && !names.insert(x.name).second)
      r.error(r.child(t, path, "name"), join_path(path, "name"), "the name is used twice",
              "a name for each target");
    if (auto v = r.text(r.child(t, path, "metric", true), join_path(path, "metric"))) x.metric = *v;
    if (auto v = r.number(r.child(t, path, "value", true), join_path(path, "value"))) x.value = *v;
    if (auto v =
            r.number(r.child(t, path, "sd", true), join_path(path, "sd"), sim::Bounds::positive()))
      x.sd = *v;
    if (auto v = r.text(r.child(t, path, "source", true), join_path(path, "source"))) x.source = *v;
    s.targets.push_back(x);
  }
  if (targets.is_list() && targets.size() == 0)
    r.error(targets, "targets", "the list is empty", "at least one target");
}

// What only the scenario can tell: its regimes, its metrics, and whether each
// parameter's key path takes a number there.
std::string where(const Diagnostic& d) {
  return d.where.file + ":" + std::to_string(d.where.line) + ":" + std::to_string(d.where.column) +
         ": " + d.path;
}

// The values a parameter's check tries: its prior's mean, both ends (three sd
// out where the support has no end), and a value that is not whole.
std::vector<std::pair<double, const char*>> trial_values(const CalibrationParameter& p) {
  const double m = p.prior.mean(), sd = p.prior.sd();
  const auto [lo, hi] = p.prior.support();
  std::vector<std::pair<double, const char*>> out = {
      {m, "the prior's mean"},
      {std::isfinite(lo) ? lo : m - 3 * sd,
       std::isfinite(lo) ? "the prior's lower end" : "3 sd below the prior's mean"},
      {std::isfinite(hi) ? hi : m + 3 * sd,
       std::isfinite(hi) ? "the prior's upper end" : "3 sd above the prior's mean"}};
  if (!p.integer && sd > 0) out.emplace_back(m + 0.37 * sd, "a value the prior holds, not whole");
  return out;
}

void check_against_scenario(sim::Reader& r, const sim::YamlNode& root, CalibrationSpec& s) {
  Scenario sc;
  try {
    sc = load_scenario_text(s.scenario_text, s.scenario_name, s.sets).scenario;
  } catch (const InputError& e) {
    bool alone = true;  // is the scenario itself invalid, or only with the overrides?
    try {
      (void)load_scenario_text(s.scenario_text, s.scenario_name);
    } catch (const InputError&) {
      alone = false;
    }
    const auto& first = e.diagnostics().all().front();
    const std::string more = e.diagnostics().size() > 1 ? " (and more)" : "";
    if (alone)
      r.error(root.get("set"), "set",
              "the scenario with these overrides is invalid: " + first.problem + " (" +
                  where(first) + ")" + more,
              "overrides that the scenario accepts (check with placesim validate --set)");
    else
      r.error(root.get("scenario"), "scenario",
              "the scenario is invalid: " + first.problem + " (" + where(first) + ")" + more,
              "a valid scenario (check it with placesim validate)");
    return;
  }
  std::vector<std::string> regimes;
  for (const auto& g : sc.regimes) regimes.push_back(g.key);
  if (s.regime.empty()) s.regime = regimes.front();
  if (std::find(regimes.begin(), regimes.end(), s.regime) == regimes.end()) {
    std::string list;
    for (const auto& g : regimes) list += (list.empty() ? "" : ", ") + g;
    r.error(root.get("regime"), "regime", "the scenario has no regime '" + s.regime + "'",
            "one of: " + list);
  }
  const MetricLabels labels = metric_labels(sc);
  const sim::YamlNode targets = root.get("targets");
  for (std::size_t i = 0; i < s.targets.size(); ++i) {
    if (s.targets[i].metric.empty() || metric_index(labels, s.targets[i].metric) >= 0) continue;
    r.error(targets[i].get("metric"), "targets." + std::to_string(i) + ".metric",
            "the scenario has no metric '" + s.targets[i].metric + "'",
            "cost_per_family_year, preventive_share, reactive_share, share_of_spend.AGENCY, "
            "events_per_family_year.EVENT, share_with_high_need.NEED or care_rate, with the "
            "scenario's own agency, event and need keys (docs/results-format.md, Metrics)");
  }
  const sim::YamlNode params = root.get("parameters");
  sim::Diagnostics d;
  auto doc = sim::parse_yaml(sc.effective_yaml, s.scenario_name, d);
  for (const CalibrationParameter& p : s.parameters) {
    const sim::YamlNode key = params.get(p.path);
    const std::string path = "parameters." + p.path;
    const sim::YamlNode at = doc ? sim::node_at_path(doc->root, p.path) : sim::YamlNode();
    if (at.is_map() && (at.get("price_year").defined() || !at.get("dist").defined())) {
      r.error(key, path,
              "the scenario holds a mapping there, not a number or a distribution; a fitted "
              "value would replace all of it",
              "the key path of the number itself, e.g. " + p.path +
                  ".gbp (in the price year "
                  "written beside it)");
      continue;
    }
    if (p.path == "seed" || p.path == "replications" || p.path.rfind("time.", 0) == 0 ||
        p.path.rfind("placesim", 0) == 0) {
      r.error(key, path,
              "a calibration cannot fit this: it has no effect on a simulation, or changes the "
              "run's years",
              "a value of the model: a cost, a rate, a capacity, an effect");
      continue;
    }
    for (const auto& [value, what] : trial_values(p)) {
      std::vector<std::string> sets = s.sets;
      sets.push_back(parameter_override(p.path, value, p.integer));
      std::string problem;
      try {
        const Scenario at_value =
            load_scenario_text(s.scenario_text, s.scenario_name, sets).scenario;
        if (at_value.years != sc.years || at_value.warmup_years != sc.warmup_years)
          problem = "it changes the run's years";
      } catch (const InputError& e) {
        const auto& first = e.diagnostics().all().front();
        problem = first.problem + (first.allowed.empty() ? "" : " (" + first.allowed + ")");
      }
      if (problem.empty()) continue;
      char v[40];
      std::snprintf(v, sizeof v, "%.6g", p.integer ? std::round(value) : value);
      r.error(key, path, std::string("the scenario refuses ") + v + " (" + what + "): " + problem,
              "a prior whose values the scenario takes there (integer: true for whole numbers "
              "such as capacities)");
      break;
    }
  }
}

}  // namespace

CalibrationSpec load_calibration_text(const std::string& text, const std::string& file,
                                      const std::string& dir) {
  Diagnostics diags;
  auto doc = sim::parse_yaml(
      text, file, diags,
      "a calibration file is a YAML mapping that starts with 'placesim_calibration: 1'");
  if (!doc) throw InputError(diags);
  sim::Reader r(*doc, diags);
  const sim::YamlNode& root = doc->root;
  CalibrationSpec s;
  s.source = file;
  s.text = text;
  r.keys(root, "",
         {"placesim_calibration", "name", "scenario", "regime", "set", "parameters", "targets",
          "particles", "simulations", "seed"});
  r.format_version(root, "placesim_calibration", "calibration");
  if (auto v = r.child(root, "", "name"); v.defined()) (void)r.text(v, "name");
  if (auto sc = named_scenario(r, r.child(root, "", "scenario", true), "scenario", dir,
                               "the calibration file")) {
    s.scenario_name = sc->name;
    s.scenario_text = sc->text;
    s.scenario_path = sc->path;
  }
  if (auto v = r.child(root, "", "regime"); v.defined()) {
    if (auto t = r.text(v, "regime")) s.regime = *t;
  }
  if (auto v = r.child(root, "", "set"); v.defined()) read_sets(r, v, s);
  if (auto v = r.child(root, "", "parameters", true); v.defined()) read_parameters(r, v, s);
  if (auto v = r.child(root, "", "targets", true); v.defined()) read_targets(r, v, s);
  const std::size_t before_counts = r.problems();
  if (auto v = r.child(root, "", "particles"); v.defined()) {
    if (auto k = r.integer(v, "particles", 10, 100000)) s.particles = static_cast<std::size_t>(*k);
  }
  r.optional_count(root, "simulations", 1, 100000000, s.simulations);
  r.optional_count(root, "seed", 0, INT64_MAX, s.seed);
  // Generation 0 alone runs particles / 0.5 simulations (sim/design/abc_smc.h).
  if (r.problems() == before_counts && s.simulations < 2 * s.particles) {
    const bool own = root.get("simulations").defined();
    r.error(own ? root.get("simulations") : root.get("particles"),
            own ? "simulations" : "particles",
            "fewer simulations (" + std::to_string(s.simulations) + (own ? "" : ", the default") +
                ") than the first generation of " + std::to_string(s.particles) +
                " particles needs (" + std::to_string(2 * s.particles) + ")",
            "'simulations' at least twice 'particles'");
  }
  if (root.get("parameters").is_map() && s.parameters.empty() && diags.empty())
    r.error(root.get("parameters"), "parameters", "no parameters to fit",
            "at least one key path with a prior");
  for (const char* key : {"parameters", "targets"}) {  // what a posterior file can hold
    const std::size_t n = std::string(key) == "parameters" ? s.parameters.size() : s.targets.size();
    if (n > kMaxFitted)
      r.error(root.get(key), key, std::to_string(n) + " are more than a posterior file holds",
              "at most " + std::to_string(kMaxFitted));
  }
  if (diags.empty()) check_against_scenario(r, root, s);
  if (!diags.empty()) throw InputError(diags);
  return s;
}

CalibrationSpec load_calibration_file(const std::string& path) {
  Diagnostics diags;
  auto text = sim::read_text_file(path, diags);
  if (!text) throw InputError(diags);
  return load_calibration_text(*text, path, fs::path(path).parent_path().string());
}

}  // namespace placesim::models
