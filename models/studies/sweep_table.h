#pragma once
//! The results of a sweep: one row per (point, replication) unit, filled in
//! any order by any process, then summarised. The files are documented in
//! docs/sweeps.md.

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "models/studies/sweep_work.h"
#include "sim/design/sensitivity.h"

namespace placesim::models {

inline constexpr const char* kSweepFiletype = "placesim-sweep";        //!< a finished sweep
inline constexpr const char* kShardFiletype = "placesim-sweep-shard";  //!< one shard of one
inline constexpr std::int64_t kSweepFormatVersion = 3;  //!< bumped on any layout change
inline constexpr std::int64_t kMaxSweepUnits =
    1'000'000'000;  //!< most units a sweep file may claim

//! Units of a sweep and what they produced.
struct SweepTable {
  std::string name, design, version;                             //!< title, design, program version
  std::string sweep_yaml, sweep_source, base_yaml, base_source;  //!< provenance
  std::uint64_t hash = 0, seed = 0, replications = 0, sobol_base = 0;  //!< identity and settings
  std::vector<std::string> parameters, measures, years, agencies;      //!< labels
  std::vector<double> point_values;                                    //!< [point][parameter]
  std::size_t detail = 0;             //!< detail values per unit (0 or years x agencies)
  std::vector<double> unit_measures;  //!< [unit][measure], NaN until computed
  std::vector<double> unit_detail;    //!< [unit][detail]
  std::vector<char> done;             //!< [unit]

  //! Number of points.
  [[nodiscard]] std::size_t points() const {
    return parameters.empty() ? 0 : point_values.size() / parameters.size();
  }
  //! Number of units.
  [[nodiscard]] std::size_t units() const { return done.size(); }
  //! Records one unit's results.
  void put(const UnitResult& r);
  //! Units not yet done, in order, among those of shard k of n (1-based).
  [[nodiscard]] std::vector<std::uint64_t> todo(std::uint64_t k = 1, std::uint64_t n = 1) const;
  //! Mean over replications of one measure, per point (the sensitivity response).
  [[nodiscard]] std::vector<double> point_means(std::size_t measure) const;
};

//! An empty table for a prepared sweep.
SweepTable empty_table(const SweepWork& w, const std::string& version);
//! Whether unit u belongs to shard k of n (1-based): round robin.
inline bool in_shard(std::uint64_t u, std::uint64_t k, std::uint64_t n) { return u % n == k - 1; }

//! Writes a finished sweep (every unit done), with summaries and sensitivity,
//! to a temporary claimed from an OutputSet.
void write_sweep_h5(const SweepTable& t, const std::filesystem::path& tmp);
//! Writes shard k of n (its units only) to a claimed temporary.
void write_shard_h5(const SweepTable& t, const std::filesystem::path& tmp, std::uint64_t k,
                    std::uint64_t n);
//! Reads a finished sweep (setting *k and *n to 0) or a shard (setting them to
//! k and n), checking every attribute and shape it uses.
SweepTable read_sweep_h5(const std::string& path, std::uint64_t* k = nullptr,
                         std::uint64_t* n = nullptr);

//! Sensitivity of mean NPV to the parameters (tornado; Sobol indices for Sobol designs).
struct SweepSensitivity {
  sim::Tornado tornado;     //!< from every point
  sim::SobolIndices sobol;  //!< empty unless the design is sobol
};
//! Computes the sensitivity of a finished table.
SweepSensitivity sweep_sensitivity(const SweepTable& t);

}  // namespace placesim::models
