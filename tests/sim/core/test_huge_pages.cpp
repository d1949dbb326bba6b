#include <catch2/catch.hpp>

#include <cstdint>
#include <cstring>

#include "sim/core/huge_pages.h"

using namespace placesim::sim;

TEST_CASE("large buffers are aligned to a huge page, small ones allocated plainly", "[huge]") {
  for (const std::size_t bytes :
       {std::size_t{1}, std::size_t{4096}, kHugePage - 1, kHugePage, 3 * kHugePage + 17}) {
    LargeBuffer b = large_buffer(bytes);
    REQUIRE(b != nullptr);
    CHECK(b.get_deleter().bytes == bytes);
    if (bytes >= kHugePage) CHECK(reinterpret_cast<std::uintptr_t>(b.get()) % kHugePage == 0);
    // Every byte is the caller's: written at both ends and read back.
    std::memset(b.get(), 0x5a, bytes);
    CHECK(b[0] == 0x5a);
    CHECK(b[bytes - 1] == 0x5a);
  }
}
