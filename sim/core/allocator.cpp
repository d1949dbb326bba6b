#include "sim/core/allocator.h"

#ifdef PLACESIM_GLIBC_MALLOC
#include <malloc.h>
#endif

namespace placesim::sim {

bool map_large_allocations() {
#ifdef PLACESIM_GLIBC_MALLOC
  // Setting the threshold at all turns off glibc's raising of it (and of the
  // trim threshold with it); 128 KiB is glibc's own starting value.
  return mallopt(M_MMAP_THRESHOLD, 128 * 1024) == 1;
#else
  return false;
#endif
}

}  // namespace placesim::sim
