#include "models/sweep/sobol.h"

#include <array>
#include <stdexcept>

namespace placesim::models {
namespace {

// Joe and Kuo, new-joe-kuo-6.21201, dimensions 2 to 32: s, a, m_1..m_s.
struct Primitive {
  unsigned s, a;
  std::array<unsigned, 7> m;
};
constexpr std::array<Primitive, 31> kJoeKuo = {{
    {1, 0, {1}}, {2, 1, {1, 3}}, {3, 1, {1, 3, 1}}, {3, 2, {1, 1, 1}}, {4, 1, {1, 1, 3, 3}},
    {4, 4, {1, 3, 5, 13}}, {5, 2, {1, 1, 5, 5, 17}}, {5, 4, {1, 1, 5, 5, 5}}, {5, 7, {1, 1, 7, 11, 19}},
    {5, 11, {1, 1, 5, 1, 1}}, {5, 13, {1, 1, 1, 3, 11}}, {5, 14, {1, 3, 5, 5, 31}},
    {6, 1, {1, 3, 3, 9, 7, 49}}, {6, 13, {1, 1, 1, 15, 21, 21}}, {6, 16, {1, 3, 1, 13, 27, 49}},
    {6, 19, {1, 1, 1, 15, 7, 5}}, {6, 22, {1, 3, 1, 15, 13, 25}}, {6, 25, {1, 1, 5, 5, 19, 61}},
    {7, 1, {1, 3, 7, 11, 23, 15, 103}}, {7, 4, {1, 3, 7, 13, 13, 15, 69}}, {7, 7, {1, 1, 3, 13, 7, 35, 63}},
    {7, 8, {1, 3, 5, 9, 1, 25, 53}}, {7, 14, {1, 3, 1, 13, 9, 35, 107}}, {7, 19, {1, 3, 1, 5, 27, 61, 31}},
    {7, 21, {1, 1, 5, 11, 19, 41, 61}}, {7, 28, {1, 3, 5, 3, 3, 13, 69}}, {7, 31, {1, 1, 7, 13, 1, 19, 1}},
    {7, 32, {1, 3, 7, 5, 13, 19, 59}}, {7, 37, {1, 1, 3, 9, 25, 29, 41}}, {7, 41, {1, 3, 5, 13, 23, 1, 55}},
    {7, 42, {1, 3, 7, 3, 13, 59, 17}},
}};

constexpr unsigned kBits = 32;

std::array<std::uint32_t, kBits + 1> directions(std::uint32_t dim) {
  std::array<std::uint32_t, kBits + 1> v{};
  if (dim == 0) {  // van der Corput
    for (unsigned i = 1; i <= kBits; ++i) v[i] = 1u << (kBits - i);
    return v;
  }
  const Primitive& p = kJoeKuo[dim - 1];
  for (unsigned i = 1; i <= kBits && i <= p.s; ++i) v[i] = p.m[i - 1] << (kBits - i);
  for (unsigned i = p.s + 1; i <= kBits; ++i) {
    v[i] = v[i - p.s] ^ (v[i - p.s] >> p.s);
    for (unsigned k = 1; k < p.s; ++k) v[i] ^= ((p.a >> (p.s - 1 - k)) & 1u) * v[i - k];
  }
  return v;
}

}  // namespace

std::vector<std::vector<double>> sobol_points(std::uint64_t n, std::uint32_t dims) {
  if (dims > kMaxSobolDimensions) throw std::invalid_argument("Sobol points: at most 32 dimensions");
  if (n >= (1ull << kBits)) throw std::invalid_argument("Sobol points: too many points");
  std::vector<std::array<std::uint32_t, kBits + 1>> v;
  for (std::uint32_t d = 0; d < dims; ++d) v.push_back(directions(d));
  std::vector<std::uint32_t> x(dims, 0);
  std::vector<std::vector<double>> out;
  out.reserve(n);
  // Gray-code order: point i differs from point i-1 in the direction of the
  // lowest zero bit of i-1.
  for (std::uint64_t i = 1; i <= n; ++i) {
    unsigned c = 1;
    for (std::uint64_t value = i - 1; value & 1u; value >>= 1) ++c;
    std::vector<double> p(dims);
    for (std::uint32_t d = 0; d < dims; ++d) {
      x[d] ^= v[d][c];
      p[d] = static_cast<double>(x[d]) / 4294967296.0;
    }
    out.push_back(std::move(p));
  }
  return out;
}

}  // namespace placesim::models
