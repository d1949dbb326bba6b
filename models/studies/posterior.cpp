#include "models/studies/posterior.h"

#include <algorithm>
#include <cmath>

#include "models/family/purposes.h"
#include "sim/io/h5.h"
#include "sim/random/random_stream.h"
#include "sim/random/samplers.h"
#include "sim/stats/summary.h"

namespace placesim::models {

namespace h5 = sim::h5;

std::vector<double> Posterior::parameter(std::size_t k) const {
  return sim::column(parameters, k, names.size());
}

std::vector<double> Posterior::prior(std::size_t k) const {
  return sim::column(prior_draws, k, names.size());
}

std::vector<double> Posterior::metric(std::size_t t) const {
  return sim::column(fitted, t, targets.size());
}

std::size_t posterior_draw(const Posterior& p, std::uint64_t seed, std::uint64_t rep) {
  sim::RandomStream s(sim::StreamKey{seed, rep}, purpose::kReplicationAgent, purpose::posterior);
  std::vector<double> cumulative;
  double acc = 0.0;
  for (double w : p.weights) cumulative.push_back(acc += w);
  return sim::sample_categorical(s, std::span<const double>(cumulative));
}

void write_posterior_h5(const Posterior& p, const std::filesystem::path& tmp) {
  h5::File f = h5::File::create(tmp.string());
  f.set_attr("filetype", std::string(kPosteriorFiletype));
  f.set_attr("format_version", kPosteriorFormatVersion);
  f.set_attr("placesim_version", p.placesim_version);
  f.set_attr("created", h5::utc_timestamp());
  f.set_attr("calibration_yaml", p.calibration_text);
  f.set_attr("calibration_source", p.calibration_source);
  f.set_attr("scenario_yaml", p.scenario_text);
  f.set_attr("scenario_source", p.scenario_name);
  f.set_attr("regime", p.regime);
  f.set_attr("seed", static_cast<std::int64_t>(p.seed));
  f.set_attr("converged", static_cast<std::int64_t>(p.converged));
  const auto D = static_cast<std::uint64_t>(p.draws()), P = p.names.size(), T = p.targets.size(),
             G = p.tolerance.size();
  h5::Group g = f.create_group("posterior");
  g.write_strings("names", p.names, "key paths of the fitted parameters");
  g.write_strings("priors", p.priors, "each parameter's prior");
  g.write("integer", {P}, p.integer, {"parameter"}, "flag",
          "1 where the scenario takes the value rounded to a whole number");
  g.write_strings("sets", p.sets, "overrides applied before the parameters");
  g.write_strings("targets", p.targets, "target names");
  g.write_strings("target_metrics", p.metrics, "the metric each target fits");
  g.write("parameters", {D, P}, p.parameters, {"draw", "parameter"}, "the scenario's units",
          "weighted sample of the parameters (ABC-SMC particles)");
  g.write("weights", {D}, p.weights, {"draw"}, "probability", "importance weights, sum 1");
  g.write("distance", {D}, p.distance, {"draw"}, "target sds",
          "distance of each draw's simulation (with measurement error) from the targets");
  g.write("metrics", {D, T}, p.fitted, {"draw", "target"}, "the metric's units",
          "each target's metric in the draw's simulation");
  g.write("prior", {p.prior_draws.size() / std::max<std::uint64_t>(P, 1), P}, p.prior_draws,
          {"prior_draw", "parameter"}, "the scenario's units",
          "an unweighted sample of the priors, for setting each posterior against its prior");
  g.write("target_value", {T}, p.target_value, {"target"}, "the metric's units",
          "the published figures");
  g.write("target_sd", {T}, p.target_sd, {"target"}, "the metric's units",
          "their uncertainty, treated as measurement error");
  g.write("tolerance", {G}, p.tolerance, {"generation"}, "target sds",
          "largest distance kept after each generation");
  g.write("acceptance", {G}, p.acceptance, {"generation"}, "fraction",
          "share of a generation's proposals within the previous tolerance");
  g.write("simulations", {G}, p.simulations, {"generation"}, "count",
          "simulations run by the end of each generation");
  f.close();
}

Posterior read_posterior_h5(const std::string& path) {
  h5::File f = h5::File::open(path);
  // Format 1 (before the prior sample) still runs; its report has no priors.
  const bool v1 = f.has_attr("/", "format_version") &&
                  f.int_attr("/", "format_version") == kPosteriorOldestFormatVersion;
  h5::check_filetype(f, {kPosteriorFiletype},
                     v1 ? kPosteriorOldestFormatVersion : kPosteriorFormatVersion,
                     "placesim posterior file");
  Posterior p;
  p.placesim_version = f.string_attr(".", "placesim_version");
  p.calibration_text = f.string_attr(".", "calibration_yaml");
  p.calibration_source = f.string_attr(".", "calibration_source");
  p.scenario_text = f.string_attr(".", "scenario_yaml");
  p.scenario_name = f.string_attr(".", "scenario_source");
  p.regime = f.string_attr(".", "regime");
  p.seed = static_cast<std::uint64_t>(f.int_attr(".", "seed", 0));
  p.converged = f.int_attr(".", "converged", 0, 1) != 0;
  p.names = f.read_strings("/posterior/names");
  p.priors = f.read_strings("/posterior/priors", p.names.size());
  p.integer = f.read("/posterior/integer", {p.names.size()});
  p.sets =
      f.exists("/posterior/sets") ? f.read_strings("/posterior/sets") : std::vector<std::string>{};
  p.targets = f.read_strings("/posterior/targets");
  p.metrics = f.read_strings("/posterior/target_metrics", p.targets.size());
  std::vector<std::uint64_t> shape;
  p.weights = f.read("/posterior/weights", {0}, &shape);
  const std::uint64_t D = shape.at(0), P = p.names.size(), T = p.targets.size();
  if (D == 0 || P == 0 || T == 0)
    throw h5::Error(path + ": the posterior holds no draws, parameters or targets");
  p.parameters = f.read("/posterior/parameters", {D, P});
  p.distance = f.read("/posterior/distance", {D});
  p.fitted = f.read("/posterior/metrics", {D, T});
  if (!v1) {
    p.prior_draws = f.read("/posterior/prior", {0, P}, &shape);
    if (shape.at(0) == 0) throw h5::Error(path + ": /posterior/prior holds no draws");
  }
  p.target_value = f.read("/posterior/target_value", {T});
  p.target_sd = f.read("/posterior/target_sd", {T});
  p.tolerance = f.read("/posterior/tolerance", {0}, &shape);
  p.acceptance = f.read("/posterior/acceptance", {shape.at(0)});
  p.simulations = f.read("/posterior/simulations", {shape.at(0)});
  double total = 0.0;
  for (double w : p.weights) {
    if (!(w >= 0.0) || !std::isfinite(w))
      throw h5::Error(path + ": /posterior/weights holds a weight that is not a number >= 0");
    total += w;
  }
  if (!(std::abs(total - 1.0) < 1e-9))
    throw h5::Error(path + ": /posterior/weights do not sum to 1");
  for (double x : p.parameters) {
    if (!std::isfinite(x)) throw h5::Error(path + ": /posterior/parameters holds a non-number");
  }
  for (double x : p.fitted) {
    if (!std::isfinite(x)) throw h5::Error(path + ": /posterior/metrics holds a non-number");
  }
  for (std::size_t t = 0; t < T; ++t) {
    if (!std::isfinite(p.target_value[t]) || !(p.target_sd[t] > 0.0) ||
        !std::isfinite(p.target_sd[t]))
      throw h5::Error(path + ": a target's value is not a number or its sd is not > 0");
  }
  if (P > kMaxFitted || T > kMaxFitted)
    throw h5::Error(path + ": more than " + std::to_string(kMaxFitted) + " parameters or targets");
  for (double x : p.prior_draws) {
    if (!std::isfinite(x)) throw h5::Error(path + ": /posterior/prior holds a non-number");
  }
  for (double x : p.integer) {
    if (x != 0.0 && x != 1.0)
      throw h5::Error(path + ": /posterior/integer holds a flag not 0 or 1");
  }
  std::vector<std::string> names = p.names;
  std::sort(names.begin(), names.end());
  if (std::adjacent_find(names.begin(), names.end()) != names.end())
    throw h5::Error(path + ": /posterior/names names a parameter twice");
  return p;
}

}  // namespace placesim::models
