#include "models/results/results.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <sstream>
#include <stdexcept>

#include "models/family/family_store.h"
#include "models/family/ledger.h"
#include "models/results/results_builder.h"
#include "models/results/run_datasets.h"
#include "sim/io/diagnostics.h"
#include "sim/io/yaml_document.h"
#include "sim/stats/summary.h"

namespace placesim::models {

std::vector<double> Results::spend(std::size_t g) const {
  return spend_totals(runs[g].spend_by_category);
}

MetricLabels Results::metric_labels() const { return {agencies, event_types, needs, years.size()}; }

MetricInputs Results::metric_inputs(std::size_t g, std::size_t rep) const {
  const RegimeArrays& a = runs[g];
  const std::size_t Y = years.size(), A = agencies.size(), E = event_types.size(), N = needs.size();
  auto slice = [rep](const std::vector<double>& v, std::size_t per_rep) {
    return std::span<const double>(v).subspan(rep * per_rep, per_rep);
  };
  return {slice(a.spend_by_category, Y * A * kCategories), slice(a.events, Y * E),
          slice(a.prevalence, Y * N * 3), slice(a.families, Y), slice(a.family_years, Y)};
}

void fill_metrics(Results& r) {
  const MetricLabels labels = r.metric_labels();
  r.metrics = metric_names(labels);
  for (std::size_t g = 0; g < r.runs.size(); ++g) {
    RegimeArrays& a = r.runs[g];
    a.metrics.clear();
    for (std::size_t rep = 0; rep < r.replications; ++rep) {
      const std::vector<double> m = metric_values(labels, r.metric_inputs(g, rep));
      a.metrics.insert(a.metrics.end(), m.begin(), m.end());
    }
  }
}

void check_finite_values(std::span<const double> v, const std::string& what) {
  for (double x : v) {
    if (!std::isfinite(x))
      throw std::runtime_error("the run produced a number that is not finite in " + what +
                               " (an input far too large?); nothing was written");
  }
}

void check_finite(const Results& r) {
  const auto check = check_finite_values;
  for (const RegimeArrays& a : r.runs) {
    check(a.spend_by_category, "/runs/" + a.name + "/spend_by_category");
    check(a.events, "/runs/" + a.name + "/events");
  }
  if (r.appraisal) {
    check(r.appraisal->npv, "/appraisal/npv");
    check(r.appraisal->npv_adjusted, "/appraisal/npv_optimism_adjusted");
  }
}

std::vector<std::string> run_warnings(const Results& r) {
  std::vector<std::string> out;
  for (const RegimeArrays& a : r.runs) {
    double lost = 0.0;
    for (double x : a.effects_displaced) lost += x;
    if (lost > 0.0) {
      std::ostringstream o;
      o << a.name << ": "
        << lost / static_cast<double>(std::max<std::size_t>(1, a.effects_displaced.size()))
        << " intervention effects a replication were displaced or lost: the scenario has more "
           "than "
        << kMaxEffects << " interventions and a family holds the effects of at most " << kMaxEffects
        << " at once (see /runs/" << a.name << "/effects_displaced)";
      out.push_back(o.str());
    }
  }
  return out;
}

const char* design_name(Design d) {
  switch (d) {
    case Design::before_after:
      return "before_after";
    case Design::rct:
      return "rct";
    case Design::matched:
      return "matched";
    case Design::true_effect:
      return "true_effect";
  }
  return "?";
}

std::vector<double> design_estimates(const EvaluationArrays& e, std::size_t d) {
  std::vector<double> out = sim::column(e.estimate, d, e.designs.size());
  std::erase_if(out, [](double x) { return std::isnan(x); });
  return out;
}

bool design_asked(const EvaluationArrays& e, std::size_t d) {
  return std::find(e.asked.begin(), e.asked.end(), e.designs[d]) != e.asked.end();
}

std::optional<std::vector<std::string>> designs_asked(const std::string& scenario_yaml) {
  // The guarded parser: the text comes from a file that may be damaged or
  // forged, and nothing it holds may crash the reader.
  sim::Diagnostics diags;
  const std::optional<sim::YamlDocument> doc =
      sim::parse_yaml(scenario_yaml, "scenario_yaml", diags, "a scenario");
  if (!doc) return std::nullopt;
  const sim::YamlNode designs = sim::node_at_path(doc->root, "evaluation.designs");
  std::vector<std::string> out;
  if (!designs.defined()) {  // the scenario's default: every design
    for (std::size_t d = 0; d < kDesigns; ++d)
      out.emplace_back(design_name(static_cast<Design>(d)));
    return out;
  }
  if (!designs.is_list()) return std::nullopt;
  for (std::size_t k = 0; k < designs.size(); ++k) out.push_back(designs[k].scalar());
  return out;
}

const char* why_no_estimate(const EvaluationArrays& e, std::size_t d, std::uint64_t rep) {
  const std::string& design = e.designs[d];
  if (design == "rct") return "no family was randomised to each arm a year before the end";
  if (design == "matched" && e.families[rep] > 0)
    return "no family measured had an untreated family with its need profile";
  return "no family entered with a year before and a year after it in the run";
}

std::string why_no_estimates(const EvaluationArrays& e, std::size_t d) {
  const std::vector<double> found = sim::column(e.estimate, d, e.designs.size());
  std::vector<std::string> reasons;
  for (std::uint64_t rep = 0; rep < found.size(); ++rep) {
    if (!std::isnan(found[rep])) continue;
    const std::string why = why_no_estimate(e, d, rep);
    if (std::find(reasons.begin(), reasons.end(), why) == reasons.end()) reasons.push_back(why);
  }
  std::string out;
  for (const std::string& why : reasons) out += (out.empty() ? "" : "; or ") + why;
  return out;
}

Results collect_results(const Scenario& s, const std::vector<ReplicationRecord>& records,
                        std::uint64_t seed, const std::string& version) {
  ResultsBuilder b(s, seed, version, records.size());
  for (const ReplicationRecord& rec : records) b.add(ReplicationRecord(rec));
  return b.finish();
}

std::vector<std::string> parameter_groups(const Results& r) {
  if (r.appraisal && r.appraisal->sensitivity) return r.appraisal->sensitivity->groups;
  for (const Appraisal& ap : r.options) {
    if (ap.sensitivity) return ap.sensitivity->groups;
  }
  return {};
}

void add_group_evppi(Results& r) {
  for (Appraisal& ap : r.options) {
    if (ap.sensitivity)
      add_group_evppi(*ap.sensitivity, r.parameters_drawn, r.parameters, ap.npv_adjusted);
    // The headline is a copy of its option's appraisal: copied, not refitted.
    if (r.appraisal && r.appraisal->option == ap.option) r.appraisal->sensitivity = ap.sensitivity;
  }
}

std::vector<std::size_t> tornado_ranks(const Results& r) {
  std::vector<std::size_t> out(r.assumptions.size(), 0);
  if (!r.appraisal || !r.appraisal->sensitivity) return out;
  const std::vector<std::size_t> order = ranked(*r.appraisal->sensitivity);
  for (std::size_t a = 0; a < out.size(); ++a) {
    for (std::size_t k = 0; k < order.size() && out[a] == 0; ++k) {
      if (sets_parameter(r.assumptions[a].key, r.parameters[order[k]])) out[a] = k + 1;
    }
  }
  return out;
}

bool sets_parameter(const std::string& key, const std::string& parameter) {
  auto within = [](const std::string& inner, const std::string& outer) {
    return inner == outer ||
           (inner.size() > outer.size() && inner.compare(0, outer.size(), outer) == 0 &&
            inner[outer.size()] == '.');
  };
  return within(parameter, key) || within(key, parameter);
}

}  // namespace placesim::models
