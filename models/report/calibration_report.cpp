// The HTML report of a calibration: each target against its fit, each
// parameter's prior against its posterior, how they move together, and the
// course of the search.
#include <algorithm>
#include <cmath>

#include "models/report/report.h"
#include "models/report/report_internal.h"
#include "sim/design/abc_smc.h"
#include "sim/io/json.h"

namespace placesim::embedded {
extern const std::string_view calibration_template;
}  // namespace placesim::embedded

namespace placesim::models {
namespace {

constexpr std::size_t kBins = 30;
// Above this many parameters the correlation table would swamp the page
// (and grow as the square), so it is left out and the page says so.
constexpr std::size_t kMaxCorrelated = 40;

// Mean and 5%, 50% and 95% quantiles of a weighted sample, for the page.
sim::Json summary_json(const std::vector<double>& x, const std::vector<double>& w) {
  const sim::WeightedSummary s = sim::weighted_summary(x, w);
  return {{"mean", s.mean}, {"q05", s.q05}, {"q50", s.q50}, {"q95", s.q95}};
}

// Shares of a weighted sample in kBins equal bins over [lo, hi]; values
// outside fall in no bin.
std::vector<double> histogram(const std::vector<double>& x, const std::vector<double>& w, double lo,
                              double hi) {
  std::vector<double> share(kBins, 0.0);
  const double width = (hi - lo) / static_cast<double>(kBins);
  for (std::size_t i = 0; i < x.size(); ++i) {
    const double at = (x[i] - lo) / width;  // NaN or inf only for spans beyond a double
    if (!(at >= 0.0) || !(at <= static_cast<double>(kBins))) continue;
    const auto b = std::min(kBins - 1, static_cast<std::size_t>(at));
    share[b] += w[i];
  }
  return share;
}

// One parameter: summaries and histograms of prior and posterior on shared
// bins, which span the prior's middle 99% and every posterior draw.
sim::Json parameter_json(const Posterior& p, std::size_t k) {
  const std::vector<double> post = p.parameter(k), prior = p.prior(k);
  const std::vector<double> flat(prior.size(), 1.0 / static_cast<double>(prior.size()));
  double lo = *std::min_element(post.begin(), post.end());
  double hi = *std::max_element(post.begin(), post.end());
  if (!prior.empty()) {  // a format 1 posterior holds no prior sample
    lo = std::min(lo, sim::weighted_quantile(prior, flat, 0.005));
    hi = std::max(hi, sim::weighted_quantile(prior, flat, 0.995));
  }
  if (!(hi > lo)) {  // a point: one bin around it
    const double pad = std::max(std::abs(lo) * 0.05, 1e-9);
    lo -= pad;
    hi += pad;
  }
  std::vector<double> centres;
  for (std::size_t b = 0; b < kBins; ++b)
    centres.push_back(lo + (hi - lo) * (static_cast<double>(b) + 0.5) / kBins);
  const sim::Json z = summary_json(post, p.weights);
  sim::Json out = {{"name", p.names[k]},
                   {"prior_text", p.priors[k]},
                   {"integer", p.integer[k] != 0.0},
                   {"prior", nullptr},
                   {"posterior", z},
                   {"narrowed", nullptr},
                   {"centres", centres},
                   {"prior_share", nullptr},
                   {"posterior_share", histogram(post, p.weights, lo, hi)}};
  if (!prior.empty()) {
    const sim::Json a = summary_json(prior, flat);
    const double prior_width = a["q95"].get<double>() - a["q05"].get<double>();
    const double post_width = z["q95"].get<double>() - z["q05"].get<double>();
    out["prior"] = a;
    if (prior_width > 0.0) out["narrowed"] = 1.0 - post_width / prior_width;
    out["prior_share"] = histogram(prior, flat, lo, hi);
  }
  return out;
}

// Weighted correlation of every pair of parameters in the posterior.
std::vector<std::vector<double>> correlations(const Posterior& p) {
  const std::size_t P = p.names.size(), D = p.draws();
  std::vector<double> mean(P, 0.0);
  for (std::size_t d = 0; d < D; ++d)
    for (std::size_t k = 0; k < P; ++k) mean[k] += p.weights[d] * p.parameters[d * P + k];
  std::vector<std::vector<double>> cov(P, std::vector<double>(P, 0.0));
  for (std::size_t d = 0; d < D; ++d)
    for (std::size_t i = 0; i < P; ++i)
      for (std::size_t j = 0; j < P; ++j)
        cov[i][j] += p.weights[d] * (p.parameters[d * P + i] - mean[i]) *
                     (p.parameters[d * P + j] - mean[j]);
  std::vector<std::vector<double>> r(P, std::vector<double>(P, 0.0));
  for (std::size_t i = 0; i < P; ++i)
    for (std::size_t j = 0; j < P; ++j) {
      const double s = std::sqrt(cov[i][i] * cov[j][j]);
      r[i][j] = s > 0.0 ? cov[i][j] / s : (i == j ? 1.0 : 0.0);
    }
  return r;
}

}  // namespace

std::string calibration_report_html(const Posterior& p) {
  const std::size_t T = p.targets.size();
  sim::Json parameters = sim::Json::array(), targets = sim::Json::array();
  for (std::size_t k = 0; k < p.names.size(); ++k) parameters.push_back(parameter_json(p, k));
  for (std::size_t t = 0; t < T; ++t) {
    targets.push_back({{"name", p.targets[t]},
                       {"metric", p.metrics[t]},
                       {"value", p.target_value[t]},
                       {"sd", p.target_sd[t]},
                       {"fit", summary_json(p.metric(t), p.weights)}});
  }
  const sim::Json d = {{"scenario", p.scenario_name},
                       {"calibration", p.calibration_source},
                       {"regime", p.regime},
                       {"seed", p.seed},
                       {"version", p.placesim_version},
                       {"converged", p.converged},
                       {"draws", p.draws()},
                       {"sets", p.sets},
                       {"parameters", parameters},
                       {"correlation", p.names.size() <= kMaxCorrelated ? sim::Json(correlations(p))
                                                                        : sim::Json(nullptr)},
                       {"targets", targets},
                       {"tolerance", p.tolerance},
                       {"acceptance", p.acceptance},
                       {"simulations", p.simulations}};
  return fill_page(embedded::calibration_template, {{"/*PLACESIM_DATA*/", sim::json_for_html(d)}});
}

}  // namespace placesim::models
