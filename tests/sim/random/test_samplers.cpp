#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include "sim/random/distribution.h"
#include "sim/random/random_stream.h"
#include "sim/stats/running_stats.h"

using namespace placesim::sim;

namespace {

RandomStream stream(std::uint64_t purpose) {
  return RandomStream(StreamKey{20111, 3}, 17, purpose);
}

// Checks sample mean and variance against theory. The mean must be within
// 5 standard errors; the variance within 5 standard errors of the variance
// estimator, estimated from the fourth moment of the same sample.
template <class Draw>
void check_moments(Draw draw, double mean, double var, int n = 200000) {
  std::vector<double> xs(n);
  RunningStats st;
  for (int i = 0; i < n; ++i) {
    xs[i] = draw();
    st.add(xs[i]);
  }
  double m4 = 0.0;
  for (double x : xs) m4 += std::pow(x - st.mean(), 4);
  m4 /= n;
  double se_mean = std::sqrt(var / n);
  double se_var = std::sqrt(std::max(m4 - var * var, 0.0) / n);
  INFO("mean " << st.mean() << " expected " << mean << "; var " << st.variance() << " expected "
               << var);
  CHECK(std::abs(st.mean() - mean) < 5 * se_mean + 1e-12);
  CHECK(std::abs(st.variance() - var) < 5 * se_var + 1e-12);
}

}  // namespace

TEST_CASE("normal quantile inverts the normal CDF", "[samplers]") {
  for (double p :
       {1e-300, 1e-20, 1e-10, 1e-5, 0.01, 0.075, 0.2, 0.5, 0.8, 0.925, 0.99, 1 - 1e-10}) {
    double z = normal_quantile(p);
    double back = 0.5 * std::erfc(-z / std::sqrt(2.0));
    INFO("p = " << p);
    CHECK(back == Approx(p).epsilon(1e-13));
  }
  CHECK(normal_quantile(0.975) == Approx(1.959963984540054).epsilon(1e-15));
  CHECK(normal_quantile(0.5) == 0.0);
}

TEST_CASE("log factorial is exact at both ends of its two methods", "[samplers]") {
  CHECK(log_factorial(0) == 0.0);
  CHECK(log_factorial(1) == 0.0);
  CHECK(log_factorial(5) == Approx(std::log(120.0)).epsilon(1e-15));
  for (std::uint64_t k : {19ull, 20ull, 21ull, 50ull, 170ull}) {
    double exact = 0.0;
    for (std::uint64_t i = 2; i <= k; ++i) exact += std::log(static_cast<double>(i));
    CHECK(log_factorial(k) == Approx(exact).epsilon(1e-13));
  }
}

TEST_CASE("samplers have the moments of their distributions", "[samplers]") {
  auto s = stream(1);
  SECTION("exponential") {
    check_moments([&] { return sample_exponential(s, 2.5); }, 2.5, 6.25);
  }
  SECTION("normal") {
    check_moments([&] { return sample_normal(s, -1.0, 3.0); }, -1.0, 9.0);
  }
  SECTION("lognormal") {
    double mu = 0.3, sg = 0.5;
    double m = std::exp(mu + sg * sg / 2), v = (std::exp(sg * sg) - 1) * m * m;
    check_moments([&] { return sample_lognormal(s, mu, sg); }, m, v);
  }
  SECTION("gamma shape > 1") {
    check_moments([&] { return sample_gamma(s, 3.5, 2.0); }, 7.0, 14.0);
  }
  SECTION("gamma shape < 1") {
    check_moments([&] { return sample_gamma(s, 0.4, 3.0); }, 1.2, 3.6);
  }
  SECTION("beta") {
    double a = 2.0, b = 5.0;
    check_moments([&] { return sample_beta(s, a, b); }, a / (a + b),
                  a * b / ((a + b) * (a + b) * (a + b + 1)));
  }
  SECTION("uniform") {
    check_moments([&] { return sample_uniform(s, 2.0, 5.0); }, 3.5, 0.75);
  }
  SECTION("poisson small mean (inversion)") {
    check_moments([&] { return static_cast<double>(sample_poisson(s, 3.7)); }, 3.7, 3.7);
  }
  SECTION("poisson large mean (PTRS)") {
    check_moments([&] { return static_cast<double>(sample_poisson(s, 57.3)); }, 57.3, 57.3);
  }
  SECTION("bernoulli") {
    check_moments([&] { return sample_bernoulli(s, 0.3) ? 1.0 : 0.0; }, 0.3, 0.21);
  }
}

