#pragma once
//! FNV-1a, 64 bits: identities of inputs and checksums of log records.

#include <cstddef>
#include <cstdint>

namespace placesim::sim {

//! The hash of n bytes at data, continuing from h.
inline std::uint64_t fnv1a(const void* data, std::size_t n,
                           std::uint64_t h = 0xcbf29ce484222325ull) {
  const auto* p = static_cast<const unsigned char*>(data);
  for (std::size_t i = 0; i < n; ++i) {
    h ^= p[i];
    h *= 0x100000001b3ull;
  }
  return h;
}

}  // namespace placesim::sim
