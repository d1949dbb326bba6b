// The HTML report of a sweep: sensitivity first, then every point.
#include "models/report/report.h"
#include "models/report/report_internal.h"
#include "sim/io/json.h"
#include "sim/stats/summary.h"

namespace placesim::embedded {
extern const std::string_view sweep_template;
}  // namespace placesim::embedded

namespace placesim::models {

std::string sweep_report_html(const SweepTable& t) {
  const SweepSensitivity s = sweep_sensitivity(t);
  const std::size_t k = t.parameters.size(), m = t.measures.size();
  sim::Json values = sim::Json::array();
  std::vector<double> mean, low, high;
  for (std::size_t p = 0; p < t.points(); ++p) {
    values.push_back(
        std::vector<double>(t.point_values.begin() + static_cast<std::ptrdiff_t>(p * k),
                            t.point_values.begin() + static_cast<std::ptrdiff_t>((p + 1) * k)));
    std::vector<double> npv;
    for (std::uint64_t r = 0; r < t.replications; ++r)
      npv.push_back(t.unit_measures[(p * t.replications + r) * m]);
    sim::Summary sm = sim::summarize(npv);
    mean.push_back(sm.mean);
    low.push_back(sm.ci_low);
    high.push_back(sm.ci_high);
  }
  sim::Json d = {{"name", t.name},
                 {"design", t.design},
                 {"version", t.version},
                 {"base", t.base_source},
                 {"points", t.points()},
                 {"replications", t.replications},
                 {"seed", t.seed},
                 {"parameters", t.parameters},
                 {"values", values},
                 {"npv_mean", mean},
                 {"npv_low", low},
                 {"npv_high", high},
                 {"tornado", s.tornado.effect},
                 {"r_squared", s.tornado.r_squared}};
  if (t.sobol_base) {
    d["sobol_first"] = s.sobol.first;
    d["sobol_total"] = s.sobol.total;
  } else {
    d["sobol_first"] = nullptr;
  }
  return fill_page(embedded::sweep_template, {{"/*PLACESIM_DATA*/", sim::json_for_html(d)}});
}

}  // namespace placesim::models
