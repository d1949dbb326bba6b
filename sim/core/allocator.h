#pragma once
//! The C library's allocator, set for a run's pattern: large arrays made and
//! let go once a simulation (docs/performance.md, "Memory the allocator
//! kept, and commissioning's peak").

namespace placesim::sim {

//! Gives every allocation from glibc's starting threshold up pages of its
//! own, returned to the system when freed. glibc otherwise raises that
//! threshold to the size of each such block freed, so the simulations of a
//! replication, run one after another, carve their arrays from a heap whose
//! freed holes it keeps, and a large model's peak grows by them. Returns
//! false where the library is not glibc (or a sanitizer's allocator stands in
//! for it): nothing is set then.
bool map_large_allocations();

}  // namespace placesim::sim
