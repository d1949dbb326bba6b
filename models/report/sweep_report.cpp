// The HTML report of a sweep: sensitivity first, then every point.
#include "models/appraisal/statistics.h"
#include "models/report/json.h"
#include "models/report/report.h"
#include "models/report/report_internal.h"
#include "models/results/atomic_file.h"

namespace placesim::embedded {
extern const std::string_view sweep_template;
}  // namespace placesim::embedded

namespace placesim::models {

std::string sweep_report_html(const SweepTable& t) {
  const SweepSensitivity s = sweep_sensitivity(t);
  const std::size_t k = t.parameters.size(), m = t.measures.size();
  std::vector<std::string> values;
  std::vector<double> mean, low, high;
  for (std::size_t p = 0; p < t.points(); ++p) {
    values.push_back(json::numbers(std::vector<double>(t.point_values.begin() + static_cast<std::ptrdiff_t>(p * k),
                                                       t.point_values.begin() + static_cast<std::ptrdiff_t>((p + 1) * k))));
    std::vector<double> npv;
    for (std::uint64_t r = 0; r < t.replications; ++r) npv.push_back(t.unit_measures[(p * t.replications + r) * m]);
    Summary sm = summarize(npv);
    mean.push_back(sm.mean);
    low.push_back(sm.ci_low);
    high.push_back(sm.ci_high);
  }
  json::Object d;
  d.str("name", t.name).str("design", t.design).str("version", t.version).str("base", t.base_source)
      .num("points", static_cast<double>(t.points())).num("replications", static_cast<double>(t.replications))
      .num("seed", static_cast<double>(t.seed)).raw("parameters", json::strings(t.parameters))
      .raw("values", json::array(values)).raw("npv_mean", json::numbers(mean)).raw("npv_low", json::numbers(low))
      .raw("npv_high", json::numbers(high)).raw("tornado", json::numbers(s.tornado.effect))
      .num("r_squared", s.tornado.r_squared);
  if (t.sobol_base) d.raw("sobol_first", json::numbers(s.sobol.first)).raw("sobol_total", json::numbers(s.sobol.total));
  else d.raw("sobol_first", "null");
  return fill_page(embedded::sweep_template, {{"/*PLACESIM_DATA*/", d.text()}});
}

void write_sweep_report_html(const SweepTable& t, const std::filesystem::path& path) {
  write_file_atomically(path, sweep_report_html(t));
}

}  // namespace placesim::models
