// Golden values: a fixed identity must give exactly these draws on every
// platform and build. If one changes, every published result changes with it:
// change a sampler only on purpose, and bump the results format version.
#include <catch2/catch.hpp>

#include <array>
#include <functional>

#include "sim/random/distribution.h"
#include "sim/random/random_stream.h"
#include "sim/random/samplers.h"

using namespace placesim::sim;

namespace {

void check_golden(const std::function<double(RandomStream&)>& draw,
                  const std::array<double, 4>& expected) {
  RandomStream s(StreamKey{2011, 12}, 4242, 7, 1);
  for (double e : expected) CHECK(draw(s) == e);
}

}  // namespace

TEST_CASE("golden draws: uniform and exponential", "[samplers][golden]") {
  check_golden(
      [](RandomStream& s) { return s.uniform(); },
      {0x1.9faf9810c3cecp-1, 0x1.572e9eebe0b2ep-1, 0x1.09895963c30c6p-1, 0x1.d810c43863fb5p-2});
  check_golden(
      [](RandomStream& s) { return sample_exponential(s, 2.0); },
      {0x1.aacad259f0181p-2, 0x1.99aa36df364dep-1, 0x1.502a3c9e8cc7fp+0, 0x1.8c782304d5b6cp+0});
}

TEST_CASE("golden draws: normal and lognormal", "[samplers][golden]") {
  check_golden(
      [](RandomStream& s) { return sample_normal(s, 1.0, 2.0); },
      {0x1.6286d283a5a84p+1, 0x1.e1a0c606c2c0dp+0, 0x1.17e9c7a2c40edp+0, 0x1.9bbd3409889e6p-1});
  check_golden(
      [](RandomStream& s) { return sample_lognormal(s, 0.5, 0.25); },
      {0x1.0749aca752cfbp+1, 0x1.d73b029d2db5dp+0, 0x1.ab07a1550c89p+0, 0x1.9bddde1028177p+0});
}

TEST_CASE("golden draws: gamma and beta", "[samplers][golden]") {
  check_golden(
      [](RandomStream& s) { return sample_gamma(s, 2.5, 1.5); },
      {0x1.67c4cc0609b6ep+2, 0x1.ad56ff3ec965dp+1, 0x1.535d57e6b167p+2, 0x1.5bb108d15d0c9p+3});
  check_golden(
      [](RandomStream& s) { return sample_gamma(s, 0.5, 1.0); },
      {0x1.4b8115ac8e5dp-1, 0x1.a801fd4dc45adp-4, 0x1.98e2f472d54e3p+1, 0x1.93951ca0011e5p-7});
  check_golden(
      [](RandomStream& s) { return sample_beta(s, 2.0, 3.0); },
      {0x1.0f31bc51205dep-1, 0x1.0e5eaee284071p-2, 0x1.99a3057b94acap-2, 0x1.93f522bed462fp-2});
}

TEST_CASE("golden draws: poisson, categorical, triangular", "[samplers][golden]") {
  check_golden([](RandomStream& s) { return static_cast<double>(sample_poisson(s, 3.5)); },
               {5, 4, 3, 3});
  check_golden([](RandomStream& s) { return static_cast<double>(sample_poisson(s, 42.0)); },
               {49, 42, 48, 47});
  check_golden(
      [](RandomStream& s) {
        static const double cum[] = {0.2, 0.5, 0.9, 1.0};
        return static_cast<double>(sample_categorical(s, std::span<const double>(cum, 4)));
      },
      {2, 2, 2, 1});
  check_golden(
      [](RandomStream& s) { return Distribution::triangular(1, 2, 4).sample(s); },
      {0x1.78037a7192e68p+1, 0x1.4bf6bb658ca2ap+1, 0x1.267753c3fec5cp+1, 0x1.19d051829af96p+1});
}
