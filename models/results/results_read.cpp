// Reading results files back (for placesim report and for tests). Every
// attribute and dataset is checked against the layout of this format version
// before it is used: a damaged, tampered or foreign file is refused with a
// sentence, never read past its end.
#include <limits>

#include "models/family/ledger.h"
#include "models/results/results.h"
#include "sim/io/h5.h"

namespace placesim::models {
namespace {

namespace h5 = sim::h5;
using Shape = std::vector<std::uint64_t>;

// The largest replication count a results file may claim (far above any run).
constexpr std::int64_t kMaxReplications = 100'000'000;

Appraisal read_appraisal(const h5::File& f, const Results& r, const std::string& at) {
  Appraisal ap;
  const std::uint64_t R = r.replications, Y = r.years.size(), A = r.agencies.size();
  ap.reps = R;
  ap.years = static_cast<int>(Y);
  ap.agencies = A;
  auto per_rep = [&](const char* name) { return f.read(at + "/" + name, {R}); };
  ap.net_saving = f.read(at + "/net_saving", {R, Y, A});
  ap.npv = per_rep("npv");
  ap.discount = f.read(at + "/discount_factor", {Y});
  ap.npv_by_agency = f.read(at + "/npv_by_agency", {R, A});
  ap.cumulative_npv = f.read(at + "/cumulative_npv", {R, Y});
  ap.costs_pv = per_rep("costs_pv");
  ap.benefits_pv = per_rep("benefits_pv");
  ap.costs_pv_adjusted = per_rep("costs_pv_optimism_adjusted");
  ap.benefits_pv_adjusted = per_rep("benefits_pv_optimism_adjusted");
  ap.cashable_npv = per_rep("cashable_npv");
  ap.npv_adjusted = per_rep("npv_optimism_adjusted");
  ap.bcr = per_rep("bcr");
  ap.bcr_adjusted = per_rep("bcr_optimism_adjusted");
  ap.roi = per_rep("roi");
  ap.transfers_pv = per_rep("transfers_pv");
  ap.economic_npv = per_rep("economic_npv");
  ap.economic_roi = per_rep("economic_roi");
  if (f.exists(at + "/social_value_pv")) {
    ap.social_value_pv = per_rep("social_value_pv");
    ap.social_npv = per_rep("social_npv");
  }
  ap.payback_year = per_rep("payback_year");
  ap.siloed_pv = per_rep("siloed_pv");
  ap.pooled_pv = per_rep("pooled_pv");
  ap.pays = f.read(at + "/pays", {A});
  ap.gains = f.read(at + "/gains", {A});
  ap.transfers = f.read(at + "/transfers", {A});
  ap.who_pays_who_gains = f.read(at + "/who_pays_who_gains", {A, A});
  ap.position_before = f.read(at + "/position_before_gain_share", {A});
  ap.position_after = f.read(at + "/position_after_gain_share", {A});
  ap.paired_se = f.double_attr(at, "paired_se");
  ap.unpaired_se = f.double_attr(at, "unpaired_se");
  ap.evpi = f.read(at + "/evpi", {})[0];
  if (f.exists(at + "/tornado")) {
    PsaSensitivity s;
    s.effect = f.read(at + "/tornado", {r.parameters.size()});
    s.evppi = f.read(at + "/evppi", {r.parameters.size()});
    s.se = f.exists(at + "/tornado_se")
               ? f.read(at + "/tornado_se", {r.parameters.size()})
               : std::vector<double>(r.parameters.size(), std::numeric_limits<double>::quiet_NaN());
    s.joint = f.string_attr(at, "tornado_fit") == "joint";
    s.r_squared = f.double_attr(at, "tornado_r_squared");
    if (f.exists(at + "/evppi_groups") && f.exists("/dims/parameter_groups")) {
      s.groups = f.read_strings("/dims/parameter_groups");
      s.group_evppi = f.read(at + "/evppi_groups", {s.groups.size()});
    }
    ap.sensitivity = std::move(s);
  }
  for (std::size_t i = 0; f.exists(at + "/claims/" + std::to_string(i)); ++i) {
    const std::string p = at + "/claims/" + std::to_string(i);
    ClaimResult c;
    c.label = f.string_attr(p, "label");
    c.claimed = f.double_attr(p, "claimed");
    c.share = f.int_attr(p, "share", 0, 1) != 0;
    c.basis = f.string_attr(p, "basis");
    c.value_type = f.string_attr(p, "value_type");
    c.note = f.string_attr(p, "note");
    c.simulated = f.read(p + "/simulated", {R});
    c.simulated_adjusted = f.read(p + "/simulated_optimism_adjusted", {R});
    test_claim(c);
    ap.claims.push_back(std::move(c));
  }
  ap.option = f.string_attr(at, "option");
  ap.baseline = f.string_attr(at, "baseline");
  const std::string d = "/decomposition/options/" + ap.option;
  if (f.exists(d)) {
    MechanismAttribution m;
    m.mechanisms = f.read_strings("/decomposition/mechanisms");
    m.shapley = f.read(d + "/shapley_npv", {R, m.mechanisms.size()});
    m.alone = f.read(d + "/alone_npv", {R, m.mechanisms.size()});
    m.sampled = f.string_attr(d, "estimator").rfind("sampled", 0) == 0;
    ap.decomposition = std::move(m);
  }
  return ap;
}

// Each metric is a dataset of its own, [replication]; in memory they are
// [rep][metric] in metric_names order.
void read_metrics(const h5::File& f, Results& r, const std::string& at, RegimeArrays& a) {
  if (r.metrics.empty()) r.metrics = metric_names(r.metric_labels());
  const std::size_t R = r.replications, M = r.metrics.size();
  a.metrics.assign(R * M, 0.0);
  for (std::size_t m = 0; m < M; ++m) {
    const std::vector<double> column = f.read(at + r.metrics[m], {R});
    for (std::size_t rep = 0; rep < R; ++rep) a.metrics[rep * M + m] = column[rep];
  }
}

}  // namespace

Results read_results_h5(const std::string& path) {
  h5::File f = h5::File::open(path);
  h5::check_filetype(f, {kResultsFiletype}, kResultsFormatVersion, "placesim results file");
  Results r;
  r.placesim_version = f.string_attr("/", "placesim_version");
  r.scenario_yaml = f.string_attr("/", "scenario_yaml");
  r.scenario_name = f.string_attr("/", "scenario_name");
  r.source = f.string_attr("/", "scenario_source");
  if (f.has_attr("/", "posterior_source")) r.posterior = f.string_attr("/", "posterior_source");
  r.price_base = f.string_attr("/", "price_base");
  if (f.has_attr("/provenance/manifest", "gdp_deflator"))  // older files lack it
    r.deflator = f.string_attr("/provenance/manifest", "gdp_deflator");
  r.created = f.string_attr("/", "created");
  r.seed = static_cast<std::uint64_t>(f.int_attr("/", "seed"));
  r.replications = static_cast<std::uint64_t>(f.int_attr("/", "replications", 1, kMaxReplications));
  r.agencies = f.read_strings("/dims/agencies");
  r.years = f.read_strings("/dims/years");
  if (f.exists("/provenance/price_index"))  // older files lack it
    r.price_index = f.read("/provenance/price_index", {r.years.size()});
  r.event_types = f.read_strings("/dims/event_types");
  r.services = f.read_strings("/dims/services");
  r.needs = f.read_strings("/dims/needs");
  r.levels = f.read_strings("/dims/levels", 3);
  r.categories = f.read_strings("/dims/categories");
  r.parameters = f.read_strings("/dims/parameters");
  {
    const std::vector<std::string> key = f.read_strings("/provenance/assumptions/key");
    const std::uint64_t n = key.size();
    const auto value = f.read_strings("/provenance/assumptions/value", n);
    const auto tag = f.read_strings("/provenance/assumptions/tag", n);
    const auto note = f.read_strings("/provenance/assumptions/source", n);
    const auto where = f.read_strings("/provenance/assumptions/where", n);
    // n == 0 leaves read_strings unchecked: an empty log has empty columns.
    if (value.size() != n || tag.size() != n || note.size() != n || where.size() != n)
      throw h5::Error(path + ": /provenance/assumptions: its columns differ in length");
    for (std::uint64_t i = 0; i < n; ++i)
      r.assumptions.push_back({key[i], value[i], tag[i], note[i], where[i]});
  }
  // The spend arrays are laid out by this build's categories.
  for (int c = 0; c < kCategories; ++c) {
    if (r.categories.size() != static_cast<std::size_t>(kCategories) ||
        r.categories[static_cast<std::size_t>(c)] != category_name(c))
      throw h5::Error(path + ": /dims/categories is not this placesim's list of spend categories");
  }
  const std::uint64_t R = r.replications, Y = r.years.size(), A = r.agencies.size(),
                      E = r.event_types.size(), S = r.services.size(), N = r.needs.size(),
                      C = r.categories.size();
  if (Y == 0 || A == 0) throw h5::Error(path + ": the results file has no years or no agencies");
  r.parameters_drawn = f.read("/parameters/drawn", {R, r.parameters.size()});
  for (const std::string& name : f.read_strings("/dims/regimes")) {
    if (name.empty() || name.find('/') != std::string::npos || name == "." || name == "..")
      throw h5::Error(path + ": /dims/regimes holds an invalid regime name");
    const std::string p = "/runs/" + name + "/";
    RegimeArrays a;
    a.name = name;
    a.spend_by_category = f.read(p + "spend_by_category", {R, Y, A, C});
    a.events = f.read(p + "events", {R, Y, E});
    a.wait_days = f.read(p + "wait_days", {R, S});
    a.utilisation = f.read(p + "utilisation", {R, S});
    a.turned_away = f.read(p + "turned_away", {R, S});
    a.places_bought = f.read(p + "places_bought", {R, Y, S});
    a.rationing_days = f.read(p + "rationing_days", {R, Y, A});
    a.overspend = f.read(p + "overspend", {R, Y, A});
    a.prevalence = f.read(p + "prevalence", {R, Y, N, 3});
    a.need_years = f.read(p + "need_years", {R, Y, N, 2});
    a.social_cost = f.read(p + "social_cost", {R, Y});
    a.families = f.read(p + "families", {R, Y});
    a.family_years = f.read(p + "family_years", {R, Y});
    a.turned_around = f.read(p + "turned_around", {R, Y});
    a.worked_with = f.read(p + "worked_with", {R, Y});
    a.subgroup_spend = f.read(p + "subgroup_spend", {R, Y, Y + 1, kProfiles, kSubgroupKinds});
    a.subgroup_families = f.read(p + "subgroup_families", {R, Y + 1, kProfiles});
    a.subgroup_worked_with = f.read(p + "subgroup_worked_with", {R, Y + 1, kProfiles});
    a.paid_for_results = f.read(p + "paid_for_results", {R, Y});
    a.unmet = f.read(p + "unmet", {R, Y});
    a.effects_displaced = f.read(p + "effects_displaced", {R});
    read_metrics(f, r, p + "metrics/", a);
    r.runs.push_back(std::move(a));
  }
  if (r.runs.empty()) throw h5::Error(path + ": the results file holds no regime");
  if (f.exists("/appraisal")) {
    r.appraisal = read_appraisal(f, r, "/appraisal");
    // In regime order, as the run held them (the group lists them by name).
    for (std::size_t g = 1; g < r.runs.size(); ++g) {
      const std::string p = "/appraisal/options/" + r.runs[g].name;
      if (f.exists(p)) r.options.push_back(read_appraisal(f, r, p));
    }
    if (r.options.size() != f.children("/appraisal/options").size())
      throw h5::Error(path +
                      ": /appraisal/options holds an option that is not a regime of the file");
  }
  if (f.exists("/evaluation")) {
    EvaluationArrays e;
    e.designs = f.read_strings("/evaluation/designs");
    e.intervention = f.string_attr("/evaluation", "intervention");
    e.option = f.string_attr("/evaluation", "option");
    e.estimate = f.read("/evaluation/estimate", {R, e.designs.size()});
    e.families = f.read("/evaluation/families", {R});
    e.has_rule = f.exists("/evaluation/turned_around");
    if (e.has_rule) {
      e.turned_around = f.read("/evaluation/turned_around", {R});
      e.turned_around_baseline = f.read("/evaluation/turned_around_baseline", {R});
    }
    // Not in the file: the scenario it holds says which designs were asked
    // for; when it cannot be read, those that found an estimate.
    if (auto asked = designs_asked(r.scenario_yaml)) {
      e.asked = std::move(*asked);
    } else {
      for (std::size_t d = 0; d < e.designs.size(); ++d) {
        if (!design_estimates(e, d).empty()) e.asked.push_back(e.designs[d]);
      }
    }
    r.evaluation = std::move(e);
  }
  return r;
}

}  // namespace placesim::models
