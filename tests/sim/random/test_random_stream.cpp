#include <catch2/catch.hpp>

#include <set>

#include "sim/random/random_stream.h"

using namespace placesim::sim;

TEST_CASE("Philox4x64-10 matches the Random123 known-answer vectors", "[random]") {
  using E = RandomStream::Engine;
  struct Kat {
    E::ctr_type ctr;
    E::key_type key;
    E::ctr_type out;
  };
  // From Random123's kat_vectors (philox4x64 10 ...).
  const Kat kats[] = {
      {{{0, 0, 0, 0}},
       {{0, 0}},
       {{0x16554d9eca36314cull, 0xdb20fe9d672d0fdcull, 0xd7e772cee186176bull,
         0x7e68b68aec7ba23bull}}},
      {{{~0ull, ~0ull, ~0ull, ~0ull}},
       {{~0ull, ~0ull}},
       {{0x87b092c3013fe90bull, 0x438c3c67be8d0224ull, 0x9cc7d7c69cd777b6ull,
         0xa09caebf594f0ba0ull}}},
      {{{0x243f6a8885a308d3ull, 0x13198a2e03707344ull, 0xa4093822299f31d0ull,
         0x082efa98ec4e6c89ull}},
       {{0x452821e638d01377ull, 0xbe5466cf34e90c6cull}},
       {{0xa528f45403e61d95ull, 0x38c72dbd566e9788ull, 0xa5a1610e72fd18b5ull,
         0x57bd43b5e52b7fe6ull}}},
  };
  for (const Kat& k : kats) {
    E::ctr_type out = E{}(k.ctr, k.key);
    for (int i = 0; i < 4; ++i) CHECK(out.v[i] == k.out.v[i]);
  }
}

TEST_CASE("a draw is a pure function of its identity", "[random]") {
  StreamKey key{42, 7};
  RandomStream s(key, 1001, 3, 5);
  for (std::uint64_t n = 0; n < 11; ++n) {
    CHECK(s.bits() == random_bits(key, 1001, 3, 5, n));
  }
  CHECK(s.drawn() == 11);
  // Stream 0 of (seed 0, replication 0, agent 0, purpose 0) is the zero-counter KAT.
  RandomStream z(StreamKey{0, 0}, 0, 0, 0);
  CHECK(z.bits() == 0x16554d9eca36314cull);
}

TEST_CASE("every identity field changes the draws", "[random]") {
  StreamKey key{42, 7};
  std::set<std::uint64_t> firsts;
  firsts.insert(RandomStream(key, 1, 2, 3).bits());
  firsts.insert(RandomStream(StreamKey{43, 7}, 1, 2, 3).bits());
  firsts.insert(RandomStream(StreamKey{42, 8}, 1, 2, 3).bits());
  firsts.insert(RandomStream(key, 9, 2, 3).bits());
  firsts.insert(RandomStream(key, 1, 9, 3).bits());
  firsts.insert(RandomStream(key, 1, 2, 9).bits());
  CHECK(firsts.size() == 6);
}

TEST_CASE("uniforms lie strictly inside (0, 1) with the right mean", "[random]") {
  RandomStream s(StreamKey{1, 0}, 0, 0);
  double sum = 0.0;
  const int n = 200000;
  for (int i = 0; i < n; ++i) {
    double u = s.uniform();
    REQUIRE(u > 0.0);
    REQUIRE(u < 1.0);
    sum += u;
  }
  // sd of the mean is sqrt(1/12/n) = 6.5e-4; allow 5 sigma.
  CHECK(std::abs(sum / n - 0.5) < 5 * 6.5e-4);
}
