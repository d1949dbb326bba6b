#pragma once
//! The HTML report: one self-contained page (Chart.js inlined, no network
//! requests) that a director can read, and PNG charts for slides.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "models/results/results.h"
#include "models/studies/aggregate.h"
#include "models/studies/posterior.h"
#include "models/studies/sweep_table.h"

namespace placesim::models {

inline constexpr const char* kFirstChartFile =
    "spend_by_regime.png";  //!< a file --png always writes

//! A file written beside the report, for its download links.
struct ReportLink {
  std::string label;  //!< what the file is, e.g. "summary.csv"
  std::string href;   //!< its path relative to the report's folder
};

//! The report as one HTML document, linking to the files written with it.
std::string report_html(const Results& r, const std::vector<ReportLink>& links = {});
//! Why PNG export cannot work here (no Chromium), or nothing when it can.
std::optional<std::string> png_export_problem();
//! Renders each chart of the report (in chart_ids order) with headless
//! Chromium into the matching output path (claimed temporaries of an OutputSet).
void export_pngs(const Results& r, const std::vector<std::filesystem::path>& outputs);
//! The report of a sweep: sensitivity (tornado, Sobol indices) and every point.
std::string sweep_report_html(const SweepTable& t);
//! The report of an aggregate: the total against the naive scaling-up, by
//! place, by agency, and the between-place model.
std::string aggregate_report_html(const AggregateResult& a);

//! The report of a calibration: targets against the fit, priors against
//! posteriors, correlations and the search's course.
std::string calibration_report_html(const Posterior& p);
//! The chart identifiers of a report, in order (file names without .png).
std::vector<std::string> chart_ids(const Results& r);

}  // namespace placesim::models
