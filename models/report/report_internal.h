#pragma once
// Private to models/report: pieces of the report page.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "models/report/report.h"
#include "models/results/results.h"

namespace placesim::models {

// The JSON object the page's script draws from.
std::string report_data_json(const Results& r);
// A report page: the template filled with `values`, Chart.js and the
// scripts and styles every page shares.
std::string fill_page(std::string_view templ,
                      std::vector<std::pair<std::string, std::string>> values);
// The page; with `only` set to a chart id, a page with that chart alone.
std::string report_page(const Results& r, const std::string& only,
                        const std::vector<ReportLink>& links = {});

}  // namespace placesim::models
