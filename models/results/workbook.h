#pragma once
//! The results as an Excel workbook for the analysts and finance teams who
//! work in one, laid out as a local cost-benefit model is: the appraisal
//! summary first, then cash flows by agency and year, the business case's
//! claims, outcomes for families, the inputs with the assumptions log, and
//! every replication's figures. Numbers are numbers, with formats; totals are
//! formulas.

#include <filesystem>
#include <string>
#include <vector>

#include "models/results/results.h"

namespace placesim::models {

//! The sheets of the workbook, in order.
inline const std::vector<std::string> kWorkbookSheets = {
    "Summary", "Cash flows", "Claims", "Outcomes", "Subgroups", "Inputs", "Replications"};

//! Writes the workbook of `r` to `tmp` (a temporary claimed from an OutputSet).
void write_workbook(const Results& r, const std::filesystem::path& tmp);

}  // namespace placesim::models
