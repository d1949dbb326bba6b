// ABC-SMC against posteriors known in closed form. With a deterministic
// simulator y = f(theta) and a N(target, sd^2) measurement error, a flat
// prior gives the posterior N(f^-1(target), sd^2) (f linear), so the weighted
// particles must reproduce its mean and sd within their Monte Carlo error.
#include <catch2/catch.hpp>

#include <cmath>

#include "sim/design/abc_smc.h"

using namespace placesim::sim;

namespace {

struct Moments {
  double mean = 0.0, sd = 0.0;
};

Moments moments(const AbcResult& r, std::size_t k) {
  Moments m;
  for (std::size_t i = 0; i < r.weights.size(); ++i) m.mean += r.weights[i] * r.theta[i][k];
  for (std::size_t i = 0; i < r.weights.size(); ++i)
    m.sd += r.weights[i] * std::pow(r.theta[i][k] - m.mean, 2);
  m.sd = std::sqrt(m.sd);
  return m;
}

// y = A theta, run one simulation at a time (the search must not care).
AbcSimulate linear(std::vector<std::vector<double>> a, std::uint64_t* calls = nullptr) {
  return [a, calls](std::uint64_t, const std::vector<std::vector<double>>& thetas) {
    std::vector<std::vector<double>> out;
    for (const auto& t : thetas) {
      std::vector<double> y(a.size(), 0.0);
      for (std::size_t r = 0; r < a.size(); ++r)
        for (std::size_t c = 0; c < t.size(); ++c) y[r] += a[r][c] * t[c];
      out.push_back(y);
    }
    if (calls) *calls += thetas.size();
    return out;
  };
}

}  // namespace

std::vector<double> column(const AbcResult& r, std::size_t k) {
  std::vector<double> v;
  for (const auto& t : r.theta) v.push_back(t[k]);
  return v;
}

TEST_CASE("ABC-SMC recovers a normal posterior from a flat prior", "[abc]") {
  AbcSettings set;
  set.particles = 400;
  set.max_simulations = 20000;
  set.seed = 5;
  std::uint64_t calls = 0;
  const AbcResult r =
      abc_smc({Distribution::uniform(-10, 10)}, {2.0}, {0.5}, set, linear({{1.0}}, &calls));
  const Moments m = moments(r, 0);
  INFO("mean " << m.mean << ", sd " << m.sd << ", generations " << r.generations.size());
  // Kish's effective sample size bounds the Monte Carlo error of the mean.
  double w2 = 0.0;
  for (double w : r.weights) w2 += w * w;
  const double ess = 1.0 / w2;
  CHECK(ess > 50);
  CHECK(std::abs(m.mean - 2.0) < 4 * 0.5 / std::sqrt(ess));
  // The tolerance stays above zero, so the sample is a little wider than the
  // posterior (sd 0.5); far narrower would mean the error model is ignored.
  CHECK(m.sd > 0.5 * 0.85);
  CHECK(m.sd < 0.5 * 1.3);
  const double lo = weighted_quantile(column(r, 0), r.weights, 0.05);
  const double hi = weighted_quantile(column(r, 0), r.weights, 0.95);
  CHECK(lo < 2.0);
  CHECK(hi > 2.0);
  CHECK(hi - lo < 0.1 * 20.0);  // the prior's 90% interval is 18 wide
  CHECK(r.converged);
  CHECK(calls == r.generations.back().simulations);
  CHECK(r.generations.front().tolerance > r.generations.back().tolerance);
  double total = 0.0;
  for (double w : r.weights) total += w;
  CHECK(total == Approx(1.0));
}

TEST_CASE("ABC-SMC recovers correlated parameters", "[abc]") {
  // y1 = t1 + t2 = 3, y2 = t1 - t2 = 1 (sd 0.2 each): t = (2, 1), each with
  // posterior sd 0.2 / sqrt(2).
  AbcSettings set;
  set.particles = 400;
  set.max_simulations = 30000;
  set.seed = 9;
  const AbcResult r = abc_smc({Distribution::uniform(-10, 10), Distribution::normal(0, 5)},
                              {3.0, 1.0}, {0.2, 0.2}, set, linear({{1, 1}, {1, -1}}));
  const Moments a = moments(r, 0), b = moments(r, 1);
  INFO("t1 " << a.mean << " sd " << a.sd << ", t2 " << b.mean << " sd " << b.sd);
  const double sd = 0.2 / std::sqrt(2.0);
  CHECK(std::abs(a.mean - 2.0) < 3 * sd);
  CHECK(std::abs(b.mean - 1.0) < 3 * sd);
  CHECK(a.sd < 1.5 * sd);
  CHECK(b.sd < 1.5 * sd);
}

TEST_CASE("ABC-SMC is a function of its seed and stops at its budget", "[abc]") {
  AbcSettings set;
  set.particles = 50;
  set.max_simulations = 400;
  set.min_acceptance = 0.0;  // never converges: the budget stops it
  const auto f = linear({{1.0}});
  const AbcResult a = abc_smc({Distribution::normal(0, 3)}, {1.0}, {0.1}, set, f);
  const AbcResult b = abc_smc({Distribution::normal(0, 3)}, {1.0}, {0.1}, set, f);
  CHECK(a.theta == b.theta);
  CHECK(a.weights == b.weights);
  CHECK_FALSE(a.converged);
  CHECK(a.generations.back().simulations <= 400);
  CHECK(a.generations.back().simulations + 50 > 400);  // 100 a generation: no room for another
  set.seed = 2;
  CHECK(abc_smc({Distribution::normal(0, 3)}, {1.0}, {0.1}, set, f).theta != a.theta);
}

TEST_CASE("ABC-SMC refuses what it cannot fit", "[abc]") {
  AbcSettings set;
  const auto f = linear({{1.0}});
  CHECK_THROWS_AS(abc_smc({}, {1.0}, {0.1}, set, f), std::invalid_argument);
  CHECK_THROWS_AS(abc_smc({Distribution::normal(0, 1)}, {1.0}, {0.0}, set, f),
                  std::invalid_argument);
  CHECK_THROWS_AS(abc_smc({Distribution::normal(0, 1)}, {1.0, 2.0}, {0.1}, set, f),
                  std::invalid_argument);
  set.alpha = 1.0;
  CHECK_THROWS_AS(abc_smc({Distribution::normal(0, 1)}, {1.0}, {0.1}, set, f),
                  std::invalid_argument);
}
