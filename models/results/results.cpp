#include "models/results/results.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <sstream>
#include <stdexcept>

#include "models/family/family_store.h"

#include "models/family/ledger.h"
#include "models/family/model_params.h"
#include "sim/io/h5.h"

namespace placesim::models {

std::vector<double> Results::spend(std::size_t g) const {
  const std::vector<double>& by_cat = runs[g].spend_by_category;
  std::vector<double> out(by_cat.size() / kCategories, 0.0);
  for (std::size_t i = 0; i < out.size(); ++i) {
    for (std::size_t c = 0; c < kCategories; ++c) out[i] += by_cat[i * kCategories + c];
  }
  return out;
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

void check_finite(const Results& r) {
  auto check = [](const std::vector<double>& v, const std::string& what) {
    for (double x : v) {
      if (!std::isfinite(x))
        throw std::runtime_error("the run produced a number that is not finite in " + what +
                                 " (an input far too large?); nothing was written");
    }
  };
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
        << " intervention effects a replication were displaced or lost because a family already "
           "carried "
        << kMaxEffects << " (see /runs/" << a.name << "/effects_displaced)";
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

namespace {

EvaluationArrays collect_evaluation(const Scenario& s,
                                    const std::vector<ReplicationRecord>& records) {
  EvaluationArrays e;
  e.intervention = s.services[s.evaluation->intervention].key;
  e.option = s.regimes[s.evaluation->option].key;
  for (std::size_t d = 0; d < kDesigns; ++d)
    e.designs.emplace_back(design_name(static_cast<Design>(d)));
  e.has_rule = !s.evaluation->results_rule.falls.empty();
  for (const ReplicationRecord& rec : records) {
    const EvaluationRecord& x = *rec.evaluation;
    e.estimate.insert(e.estimate.end(), x.estimate.begin(), x.estimate.end());
    e.families.push_back(x.families);
    e.turned_around.push_back(x.turned_around);
    e.turned_around_baseline.push_back(x.turned_around_baseline);
  }
  return e;
}

}  // namespace

Results collect_results(const Scenario& s, const std::vector<ReplicationRecord>& records,
                        std::uint64_t seed, const std::string& version) {
  Results r;
  r.scenario_name = s.name;
  r.scenario_yaml = s.effective_yaml;
  r.source = s.source;
  r.assumptions = s.assumptions;
  r.placesim_version = version;
  r.created = sim::h5::utc_timestamp();
  Scenario base = s;
  base.start_year = s.price_base_year;
  r.price_base = base.year_label(0);
  r.deflator = s.deflator_source;
  for (const auto& x : s.price_index)
    r.price_index.push_back(x.value_or(std::numeric_limits<double>::quiet_NaN()));
  r.seed = seed;
  r.replications = records.size();
  for (const auto& a : s.agencies) r.agencies.push_back(a.key);
  for (int t = 0; t < s.years; ++t) r.years.push_back(s.year_label(t));
  for (const auto& e : s.events) r.event_types.push_back(e.key);
  for (const auto& sv : s.services) r.services.push_back(sv.key);
  for (const auto& n : s.needs) r.needs.push_back(n.key);
  r.levels = {"none", "moderate", "high"};
  for (int c = 0; c < kCategories; ++c) r.categories.emplace_back(category_name(c));
  r.parameters = uncertain_paths(s);
  for (const auto& rec : records)
    r.parameters_drawn.insert(r.parameters_drawn.end(), rec.params.begin(), rec.params.end());
  for (std::size_t g = 0; g < s.regimes.size(); ++g) {
    RegimeArrays a;
    a.name = s.regimes[g].key;
    for (const auto& rec : records) {
      const RegimeRecord& x = rec.regimes[g];
      auto append = [](std::vector<double>& to, const std::vector<double>& from) {
        to.insert(to.end(), from.begin(), from.end());
      };
      append(a.spend_by_category, x.spend);
      append(a.events, x.events);
      append(a.wait_days, x.wait_days);
      append(a.utilisation, x.utilisation);
      append(a.turned_away, x.turned_away);
      append(a.places_bought, x.places_bought);
      append(a.rationing_days, x.rationing_days);
      append(a.overspend, x.overspend);
      append(a.prevalence, x.prevalence);
      append(a.need_years, x.need_years);
      append(a.social_cost, x.social_cost);
      append(a.families, x.families);
      append(a.family_years, x.family_years);
      append(a.turned_around, x.turned_around);
      append(a.worked_with, x.worked_with);
      append(a.subgroup_spend, x.subgroup_spend);
      append(a.subgroup_families, x.subgroup_families);
      append(a.subgroup_worked_with, x.subgroup_worked);
      append(a.paid_for_results, x.paid_for_results);
      append(a.unmet, x.unmet);
      a.effects_displaced.push_back(x.effects_displaced);
    }
    r.runs.push_back(std::move(a));
  }
  fill_metrics(r);
  if (!records.empty()) {
    for (Index g = 1; g < s.regimes.size(); ++g) {
      r.options.push_back(appraise(s, records, g));
      Appraisal& ap = r.options.back();
      // Every column drawn, the scenario's and (run --posterior) the fitted ones.
      const std::size_t drawn = records.front().params.size();
      if (ap.reps > 1 && drawn > 0)
        ap.sensitivity = psa_sensitivity(r.parameters_drawn, drawn, ap.npv_adjusted);
      if (g == s.main_option()) r.appraisal = r.options.back();
    }
    if (s.evaluation && records.front().evaluation) r.evaluation = collect_evaluation(s, records);
  }
  add_group_evppi(r);
  return r;
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
