#pragma once
//! Checkpoints of long runs: every finished unit of work appended to a log on
//! disk, so a run killed at any moment (kill -9 included) can resume without
//! recomputing or losing units. One log per process; records end in a
//! checksum, so a record cut short by a kill is recognised and ignored.

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <mutex>
#include <span>
#include <vector>

namespace placesim::sim {

//! One finished unit: its index and a fixed number of values.
struct CheckpointRecord {
  std::uint64_t unit = 0;      //!< which unit
  std::vector<double> values;  //!< what it produced
};

//! An append-only log of unit results for one job (identified by a hash).
class CheckpointLog {
 public:
  //! Opens (creating) `path` for the job `hash` with records of `width` values.
  CheckpointLog(const std::filesystem::path& path, std::uint64_t hash, std::size_t width);
  ~CheckpointLog();
  CheckpointLog(const CheckpointLog&) = delete;
  CheckpointLog& operator=(const CheckpointLog&) = delete;
  //! Appends one record and makes it durable; safe from several threads.
  //! Throws when the record cannot be written (a full disk).
  void append(std::uint64_t unit, std::span<const double> values);

  //! Every intact record of every `*.units` log in `dir` for this job, in
  //! file-name then record order. Logs of a different job are an error (they
  //! would be mixed up otherwise), and so is a record whose unit is not below
  //! `units` (a log that was tampered with).
  static std::vector<CheckpointRecord> read_dir(const std::filesystem::path& dir,
                                                std::uint64_t hash, std::size_t width,
                                                std::uint64_t units);

 private:
  std::FILE* file_ = nullptr;
  std::filesystem::path path_;
  std::mutex mutex_;
  std::size_t width_;
};

}  // namespace placesim::sim
