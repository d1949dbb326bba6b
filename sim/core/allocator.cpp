#include "sim/core/allocator.h"

#include <cstdlib>  // defines __GLIBC__ on glibc

#if defined(__GLIBC__) && !defined(__SANITIZE_ADDRESS__)
#include <malloc.h>
#endif

namespace placesim::sim {

bool map_large_allocations() {
#if defined(__GLIBC__) && !defined(__SANITIZE_ADDRESS__)
  // Setting the threshold at all turns off glibc's raising of it (and of the
  // trim threshold with it); 128 KiB is glibc's own starting value.
  return mallopt(M_MMAP_THRESHOLD, 128 * 1024) == 1;
#else
  return false;
#endif
}

}  // namespace placesim::sim
