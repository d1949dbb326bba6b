#pragma once
//! Named tie-break priorities for events that fall at the same instant.

#include <cstdint>

namespace placesim::sim {

//! Lower runs first. The order is part of the model: at one instant a period
//! boundary is crossed before anything else happens in the new period, capacity
//! is released before anyone tries to seize it, and observers see the result.
enum class Priority : std::uint8_t {
  boundary = 0,  //!< period changes (years, decision cycles)
  release = 1,   //!< service completions that free capacity
  update = 2,    //!< state changes of agents (needs, effects, episodes)
  seize = 3,     //!< arrivals and requests for capacity
  observe = 4,   //!< monitors that read state after everything else
};

}  // namespace placesim::sim
