// Writing and reading results files (layout: docs/results-format.md).
#include "models/results/h5_io.h"
#include "models/results/results.h"

namespace placesim::models {
namespace {

using h5::write_doubles;
using hs = std::vector<hsize_t>;

constexpr const char* kMoney = "GBP, real, at price-base-year prices, undiscounted";

void write_dims(hid_t file, const Results& r) {
  h5::Handle g = h5::create_group(file, "dims");
  h5::write_strings(g.id(), "agencies", r.agencies, "agency keys of the scenario");
  h5::write_strings(g.id(), "years", r.years, "financial years of the appraisal window (1 April start)");
  h5::write_strings(g.id(), "event_types", r.event_types, "event type keys");
  h5::write_strings(g.id(), "services", r.services, "service keys");
  std::vector<std::string> regimes;
  for (const auto& run : r.runs) regimes.push_back(run.name);
  h5::write_strings(g.id(), "regimes", regimes, "regimes run, with the same families and random draws");
  h5::write_strings(g.id(), "categories", r.categories, "what money was spent on");
  h5::write_strings(g.id(), "needs", r.needs, "need dimensions");
  h5::write_strings(g.id(), "levels", r.levels, "need levels");
  h5::write_strings(g.id(), "parameters", r.parameters, "key paths of the parameters drawn per replication");
}

void write_run(hid_t file, const Results& r, std::size_t g) {
  const RegimeArrays& a = r.runs[g];
  const hsize_t R = r.replications, Y = r.years.size(), A = r.agencies.size(), E = r.event_types.size(),
                S = r.services.size(), N = r.needs.size(), C = r.categories.size();
  h5::Handle grp = h5::create_group(file, "runs/" + a.name);
  write_doubles(grp.id(), "spend", {R, Y, A}, r.spend(g), {"replication", "year", "agency"}, kMoney,
                "spend by financial year and agency, all categories");
  write_doubles(grp.id(), "spend_by_category", {R, Y, A, C}, a.spend_by_category,
                {"replication", "year", "agency", "category"}, kMoney, "spend by category (see /dims/categories)");
  write_doubles(grp.id(), "events", {R, Y, E}, a.events, {"replication", "year", "event_type"}, "count",
                "events by financial year and type");
  write_doubles(grp.id(), "wait_days", {R, S}, a.wait_days, {"replication", "service"}, "days",
                "mean wait in queue of families who started service in the appraisal window");
  write_doubles(grp.id(), "utilisation", {R, S}, a.utilisation, {"replication", "service"}, "fraction",
                "busy place-time divided by available place-time");
  write_doubles(grp.id(), "turned_away", {R, S}, a.turned_away, {"replication", "service"}, "count",
                "referrals refused because the waiting list was full");
  write_doubles(grp.id(), "places_bought", {R, Y, S}, a.places_bought, {"replication", "year", "service"}, "places",
                "places bought by commissioners on top of the scenario's capacity");
  write_doubles(grp.id(), "rationing_days", {R, Y, A}, a.rationing_days, {"replication", "year", "agency"}, "days",
                "days in the year on which the agency served only families with a high need");
  write_doubles(grp.id(), "prevalence", {R, Y, N, 3}, a.prevalence, {"replication", "year", "need", "level"},
                "fraction", "share of families at each need level at the end of the year");
  write_doubles(grp.id(), "families", {R, Y}, a.families, {"replication", "year"}, "families",
                "families in the place at the end of the year");
  write_doubles(grp.id(), "turned_around", {R, Y}, a.turned_around, {"replication", "year"}, "families",
                "families with no high need at the end of the year");
}

void write_appraisal(hid_t file, const Results& r) {
  const Appraisal& ap = *r.appraisal;
  const hsize_t R = ap.reps, Y = static_cast<hsize_t>(ap.years), A = ap.agencies;
  h5::Handle g = h5::create_group(file, "appraisal");
  write_doubles(g.id(), "net_saving", {R, Y, A}, ap.net_saving, {"replication", "year", "agency"}, kMoney,
                "siloed spend minus pooled spend");
  write_doubles(g.id(), "npv", {R}, ap.npv, {"replication"}, "GBP, real, discounted to the first year",
                "total net saving at Green Book rates (year 0 undiscounted), before optimism bias");
  write_doubles(g.id(), "discount_factor", {Y}, ap.discount, {"year"}, "factor", "Green Book discount factors");
  write_doubles(g.id(), "npv_by_agency", {R, A}, ap.npv_by_agency, {"replication", "agency"},
                "GBP, real, discounted", "net saving by agency, discounted");
  write_doubles(g.id(), "cumulative_npv", {R, Y}, ap.cumulative_npv, {"replication", "year"},
                "GBP, real, discounted", "cumulative discounted net saving to the end of each year");
  struct PerRep {
    const char* name;
    const std::vector<double>* values;
    const char* units;
    const char* description;
  };
  constexpr const char* kPv = "GBP, real, discounted";
  constexpr const char* kRatio = "ratio (NaN when there are no extra costs)";
  const PerRep per_rep[] = {
      {"costs_pv", &ap.costs_pv, kPv, "extra prevention and set-up spend of pooled over siloed"},
      {"benefits_pv", &ap.benefits_pv, kPv, "avoided reactive and assessment spend of pooled against siloed"},
      {"cashable_npv", &ap.cashable_npv, kPv, "cashable benefits minus costs"},
      {"npv_optimism_adjusted", &ap.npv_adjusted, kPv,
       "benefits less their optimism bias minus costs plus theirs"},
      {"bcr", &ap.bcr, kRatio, "benefits_pv / costs_pv"},
      {"bcr_optimism_adjusted", &ap.bcr_adjusted, kRatio, "benefit-cost ratio after optimism bias"},
      {"roi", &ap.roi, kRatio, "(benefits_pv - costs_pv) / costs_pv"},
      {"payback_year", &ap.payback_year, "appraisal year index (-1: not within the horizon)",
       "first year from which cumulative NPV stays at or above zero"},
      {"siloed_pv", &ap.siloed_pv, kPv, "all siloed spend, discounted"},
      {"pooled_pv", &ap.pooled_pv, kPv, "all pooled spend, discounted"}};
  for (const PerRep& p : per_rep)
    write_doubles(g.id(), p.name, {R}, *p.values, {"replication"}, p.units, p.description);
  write_doubles(g.id(), "pays", {A}, ap.pays, {"agency"}, "GBP, discounted", "mean extra prevention and set-up spend");
  write_doubles(g.id(), "gains", {A}, ap.gains, {"agency"}, "GBP, discounted", "mean avoided reactive and assessment spend");
  write_doubles(g.id(), "who_pays_who_gains", {A, A}, ap.who_pays_who_gains, {"payer", "beneficiary"},
                "GBP, discounted", "prevention paid by each agency, spread over the agencies that gain");
  write_doubles(g.id(), "position_before_gain_share", {A}, ap.position_before, {"agency"}, "GBP, discounted",
                "mean NPV by agency before the gain-share rule");
  write_doubles(g.id(), "position_after_gain_share", {A}, ap.position_after, {"agency"}, "GBP, discounted",
                "mean NPV by agency after the gain-share rule");
  h5::set_double_attr(g.id(), "paired_se", ap.paired_se);
  h5::set_double_attr(g.id(), "unpaired_se", ap.unpaired_se);
  for (std::size_t i = 0; i < ap.claims.size(); ++i) {
    const ClaimResult& c = ap.claims[i];
    h5::Handle cg = h5::create_group(g.id(), "claims/" + std::to_string(i));
    const char* unit = c.percent ? "percent of siloed spend" : "GBP, real";
    write_doubles(cg.id(), "simulated", {R}, c.simulated, {"replication"}, unit, "the claimed quantity, simulated");
    write_doubles(cg.id(), "simulated_optimism_adjusted", {R}, c.simulated_adjusted, {"replication"}, unit,
                  "the claimed quantity after optimism bias");
    h5::set_attr(cg.id(), "label", c.label);
    h5::set_double_attr(cg.id(), "claimed", c.claimed);
    h5::set_attr(cg.id(), "percent", static_cast<std::int64_t>(c.percent));
  }
  for (const MechanismResult& m : ap.mechanisms) {
    h5::Handle mg = h5::create_group(g.id(), "decomposition/" + m.mechanism);
    write_doubles(mg.id(), "npv", {R}, m.npv, {"replication"}, "GBP, real, discounted",
                  "NPV of siloed minus pooled with only this mechanism switched on");
  }
}

}  // namespace

void write_results_h5(const Results& r, const std::string& path) {
  h5::write_file_safely(path, [&](hid_t f) {
    h5::set_attr(f, "filetype", std::string(kResultsFiletype));
    h5::set_attr(f, "format_version", kResultsFormatVersion);
    h5::set_attr(f, "placesim_version", r.placesim_version);
    h5::set_attr(f, "scenario_yaml", r.scenario_yaml);
    h5::set_attr(f, "scenario_name", r.scenario_name);
    h5::set_attr(f, "scenario_source", r.source);
    h5::set_attr(f, "price_base", r.price_base);
    h5::set_attr(f, "seed", static_cast<std::int64_t>(r.seed));
    h5::set_attr(f, "replications", static_cast<std::int64_t>(r.replications));
    h5::set_attr(f, "created", r.created);
    write_dims(f, r);
    for (std::size_t g = 0; g < r.runs.size(); ++g) write_run(f, r, g);
    h5::Handle pg = h5::create_group(f, "parameters");
    write_doubles(pg.id(), "drawn", {r.replications, r.parameters.size()}, r.parameters_drawn,
                  {"replication", "parameter"}, "as in the scenario", "uncertain parameters drawn per replication");
    if (r.appraisal) write_appraisal(f, r);
  });
}

}  // namespace placesim::models
