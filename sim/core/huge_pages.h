#pragma once
//! Memory for large arrays read at random, on 2 MiB pages where the system
//! allows: a large model's agents' state spans tens of MiB, and with 4 KiB
//! pages nearly every read of an agent's state also misses the TLB
//! (docs/performance.md, "Huge pages").

#include <cstddef>
#include <memory>

namespace placesim::sim {

//! Bytes in a huge page (x86-64, and aarch64 with 4 KiB base pages).
inline constexpr std::size_t kHugePage = std::size_t{2} << 20;

//! Allocates `bytes`, uninitialised; from kHugePage up, aligned to a huge
//! page and advised to use them (a hint the system may ignore). Throws
//! std::bad_alloc.
void* allocate_large(std::size_t bytes);
//! Frees what allocate_large(bytes) returned.
void free_large(void* p, std::size_t bytes) noexcept;

//! Frees a buffer from allocate_large.
struct FreeLarge {
  std::size_t bytes = 0;  //!< its size, as allocated
  //! Frees it.
  void operator()(unsigned char* p) const noexcept { free_large(p, bytes); }
};
//! An uninitialised byte buffer from allocate_large: pages never written are never touched.
using LargeBuffer = std::unique_ptr<unsigned char[], FreeLarge>;
//! A buffer of `bytes` from allocate_large.
inline LargeBuffer large_buffer(std::size_t bytes) {
  return LargeBuffer(static_cast<unsigned char*>(allocate_large(bytes)), FreeLarge{bytes});
}

}  // namespace placesim::sim
