#include <algorithm>
#include <stdexcept>

#include "models/report/report.h"
#include "models/report/report_internal.h"
#include "sim/io/json.h"

namespace placesim::embedded {
extern const std::string_view report_template;
extern const std::string_view chart_js;
extern const std::string_view report_common_js;
extern const std::string_view report_common_css;
}  // namespace placesim::embedded

namespace placesim::models {
namespace {

// Replaces each marker of the template by its value. Positions are found in
// the template alone and filled from the end, so text inside a value (a
// scenario name, Chart.js itself) is never mistaken for a marker.
std::string fill_template(std::string_view templ,
                          const std::vector<std::pair<std::string, std::string>>& values) {
  std::vector<std::pair<std::size_t, const std::pair<std::string, std::string>*>> at;
  for (const auto& v : values) {
    auto pos = templ.find(v.first);
    if (pos == std::string_view::npos) throw std::logic_error("report template lacks " + v.first);
    at.emplace_back(pos, &v);
  }
  std::sort(at.begin(), at.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  std::string out(templ);
  for (const auto& [pos, v] : at) out.replace(pos, v->first.size(), v->second);
  return out;
}

}  // namespace

std::string fill_page(std::string_view templ,
                      std::vector<std::pair<std::string, std::string>> values) {
  values.emplace_back("/*PLACESIM_CHARTJS*/", std::string(embedded::chart_js));
  values.emplace_back("/*PLACESIM_COMMON*/", std::string(embedded::report_common_js));
  values.emplace_back("/*PLACESIM_STYLE*/", std::string(embedded::report_common_css));
  return fill_template(templ, values);
}

std::string report_page(const Results& r, const std::string& only,
                        const std::vector<ReportLink>& links) {
  sim::Json files = sim::Json::array();
  for (const ReportLink& l : links) files.push_back({{"label", l.label}, {"href", l.href}});
  return fill_page(embedded::report_template,
                   {{"/*PLACESIM_DATA*/", report_data_json(r)},
                    {"/*PLACESIM_ONLY*/", only.empty() ? "null" : sim::json_for_html(only)},
                    {"/*PLACESIM_LINKS*/", sim::json_for_html(files)}});
}

std::string report_html(const Results& r, const std::vector<ReportLink>& links) {
  return report_page(r, "", links);
}

std::vector<std::string> chart_ids(const Results& r) {
  std::vector<std::string> ids;
  if (r.appraisal) {
    ids = {"fan_chart", "net_by_agency", "who_pays_gains"};
    for (std::size_t i = 0; i < r.appraisal->claims.size(); ++i)
      ids.push_back("claim_" + std::to_string(i + 1));
    if (r.appraisal->decomposition) ids.emplace_back("mechanisms");
  }
  for (const char* id : {"spend_by_regime", "service_waits", "service_utilisation"})
    ids.emplace_back(id);
  return ids;
}

}  // namespace placesim::models
