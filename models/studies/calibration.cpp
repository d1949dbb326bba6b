#include "models/studies/calibration.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>
#include <mutex>
#include <stdexcept>

#include "models/family/purposes.h"
#include "models/regimes/replication.h"
#include "models/results/metrics.h"
#include "models/scenario/load.h"
#include "sim/io/fnv1a.h"
#include "sim/io/h5.h"
#include "sim/parallel/replication_runner.h"
#include "sim/parallel/work_queue.h"
#include "sim/random/samplers.h"

namespace placesim::models {
namespace {

namespace h5 = sim::h5;

// The targets' metrics of one simulation: regime g of replication `sim` of
// the scenario with the parameters set. A value the scenario refuses gives
// NaN, which the search never keeps (distance infinity).
std::vector<double> simulate_one(const CalibrationSpec& spec, const std::vector<double>& theta,
                                 std::uint64_t seed, std::uint64_t sim) {
  std::vector<std::string> sets = spec.sets;
  for (std::size_t k = 0; k < theta.size(); ++k)
    sets.push_back(
        parameter_override(spec.parameters[k].path, theta[k], spec.parameters[k].integer));
  Scenario s;
  try {
    s = load_scenario_text(spec.scenario_text, spec.scenario_name, sets).scenario;
  } catch (const InputError&) {
    return std::vector<double>(spec.targets.size(), std::numeric_limits<double>::quiet_NaN());
  }
  Index g = 0;
  while (g < s.regimes.size() && s.regimes[g].key != spec.regime) ++g;
  const RegimeRecord rec = run_regime(s, g, seed, sim);
  const MetricLabels labels = metric_labels(s);
  const std::vector<double> all = metric_values(labels, metric_inputs(rec));
  std::vector<double> out;
  for (const CalibrationTarget& t : spec.targets)
    out.push_back(all[static_cast<std::size_t>(metric_index(labels, t.metric))]);
  return out;
}

// One generation's simulations: those already run come from the
// checkpoints; the rest are shared among threads (and ranks), each appended
// to the log as it finishes, then gathered so every rank holds them all.
std::vector<std::vector<double>> run_batch(const CalibrationSpec& spec,
                                           const CalibrateOptions& options, std::uint64_t seed,
                                           std::uint64_t first,
                                           const std::vector<std::vector<double>>& thetas) {
  std::vector<std::vector<double>> out(thetas.size());
  std::vector<std::size_t> todo;
  for (std::size_t i = 0; i < thetas.size(); ++i) {
    const auto it = options.resumed.find(first + i);
    if (it != options.resumed.end()) {
      out[i] = it->second;
    } else {
      todo.push_back(i);
    }
  }
  const std::size_t T = spec.targets.size();
  auto queue = options.mpi ? options.mpi->shared_queue(todo.size()) : sim::local_queue(todo.size());
  std::vector<double> mine;  // index, then the outputs, for each simulation this rank ran
  std::mutex mutex;
  const auto chunk = static_cast<std::size_t>(std::max(1, sim::thread_count(options.threads)));
  while (auto range = queue->next(chunk)) {
    sim::parallel_indices(range->second - range->first, options.threads, [&](std::size_t j) {
      const std::size_t i = todo[range->first + j];
      std::vector<double> y = simulate_one(spec, thetas[i], seed, first + i);
      if (options.log) options.log->append(first + i, y);
      std::lock_guard lock(mutex);
      mine.push_back(static_cast<double>(i));
      mine.insert(mine.end(), y.begin(), y.end());
    });
  }
  const bool shared = options.mpi && options.mpi->ranks().count > 1;
  const std::vector<double> all = shared ? options.mpi->broadcast(options.mpi->gather(mine)) : mine;
  for (std::size_t at = 0; at + T + 1 <= all.size(); at += T + 1) {
    const auto i = static_cast<std::size_t>(all[at]);
    out[i].assign(all.begin() + static_cast<std::ptrdiff_t>(at + 1),
                  all.begin() + static_cast<std::ptrdiff_t>(at + 1 + T));
  }
  for (const auto& y : out) {
    if (y.size() != T) throw std::logic_error("a simulation of the calibration was lost");
  }
  return out;
}

std::vector<double> flatten(const std::vector<std::vector<double>>& rows) {
  std::vector<double> out;
  for (const auto& r : rows) out.insert(out.end(), r.begin(), r.end());
  return out;
}

}  // namespace

std::uint64_t calibration_hash(const CalibrationSpec& spec, std::uint64_t seed) {
  const std::string key = spec.text + '\0' + spec.scenario_text + '\0' + std::to_string(seed);
  return sim::fnv1a(key.data(), key.size());
}

Posterior calibrate(const CalibrationSpec& spec, const CalibrateOptions& options) {
  sim::AbcSettings set;
  set.particles = spec.particles;
  set.max_simulations = options.simulations ? options.simulations : spec.simulations;
  set.seed = options.has_seed ? options.seed : spec.seed;
  if (set.max_simulations < 2 * set.particles)
    throw std::invalid_argument("calibrate: allow at least " + std::to_string(2 * set.particles) +
                                " simulations: the first generation alone runs that many (" +
                                std::to_string(set.particles) + " particles)");
  std::vector<sim::Distribution> priors;
  for (const auto& p : spec.parameters) priors.push_back(p.prior);
  std::vector<double> values, sds;
  for (const auto& t : spec.targets) {
    values.push_back(t.value);
    sds.push_back(t.sd);
  }
  const sim::AbcSimulate simulate = [&](std::uint64_t first,
                                        const std::vector<std::vector<double>>& thetas) {
    auto out = run_batch(spec, options, set.seed, first, thetas);
    if (options.progress) options.progress(first + thetas.size(), set.max_simulations);
    return out;
  };
  const sim::AbcResult r = sim::abc_smc(priors, values, sds, set, simulate);
  for (double d : r.distance) {
    if (!std::isfinite(d))
      throw std::runtime_error(
          "fewer proposals than particles gave a valid scenario: the priors put too much weight "
          "on values the scenario refuses (run placesim validate --set PATH=VALUE on one)");
  }
  Posterior p;
  p.calibration_text = spec.text;
  p.calibration_source = spec.source;
  p.scenario_name = spec.scenario_name;
  p.scenario_text = spec.scenario_text;
  p.regime = spec.regime;
  p.sets = spec.sets;
  p.seed = set.seed;
  for (const auto& x : spec.parameters) {
    p.names.push_back(x.path);
    p.priors.push_back(x.prior.describe());
    p.integer.push_back(x.integer ? 1.0 : 0.0);
  }
  for (const auto& t : spec.targets) {
    p.targets.push_back(t.name);
    p.metrics.push_back(t.metric);
  }
  p.target_value = values;
  p.target_sd = sds;
  p.parameters = flatten(r.theta);
  p.weights = r.weights;
  p.distance = r.distance;
  p.fitted = flatten(r.outputs);
  for (const auto& g : r.generations) {
    p.tolerance.push_back(g.tolerance);
    p.acceptance.push_back(g.acceptance);
    p.simulations.push_back(static_cast<double>(g.simulations));
  }
  p.converged = r.converged;
  return p;
}

std::size_t posterior_draw(const Posterior& p, std::uint64_t seed, std::uint64_t rep) {
  sim::RandomStream s(sim::StreamKey{seed, rep}, purpose::kReplicationAgent, purpose::posterior);
  std::vector<double> cumulative;
  double acc = 0.0;
  for (double w : p.weights) cumulative.push_back(acc += w);
  return sim::sample_categorical(s, std::span<const double>(cumulative));
}

namespace {

// The overrides of draw d: `before`, the draw's values, then `after` (a
// user's --set has the last word, even on a fitted value).
std::vector<std::string> draw_sets(const Posterior& p, std::vector<std::string> sets, std::size_t d,
                                   const std::vector<std::string>& after) {
  for (std::size_t k = 0; k < p.names.size(); ++k)
    sets.push_back(
        parameter_override(p.names[k], p.parameters[d * p.names.size() + k], p.integer[k] != 0.0));
  sets.insert(sets.end(), after.begin(), after.end());
  return sets;
}

}  // namespace

PosteriorRun posterior_run(const std::shared_ptr<const Posterior>& p, const std::string& text,
                           const std::string& name, const std::vector<std::string>& before,
                           const std::vector<std::string>& after, std::uint64_t seed) {
  const auto top = static_cast<std::size_t>(std::max_element(p->weights.begin(), p->weights.end()) -
                                            p->weights.begin());
  PosteriorRun run;
  run.central = load_scenario_text(text, name, draw_sets(*p, before, top, after)).scenario;
  run.vary = [p, text, name, before, after, seed](std::uint64_t rep) {
    const std::size_t d = posterior_draw(*p, seed, rep);
    ReplicationScenario out;
    out.scenario = std::make_shared<const Scenario>(
        load_scenario_text(text, name, draw_sets(*p, before, d, after)).scenario);
    for (std::size_t k = 0; k < p->names.size(); ++k) {  // the values the draw holds
      const double x = p->parameters[d * p->names.size() + k];
      out.values.push_back(p->integer[k] != 0.0 ? std::round(x) : x);
    }
    return out;
  };
  return run;
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
  h5::check_filetype(f, {kPosteriorFiletype}, kPosteriorFormatVersion, "placesim posterior file");
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
