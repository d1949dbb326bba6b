#pragma once
//! Running a sweep's units: threads inside a process, and MPI ranks sharing
//! one queue of work with dynamic load balancing.

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

#include "models/sweep/sweep_table.h"
#include "models/sweep/unit_log.h"

namespace placesim::models {

//! Hands out successive chunks [begin, end) of a list of units.
class WorkQueue {
 public:
  virtual ~WorkQueue() = default;
  //! The next chunk of at most `size` positions, or nothing when all are taken.
  virtual std::optional<std::pair<std::size_t, std::size_t>> next(std::size_t size) = 0;
};

//! A queue within one process.
std::unique_ptr<WorkQueue> local_queue(std::size_t total);

//! This process's place among MPI ranks (one rank without MPI).
struct Ranks {
  int rank = 0;   //!< this process
  int count = 1;  //!< all processes
};

//! MPI, when this build has it and the program was launched by mpirun or srun.
class Mpi {
 public:
  Mpi(int* argc, char*** argv);  //!< initialises MPI if launched under it
  ~Mpi();                        //!< finalises it
  Mpi(const Mpi&) = delete;
  Mpi& operator=(const Mpi&) = delete;
  //! Rank and size (0 of 1 without MPI).
  [[nodiscard]] Ranks ranks() const { return ranks_; }
  //! A queue shared by every rank (a local one with a single rank).
  [[nodiscard]] std::unique_ptr<WorkQueue> shared_queue(std::size_t total) const;
  //! Gathers every rank's results on rank 0, in unit order there.
  [[nodiscard]] std::vector<UnitResult> gather(const std::vector<UnitResult>& mine, std::size_t measures,
                                               std::size_t detail) const;
  //! Waits for every rank.
  void barrier() const;
  //! True when launched under an MPI launcher but built without MPI.
  static bool launched_without_support();

 private:
  Ranks ranks_;
  [[maybe_unused]] bool active_ = false;  // unused in builds without MPI
};

//! Computes the units todo[i] handed out by `queue`, on `threads` threads,
//! appending each to `log` (when given) as soon as it is done.
std::vector<UnitResult> run_units(const SweepWork& w, const std::vector<std::uint64_t>& todo, WorkQueue& queue,
                                  int threads, UnitLog* log,
                                  const std::function<void(std::size_t handed_out)>& progress = {});

}  // namespace placesim::models