TEST_CASE("poisson PTRS matches the probability mass function", "[samplers]") {
  auto s = stream(2);
  const double mean = 23.0;
  const int n = 400000;
  std::vector<int> counts(80, 0);
  for (int i = 0; i < n; ++i) {
    auto k = sample_poisson(s, mean);
    if (k < counts.size()) ++counts[k];
  }
  for (int k : {15, 20, 23, 26, 30}) {
    double p = std::exp(-mean + k * std::log(mean) - log_factorial(k));
    double se = std::sqrt(p * (1 - p) / n);
    INFO("k = " << k);
    CHECK(std::abs(counts[k] / double(n) - p) < 5 * se);
  }
}

TEST_CASE("categorical draws follow the weights", "[samplers]") {
  auto s = stream(3);
  std::vector<double> cum = {1.0, 1.0, 4.0, 10.0};  // weights 1, 0, 3, 6
  std::vector<int> counts(4, 0);
  const int n = 100000;
  for (int i = 0; i < n; ++i) ++counts[sample_categorical(s, cum)];
  CHECK(counts[1] == 0);
  for (int i : {0, 2, 3}) {
    double p = (cum[i] - (i ? cum[i - 1] : 0.0)) / 10.0;
    CHECK(std::abs(counts[i] / double(n) - p) < 5 * std::sqrt(p * (1 - p) / n));
  }
}

TEST_CASE("distributions reproduce their stated mean and sd", "[samplers]") {
  auto s = stream(4);
  for (const Distribution& d :
       {Distribution::gamma(4.0, 1.5), Distribution::lognormal(10.0, 4.0),
        Distribution::beta(0.3, 0.1), Distribution::triangular(1.0, 2.0, 6.0),
        Distribution::uniform(-1.0, 1.0), Distribution::exponential(0.7)}) {
    INFO(d.describe());
    check_moments([&] { return d.sample(s); }, d.mean(), d.sd() * d.sd());
  }
  CHECK(Distribution::constant(3.0).sample(s) == 3.0);
}

TEST_CASE("distributions reject parameters outside their domain", "[samplers]") {
  CHECK_THROWS(Distribution::exponential(0.0));
  CHECK_THROWS(Distribution::gamma(1.0, -1.0));
  CHECK_THROWS(Distribution::beta(1.2, 0.1));
  CHECK_THROWS(Distribution::beta(0.5, 0.6));
  CHECK_THROWS(Distribution::uniform(2.0, 1.0));
  CHECK_THROWS(Distribution::triangular(0.0, 3.0, 2.0));
  CHECK_THROWS(Distribution::normal(NAN, 1.0));
  CHECK(Distribution::check(DistKind::lognormal, {1.0, 0.5, 0}) == std::nullopt);
}

TEST_CASE("log densities integrate to one and vanish outside the support", "[samplers]") {
  // Trapezium rule over a wide grid: each density integrates to 1 within 1e-3.
  const Distribution dists[] = {
      Distribution::exponential(2.0),         Distribution::gamma(3.0, 1.5),
      Distribution::lognormal(4.0, 2.0),      Distribution::normal(-1.0, 0.5),
      Distribution::beta(0.3, 0.1),           Distribution::uniform(2.0, 5.0),
      Distribution::triangular(0.0, 1.0, 4.0)};
  for (const Distribution& d : dists) {
    INFO(d.describe());
    const double lo = std::max(d.support()[0], d.mean() - 12 * d.sd());
    const double hi = std::min(d.support()[1], d.mean() + 40 * d.sd());
    const int n = 400000;
    double total = 0.0;
    for (int i = 0; i <= n; ++i) {
      const double x = lo + (hi - lo) * i / n;
      const double w = (i == 0 || i == n) ? 0.5 : 1.0;
      total += w * std::exp(d.log_density(x));
    }
    CHECK(total * (hi - lo) / n == Approx(1.0).margin(1e-3));
    CHECK(std::isinf(d.log_density(d.support()[0] - 1.0)));
  }
  CHECK(Distribution::normal(0, 1).log_density(0) == Approx(-0.5 * std::log(2 * M_PI)));
  CHECK(Distribution::constant(3.0).log_density(3.0) == 0.0);
  CHECK(std::isinf(Distribution::constant(3.0).log_density(3.5)));
  CHECK(std::isinf(Distribution::normal(0, 1).log_density(NAN)));
}

