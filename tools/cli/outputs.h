#pragma once
//! The files a command writes, as one transaction: claimed and checked before
//! any work starts (bad paths exit 2 having written nothing), written to
//! temporaries when the work is done, and renamed into place together.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "models/report/report.h"
#include "models/results/results.h"
#include "sim/io/output_set.h"
#include "tools/cli/options.h"

namespace placesim::cli {

//! Where a run's outputs go, claimed in an OutputSet.
struct Outputs {
  //! Outputs that may replace existing files when `force` is true.
  explicit Outputs(bool force) : set(force) {}
  sim::OutputSet set;                           //!< the transaction
  std::filesystem::path h5;                     //!< results file (temporary)
  std::vector<std::filesystem::path> csv;       //!< CSV files (temporaries), when asked for
  std::optional<std::filesystem::path> report;  //!< HTML report (temporary)
  std::optional<std::filesystem::path> xlsx;    //!< Excel workbook (temporary)
  std::vector<std::filesystem::path> png;       //!< PNG charts (temporaries), when asked for
  bool png_wanted = false;  //!< --png given (charts claimed once the results are known)
  bool h5_written = false;  //!< the results file was written as the run went
  std::optional<std::filesystem::path> png_folder;  //!< its folder
  std::vector<models::ReportLink> links;            //!< the files the report links to
};

//! `target` as a report written at `report` links to it: relative to its folder.
std::string link_from(const std::filesystem::path& report, const std::filesystem::path& target);

//! Reads -o/--csv/--report/--xlsx/--png/--force and claims every path now.
void plan_outputs(Outputs& out, const po::variables_map& vm, const std::string& default_stem,
                  const std::vector<std::filesystem::path>& inputs = {});
//! Claims `target` for the Excel workbook, refusing a name Excel would not
//! open (it must end in .xlsx).
std::filesystem::path claim_workbook(sim::OutputSet& set, const std::string& target,
                                     const std::vector<std::filesystem::path>& inputs);
//! Writes every planned output and commits them together.
void write_outputs(Outputs& out, const models::Results& r);

}  // namespace placesim::cli
