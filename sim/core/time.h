#pragma once
//! Simulated time: continuous, in days since the start of the run.

#include <limits>

namespace placesim::sim {

using Time = double;  //!< days since the simulation started

//! A time later than any event; the calendar's "never".
inline constexpr Time kNever = std::numeric_limits<double>::infinity();

}  // namespace placesim::sim
