#pragma once
//! Tidy CSV for spreadsheets: one row per replication, regime, year, agency
//! and measure, and a summary table.

#include <string>
#include <vector>

#include "models/results/results.h"

namespace placesim::models {

//! The file names a CSV folder holds, in the order csv_texts returns them.
inline const std::vector<std::string> kCsvFiles = {"results.csv", "summary.csv", "assumptions.csv",
                                                   "subgroups.csv"};
//! The text of each CSV file.
std::vector<std::string> csv_texts(const Results& r);

}  // namespace placesim::models
