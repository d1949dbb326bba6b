#pragma once
//! Gathering a run's records into its Results one replication at a time, in
//! replication order, so a run never holds every record: each is folded into
//! the results' arrays as it arrives and only what the appraisal reads of it
//! is kept.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "models/family/record.h"
#include "models/results/results.h"
#include "models/results/results_stream.h"
#include "models/scenario/scenario.h"

namespace placesim::models {

//! Builds the Results of a run of scenario `s` (which must outlive it).
class ResultsBuilder {
 public:
  //! `expected`: replications the run plans (arrays are sized for them; 0: unknown).
  ResultsBuilder(const Scenario& s, std::uint64_t seed, std::string version,
                 std::size_t expected = 0);

  //! Writes the results file at `tmp` as records arrive (before the first
  //! add): the /runs arrays go to it, not to memory (Results::streamed), and
  //! write_stream() finishes it. `at_least` replications are sure to come
  //! (0: not known; else the expected count): they size the file's chunks.
  void stream_to(const std::filesystem::path& tmp, std::size_t at_least = 0);
  //! Finishes the file stream_to() began with the results finish() returned.
  void write_stream(const Results& r);
  //! Adds the next replication's record (replication order; the record is consumed).
  void add(ReplicationRecord&& record);
  //! Replications added so far.
  [[nodiscard]] std::size_t replications() const { return count_; }
  //! Calendar events the replications added so far handled (for benchmarks).
  [[nodiscard]] std::uint64_t events_processed() const { return events_; }
  //! Half-width of the 95% interval of the main option's mean NPV so far.
  [[nodiscard]] double npv_half_width() const;
  //! Appraises every option against the baseline and returns the Results.
  [[nodiscard]] Results finish();

  //! Bytes the builder keeps a replication for the appraisal and the
  //! evaluation after add() (the record itself is not kept; tested).
  [[nodiscard]] std::size_t kept_bytes_per_replication() const;

 private:
  const Scenario& s_;
  Results r_;
  std::size_t expected_;
  std::uint64_t events_ = 0;
  std::size_t drawn_ = 0;                    // parameters drawn a replication
  std::size_t count_ = 0;                    // replications added
  std::vector<OptionAppraiser> appraisers_;  // each option's, appraised as records arrive
  std::optional<EvaluationArrays> evaluation_;
  std::unique_ptr<ResultsStream> stream_;
};

}  // namespace placesim::models
