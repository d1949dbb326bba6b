#pragma once
//! An appraisal's per-replication figures as datasets of a results file's
//! /appraisal group (and of /appraisal/options/NAME): one table that the
//! appraiser, the writer from memory (results_write.cpp) and the writer of a
//! run as it goes (ResultsStream) all follow.

#include <string>
#include <vector>

#include "models/appraisal/appraisal.h"  // IWYU pragma: keep

namespace placesim::models {

//! One per-replication dataset of an option's appraisal, replication first.
struct AppraisalDataset {
  const char* name;                        //!< its name in the group
  std::vector<std::string> dims;           //!< every dimension, "replication" first
  const char* units;                       //!< as docs/results-format.md states them
  const char* description;                 //!< one sentence
  std::vector<double> Appraisal::*values;  //!< [rep][...] in Appraisal
  bool social = false;                     //!< only where the scenario values a need's burden
  bool kept = false;  //!< OptionAppraiser::finish() reads every replication's (drop_rows keeps it)
};

//! Every per-replication dataset of an appraisal but the claims', in the order written.
const std::vector<AppraisalDataset>& appraisal_datasets();

}  // namespace placesim::models
