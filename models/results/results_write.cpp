// Writing and reading results files (layout: docs/results-format.md).
#include <cstdio>
#include <stdexcept>

#include "models/appraisal/appraisal_datasets.h"
#include "models/family/subgroups.h"
#include "models/results/results.h"
#include "models/results/results_file.h"
#include "models/results/run_datasets.h"

#include "sim/io/fnv1a.h"
#include "sim/io/h5.h"

namespace placesim::models {
namespace {

constexpr const char* kMoney = "GBP, real, at price-base-year prices, undiscounted";

}  // namespace

// Labels of every dimension, each an HDF5 dimension scale that the datasets
// below attach to (so xarray and netCDF readers see named dimensions).
void write_dims(const h5::File& f, const Results& r) {
  h5::Group g = f.create_group("dims");
  std::vector<std::string> regimes;
  for (const auto& run : r.runs) regimes.push_back(run.name);
  std::vector<std::string> cohorts = {"before_window"};
  cohorts.insert(cohorts.end(), r.years.begin(), r.years.end());
  std::vector<std::string> profiles, kinds = {"reactive", "services"}, lived = {"moderate", "high"};
  for (int p = 0; p < kProfiles; ++p) profiles.emplace_back(need_profile_name(p));
  const struct {
    const char* name;
    const char* dim;
    const std::vector<std::string>& labels;
    const char* description;
  } scales[] = {
      {"agencies", "agency", r.agencies, "agency keys of the scenario"},
      {"years", "year", r.years, "financial years of the appraisal window (1 April start)"},
      {"event_types", "event_type", r.event_types, "event type keys"},
      {"services", "service", r.services, "service keys"},
      {"regimes", "regime", regimes, "regimes run, with the same families and random draws"},
      {"categories", "category", r.categories, "what money was spent on"},
      {"needs", "need", r.needs, "need dimensions"},
      {"levels", "level", r.levels, "need levels"},
      {"parameters", "parameter", r.parameters,
       "key paths of the parameters drawn per replication"},
      {"entry_cohorts", "entry_cohort", cohorts,
       "when families entered: in the place when the window opened, or the year they arrived"},
      {"need_profiles", "need_profile", profiles,
       "need profile at entry: no need, moderate only, one high need, two or more high"},
      {"need_levels_lived", "need_level_lived", lived,
       "need levels above none, for family-years lived with a need"},
      {"spend_kinds", "spend_kind", kinds,
       "a family's own spend: reactive (events, episodes, needs), services (per episode)"},
  };
  for (const auto& sc : scales) {
    g.write_strings(sc.name, sc.labels, sc.description);
    f.register_scale(std::string("/dims/") + sc.name, sc.dim);
  }
  if (const auto groups = parameter_groups(r); !groups.empty()) {
    g.write_strings("parameter_groups", groups,
                    "groups of the parameters drawn, by the object they describe (what one "
                    "study would measure together)");
    f.register_scale("/dims/parameter_groups", "parameter_group");
  }
  f.index_scale("/dims/replication", "replication", r.replications);
}

h5::Meta metric_meta(const std::string& metric) {
  return {{"replication"},
          metric_units(metric),
          "calibration metric over the appraisal window (docs/results-format.md)"};
}

namespace {

void write_run(const h5::File& file, const Results& r, std::size_t g) {
  const RegimeArrays& a = r.runs[g];
  h5::Group grp = file.create_group("runs/" + a.name);
  for (const RunDataset& d : run_datasets()) {
    std::vector<std::uint64_t> shape;
    for (const std::string& dim : d.dims) shape.push_back(dim_extent(r, dim));
    grp.write(d.name, shape, d.source == RunSource::spend ? r.spend(g) : a.*d.arrays,
              {d.dims, d.units, d.description});
  }
  const std::size_t M = r.metrics.size();
  const std::uint64_t R = r.replications;
  h5::Group metrics = grp.create_group("metrics");
  for (std::size_t m = 0; m < M; ++m) {
    std::vector<double> column(R);
    for (std::size_t rep = 0; rep < R; ++rep) column[rep] = a.metrics[rep * M + m];
    metrics.write(r.metrics[m], {R}, column, metric_meta(r.metrics[m]));
  }
}

// An option's appraisal in results `r`; its per-replication datasets too
// unless the run wrote them as it went (Results::streamed).
void write_appraisal(const h5::Group& g, const Appraisal& ap, const Results& r) {
  const std::uint64_t R = ap.reps, Y = static_cast<std::uint64_t>(ap.years), A = ap.agencies;
  g.set_attr("option", ap.option);
  g.set_attr("baseline", ap.baseline);
  g.write("discount_factor", {Y}, ap.discount, {"year"}, "factor", "Green Book discount factors");
  for (const AppraisalDataset& d : appraisal_datasets()) {
    // The social datasets only where the scenario values a need's burden.
    if (r.streamed || (d.social && (ap.*d.values).empty())) continue;
    std::vector<std::uint64_t> shape;
    for (const std::string& dim : d.dims) shape.push_back(dim_extent(r, dim));
    g.write(d.name, shape, ap.*d.values, {d.dims, d.units, d.description});
  }
  const std::vector<std::string> groups = parameter_groups(r);
  g.write("pays", {A}, ap.pays, {"agency"}, "GBP, discounted",
          "mean extra prevention, set-up and joint-team spend");
  g.write("gains", {A}, ap.gains, {"agency"}, "GBP, discounted",
          "mean avoided reactive and own-assessment spend");
  g.write("transfers", {A}, ap.transfers, {"agency"}, "GBP, discounted",
          "mean benefit payments to families avoided: the part of gains that is transfers");
  g.write("who_pays_who_gains", {A, A}, ap.who_pays_who_gains, {"payer", "beneficiary"},
          "GBP, discounted",
          "costs (prevention, set-up, joint team) paid by each agency, spread over the agencies "
          "that gain");
  g.write("position_before_gain_share", {A}, ap.position_before, {"agency"}, "GBP, discounted",
          "mean NPV by agency before the gain-share rule");
  g.write("position_after_gain_share", {A}, ap.position_after, {"agency"}, "GBP, discounted",
          "mean NPV by agency after the gain-share rule");
  g.set_double_attr("paired_se", ap.paired_se);
  g.set_double_attr("unpaired_se", ap.unpaired_se);
  g.write("evpi", {}, {ap.evpi}, {}, "GBP, discounted",
          "expected value of perfect information: what knowing the true future would be worth "
          "before choosing between the option and the baseline, on the NPV after optimism bias");
  if (const auto& s = ap.sensitivity) {
    const std::uint64_t P = s->effect.size();
    g.write("tornado", {P}, s->effect, {"parameter"}, "GBP, discounted, per sd",
            "change in the mean NPV after optimism bias per standard deviation of each parameter "
            "drawn (standardised regression over the replications)");
    g.write("tornado_se", {P}, s->se, {"parameter"}, "GBP, discounted, per sd",
            "standard error of each tornado effect (NaN: none)");
    g.write("evppi", {P}, s->evppi, {"parameter"}, "GBP, discounted",
            "partial EVPI of each parameter under the linear fit, capped at the EVPI: an upper "
            "estimate, as it takes the fitted effect as exact");
    if (!s->groups.empty() && s->groups == groups)
      g.write("evppi_groups", {s->groups.size()}, s->group_evppi, {"parameter_group"},
              "GBP, discounted",
              "partial EVPI of each group's parameters learnt together, under the linear fit "
              "on that group's draws, capped at the EVPI: an upper estimate");
    g.set_attr("tornado_fit", std::string(s->joint ? "joint" : "one slope a parameter"));
    g.set_double_attr("tornado_r_squared", s->r_squared);
  }
  for (std::size_t i = 0; i < ap.claims.size(); ++i) {
    const ClaimResult& c = ap.claims[i];
    h5::Group cg = g.create_group("claims/" + std::to_string(i));
    const char* unit = c.share ? "share of the baseline's spend" : "GBP, real";
    cg.write("simulated", {R}, c.simulated, {"replication"}, unit,
             "the claimed quantity, simulated on the claim's basis and scope");
    cg.write("simulated_optimism_adjusted", {R}, c.simulated_adjusted, {"replication"}, unit,
             "the claimed quantity after optimism bias");
    const std::uint64_t X = c.curve_x.size();
    cg.write("curve_x", {X}, c.curve_x, {"point"}, unit, "savings x along the curve");
    cg.write("curve_p", {X}, c.curve_p, {"point"}, "probability",
             "share of replications whose simulated saving is at least x");
    cg.set_attr("label", c.label);
    cg.set_double_attr("claimed", c.claimed);
    cg.set_attr("share", static_cast<std::int64_t>(c.share));
    cg.set_attr("basis", c.basis);
    cg.set_attr("value_type", c.value_type);
    cg.set_attr("note", c.note);
    cg.set_double_attr("probability", c.probability);
    cg.set_double_attr("probability_ci95_low", c.probability_low);
    cg.set_double_attr("probability_ci95_high", c.probability_high);
  }
}

// Each option's NPV attributed to its mechanisms: /decomposition for the main
// option, /decomposition/options/NAME for every option.
void write_decomposition(const h5::File& f, const Results& r) {
  bool labelled = false;
  for (const Appraisal& ap : r.options) {
    if (!ap.decomposition) continue;
    const MechanismAttribution& d = *ap.decomposition;
    if (!labelled) {
      h5::Group top = f.create_group("decomposition");
      top.write_strings("mechanisms", d.mechanisms,
                        "the mechanisms by which an option differs from the baseline");
      f.register_scale("/decomposition/mechanisms", "mechanism");
      labelled = true;
    }
    const std::uint64_t R = ap.reps, M = d.mechanisms.size();
    const bool main = r.appraisal && ap.option == r.appraisal->option;
    for (const std::string& where :
         main ? std::vector<std::string>{"decomposition", "decomposition/options/" + ap.option}
              : std::vector<std::string>{"decomposition/options/" + ap.option}) {
      h5::Group g = f.exists(where) ? f.open_group(where) : f.create_group(where);
      g.write("shapley_npv", {R, M}, d.shapley, {"replication", "mechanism"},
              "GBP, real, discounted",
              "each mechanism's Shapley value of the option's NPV; per replication they sum to its "
              "NPV");
      g.write("alone_npv", {R, M}, d.alone, {"replication", "mechanism"}, "GBP, real, discounted",
              "NPV of the option with only this mechanism on");
      g.set_attr("option", ap.option);
      g.set_attr("estimator",
                 std::string(d.sampled ? "sampled orders (antithetic), 8 per replication"
                                       : "exact: every subset of the mechanisms in play"));
    }
  }
}

void write_evaluation(const h5::File& f, const EvaluationArrays& e, std::uint64_t R) {
  h5::Group g = f.create_group("evaluation");
  g.set_attr("intervention", e.intervention);
  g.set_attr("option", e.option);
  g.write_strings("designs", e.designs, "the designs of evaluation emulated");
  f.register_scale("/evaluation/designs", "design");
  g.write("estimate", {R, e.designs.size()}, e.estimate, {"replication", "design"},
          "GBP a family a year, real",
          "saving a family worked with, a year after entry against a year before (true_effect: "
          "the same family under the baseline); NaN: not asked for, or no families");
  g.write("families", {R}, e.families, {"replication"}, "families",
          "families worked with that the designs measure (entered in the window, there the year "
          "before and a year after)");
  if (e.has_rule) {
    g.write("turned_around", {R}, e.turned_around, {"replication"}, "fraction",
            "share of those families the results rule counts as turned around");
    g.write("turned_around_baseline", {R}, e.turned_around_baseline, {"replication"}, "fraction",
            "share of the same families meeting the rule in the baseline (the metric's "
            "deadweight)");
  }
}

// The Aqua Book bundle: what was run, and every value the scenario tags with
// its source.
void write_provenance(const h5::File& f, const Results& r) {
  h5::Group m = f.create_group("provenance/manifest");
  char hash[20];
  std::snprintf(
      hash, sizeof hash, "%016llx",
      static_cast<unsigned long long>(sim::fnv1a(r.scenario_yaml.data(), r.scenario_yaml.size())));
  m.set_attr("placesim_version", r.placesim_version);
  m.set_attr("scenario_fnv1a", std::string(hash));
  m.set_attr("scenario_source", r.source);
  if (!r.posterior.empty()) m.set_attr("posterior_source", r.posterior);
  m.set_attr("seed", static_cast<std::int64_t>(r.seed));
  m.set_attr("replications", static_cast<std::int64_t>(r.replications));
  m.set_attr("price_base", r.price_base);
  m.set_attr("gdp_deflator", r.deflator);
  m.set_attr("created", r.created);
  m.set_attr("limits_of_use", std::string(kLimitsOfUse));
  if (!r.price_index.empty())
    f.open_group("provenance")
        .write("price_index", {r.price_index.size()}, r.price_index, {"year"},
               "cash GBP per real GBP",
               "the GDP deflator of each appraisal year over the price base year's: real figures "
               "times it are cash (nominal); NaN where the deflator has no value");
  h5::Group a = f.create_group("provenance/assumptions");
  std::vector<std::string> key, value, tag, source, where;
  for (const Assumption& x : r.assumptions) {
    key.push_back(x.key);
    value.push_back(x.value);
    tag.push_back(x.tag);
    source.push_back(x.note);
    where.push_back(x.where);
  }
  a.write_strings("key", key, "key path of each value the scenario tags with its source");
  a.write_strings("value", value, "the value as written (empty: written on the lines below)");
  a.write_strings("tag", tag, "V read in the source, S secondary, U assumed, set an override");
  a.write_strings("source", source, "the comment on the value's line, or the override");
  a.write_strings("where", where, "file:line");
}

}  // namespace

void write_header(const h5::File& f, const Results& r) {
  f.set_attr("filetype", std::string(kResultsFiletype));
  f.set_attr("format_version", kResultsFormatVersion);
  f.set_attr("placesim_version", r.placesim_version);
  f.set_attr("scenario_yaml", r.scenario_yaml);
  f.set_attr("scenario_name", r.scenario_name);
  f.set_attr("scenario_source", r.source);
  if (!r.posterior.empty()) f.set_attr("posterior_source", r.posterior);
  f.set_attr("price_base", r.price_base);
  f.set_attr("seed", static_cast<std::int64_t>(r.seed));
  f.set_attr("replications", static_cast<std::int64_t>(r.replications));
  f.set_attr("created", r.created);
}

void write_tail(const h5::File& f, const Results& r) {
  h5::Group pg = f.create_group("parameters");
  pg.write("drawn", {r.replications, r.parameters.size()}, r.parameters_drawn,
           {"replication", "parameter"}, "as in the scenario",
           "uncertain parameters drawn per replication");
  // A run written as it went made each appraisal's group for its rows.
  const auto group = [&](const std::string& path) {
    return r.streamed ? f.open_group(path) : f.create_group(path);
  };
  if (r.appraisal) write_appraisal(group("appraisal"), *r.appraisal, r);
  for (const Appraisal& ap : r.options)
    write_appraisal(group("appraisal/options/" + ap.option), ap, r);
  write_decomposition(f, r);
  if (r.evaluation) write_evaluation(f, *r.evaluation, r.replications);
  write_provenance(f, r);
}

void write_results_h5(const Results& r, const std::filesystem::path& tmp) {
  if (r.streamed)
    throw std::logic_error("write_results_h5: these results were written as the run went");
  h5::File f = h5::File::create(tmp.string());
  write_header(f, r);
  write_dims(f, r);
  for (std::size_t g = 0; g < r.runs.size(); ++g) write_run(f, r, g);
  write_tail(f, r);
  f.close();
}

}  // namespace placesim::models
