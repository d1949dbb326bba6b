#pragma once
//! MPI when the build has it and the program was started by mpirun or srun:
//! ranks, a work queue shared by every rank, gathering and broadcasting.
//! Only mpi.cpp sees the MPI headers.

#include <cstdint>
#include <exception>
#include <functional>
#include <memory>
#include <stdexcept>
#include <vector>

#include "sim/parallel/work_queue.h"

namespace placesim::sim {

//! On a rank that failed in work every rank shared (after they agreed to
//! start it): its own error, for that rank to report whichever rank it is.
class SharedWorkFailed : public std::exception {
 public:
  //! Wraps the error this rank met.
  explicit SharedWorkFailed(std::exception_ptr error)
      : error_(std::move(error)) {}  // NOLINT(bugprone-throw-keyword-missing): carried, not thrown
  //! The error itself (rethrow it to read it).
  [[nodiscard]] std::exception_ptr error() const { return error_; }
  [[nodiscard]] const char* what() const noexcept override { return "this rank failed"; }

 private:
  std::exception_ptr error_;
};

//! On the ranks that did not fail when another did in shared work: that rank
//! says why and ends the job with its exit status; these stop quietly.
class OtherRankFailed : public std::runtime_error {
 public:
  //! bad_input: some rank's error was bad input (else a failure while running).
  explicit OtherRankFailed(bool bad_input)
      : std::runtime_error("another rank failed"), bad_input_(bad_input) {}
  //! Whether the failing rank's error was bad input.
  [[nodiscard]] bool bad_input() const { return bad_input_; }

 private:
  bool bad_input_;
};

//! This process's place among MPI ranks (one rank without MPI).
struct Ranks {
  int rank = 0;   //!< this process
  int count = 1;  //!< all processes
};

//! MPI for the life of the program (one object, made in main).
class Mpi {
 public:
  //! Initialises MPI if launched under it. `quiet` is called on each rank
  //! that stops because another failed, before the failing ranks are let go
  //! to say why and end the job (for instance: print nothing if then killed).
  Mpi(int* argc, char*** argv, std::function<void()> quiet = {});
  ~Mpi();  //!< finalises it
  Mpi(const Mpi&) = delete;
  Mpi& operator=(const Mpi&) = delete;
  //! Rank and size (0 of 1 without MPI).
  [[nodiscard]] Ranks ranks() const { return ranks_; }
  //! A queue of `total` positions shared by every rank (a local one with one rank).
  [[nodiscard]] std::unique_ptr<WorkQueue> shared_queue(std::size_t total) const;
  //! Every rank's values concatenated in rank order, on rank 0 (empty elsewhere).
  [[nodiscard]] std::vector<double> gather(const std::vector<double>& mine) const;
  //! Rank 0's values on every rank.
  [[nodiscard]] std::vector<double> broadcast(const std::vector<double>& values) const;
  //! True on every rank when any rank passes true (for agreeing to stop on an error).
  [[nodiscard]] bool any(bool mine) const;
  //! Called by every rank after work they shared: returns when no rank
  //! failed (`failed` null everywhere); else throws SharedWorkFailed on the
  //! ranks that failed and OtherRankFailed on the rest. `bad_input`: this
  //! rank's error was bad input.
  void agree(const std::exception_ptr& failed, bool bad_input) const;
  //! Waits for every rank.
  void barrier() const;
  //! True when launched under an MPI launcher but built without MPI.
  static bool launched_without_support();

 private:
  Ranks ranks_;
  [[maybe_unused]] bool active_ = false;  // unused in builds without MPI
  std::function<void()> quiet_;
};

}  // namespace placesim::sim
