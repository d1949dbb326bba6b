#include <catch2/catch.hpp>

#include <cmath>

#include "models/appraisal/statistics.h"

using namespace placesim::models;

TEST_CASE("summaries give the textbook mean, sd, interval and percentiles", "[statistics]") {
  std::vector<double> xs = {2, 4, 4, 4, 5, 5, 7, 9};
  Summary s = summarize(xs);
  CHECK(s.n == 8);
  CHECK(s.mean == Approx(5.0));
  CHECK(s.sd == Approx(std::sqrt(32.0 / 7.0)));
  CHECK(s.ci_high - s.mean == Approx(2.365 * s.sd / std::sqrt(8.0)));
  CHECK(s.median == Approx(4.5));
  CHECK(s.p25 == Approx(4.0));   // R type 7
  CHECK(s.p95 == Approx(8.3));
}

TEST_CASE("NaN values are left out and empty samples give NaN", "[statistics]") {
  Summary s = summarize({1.0, NAN, 3.0});
  CHECK(s.n == 2);
  CHECK(s.mean == 2.0);
  CHECK(std::isnan(summarize({NAN}).mean));
  CHECK(share_at_least({1, 2, 3, NAN}, 2) == Approx(2.0 / 3.0));
}

TEST_CASE("the t quantile matches tables and tends to the normal", "[statistics]") {
  CHECK(t975(1) == Approx(12.706));
  CHECK(t975(30) == Approx(2.042));
  CHECK(t975(40) == Approx(2.0211).margin(2e-4));
  CHECK(t975(120) == Approx(1.9799).margin(2e-4));
  CHECK(t975(1000000) == Approx(1.95996).margin(1e-4));
}
