#pragma once
//! Events on the calendar and the handles that let their owners cancel them.

#include <cstdint>

#include "sim/core/time.h"

namespace placesim::sim {

//! What the calendar hands back: when, what kind (the owner's code) and whom.
struct Event {
  Time time = 0.0;           //!< when it happens
  std::uint32_t kind = 0;    //!< owner-defined event kind
  std::uint32_t arg = 0;     //!< owner-defined small argument (a service, a type)
  std::uint64_t target = 0;  //!< owner-defined target (an agent, a source)
};

//! Refers to one scheduled event; stale once it has run or been cancelled.
struct EventHandle {
  static constexpr std::uint32_t kNone = 0xffffffffu;
  std::uint32_t slot = kNone;    //!< index in the calendar's slot table
  std::uint32_t generation = 0;  //!< guards against reuse of the slot
  //! True when the handle was ever set (it may still be stale).
  [[nodiscard]] bool is_set() const { return slot != kNone; }
};

}  // namespace placesim::sim
