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
#include "models/scenario/evidence.h"
#include "models/scenario/load.h"
#include "sim/io/fnv1a.h"
#include "sim/parallel/replication_runner.h"
#include "sim/parallel/work_queue.h"
#include "sim/random/samplers.h"

namespace placesim::models {
namespace {

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
  // A sample of the priors, drawn apart from the search's streams, so the
  // report can set each posterior against what was believed before.
  sim::RandomStream prior(sim::StreamKey{set.seed, 0}, purpose::kReplicationAgent,
                          purpose::prior_sample);
  for (std::size_t d = 0; d < kPriorDraws; ++d) {
    for (const auto& x : spec.parameters) p.prior_draws.push_back(x.prior.sample(prior));
  }
  return p;
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
  // Each fitted value is drawn per replication: logged as such, so that
  // optimism bias does not adjust it again (models/scenario/evidence.h).
  const auto load = [p, text, name, before, after](std::size_t d) {
    Scenario s = load_scenario_text(text, name, draw_sets(*p, before, d, after)).scenario;
    for (const std::string& key : p->names)
      s.assumptions.push_back(
          {key, "", kPosteriorTag, "drawn from the calibration's posterior", ""});
    return s;
  };
  PosteriorRun run;
  run.central = load(top);
  run.vary = [p, load, seed](std::uint64_t rep) {
    const std::size_t d = posterior_draw(*p, seed, rep);
    ReplicationScenario out;
    out.scenario = std::make_shared<const Scenario>(load(d));
    for (std::size_t k = 0; k < p->names.size(); ++k) {  // the values the draw holds
      const double x = p->parameters[d * p->names.size() + k];
      out.values.push_back(p->integer[k] != 0.0 ? std::round(x) : x);
    }
    return out;
  };
  return run;
}

}  // namespace placesim::models
