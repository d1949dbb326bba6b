#pragma once
//! Sobol low-discrepancy points (Joe and Kuo 2008 direction numbers), for
//! sweeps and for Saltelli's estimates of Sobol sensitivity indices.

#include <cstdint>
#include <vector>

namespace placesim::models {

inline constexpr std::uint32_t kMaxSobolDimensions = 32;  //!< dimensions with direction numbers here

//! Points 1..n of the Sobol sequence in `dims` dimensions (point 0, all zeros,
//! is skipped), as [point][dimension] in [0, 1).
std::vector<std::vector<double>> sobol_points(std::uint64_t n, std::uint32_t dims);

}  // namespace placesim::models
