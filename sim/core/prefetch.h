#pragma once
//! A cache-line prefetch the compiler keeps.
//!
//! GCC takes `__builtin_prefetch` for a call without side effects: a
//! function made only of prefetches (a loop over an agent's block, say) is
//! marked pure when it is not inlined first, and its call, which returns
//! nothing, is deleted. g++ 12 at -O2 did that to the model's prefetch of
//! each agent's state until 4 December 2026 (docs/performance.md, "The
//! prefetches that were not there"); tests/layout/test_prefetch.py checks the
//! binary for them. An empty volatile asm beside the prefetch is a side
//! effect the compiler must keep; it costs the address in a register.

namespace placesim::sim {

//! Starts fetching the cache line holding `p` for reading (a hint: any
//! address is safe, none is read).
inline void prefetch(const void* p) {
  __builtin_prefetch(p);
  asm volatile("" : : "r"(p));
}

}  // namespace placesim::sim
