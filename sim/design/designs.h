#pragma once
//! Experimental designs on the unit hypercube: full factorial grids, random
//! points, Latin hypercubes, Sobol points and Saltelli's scheme for Sobol
//! sensitivity indices. Every design is a pure function of its arguments.

#include <cstdint>
#include <vector>

#include "sim/random/random_stream.h"

namespace placesim::sim {

inline constexpr std::uint32_t kMaxSobolDimensions = 1000;  //!< within Boost's Joe-Kuo tables

//! Every combination of the levels, the first dimension varying slowest.
std::vector<std::vector<double>> full_factorial(const std::vector<std::vector<double>>& levels);
//! n points in k dimensions, uniform on (0, 1), point i drawn from stream
//! (key, design agent, random purpose, i).
std::vector<std::vector<double>> random_design(std::uint64_t n, std::size_t k, StreamKey key);
//! A Latin hypercube of n points in k dimensions: one point in each of the n
//! strata of every dimension, matched at random (dimension j from stream j).
std::vector<std::vector<double>> latin_hypercube(std::uint64_t n, std::size_t k, StreamKey key);
//! Points 1..n of the Sobol sequence in `dims` dimensions (point 0, all
//! zeros, is skipped), Joe and Kuo's direction numbers (Boost.Random).
std::vector<std::vector<double>> sobol_points(std::uint64_t n, std::uint32_t dims);
//! Saltelli's scheme in k dimensions from n Sobol base samples of 2k
//! dimensions: for each sample, rows A, B, then A with column i from B for
//! each i (n (k + 2) rows).
std::vector<std::vector<double>> saltelli_design(std::uint64_t n, std::size_t k);

}  // namespace placesim::sim
