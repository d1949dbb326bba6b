#pragma once
//! Tidy CSV for spreadsheets: one row per replication, regime, year, agency
//! and measure, and a summary table.

#include <filesystem>

#include "models/results/results.h"

namespace placesim::models {

//! Writes DIR/results.csv and DIR/summary.csv (creating DIR), each atomically.
void write_csv(const Results& r, const std::filesystem::path& dir);

}  // namespace placesim::models
