// An executable of its own (tests/CMakeLists.txt): what glibc does with a
// block depends on what the process allocated before, and the setting cannot
// be undone, so no other test may run before or after it in its process.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <cstring>

#include "sim/core/allocator.h"

#ifdef PLACESIM_GLIBC_MALLOC
#include <malloc.h>

namespace {

// Blocks with pages of their own, as glibc counts them.
std::size_t mapped_blocks() { return mallinfo2().hblks; }

// A block of `bytes`, written so it is really made, then freed.
void make_and_free(std::size_t bytes) {
  void* p = std::malloc(bytes);
  REQUIRE(p != nullptr);
  std::memset(p, 1, bytes);
  std::free(p);
}

}  // namespace

// (With MALLOC_MMAP_THRESHOLD_ set in the environment glibc fixes the
// threshold itself, and this passes without the call.)
TEST_CASE("with map_large_allocations, a large block freed does not move later ones onto the heap",
          "[allocator]") {
  REQUIRE(placesim::sim::map_large_allocations());
  // Left to itself, glibc would take this 8 MiB block's freeing as a reason
  // to serve every block below 8 MiB from its heap from now on.
  make_and_free(std::size_t{8} << 20);
  const std::size_t before = mapped_blocks();
  void* p = std::malloc(std::size_t{512} << 10);
  REQUIRE(p != nullptr);
  CHECK(mapped_blocks() == before + 1);  // pages of its own, given back when freed
  std::free(p);
  CHECK(mapped_blocks() == before);
  // Small blocks still come from the heap.
  void* q = std::malloc(std::size_t{64} << 10);
  REQUIRE(q != nullptr);
  CHECK(mapped_blocks() == before);
  std::free(q);
}
#else
TEST_CASE("map_large_allocations says when it sets nothing", "[allocator]") {
  CHECK_FALSE(placesim::sim::map_large_allocations());
}
#endif
