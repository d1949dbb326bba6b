// Reading results files back (for placesim report and for tests).

#include "models/results/h5_io.h"
#include "models/results/results.h"

namespace placesim::models {
namespace {

std::vector<std::string> children(hid_t file, const std::string& path) {
  std::vector<std::string> out;
  if (!h5::exists(file, path)) return out;
  h5::Handle g(H5Gopen2(file, path.c_str(), H5P_DEFAULT), H5Gclose);
  hsize_t n = 0;
  H5Gget_num_objs(g.id(), &n);
  for (hsize_t i = 0; i < n; ++i) {
    char name[256];
    H5Gget_objname_by_idx(g.id(), i, name, sizeof name);
    out.emplace_back(name);
  }
  return out;
}

void read_appraisal(hid_t f, Results& r) {
  Appraisal ap;
  std::vector<hsize_t> shape;
  ap.net_saving = h5::read_doubles(f, "/appraisal/net_saving", &shape);
  ap.reps = shape.at(0);
  ap.years = static_cast<int>(shape.at(1));
  ap.agencies = shape.at(2);
  ap.npv = h5::read_doubles(f, "/appraisal/npv");
  ap.discount = h5::read_doubles(f, "/appraisal/discount_factor");
  ap.npv_by_agency = h5::read_doubles(f, "/appraisal/npv_by_agency");
  ap.cumulative_npv = h5::read_doubles(f, "/appraisal/cumulative_npv");
  ap.costs_pv = h5::read_doubles(f, "/appraisal/costs_pv");
  ap.benefits_pv = h5::read_doubles(f, "/appraisal/benefits_pv");
  ap.cashable_npv = h5::read_doubles(f, "/appraisal/cashable_npv");
  ap.npv_adjusted = h5::read_doubles(f, "/appraisal/npv_optimism_adjusted");
  ap.bcr = h5::read_doubles(f, "/appraisal/bcr");
  ap.bcr_adjusted = h5::read_doubles(f, "/appraisal/bcr_optimism_adjusted");
  ap.roi = h5::read_doubles(f, "/appraisal/roi");
  ap.payback_year = h5::read_doubles(f, "/appraisal/payback_year");
  ap.siloed_pv = h5::read_doubles(f, "/appraisal/siloed_pv");
  ap.pooled_pv = h5::read_doubles(f, "/appraisal/pooled_pv");
  ap.pays = h5::read_doubles(f, "/appraisal/pays");
  ap.gains = h5::read_doubles(f, "/appraisal/gains");
  ap.who_pays_who_gains = h5::read_doubles(f, "/appraisal/who_pays_who_gains");
  ap.position_before = h5::read_doubles(f, "/appraisal/position_before_gain_share");
  ap.position_after = h5::read_doubles(f, "/appraisal/position_after_gain_share");
  ap.paired_se = h5::get_double_attr(f, "/appraisal", "paired_se");
  ap.unpaired_se = h5::get_double_attr(f, "/appraisal", "unpaired_se");
  for (std::size_t i = 0; h5::exists(f, "/appraisal/claims/" + std::to_string(i)); ++i) {
    const std::string p = "/appraisal/claims/" + std::to_string(i);
    ClaimResult c;
    c.label = h5::get_string_attr(f, p, "label");
    c.claimed = h5::get_double_attr(f, p, "claimed");
    c.percent = h5::get_int_attr(f, p, "percent") != 0;
    c.simulated = h5::read_doubles(f, p + "/simulated");
    c.simulated_adjusted = h5::read_doubles(f, p + "/simulated_optimism_adjusted");
    test_claim(c);
    ap.claims.push_back(std::move(c));
  }
  for (const std::string& m : children(f, "/appraisal/decomposition"))
    ap.mechanisms.push_back({m, h5::read_doubles(f, "/appraisal/decomposition/" + m + "/npv")});
  r.appraisal = std::move(ap);
}

}  // namespace

Results read_results_h5(const std::string& path) {
  h5::Handle file = h5::open_file(path);
  const hid_t f = file.id();
  h5::check_filetype(f, path, {kResultsFiletype}, kResultsFormatVersion, "placesim results file");
  Results r;
  r.placesim_version = h5::get_string_attr(f, "/", "placesim_version");
  r.scenario_yaml = h5::get_string_attr(f, "/", "scenario_yaml");
  r.scenario_name = h5::get_string_attr(f, "/", "scenario_name");
  r.source = h5::get_string_attr(f, "/", "scenario_source");
  r.price_base = h5::get_string_attr(f, "/", "price_base");
  r.created = h5::get_string_attr(f, "/", "created");
  r.seed = static_cast<std::uint64_t>(h5::get_int_attr(f, "/", "seed"));
  r.replications = static_cast<std::uint64_t>(h5::get_int_attr(f, "/", "replications"));
  r.agencies = h5::read_strings(f, "/dims/agencies");
  r.years = h5::read_strings(f, "/dims/years");
  r.event_types = h5::read_strings(f, "/dims/event_types");
  r.services = h5::read_strings(f, "/dims/services");
  r.needs = h5::read_strings(f, "/dims/needs");
  r.levels = h5::read_strings(f, "/dims/levels");
  r.categories = h5::read_strings(f, "/dims/categories");
  r.parameters = h5::read_strings(f, "/dims/parameters");
  r.parameters_drawn = h5::read_doubles(f, "/parameters/drawn");
  for (const std::string& name : h5::read_strings(f, "/dims/regimes")) {
    const std::string p = "/runs/" + name + "/";
    RegimeArrays a;
    a.name = name;
    a.spend_by_category = h5::read_doubles(f, p + "spend_by_category");
    a.events = h5::read_doubles(f, p + "events");
    a.wait_days = h5::read_doubles(f, p + "wait_days");
    a.utilisation = h5::read_doubles(f, p + "utilisation");
    a.turned_away = h5::read_doubles(f, p + "turned_away");
    a.places_bought = h5::read_doubles(f, p + "places_bought");
    a.rationing_days = h5::read_doubles(f, p + "rationing_days");
    a.prevalence = h5::read_doubles(f, p + "prevalence");
    a.families = h5::read_doubles(f, p + "families");
    a.turned_around = h5::read_doubles(f, p + "turned_around");
    r.runs.push_back(std::move(a));
  }
  if (h5::exists(f, "/appraisal")) read_appraisal(f, r);
  return r;
}

}  // namespace placesim::models
