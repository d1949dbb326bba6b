#pragma once
//! A results file written as a run's replications arrive, in replication
//! order: each record's /runs arrays and each option's per-replication
//! appraisal figures go to the file (a chunk of rows held at a time), so a
//! run's memory does not grow with them.

#include <cstdint>
#include <filesystem>
#include <string>
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
  //! Makes the rows of an option's per-replication figures (appraisal_datasets(),
  //! the social ones only where `valued`) in /appraisal/options/NAME and, for
  //! the main option, /appraisal too. Options are numbered in the order added.
  void add_option(const std::string& name, bool valued, bool main);
  //! Writes option k's figures of the replication just appraised: the last
  //! row of each of its per-replication figures (OptionAppraiser::figures()).
  void add_figures(std::size_t k, const Appraisal& figures);
  //! Writes everything else of `r` (the finished results) and closes the
  //! file, sealed.
  void finish(const Results& r);

 private:
  sim::h5::File file_;
  MetricLabels labels_;
  std::vector<std::string> regimes_;
  std::vector<std::vector<sim::h5::Rows>> runs_;     // [regime][run_datasets() entry]
  std::vector<std::vector<sim::h5::Rows>> metrics_;  // [regime][metric]
  // One option's per-replication figure as a dataset of one of its groups.
  struct FigureRows {
    std::size_t option;                      // in add_option order
    std::vector<double> Appraisal::*values;  // its figures
    std::size_t row;                         // values a replication
    sim::h5::Rows rows;
  };
  std::vector<FigureRows> figures_;
  std::size_t options_ = 0;
  std::size_t expected_;
  std::vector<std::vector<std::uint64_t>> figure_shapes_;  // [appraisal_datasets() entry] a row's
};

}  // namespace placesim::models
