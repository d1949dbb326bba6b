#pragma once
//! A results file written as a run's replications arrive, in replication
//! order: each record's /runs arrays go to the file (a chunk of rows held at
//! a time), so a run's memory does not grow with them.

#include <cstdint>
#include <filesystem>
#include <vector>

#include "models/family/record.h"
#include "models/results/metrics.h"
#include "models/results/results.h"
#include "sim/io/h5.h"

namespace placesim::models {

//! The results file of one run, written as it goes (ResultsBuilder feeds it).
class ResultsStream {
 public:
  //! Creates the file at `tmp` for results labelled like `labels` (its
  //! runs, dimensions and metric names); `expected` replications (0: not known).
  ResultsStream(const std::filesystem::path& tmp, const Results& labels, std::size_t expected);
  //! Writes a replication's /runs rows; throws, writing nothing of it, when
  //! its spend or events hold a number that is not finite.
  void add(const ReplicationRecord& rec);
  //! Writes everything else of `r` (the finished results) and closes the
  //! file, sealed.
  void finish(const Results& r);

 private:
  sim::h5::File file_;
  MetricLabels labels_;
  std::vector<std::string> regimes_;
  std::vector<std::vector<sim::h5::Rows>> runs_;     // [regime][run_datasets() entry]
  std::vector<std::vector<sim::h5::Rows>> metrics_;  // [regime][metric]
};

}  // namespace placesim::models
