#include "models/regimes/shapley.h"

#include <algorithm>
#include <map>
#include <numeric>

namespace placesim::models {
namespace {

std::vector<std::size_t> members(MechanismSet play) {
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < kMechanisms; ++i) {
    if (play.has(kAllMechanisms[i])) out.push_back(i);
  }
  return out;
}

// Values each subset once: a subset's run is a whole simulation.
class Memo {
 public:
  explicit Memo(const SubsetValue& v) : v_(v) {}
  double operator()(std::uint32_t bits) {
    auto it = cache_.find(bits);
    if (it == cache_.end()) it = cache_.emplace(bits, v_(MechanismSet::from_bits(bits))).first;
    return it->second;
  }
  [[nodiscard]] int size() const { return static_cast<int>(cache_.size()); }

 private:
  const SubsetValue& v_;
  std::map<std::uint32_t, double> cache_;
};

std::uint32_t bit(std::size_t i) { return 1u << i; }

}  // namespace

Attribution shapley_exact(MechanismSet play, const SubsetValue& value) {
  Attribution out{std::vector<double>(kMechanisms, 0.0), std::vector<double>(kMechanisms, 0.0),
                  false, 0};
  const std::vector<std::size_t> m = members(play);
  const std::size_t n = m.size();
  Memo v(value);
  // weight(s) = s! (n - s - 1)! / n!, for subsets of size s without i.
  std::vector<double> fact(n + 1, 1.0);
  for (std::size_t k = 1; k <= n; ++k) fact[k] = fact[k - 1] * static_cast<double>(k);
  for (std::uint32_t sub = 0; sub < (1u << n); ++sub) {
    std::uint32_t bits = 0;
    for (std::size_t j = 0; j < n; ++j) {
      if (sub >> j & 1u) bits |= bit(m[j]);
    }
    const std::size_t size = static_cast<std::size_t>(__builtin_popcount(sub));
    for (std::size_t j = 0; j < n; ++j) {
      if (sub >> j & 1u) continue;
      const double w = fact[size] * fact[n - size - 1] / fact[n];
      out.shapley[m[j]] += w * (v(bits | bit(m[j])) - v(bits));
    }
  }
  for (std::size_t i : m) out.alone[i] = v(bit(i)) - v(0);
  out.subsets = v.size();
  return out;
}

Attribution shapley_sampled(MechanismSet play, const SubsetValue& value, int orders,
                            sim::RandomStream& rng) {
  Attribution out{std::vector<double>(kMechanisms, 0.0), std::vector<double>(kMechanisms, 0.0),
                  true, 0};
  const std::vector<std::size_t> m = members(play);
  Memo v(value);
  const int pairs = std::max(1, orders / 2);
  std::vector<std::size_t> order = m;
  for (int p = 0; p < pairs; ++p) {
    for (std::size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[rng.bits() % i]);
    for (int reverse = 0; reverse < 2; ++reverse) {
      std::uint32_t bits = 0;
      double before = v(0);
      for (std::size_t k = 0; k < order.size(); ++k) {
        const std::size_t i = reverse ? order[order.size() - 1 - k] : order[k];
        bits |= bit(i);
        const double after = v(bits);
        out.shapley[i] += (after - before) / (2.0 * pairs);
        before = after;
      }
    }
  }
  for (std::size_t i : m) out.alone[i] = v(bit(i)) - v(0);
  out.subsets = v.size();
  return out;
}

}  // namespace placesim::models
