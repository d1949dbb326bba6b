#pragma once
// Private to models/report: pieces of the report page.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "models/report/report.h"
#include "models/results/results.h"
#include "sim/io/json.h"

namespace placesim::models {

// A summary of xs over replications for the page: mean, its 95% interval,
// percentiles; no interval or spread at one replication.
sim::Json summary_json(const std::string& label, const std::vector<double>& xs, const char* unit);
// Option ap's NPV by subgroup of families (models/results/subgroups.h).
sim::Json subgroups_json(const Results& r, const Appraisal& ap);
// The emulated evaluations: every design asked for, its estimate over the
// replications that found one and why the others found none.
sim::Json evaluation_json(const Results& r);
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
