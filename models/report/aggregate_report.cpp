// The HTML report of an aggregate: the total against the naive scaling-up,
// each place, each agency and the between-place model.
#include "models/report/report.h"
#include "models/report/report_internal.h"
#include "sim/io/json.h"
#include "sim/stats/summary.h"

namespace placesim::embedded {
extern const std::string_view aggregate_template;
}  // namespace placesim::embedded

namespace placesim::models {
namespace {

// Mean, median and 90% interval (nulls at one replication).
sim::Json spread(const sim::Summary& s) {
  if (s.n < 2) return {{"mean", s.mean}, {"median", s.mean}, {"low", nullptr}, {"high", nullptr}};
  return {{"mean", s.mean}, {"median", s.median}, {"low", s.p5}, {"high", s.p95}};
}

sim::Json column(const std::vector<double>& x, std::size_t n, std::size_t width, std::size_t j) {
  std::vector<double> c;
  for (std::size_t r = 0; r < n; ++r) c.push_back(x[r * width + j]);
  return spread(sim::summarize(c));
}

}  // namespace

std::string aggregate_report_html(const AggregateResult& a) {
  const std::size_t n = a.replications, places = a.place_count(), agencies = a.agencies.size();
  sim::Json by_place = sim::Json::array();
  const std::vector<sim::Summary> per = place_npv_per_family(a);
  for (std::size_t p = 0; p < places; ++p)
    by_place.push_back({{"name", a.places[p]},
                        {"source", a.place_sources[p]},
                        {"families", a.place_families[p]},
                        {"measure", a.place_measure[p]},
                        {"npv", column(a.place_npv, n, places, p)},
                        {"per_family", spread(per[p])}});
  sim::Json by_agency = sim::Json::array();
  for (std::size_t g = 0; g < agencies; ++g)
    by_agency.push_back({{"name", a.agencies[g]}, {"npv", column(a.agency_npv, n, agencies, g)}});
  sim::Json between = sim::Json::array();
  for (std::size_t k = 0; k < kPlaceEffects; ++k)
    between.push_back(
        {{"name", kPlaceEffectNames[k]}, {"sd", a.spreads[k].sd}, {"source", a.spreads[k].source}});
  const double cv = between_place_cv(a);
  const sim::Json d = {{"name", a.name},
                       {"source", a.source},
                       {"replications", n},
                       {"seed", a.seed},
                       {"base_year", a.base_year},
                       {"measure", a.measure},
                       {"total", a.total},
                       {"total_source", a.total_source},
                       {"scale", a.scale()},
                       {"naive_place", a.places[a.naive]},
                       {"naive_scale", a.naive_scale()},
                       {"npv", spread(sim::summarize(a.npv))},
                       {"npv_adjusted", spread(sim::summarize(a.npv_adjusted))},
                       {"naive_npv", spread(sim::summarize(a.naive_npv))},
                       {"naive_npv_adjusted", spread(sim::summarize(a.naive_npv_adjusted))},
                       {"naive_error", spread(sim::summarize(naive_error(a)))},
                       {"cv", std::isnan(cv) ? sim::Json(nullptr) : sim::Json(cv)},
                       {"places", by_place},
                       {"agencies", by_agency},
                       {"between", between}};
  return fill_page(embedded::aggregate_template, {{"/*PLACESIM_DATA*/", sim::json_for_html(d)}});
}

}  // namespace placesim::models
