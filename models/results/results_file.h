#pragma once
//! The parts of a results file (docs/results-format.md) that the writer from
//! memory (write_results_h5) and the writer of a run as it goes
//! (ResultsStream) share.

#include <string>

#include "models/results/results.h"
#include "sim/io/h5.h"

namespace placesim::models {

namespace h5 = sim::h5;

//! The root attributes: file type, version, scenario, seed, replications.
void write_header(const h5::File& f, const Results& r);
//! /dims: every dimension's labels, registered as scales.
void write_dims(const h5::File& f, const Results& r);
//! Everything after /runs: /parameters, /appraisal, /decomposition,
//! /evaluation and /provenance.
void write_tail(const h5::File& f, const Results& r);
//! The meaning of /runs/REGIME/metrics/NAME.
h5::Meta metric_meta(const std::string& metric);

}  // namespace placesim::models
