#pragma once
//! The C library's allocator, set for a run's pattern: large arrays made and
//! let go once a simulation (docs/performance.md, "Memory the allocator
//! kept, and commissioning's peak").

#include <cstdlib>  // defines __GLIBC__ on glibc

// PLACESIM_GLIBC_MALLOC: glibc's allocator serves this program. Not so where
// a sanitizer's allocator stands in for it (GCC says so with __SANITIZE_*__,
// clang before 2025 only through __has_feature).
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define PLACESIM_SANITIZER_MALLOC 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) || \
    __has_feature(memory_sanitizer)
#define PLACESIM_SANITIZER_MALLOC 1
#endif
#endif
#if defined(__GLIBC__) && !defined(PLACESIM_SANITIZER_MALLOC)
#define PLACESIM_GLIBC_MALLOC 1
#endif

namespace placesim::sim {

//! Gives every allocation from glibc's starting threshold up that the heap
//! cannot already hold pages of its own, returned to the system when freed.
//! glibc otherwise raises that threshold to the size of each such block
//! freed, so the simulations of a replication, run one after another, carve
//! their arrays from a heap whose freed holes it keeps, and a large model's
//! peak grows by them. Call it before anything large is allocated. Returns
//! false where the library is not glibc, or a sanitizer's allocator stands in
//! for it: nothing is set then.
bool map_large_allocations();

}  // namespace placesim::sim
