#pragma once
//! MPI when the build has it and the program was started by mpirun or srun:
//! ranks, a work queue shared by every rank, gathering and broadcasting.
//! Only mpi.cpp sees the MPI headers.

#include <cstdint>
#include <memory>
#include <vector>

#include "sim/parallel/work_queue.h"

namespace placesim::sim {

//! This process's place among MPI ranks (one rank without MPI).
struct Ranks {
  int rank = 0;   //!< this process
  int count = 1;  //!< all processes
};

//! MPI for the life of the program (one object, made in main).
class Mpi {
 public:
  Mpi(int* argc, char*** argv);  //!< initialises MPI if launched under it
  ~Mpi();                        //!< finalises it
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
  //! Waits for every rank.
  void barrier() const;
  //! True when launched under an MPI launcher but built without MPI.
  static bool launched_without_support();

 private:
  Ranks ranks_;
  [[maybe_unused]] bool active_ = false;  // unused in builds without MPI
};

}  // namespace placesim::sim
