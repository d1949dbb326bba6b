#include "models/studies/sweep_work.h"

#include <cstdio>

#include "models/appraisal/appraisal.h"
#include "models/regimes/replication.h"
#include "models/scenario/load.h"
#include "sim/io/fnv1a.h"

namespace placesim::models {

SweepWork prepare_sweep(const SweepSpec& spec) {
  SweepWork w;
  w.spec = spec;
  w.plan = plan_points(spec);
  Diagnostics diags;
  for (std::size_t i = 0; i < w.plan.values.size(); ++i) {
    auto sets = point_overrides(spec, w.plan.values[i]);
    sets.push_back("seed=" + std::to_string(spec.seed));
    try {
      w.scenarios.push_back(load_scenario_text(spec.base_text, spec.base_name, sets).scenario);
    } catch (const InputError& e) {
      // Blame the sweep parameter (or fixed override) that made the point invalid.
      for (const Diagnostic& d : e.diagnostics().all()) {
        Origin at{spec.source, 1, 1};
        for (const SweepParameter& p : spec.parameters) {
          if (d.where.file.rfind("--set " + p.path + "=", 0) == 0) at = p.origin;
        }
        if (d.where.file.rfind("--set ", 0) != 0)
          at = d.where;  // a problem of the base scenario itself
        std::string values;
        for (std::size_t j = 0; j < spec.parameters.size(); ++j)
          values += (j ? ", " : "") + sets[spec.fixed_sets.size() + j];
        diags.error(at, d.path,
                    "at sweep point " + std::to_string(i + 1) + " (" + values + "): " + d.problem,
                    d.allowed);
      }
      if (diags.size() > 50) break;
    }
  }
  if (!diags.empty()) throw InputError(diags);
  if (w.scenarios.empty()) {
    diags.error({spec.source, 1, 1}, "design", "the design has no points", "at least one point");
    throw InputError(diags);
  }
  const Scenario& first = w.scenarios.front();
  if (!first.has_options()) {
    diags.error({spec.source, 1, 1}, "base", "the base scenario has no pooled regime",
                "a sweep compares an option with the baseline; add an option regime (such as "
                "regimes.pooled) to the base");
    throw InputError(diags);
  }
  for (const Scenario& s : w.scenarios) {
    if (s.years != first.years || s.agencies.size() != first.agencies.size() ||
        s.claims.size() != first.claims.size()) {
      diags.error({spec.source, 1, 1}, "parameters",
                  "points differ in their years, agencies or claims",
                  "sweep values, not the shape of the scenario (time, agencies, business case)");
      throw InputError(diags);
    }
  }
  for (int t = 0; t < first.years; ++t) w.years.push_back(first.year_label(t));
  for (const auto& a : first.agencies) w.agencies.push_back(a.key);
  w.measures = {"npv", "npv_optimism_adjusted", "cashable_npv", "costs_pv", "benefits_pv",
                "bcr", "payback_year",          "siloed_pv",    "pooled_pv"};
  for (std::size_t c = 0; c < first.claims.size(); ++c)
    w.measures.push_back("claim_" + std::to_string(c + 1));
  // The sweep's identity: its text, its base, its points and this format (2 since
  // optimism bias by grade of evidence changed npv_optimism_adjusted, 3 since
  // economic claims leave out benefit payments: older shards and checkpoints
  // are not mixed with newer ones).
  std::string id = "placesim-sweep-3\n" + spec.text + "\n" + spec.base_text + "\n" +
                   std::to_string(spec.replications);
  for (const auto& point : w.plan.values) {
    for (double v : point) {
      char buf[40];
      std::snprintf(buf, sizeof buf, " %.17g", v);
      id += buf;
    }
  }
  w.hash = sim::fnv1a(id.data(), id.size());
  return w;
}

UnitResult SweepWork::compute(std::uint64_t unit) const {
  const std::uint64_t point = unit / spec.replications, rep = unit % spec.replications;
  const Scenario& s = scenarios[point];
  std::vector<ReplicationRecord> one{run_replication(s, RunSettings{}, spec.seed, rep)};
  const Appraisal ap = appraise(s, one, s.main_option());
  UnitResult r;
  r.unit = unit;
  r.measures = {ap.npv[0],          ap.npv_adjusted[0], ap.cashable_npv[0],
                ap.costs_pv[0],     ap.benefits_pv[0],  ap.bcr[0],
                ap.payback_year[0], ap.siloed_pv[0],    ap.pooled_pv[0]};
  for (const ClaimResult& c : ap.claims) r.measures.push_back(c.simulated[0]);
  if (spec.per_replication) r.detail = ap.net_saving;
  return r;
}

}  // namespace placesim::models
