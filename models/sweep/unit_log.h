#pragma once
//! Checkpoints of a sweep: every finished unit appended to a log on disk, so a
//! sweep killed at any moment (kill -9 included) can resume without
//! recomputing or losing units. One log per process; records end in a
//! checksum, so a record cut short by a kill is recognised and ignored.

#include <cstdio>
#include <filesystem>
#include <mutex>
#include <string>
#include <vector>

#include "models/sweep/sweep_work.h"

namespace placesim::models {

//! An append-only log of unit results for one sweep.
class UnitLog {
 public:
  //! Opens (creating) `path` for the sweep with this identity and record sizes.
  UnitLog(const std::filesystem::path& path, std::uint64_t hash, std::size_t measures, std::size_t detail);
  ~UnitLog();
  UnitLog(const UnitLog&) = delete;
  UnitLog& operator=(const UnitLog&) = delete;
  //! Appends one result and makes it durable; safe from several threads.
  void append(const UnitResult& r);

  //! Every intact record of every log in `dir` for this sweep. Logs of a
  //! different sweep are an error (they would be mixed up otherwise).
  static std::vector<UnitResult> read_dir(const std::filesystem::path& dir, std::uint64_t hash, std::size_t measures,
                                          std::size_t detail);

 private:
  std::FILE* file_ = nullptr;
  std::mutex mutex_;
  std::size_t values_;
};

}  // namespace placesim::models
