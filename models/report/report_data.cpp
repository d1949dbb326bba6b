// The report's data block: every figure the page draws, as JSON.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "models/report/report_internal.h"
#include "models/results/outcomes.h"
#include "models/results/summary_text.h"
#include "models/scenario/load.h"
#include "sim/io/json.h"

namespace placesim::models {

using sim::Json;

Json summary_json(const std::string& label, const std::vector<double>& xs, const char* unit) {
  sim::Summary s = sim::summarize(xs);
  Json out = {{"label", label},     {"unit", unit},         {"mean", s.mean},
              {"ci_low", s.ci_low}, {"ci_high", s.ci_high}, {"p5", s.p5},
              {"median", s.median}, {"p95", s.p95},         {"se", s.se}};
  if (s.n < 2) {  // one replication: no interval and no spread, never a zero-width one
    for (const char* k : {"ci_low", "ci_high", "p5", "p95", "se"}) out[k] = nullptr;
  }
  return out;
}

namespace {

// Outcome measures per regime, each option's as a paired difference from the
// baseline's.
Json outcomes_json(const Results& r) {
  Json out = Json::array();
  if (r.runs.empty()) return out;
  const std::vector<OutcomeMeasure> base = outcome_measures(r, 0);
  for (std::size_t i = 0; i < base.size(); ++i) {
    Json regimes = Json::array();
    for (std::size_t g = 0; g < r.runs.size(); ++g) {
      const OutcomeMeasure m = g ? outcome_measures(r, g)[i] : base[i];
      std::vector<double> diff(m.rep.size());
      for (std::size_t k = 0; k < diff.size(); ++k) diff[k] = m.rep[k] - base[i].rep[k];
      const sim::Summary s = sim::summarize(m.rep), d = sim::summarize(diff);
      regimes.push_back({{"name", r.runs[g].name},
                         {"mean", s.mean},
                         {"diff", d.mean},
                         {"diff_low", d.ci_low},
                         {"diff_high", d.ci_high}});
    }
    out.push_back({{"key", base[i].key},
                   {"label", base[i].label},
                   {"higher_is_better", base[i].higher_is_better},
                   {"regimes", regimes}});
  }
  return out;
}

}  // namespace

// The emulated evaluations: each design's estimate over replications.
Json evaluation_json(const Results& r) {
  if (!r.evaluation) return nullptr;
  const EvaluationArrays& e = *r.evaluation;
  const std::size_t D = e.designs.size();
  Json designs = Json::array();
  for (std::size_t d = 0; d < D; ++d) {
    // A design asked for is never dropped: with no estimate it says why.
    if (!design_asked(e, d)) continue;
    const std::vector<double> v = design_estimates(e, d);
    Json x = v.empty() ? Json{{"label", e.designs[d]}, {"mean", nullptr}}
                       : summary_json(e.designs[d], v, "money");
    x["design"] = e.designs[d];
    x["replications"] = v.size();
    if (v.size() < r.replications) x["why_none"] = why_no_estimates(e, d);
    designs.push_back(x);
  }
  Json out = {
      {"intervention", e.intervention},
      {"option", e.option},
      {"designs", designs},
      {"replications", r.replications},
      {"families_text",
       "About " + std::to_string(static_cast<long>(std::lround(sim::summarize(e.families).mean))) +
           " families a replication are measured: those that started in "
           "the window, were there the year before and a year after."}};
  out["turned_around"] = e.has_rule ? Json(sim::summarize(e.turned_around).mean) : Json(nullptr);
  out["turned_around_baseline"] =
      e.has_rule ? Json(sim::summarize(e.turned_around_baseline).mean) : Json(nullptr);
  return out;
}

namespace {

Json histogram_json(const std::vector<double>& xs, double mark) {
  std::vector<double> v;
  for (double x : xs) {
    if (std::isfinite(x)) v.push_back(x);
  }
  if (v.empty()) return nullptr;
  double lo = std::min(*std::min_element(v.begin(), v.end()), mark);
  double hi = std::max(*std::max_element(v.begin(), v.end()), mark);
  if (hi <= lo) hi = lo + 1.0;
  const int bins = 30;
  std::vector<double> counts(bins, 0.0), centres(bins);
  for (double x : v) {
    int b = std::min(bins - 1, static_cast<int>((x - lo) / (hi - lo) * bins));
    counts[static_cast<std::size_t>(b)] += 1.0;
  }
  for (int b = 0; b < bins; ++b)
    centres[static_cast<std::size_t>(b)] = lo + (b + 0.5) * (hi - lo) / bins;
  return {{"centres", centres}, {"counts", counts}};
}

Json assumptions_json(const Results& r) {
  Json sections = Json::array();
  auto section = [&sections](const std::string& title,
                             const std::vector<std::pair<std::string, std::string>>& rows) {
    Json enc = Json::array();
    for (const auto& [k, v] : rows) enc.push_back({k, v});
    sections.push_back({{"title", title}, {"rows", enc}});
  };
  Scenario s;
  try {
    s = load_scenario_text(r.scenario_yaml, "results file").scenario;
  } catch (const std::exception& e) {
    section("Scenario",
            {{"note", std::string("the scenario text could not be re-read: ") + e.what()}});
    return sections;
  }
  std::vector<std::pair<std::string, std::string>> place = {
      {"Families at the start", std::to_string(s.families)},
      {"Financial years", s.year_label(0) + " to " + s.year_label(s.years - 1)},
      {"Warm-up years (left out)", std::to_string(s.warmup_years)},
      {"Prices", "real, " + r.price_base + " prices"},
      {"GDP deflator", r.deflator.empty() ? "not recorded (an older file)" : r.deflator}};
  for (const auto& a : s.arrivals) {
    place.emplace_back("New families", formatted("%.0f a year into %s", a.per_day * 365.25,
                                                 s.services[a.into].key.c_str()));
  }
  section("The place", place);
  std::vector<std::pair<std::string, std::string>> agencies;
  for (const auto& a : s.agencies)
    agencies.emplace_back(
        a.label,
        format_money(a.budget.empty() ? 0.0 : a.budget[static_cast<std::size_t>(s.warmup_years)]) +
            " budget in the first year");
  section("Agencies", agencies);
  std::vector<std::pair<std::string, std::string>> interventions;
  for (const auto& sv : s.services) {
    if (sv.kind != ServiceKind::intervention) continue;
    std::string effects;
    for (const auto& [k, p] : sv.effect.events) {
      effects += formatted("%s%s -%.0f%%", effects.empty() ? "" : ", ", s.events[k].key.c_str(),
                           100 * p.value);
    }
    interventions.emplace_back(
        sv.label,
        formatted("%u places; %s a place-year; effects (means): %s; lasting %.1f years after",
                  sv.capacity.empty() ? 0u : sv.capacity[0],
                  format_money(sv.cost_per_place_year.value).c_str(),
                  effects.empty() ? "none" : effects.c_str(), sv.effect.persistence_years.value));
  }
  if (!interventions.empty()) section("Interventions", interventions);
  std::vector<std::pair<std::string, std::string>> regimes;
  for (const auto& g : s.regimes) {
    regimes.emplace_back(
        g.key,
        formatted(
            "handoffs %.0f days, %.0f%% of referrals lost, decisions count %.0f year(s) of savings",
            g.handoff_days.value, 100 * g.lost_referrals.value, g.decision_horizon_years));
  }
  section("Regimes", regimes);
  const auto& oc = s.appraisal.optimism_costs;
  const auto& ob = s.appraisal.optimism_benefits;
  const auto grades = [](const std::array<double, 3>& x, const char* sign) {
    if (x[0] == x[1] && x[1] == x[2]) return formatted("%s%.0f%% on every line", sign, 100 * x[0]);
    return formatted("%s%.0f%% [V], %s%.0f%% [S], %s%.0f%% [U or untagged]", sign, 100 * x[0], sign,
                     100 * x[1], sign, 100 * x[2]);
  };
  std::string bias = "by the grade of the source of each unit cost: spend the option adds " +
                     grades(oc, "+") + ", spend it avoids " + grades(ob, "-") +
                     "; a unit cost drawn from a distribution is not adjusted (its risk is in "
                     "the PSA)";
  if (r.appraisal) {  // the headline option
    const Appraisal& o = *r.appraisal;
    const double c = sim::summarize(o.costs_pv).mean, b = sim::summarize(o.benefits_pv).mean;
    if (c != 0.0 && b != 0.0)
      bias += formatted(". Overall, %s: costs %+.0f%%, benefits %+.0f%% (means over replications)",
                        o.option.c_str(), 100 * (sim::summarize(o.costs_pv_adjusted).mean / c - 1),
                        100 * (sim::summarize(o.benefits_pv_adjusted).mean / b - 1));
  }
  section("Appraisal",
          {{"Discounting", "HM Treasury Green Book (3.5% a year to year 30)"},
           {"Optimism bias", bias},
           {"Uncertain parameters drawn per replication", std::to_string(r.parameters.size())}});
  // The assumptions log: every value the scenario marks as assumed.
  std::size_t graded[3] = {0, 0, 0};
  std::vector<std::pair<std::string, std::string>> assumed;
  const std::vector<std::size_t> rank = tornado_ranks(r);
  for (std::size_t a = 0; a < r.assumptions.size(); ++a) {
    const Assumption& x = r.assumptions[a];
    const auto k = std::string("VSU").find(x.tag);
    if (k != std::string::npos) ++graded[k];
    if (x.tag == "U" || x.tag == "set")
      assumed.emplace_back(x.key, (x.value.empty() ? "" : x.value + " \u2014 ") + x.note +
                                      (rank[a] ? formatted(" (tornado rank %zu)", rank[a]) : ""));
  }
  if (!r.assumptions.empty()) {
    assumed.insert(assumed.begin(),
                   {"Values by source",
                    formatted("%zu read in the source [V], %zu from secondary reports [S], %zu "
                              "assumed [U]; assumed values and overrides below (all in "
                              "/provenance/assumptions and assumptions.csv)",
                              graded[0], graded[1], graded[2])});
    section("Assumptions log", assumed);
  }
  return sections;
}

}  // namespace

std::string report_data_json(const Results& r) {
  std::vector<std::string> regimes;
  for (const auto& run : r.runs) regimes.push_back(run.name);
  Json d = {
      {"title", r.scenario_name}, {"version", r.placesim_version},  {"created", r.created},
      {"seed", r.seed},           {"replications", r.replications}, {"price_base", r.price_base},
      {"years", r.years},         {"agencies", r.agencies},         {"services", r.services},
      {"regimes", regimes}};
  const std::size_t R = r.replications, Y = r.years.size(), A = r.agencies.size();
  // Cash £ per real £ by year (null where the deflator has no value).
  Json index = Json::array();
  for (std::size_t t = 0; t < Y; ++t) {
    if (t < r.price_index.size() && std::isfinite(r.price_index[t]))
      index.push_back(r.price_index[t]);
    else
      index.push_back(nullptr);
  }
  d["price_index"] = index;
  // Spend by regime and year (mean, £), and waits and utilisation by service.
  Json spend = Json::array(), wait = Json::array(), util = Json::array();
  for (std::size_t g = 0; g < r.runs.size(); ++g) {
    std::vector<double> by_year(Y, 0.0), m = sim::mean_over_first(r.spend(g), R);
    for (std::size_t t = 0; t < Y; ++t) {
      for (std::size_t a = 0; a < A; ++a) by_year[t] += m[t * A + a];
    }
    spend.push_back(by_year);
    wait.push_back(sim::mean_over_first(r.runs[g].wait_days, R));
    util.push_back(sim::mean_over_first(r.runs[g].utilisation, R));
  }
  d["spend"] = spend;
  d["wait"] = wait;
  d["utilisation"] = util;
  d["outcomes"] = outcomes_json(r);
  d["evaluation"] = evaluation_json(r);
  if (!r.appraisal) {
    d["appraisal"] = nullptr;
    d["assumptions"] = assumptions_json(r);
    return sim::json_for_html(d);
  }
  const Appraisal& ap = *r.appraisal;
  Json a;
  // The Green Book headline: after optimism bias first, the unadjusted beside.
  a["headline"] = {summary_json("Net present value after optimism bias", ap.npv_adjusted, "money"),
                   summary_json("Net present value before optimism bias", ap.npv, "money"),
                   summary_json("NPV of cashable savings", ap.cashable_npv, "money"),
                   summary_json("Economic NPV before optimism bias: benefit payments avoided "
                                "count as transfers",
                                ap.economic_npv, "money"),
                   summary_json("NPV after optimism bias per family the option worked with",
                                npv_per_family_worked_with(r, ap), "money"),
                   summary_json("Benefit-cost ratio after optimism bias", ap.bcr_adjusted, "ratio"),
                   summary_json("Benefit-cost ratio before optimism bias", ap.bcr, "ratio")};
  if (!ap.social_value_pv.empty()) {  // after the economic NPV it adds to
    a["headline"].insert(a["headline"].begin() + 4,
                         summary_json("Social NPV before optimism bias: economic NPV plus the "
                                      "needs avoided, at their social cost",
                                      ap.social_npv, "money"));
  }
  a["social_valued"] = !ap.social_value_pv.empty();
  const bool spread = ap.reps > 1;
  a["p_positive"] = spread ? Json(sim::share_at_least(ap.npv_adjusted, 0.0)) : Json(nullptr);
  a["p_positive_unadjusted"] = spread ? Json(sim::share_at_least(ap.npv, 0.0)) : Json(nullptr);
  a["vfm"] = vfm_band(sim::summarize(ap.bcr_adjusted).median);
  a["vfm_unadjusted"] = vfm_band(sim::summarize(ap.bcr).median);
  a["evpi"] = spread ? Json(ap.evpi) : Json(nullptr);
  a["payback"] = ap.median_payback();
  a["payback_share"] = ap.payback_share();
  a["paired_se"] = ap.paired_se;
  a["tornado"] = nullptr;  // the ten inputs that move the headline NPV most
  if (ap.sensitivity && !ranked(*ap.sensitivity).empty()) {
    const PsaSensitivity& s = *ap.sensitivity;
    Json rows = Json::array();
    for (std::size_t j : ranked(s)) {
      if (rows.size() == 10) break;
      rows.push_back({{"parameter", r.parameters[j]},
                      {"effect", s.effect[j]},
                      {"se", std::isfinite(s.se[j]) ? Json(s.se[j]) : Json(nullptr)},
                      {"stands_out", stands_out(s, j)},
                      {"evppi", s.evppi[j]}});
    }
    Json groups = Json::array();  // largest first
    std::vector<std::size_t> order(s.groups.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) {
      return s.group_evppi[x] > s.group_evppi[y];
    });
    for (std::size_t i : order)
      groups.push_back({{"group", s.groups[i]}, {"evppi", s.group_evppi[i]}});
    a["tornado"] = {
        {"joint", s.joint}, {"r_squared", s.r_squared}, {"rows", rows}, {"groups", groups}};
  }
  a["unpaired_se"] = ap.unpaired_se;
  // Fan chart of cumulative discounted net saving.
  std::vector<double> p5(Y), p25(Y), p50(Y), p75(Y), p95(Y);
  for (std::size_t t = 0; t < Y; ++t) {
    std::vector<double> col;
    for (std::size_t rep = 0; rep < R; ++rep) col.push_back(ap.cumulative_npv[rep * Y + t]);
    sim::Summary s = sim::summarize(col);
    p5[t] = s.p5, p25[t] = s.p25, p50[t] = s.median, p75[t] = s.p75, p95[t] = s.p95;
  }
  a["fan"] = {{"p5", p5}, {"p25", p25}, {"median", p50}, {"p75", p75}, {"p95", p95}};
  std::vector<double> mean_net = sim::mean_over_first(ap.net_saving, R);  // [year][agency]
  Json by_agency = Json::array();
  for (std::size_t ag = 0; ag < A; ++ag) {
    std::vector<double> v(Y);
    for (std::size_t t = 0; t < Y; ++t) v[t] = mean_net[t * A + ag];
    by_agency.push_back(v);
  }
  a["net_by_agency"] = by_agency;
  Json matrix = Json::array();
  for (std::size_t p = 0; p < A; ++p)
    matrix.push_back(std::vector<double>(
        ap.who_pays_who_gains.begin() + static_cast<std::ptrdiff_t>(p * A),
        ap.who_pays_who_gains.begin() + static_cast<std::ptrdiff_t>((p + 1) * A)));
  a["pays"] = ap.pays;
  a["gains"] = ap.gains;
  a["transfers"] = ap.transfers;
  a["matrix"] = matrix;
  a["position_before"] = ap.position_before;
  a["position_after"] = ap.position_after;
  Json claims = Json::array();
  for (const ClaimResult& c : ap.claims) {
    claims.push_back({{"label", c.label},
                      {"claimed", c.claimed},
                      {"share", c.share},
                      {"basis", c.basis},
                      {"value_type", c.value_type},
                      {"note", c.note},
                      {"probability_low", c.probability_low},
                      {"probability_high", c.probability_high},
                      {"curve_x", c.curve_x},
                      {"curve_p", c.curve_p},
                      {"probability", c.probability},
                      {"probability_adjusted", c.probability_adjusted},
                      {"median_shortfall", c.median_shortfall},
                      {"implied_optimism", c.implied_optimism},
                      {"median", sim::summarize(c.simulated).median},
                      {"hist", histogram_json(c.simulated, c.claimed)}});
  }
  a["claims"] = claims;
  a["subgroups"] = subgroups_json(r, ap);
  Json mech = Json::array();
  if (ap.decomposition) {
    const MechanismAttribution& attr = *ap.decomposition;
    const std::size_t M = attr.mechanisms.size();
    for (std::size_t m = 0; m < M; ++m) {
      const std::vector<double> v = sim::column(attr.shapley, m, M);
      if (std::all_of(v.begin(), v.end(), [](double x) { return x == 0.0; }))
        continue;  // not in play
      mech.push_back(summary_json(attr.mechanisms[m], v, "money"));
    }
  }
  a["mechanisms"] = mech;
  a["npv_mean"] = sim::summarize(ap.npv).mean;
  a["option"] = ap.option;
  a["baseline"] = ap.baseline;
  Json options = Json::array();
  for (const Appraisal& o : r.options) {
    Json x = summary_json(o.option, o.npv, "money");
    x["p_positive"] = sim::share_at_least(o.npv, 0.0);
    x["adjusted"] = sim::summarize(o.npv_adjusted).mean;
    options.push_back(x);
  }
  a["options"] = options;
  d["appraisal"] = a;
  d["assumptions"] = assumptions_json(r);
  return sim::json_for_html(d);
}

}  // namespace placesim::models
