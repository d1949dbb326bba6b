#include "sim/core/huge_pages.h"

#include <new>

#if __has_include(<sys/mman.h>)
#include <sys/mman.h>
#endif

namespace placesim::sim {

void* allocate_large(std::size_t bytes) {
  if (bytes < kHugePage) return ::operator new(bytes);
  void* p = ::operator new (bytes, std::align_val_t{kHugePage});
#ifdef MADV_HUGEPAGE
  // A hint: where transparent huge pages are off, or the call fails, the
  // memory is the same, on small pages.
  (void)::madvise(p, bytes, MADV_HUGEPAGE);
#endif
  return p;
}

void free_large(void* p, std::size_t bytes) noexcept {
  if (bytes < kHugePage) {
    ::operator delete(p);
  } else {
    ::operator delete (p, std::align_val_t{kHugePage});
  }
}

}  // namespace placesim::sim
