// The commissioners' risk score: correlated with the truth by the stated
// accuracy, unbiased on average, shrunk as the regression of the truth on it.
#include <catch2/catch.hpp>

#include <cmath>
#include <numeric>

#include "models/family/targeting.h"

using namespace placesim;
using placesim::models::family::apply_risk_score;

namespace {

struct Moments {
  double mean_truth, mean_score, sd_truth, sd_score, corr;
};

Moments moments(const std::vector<double>& x, const std::vector<double>& y) {
  const auto n = static_cast<double>(x.size());
  const double mx = std::accumulate(x.begin(), x.end(), 0.0) / n;
  const double my = std::accumulate(y.begin(), y.end(), 0.0) / n;
  double sxx = 0, syy = 0, sxy = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    sxx += (x[i] - mx) * (x[i] - mx);
    syy += (y[i] - my) * (y[i] - my);
    sxy += (x[i] - mx) * (y[i] - my);
  }
  return {mx, my, std::sqrt(sxx / n), std::sqrt(syy / n), sxy / std::sqrt(sxx * syy)};
}

}  // namespace

TEST_CASE("a risk score correlates with the truth by its accuracy", "[targeting]") {
  const std::size_t n = 20000;
  std::vector<double> truth(n);
  std::vector<std::uint64_t> uids(n);
  for (std::size_t i = 0; i < n; ++i) {
    truth[i] = static_cast<double>((i * 37) % 101) * static_cast<double>((i * 37) % 101);
    uids[i] = 1000 + i;
  }
  const sim::Simulation sim(sim::StreamKey{3, 1});
  for (double rho : {0.3, 0.5, 0.8}) {
    std::vector<double> score = truth;
    apply_risk_score(score, uids, rho, sim, 7);
    const Moments m = moments(truth, score);
    INFO("rho " << rho << ": correlation " << m.corr << ", sd ratio " << m.sd_score / m.sd_truth);
    // Sample correlation: standard error about (1 - rho^2) / sqrt(n).
    CHECK(std::abs(m.corr - rho) < 4 * (1 - rho * rho) / std::sqrt(double(n)));
    // The regression of the truth on the score: sd shrinks to rho sd.
    CHECK(std::abs(m.sd_score / m.sd_truth - rho) < 4 * rho / std::sqrt(2.0 * n));
    // Unbiased: the noise part has mean 0 and sd rho sqrt(1 - rho^2) sd.
    CHECK(std::abs(m.mean_score - m.mean_truth) <
          4 * m.sd_truth * rho * std::sqrt(1 - rho * rho) / std::sqrt(double(n)));
    // The same families, stream and accuracy: the same scores.
    std::vector<double> again = truth;
    apply_risk_score(again, uids, rho, sim, 7);
    CHECK(again == score);
  }
  std::vector<double> perfect = truth;
  apply_risk_score(perfect, uids, 1.0, sim, 7);
  CHECK(perfect == truth);
  std::vector<double> blind = truth;
  apply_risk_score(blind, uids, 0.0, sim, 7);
  const Moments b = moments(truth, blind);
  CHECK(b.sd_score < 1e-9 * b.sd_truth);  // no information: every family looks average
}
