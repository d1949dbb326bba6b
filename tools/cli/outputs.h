#pragma once
//! The files a run writes: checked before any work starts (bad paths exit 2
//! having written nothing), written when the work is done.

#include <filesystem>
#include <optional>
#include <string>

#include "models/results/results.h"
#include "tools/cli/options.h"

namespace placesim::cli {

//! Where a run's outputs go.
struct Outputs {
  std::filesystem::path h5;                    //!< results file
  std::optional<std::filesystem::path> csv;    //!< CSV folder
  std::optional<std::filesystem::path> report; //!< HTML report
  std::optional<std::filesystem::path> png;    //!< PNG folder
  //! "default.h5, report.html" for the closing message.
  [[nodiscard]] std::string describe() const;
};

//! Reads -o/--csv/--report/--png/--force and checks every path now.
Outputs plan_outputs(const po::variables_map& vm, const std::string& default_stem);
//! Writes every planned output.
void write_outputs(const Outputs& out, const models::Results& r);

}  // namespace placesim::cli
