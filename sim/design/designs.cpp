#include "sim/design/designs.h"

#include <boost/random/sobol.hpp>
#include <numeric>
#include <stdexcept>

namespace placesim::sim {
namespace {

// Stream identities of the designs' draws (fixed: a seed gives the same points).
constexpr std::uint64_t kDesignAgent = 0xFFFF'FFFF'FFFF'0001ull;
constexpr std::uint64_t kRandomPurpose = 0x40, kLhsPurpose = 0x41;

}  // namespace

std::vector<std::vector<double>> full_factorial(const std::vector<std::vector<double>>& levels) {
  std::size_t total = levels.empty() ? 0 : 1;
  for (const auto& l : levels) total *= l.size();
  std::vector<std::vector<double>> out;
  out.reserve(total);
  for (std::size_t i = 0; i < total; ++i) {
    std::vector<double> point(levels.size());
    std::size_t rest = i;
    for (std::size_t j = levels.size(); j-- > 0;) {
      point[j] = levels[j][rest % levels[j].size()];
      rest /= levels[j].size();
    }
    out.push_back(std::move(point));
  }
  return out;
}

std::vector<std::vector<double>> random_design(std::uint64_t n, std::size_t k, StreamKey key) {
  std::vector<std::vector<double>> out;
  for (std::uint64_t i = 0; i < n; ++i) {
    RandomStream st(key, kDesignAgent, kRandomPurpose, i);
    std::vector<double> point(k);
    for (double& x : point) x = st.uniform();
    out.push_back(std::move(point));
  }
  return out;
}

std::vector<std::vector<double>> latin_hypercube(std::uint64_t n, std::size_t k, StreamKey key) {
  std::vector<std::vector<double>> u(n, std::vector<double>(k));
  for (std::size_t j = 0; j < k; ++j) {
    RandomStream st(key, kDesignAgent, kLhsPurpose, j);
    std::vector<std::uint64_t> perm(n);
    std::iota(perm.begin(), perm.end(), 0);
    for (std::uint64_t i = n; i > 1; --i) std::swap(perm[i - 1], perm[st.bits() % i]);
    for (std::uint64_t i = 0; i < n; ++i)
      u[i][j] = (static_cast<double>(perm[i]) + st.uniform()) / static_cast<double>(n);
  }
  return u;
}

std::vector<std::vector<double>> sobol_points(std::uint64_t n, std::uint32_t dims) {
  if (dims == 0 || dims > kMaxSobolDimensions)
    throw std::invalid_argument("Sobol points: 1 to 1000 dimensions");
  if (n >= (std::uint64_t{1} << 32)) throw std::invalid_argument("Sobol points: too many points");
  boost::random::sobol engine(dims);  // starts at point 1: point 0 (all zeros) is never produced
  std::vector<std::vector<double>> out;
  out.reserve(n);
  const double scale = 1.0 / (static_cast<double>(boost::random::sobol::max()) + 1.0);
  for (std::uint64_t i = 0; i < n; ++i) {
    std::vector<double> p(dims);
    for (double& x : p) x = static_cast<double>(engine()) * scale;
    out.push_back(std::move(p));
  }
  return out;
}

std::vector<std::vector<double>> saltelli_design(std::uint64_t n, std::size_t k) {
  std::vector<std::vector<double>> out;
  for (const auto& row : sobol_points(n, static_cast<std::uint32_t>(2 * k))) {
    const std::vector<double> a(row.begin(), row.begin() + static_cast<std::ptrdiff_t>(k));
    const std::vector<double> b(row.begin() + static_cast<std::ptrdiff_t>(k), row.end());
    out.push_back(a);
    out.push_back(b);
    for (std::size_t i = 0; i < k; ++i) {
      std::vector<double> ab = a;
      ab[i] = b[i];
      out.push_back(std::move(ab));
    }
  }
  return out;
}

}  // namespace placesim::sim
