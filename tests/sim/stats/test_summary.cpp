#include <catch2/catch.hpp>

#include <cmath>

#include "sim/stats/summary.h"

using namespace placesim;

TEST_CASE("summaries give the textbook mean, sd, interval and percentiles", "[statistics]") {
  std::vector<double> xs = {2, 4, 4, 4, 5, 5, 7, 9};
  sim::Summary s = sim::summarize(xs);
  CHECK(s.n == 8);
  CHECK(s.mean == Approx(5.0));
  CHECK(s.sd == Approx(std::sqrt(32.0 / 7.0)));
  CHECK(s.ci_high - s.mean ==
        Approx(2.3646243 * s.sd / std::sqrt(8.0)).epsilon(1e-7));  // t(0.975, 7)
  CHECK(s.median == Approx(4.5));
  CHECK(s.p25 == Approx(4.0));  // R type 7
  CHECK(s.p95 == Approx(8.3));
}

TEST_CASE("NaN values are left out and empty samples give NaN", "[statistics]") {
  sim::Summary s = sim::summarize({1.0, NAN, 3.0});
  CHECK(s.n == 2);
  CHECK(s.mean == 2.0);
  CHECK(std::isnan(sim::summarize({NAN}).mean));
  CHECK(sim::share_at_least({1, 2, 3, NAN}, 2) == Approx(2.0 / 3.0));
}

TEST_CASE("the t quantile matches tables and tends to the normal", "[statistics]") {
  CHECK(sim::t975(1) == Approx(12.7062047).epsilon(1e-8));
  CHECK(sim::t975(30) == Approx(2.0422725).epsilon(1e-7));
  CHECK(sim::t975(40) == Approx(2.0211).margin(2e-4));
  CHECK(sim::t975(120) == Approx(1.9799).margin(2e-4));
  CHECK(sim::t975(1000000) == Approx(1.95996).margin(1e-4));
}

TEST_CASE("one replication gives no interval, never a zero-width one", "[statistics]") {
  sim::Summary s = sim::summarize({42.0});
  CHECK(s.n == 1);
  CHECK(s.mean == 42.0);
  CHECK(s.median == 42.0);
  CHECK(std::isnan(s.sd));
  CHECK(std::isnan(s.ci_low));
  CHECK(std::isnan(s.ci_high));
}

TEST_CASE("Wilson intervals match hand calculation and never collapse", "[statistics][wilson]") {
  // 8 of 10 at 95%: centre (0.8 + z^2/20) / (1 + z^2/10), z = 1.959964.
  const double z = 1.959963984540054, n = 10, p = 0.8;
  const double centre = (p + z * z / (2 * n)) / (1 + z * z / n);
  const double half = z * std::sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n);
  sim::Proportion w = sim::wilson(8, 10);
  CHECK(w.p == Approx(0.8));
  CHECK(w.low == Approx(centre - half).epsilon(1e-12));
  CHECK(w.high == Approx(centre + half).epsilon(1e-12));
  CHECK(w.low == Approx(0.4901).margin(1e-4));  // the textbook value
  // All or none: the interval keeps width and stays in [0, 1].
  sim::Proportion all = sim::wilson(5, 5), none = sim::wilson(0, 5);
  CHECK(all.high == 1.0);
  CHECK(all.low < 1.0);
  CHECK(none.low == 0.0);
  CHECK(none.high > 0.0);
  CHECK(std::isnan(sim::wilson(0, 0).p));
}

TEST_CASE("mean over the first index of a [rep][inner] array", "[statistics]") {
  // Two replications of three values: the mean of each column.
  const std::vector<double> v = {1.0, 2.0, 3.0, 3.0, 6.0, 9.0};
  CHECK(sim::mean_over_first(v, 2) == std::vector<double>{2.0, 4.0, 6.0});
  CHECK(sim::mean_over_first(v, 1) == v);
  CHECK(sim::mean_over_first(v, 0).empty());
}

TEST_CASE("column of a [row][width] array", "[statistics]") {
  const std::vector<double> v = {1.0, 2.0, 3.0, 4.0, 5.0, 6.0};  // three rows of two
  CHECK(sim::column(v, 0, 2) == std::vector<double>{1.0, 3.0, 5.0});
  CHECK(sim::column(v, 1, 2) == std::vector<double>{2.0, 4.0, 6.0});
  CHECK(sim::column({}, 0, 2).empty());
  CHECK(sim::column(v, 0, 0).empty());  // no columns, and no endless loop
}
