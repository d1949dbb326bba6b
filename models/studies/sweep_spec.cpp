#include "models/studies/sweep_spec.h"

#include <filesystem>
#include <set>

#include "models/scenario/load.h"
#include "sim/io/reader.h"

namespace placesim::models {
namespace fs = std::filesystem;
using sim::join_path;

const char* design_name(SweepDesign d) {
  switch (d) {
    case SweepDesign::grid:
      return "grid";
    case SweepDesign::random:
      return "random";
    case SweepDesign::latin_hypercube:
      return "latin_hypercube";
    case SweepDesign::sobol:
      return "sobol";
  }
  return "?";
}

namespace {

void load_parameter(sim::Reader& r, const sim::YamlDocument& doc, const sim::YamlNode& key,
                    const sim::YamlNode& n, SweepSpec& s) {
  SweepParameter p;
  p.path = key.scalar();
  p.origin = doc.origin(key, "parameters." + p.path);
  const std::string path = "parameters." + p.path;
  if (!r.keys(n, path, {"min", "max", "values", "levels", "integer"})) return;
  if (auto v = r.child(n, path, "integer"); v.defined()) {
    if (auto b = r.boolean(v, join_path(path, "integer"))) p.integer = *b;
  }
  sim::YamlNode values = r.child(n, path, "values");
  sim::YamlNode lo = r.child(n, path, "min"), hi = r.child(n, path, "max");
  if (values.defined() == (lo.defined() || hi.defined())) {
    r.error(n, path, "give either values or a range",
            "{values: [10, 20, 30]} or {min: 10, max: 30}");
    return;
  }
  if (values.defined()) {
    if (!r.list(values, join_path(path, "values"), "numbers") || values.size() == 0) {
      if (values.is_list())
        r.error(values, join_path(path, "values"), "the list is empty", "at least one value");
      return;
    }
    for (std::size_t i = 0; i < values.size(); ++i) {
      if (auto x = r.number(values[i], join_path(path, "values." + std::to_string(i))))
        p.values.push_back(*x);
    }
  } else {
    auto a = r.number(r.child(n, path, "min", true), join_path(path, "min"));
    auto b = r.number(r.child(n, path, "max", true), join_path(path, "max"));
    if (!a || !b) return;
    if (!(*a < *b)) {
      r.error(n, path, "min must be below max", "{min: 10, max: 30}");
      return;
    }
    p.lo = *a;
    p.hi = *b;
    if (auto v = r.child(n, path, "levels"); v.defined()) {
      if (auto k = r.integer(v, join_path(path, "levels"), 2, 1000))
        p.levels = static_cast<int>(*k);
    }
  }
  s.parameters.push_back(p);
}

}  // namespace

SweepSpec load_sweep_text(const std::string& text, const std::string& file,
                          const std::string& dir) {
  Diagnostics diags;
  auto doc = sim::parse_yaml(text, file, diags,
                             "a sweep file is a YAML mapping that starts with 'placesim_sweep: 1'");
  if (!doc) throw InputError(diags);
  sim::Reader r(*doc, diags);
  const sim::YamlNode& root = doc->root;
  SweepSpec s;
  s.source = file;
  s.text = text;
  r.keys(root, "",
         {"placesim_sweep", "name", "base", "set", "parameters", "design", "replications", "seed",
          "per_replication"});
  r.format_version(root, "placesim_sweep", "sweep");
  if (auto v = r.text(r.child(root, "", "name", true), "name")) s.name = *v;
  if (auto base =
          named_scenario(r, r.child(root, "", "base", true), "base", dir, "the sweep file")) {
    s.base_name = base->name;
    s.base_text = base->text;
  }
  if (auto v = r.child(root, "", "set"); v.defined() && r.list(v, "set", "PATH=VALUE overrides")) {
    for (std::size_t i = 0; i < v.size(); ++i) {
      if (auto t = r.text(v[i], "set." + std::to_string(i))) s.fixed_sets.push_back(*t);
    }
  }
  sim::YamlNode params = r.child(root, "", "parameters", true);
  if (params.defined() && !params.is_map()) {
    r.error(params, "parameters", "expected a mapping from key paths to ranges",
            "e.g. services.key_worker.capacity: {min: 10, max: 40, integer: true}");
  } else if (params.defined()) {
    std::set<std::string> seen;
    for (const auto& entry : params.entries()) {
      const auto* it = &entry;
      const std::string key = it->key.is_scalar() ? it->key.scalar() : "";
      if (key.empty()) {
        r.error(it->key, "parameters", "a parameter must be named by a key path",
                "e.g. services.key_worker.capacity");
      } else if (!seen.insert(key).second) {
        r.error(it->key, "parameters." + key, "the parameter is given twice", "each key path once");
      } else {
        load_parameter(r, *doc, it->key, it->value, s);
      }
    }
  }
  sim::YamlNode design = r.child(root, "", "design", true);
  if (design.defined() && r.keys(design, "design", {"type", "points"})) {
    if (auto k = r.choice(r.child(design, "design", "type", true), "design.type",
                          {"grid", "random", "latin_hypercube", "sobol"}))
      s.design = static_cast<SweepDesign>(*k);
    if (auto v = r.child(design, "design", "points"); v.defined()) {
      if (auto k = r.integer(v, "design.points", 1, 10000000))
        s.points = static_cast<std::uint64_t>(*k);
    } else if (s.design != SweepDesign::grid) {
      r.error(design, "design.points", "missing required key 'points'",
              "how many points (for sobol: base samples)");
    }
  }
  r.optional_count(root, "replications", 1, 10000000, s.replications);
  r.optional_count(root, "seed", 0, INT64_MAX, s.seed);
  if (auto v = r.child(root, "", "per_replication"); v.defined()) {
    if (auto b = r.boolean(v, "per_replication")) s.per_replication = *b;
  }
  if (s.design == SweepDesign::sobol && s.parameters.size() > kMaxSobolParameters)
    r.error(params, "parameters", "a Sobol design takes at most 16 parameters",
            "16 or fewer, or another design");
  if (params.is_map() && s.parameters.empty() && diags.empty())
    r.error(params, "parameters", "no parameters to vary",
            "at least one key path with a range or values");
  if (!diags.empty()) throw InputError(diags);
  return s;
}

SweepSpec load_sweep_file(const std::string& path) {
  Diagnostics diags;
  auto text = sim::read_text_file(path, diags);
  if (!text) throw InputError(diags);
  return load_sweep_text(*text, path, fs::path(path).parent_path().string());
}

}  // namespace placesim::models