TEST_CASE("a mixture draws each component with its probability", "[samplers][mixture]") {
  // 40% a point mass at 0 (a null effect), 60% beta(mean 0.3, sd 0.1).
  const Distribution m = Distribution::mixture(
      {{0.4, Distribution::constant(0.0)}, {0.6, Distribution::beta(0.3, 0.1)}});
  CHECK(m.kind() == DistKind::mixture);
  CHECK(m.has_point_mass());
  CHECK_FALSE(m.is_constant());
  CHECK(m.mean() == Approx(0.18));
  // E[x^2] = 0.6 (0.1^2 + 0.3^2) = 0.06; var = 0.06 - 0.18^2 = 0.0276.
  CHECK(m.sd() == Approx(std::sqrt(0.0276)));
  CHECK(m.support() == std::array<double, 2>{0.0, 1.0});
  CHECK(m.describe() == "mixture(0.4 constant(0), 0.6 beta(mean 0.3, sd 0.1))");
  RandomStream s = stream(41);
  const int n = 40000;
  int zeros = 0;
  RunningStats st;
  for (int i = 0; i < n; ++i) {
    const double x = m.sample(s);
    zeros += x == 0.0 ? 1 : 0;
    st.add(x);
  }
  CHECK(std::abs(zeros / double(n) - 0.4) < 4 * std::sqrt(0.4 * 0.6 / n));
  CHECK(std::abs(st.mean() - 0.18) < 4 * m.sd() / std::sqrt(double(n)));
  const Distribution twice = m.scaled(2.0);
  CHECK(twice.mean() == Approx(0.36));
  CHECK(twice.components()[1].dist == Distribution::beta(0.6, 0.2).scaled(1.0));
  CHECK(m == Distribution::mixture(
                 {{0.4, Distribution::constant(0.0)}, {0.6, Distribution::beta(0.3, 0.1)}}));
  CHECK_FALSE(m == twice);
}

TEST_CASE("a continuous mixture's density integrates to one", "[samplers][mixture]") {
  const Distribution m = Distribution::mixture(
      {{0.25, Distribution::normal(-2.0, 0.5)}, {0.75, Distribution::normal(1.0, 1.0)}});
  CHECK_FALSE(m.has_point_mass());
  double total = 0.0;
  const int n = 200000;
  for (int i = 0; i <= n; ++i) total += std::exp(m.log_density(-10.0 + 20.0 * i / n));
  CHECK(total * 20.0 / n == Approx(1.0).margin(1e-4));
  CHECK(m.log_density(-2.0) == Approx(std::log(0.25 / (0.5 * std::sqrt(2 * M_PI)) +
                                               0.75 * std::exp(-4.5) / std::sqrt(2 * M_PI))));
}

TEST_CASE("mixtures that cannot be are refused", "[samplers][mixture]") {
  using C = std::vector<MixtureComponent>;
  CHECK(Distribution::check_mixture(C{{1.0, Distribution::constant(0)}}).has_value());
  CHECK(Distribution::check_mixture(
            C{{0.5, Distribution::constant(0)}, {0.6, Distribution::normal(0, 1)}})
            ->find("sum to 1") != std::string::npos);
  CHECK(Distribution::check_mixture(
            C{{0.0, Distribution::constant(0)}, {1.0, Distribution::normal(0, 1)}})
            .has_value());
  const Distribution inner =
      Distribution::mixture({{0.5, Distribution::constant(0)}, {0.5, Distribution::normal(0, 1)}});
  CHECK_THROWS_AS(Distribution::mixture({{0.5, inner}, {0.5, Distribution::normal(0, 1)}}),
                  std::invalid_argument);
}
