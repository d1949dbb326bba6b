#include "models/scenario/scaling.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <utility>
#include <vector>

#include "models/scenario/load.h"
#include "sim/io/yaml_extends.h"

namespace placesim::models {
namespace {

// The overrides that resize a scenario, as --set takes them, and the key
// paths the new file must give (a list is given whole).
class Resizer {
 public:
  explicit Resizer(double factor) : f_(factor) {}

  // A count of places or a queue limit: a positive one stays at least 1 (0
  // means "none" or "no limit"). Families at the start may round to none.
  void count(const sim::YamlNode& n, const std::string& path, const std::string& give,
             bool at_least_one = true) {
    if (auto v = sim::scalar_number(n)) {
      const double x = std::round(*v * f_);
      set(path, whole(*v > 0.0 && at_least_one ? std::max(1.0, x) : x), give);
    }
  }
  // An amount: money, arrivals a day; a list (by year) element by element; a
  // distribution has its scale keys scaled.
  void amount(const sim::YamlNode& n, const std::string& path, const std::string& give) {
    if (auto v = sim::scalar_number(n)) {
      set(path, fixed(*v * f_), give);
      return;
    }
    if (n.is_list()) {
      for (std::size_t i = 0; i < n.size(); ++i) amount(n[i], path + "." + std::to_string(i), give);
      return;
    }
    if (!n.is_map() || !n.get("dist").defined()) return;
    for (const char* key : {"mean", "sd", "min", "max", "mode", "scale"}) {
      if (auto v = sim::scalar_number(n.get(key))) set(path + "." + key, fixed(*v * f_), give);
    }
  }
  void set(const std::string& path, const std::string& value, const std::string& give) {
    sets_.push_back(path + "=" + value);
    if (std::find(gives_.begin(), gives_.end(), give) == gives_.end()) gives_.push_back(give);
  }
  [[nodiscard]] const std::vector<std::string>& sets() const { return sets_; }
  [[nodiscard]] const std::vector<std::string>& gives() const { return gives_; }

 private:
  static std::string whole(double x) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.0f", x);
    return buf;
  }
  static std::string fixed(double x) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.6g", x);
    return buf;
  }
  double f_;
  std::vector<std::string> sets_, gives_;
};

std::string quoted(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("''") : std::string(1, c);
  return out + "'";
}

}  // namespace

ScaledScenario scaled_scenario(const std::string& source, const std::string& extends_as,
                               std::uint32_t families) {
  // The source must be a valid scenario before anything is made from it.
  const Scenario s =
      source.empty() ? load_scenario_text(default_scenario_text(), kDefaultScenarioName).scenario
                     : load_scenario_file(source).scenario;
  sim::YamlDocument doc = scenario_document(source);
  ScaledScenario out;
  out.source_families = s.families;
  out.factor = s.families > 0 ? static_cast<double>(families) / s.families : 1.0;
  Resizer r(out.factor);
  const sim::YamlNode& root = doc.root;
  r.set("name", quoted(s.name + " (resized to " + std::to_string(families) + " families)"), "name");
  r.set("population.families", std::to_string(families), "population.families");
  for (const auto& e : root.get("agencies").entries()) {
    const std::string p = "agencies." + e.key.scalar() + ".budget";
    r.amount(e.value.get("budget"), p, p);
  }
  const sim::YamlNode arrivals = root.get("arrivals");
  for (std::size_t i = 0; i < arrivals.size(); ++i)
    r.amount(arrivals[i].get("per_day"), "arrivals." + std::to_string(i) + ".per_day", "arrivals");
  for (const auto& e : root.get("services").entries()) {
    const std::string p = "services." + e.key.scalar() + ".";
    for (const char* key : {"capacity", "queue_limit", "max_places"})
      r.count(e.value.get(key), p + key, p + key);
    const sim::YamlNode by_year = e.value.get("capacity_by_year");
    for (std::size_t k = 0; k < by_year.size(); ++k)
      r.count(by_year[k], p + "capacity_by_year." + std::to_string(k), p + "capacity_by_year");
  }
  const sim::YamlNode initial = root.get("initial");
  for (const auto& e : initial.get("services").entries()) {
    const std::string p = "initial.services." + e.key.scalar() + ".";
    for (const char* key : {"in_service", "waiting"})
      r.count(e.value.get(key), p + key, p + key, false);
  }
  for (const auto& e : initial.get("episodes").entries()) {
    const std::string p = "initial.episodes." + e.key.scalar();
    r.count(e.value, p, p, false);
  }
  Diagnostics diags;
  sim::apply_overrides(doc, r.sets(), diags);
  if (!diags.empty()) throw InputError(diags);
  out.values_scaled = r.sets().size();
  char factor[32];
  std::snprintf(factor, sizeof factor, "%.4g", out.factor);
  out.text = "# placesim scenario: " + s.name + ", resized from " + std::to_string(s.families) +
             " to " + std::to_string(families) + " families (x" + factor +
             ") by 'placesim init --families'.\n"
             "# Arrivals, service places, queue limits, places the fund may buy, the\n"
             "# starting state and budgets are scaled; rates, costs per family, effects,\n"
             "# set-up costs and the business case's claims are the source's: check\n"
             "# them against local figures. 'placesim validate --effective' shows all.\n"
             "placesim: 1\nextends: " +
             quoted(extends_as) + "\n" + sim::extract_yaml(doc.root, r.gives());
  return out;
}

}  // namespace placesim::models
