// placesim run: simulate a scenario's regimes and write the results.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>

#include "models/results/results.h"
#include "models/results/sizing.h"
#include "models/results/summary_text.h"
#include "models/scenario/load.h"
#include "models/studies/calibration.h"
#include "models/studies/precision_run.h"
#include "placesim/version.h"
#include "sim/io/child_check.h"
#include "sim/io/h5.h"
#include "sim/io/output_set.h"
#include "tools/cli/options.h"
#include "tools/cli/outputs.h"
#include "tools/cli/progress.h"
#include "tools/cli/resumable.h"

namespace placesim::cli {
namespace fs = std::filesystem;
namespace {

// A posterior file, rehearsed in a child first: a forged file can crash HDF5.
std::shared_ptr<const models::Posterior> read_posterior_option(const std::string& path) {
  if (!fs::is_regular_file(path))
    throw UsageError("run: --posterior: " + path + " does not exist or is not a file");
  try {
    sim::check_in_child([&] { (void)models::read_posterior_h5(path); }, path,
                        sim::read_timeout_seconds());
    return std::make_shared<const models::Posterior>(models::read_posterior_h5(path));
  } catch (const sim::ChildCheckError& e) {
    throw UsageError(std::string("run: --posterior: ") + e.what());
  } catch (const sim::h5::Error& e) {
    throw UsageError(std::string("run: --posterior: ") + e.what());
  }
}

// The scenario text a posterior run starts from: the file given, else the
// scenario the posterior was fitted to (with the overrides it was fitted
// under); --set overrides come last.
struct ScenarioSource {
  std::string text, name;
  std::vector<std::string> sets;
};

ScenarioSource scenario_source(const std::string& file, const models::Posterior& p,
                               const std::vector<std::string>& sets) {
  if (!file.empty()) {
    return {models::effective_scenario_text(file),
            models::effective_scenario_name(file, models::scenario_files(file)), sets};
  }
  std::vector<std::string> all = p.sets;
  all.insert(all.end(), sets.begin(), sets.end());
  return {p.scenario_text, p.scenario_name, all};
}

// Every rank loads and checks the scenario alike; rank 0 alone claims and
// writes the outputs and speaks.
int run_scenario(const po::variables_map& vm, const sim::Mpi& mpi) {
  const bool lead = mpi.ranks().rank == 0;
  const std::string scenario_file = vm.count("scenario") ? vm["scenario"].as<std::string>() : "";
  set_options(vm);  // a malformed --set is named before anything else
  const std::shared_ptr<const models::Posterior> posterior =
      vm.count("posterior") ? read_posterior_option(vm["posterior"].as<std::string>()) : nullptr;
  std::vector<fs::path> inputs;
  if (!scenario_file.empty()) {  // the file and every file it extends: never an output
    for (const std::string& f : models::scenario_files(scenario_file)) inputs.emplace_back(f);
  }
  if (posterior) inputs.emplace_back(vm["posterior"].as<std::string>());
  std::optional<Outputs> out;
  claim_on_lead(mpi, [&] {
    out.emplace(vm.count("force") > 0);
    plan_outputs(*out, vm,
                 scenario_file.empty() ? "default" : fs::path(scenario_file).stem().string(),
                 inputs);
  });
  auto sets = set_options(vm);
  // Only a posterior run reads the scenario's text itself (to set each draw in it).
  std::optional<ScenarioSource> source;
  if (posterior) source = scenario_source(scenario_file, *posterior, sets);
  // A file is loaded as a file, so values it inherits are logged with theirs.
  models::Loaded loaded = !scenario_file.empty() ? models::load_scenario_file(scenario_file, sets)
                          : source
                              ? models::load_scenario_text(source->text, source->name, source->sets)
                              : models::load_scenario_text(models::default_scenario_text(),
                                                           models::kDefaultScenarioName, sets);
  for (const std::string& w : loaded.warnings) {
    if (lead) std::cerr << "placesim: warning: " << w << "\n";
  }

  models::RunPlan plan;
  const RunCounts counts = run_counts(vm, loaded.scenario.replications, loaded.scenario.seed);
  plan.replications = counts.replications;
  plan.seed = counts.seed;
  plan.threads = counts.threads;
  std::optional<models::PosteriorRun> fitted;
  if (lead && posterior && !scenario_file.empty() &&
      (source->text != posterior->scenario_text || source->sets != posterior->sets))
    std::cerr << "placesim: warning: --posterior was fitted to " << posterior->scenario_name
              << (posterior->sets.empty() ? std::string(" with no overrides")
                                          : " with " + sim::join_names(posterior->sets))
              << "; this run's scenario (" << source->name
              << ") or overrides differ, and take its values as they are (leave out the "
                 "scenario to run the one it was fitted to)\n";
  if (posterior) {
    // The calibration's overrides (when running its scenario), the draw, then --set.
    const std::vector<std::string> before =
        scenario_file.empty() ? posterior->sets : std::vector<std::string>{};
    fitted = models::posterior_run(posterior, source->text, source->name, before, sets, plan.seed);
    for (const std::string& set : sets) {
      const std::string path = set.substr(0, set.find('='));
      if (lead && std::find(posterior->names.begin(), posterior->names.end(), path) !=
                      posterior->names.end())
        std::cerr << "placesim: warning: --set " << path
                  << " replaces the fitted value in every replication (/parameters/drawn still "
                     "records the draw's)\n";
    }
    plan.vary = fitted->vary;
  }
  const models::Scenario& s = fitted ? fitted->central : loaded.scenario;
  plan.max_replications = count_option(vm, "max-replications", 1, kMaxReplications);
  const bool quiet = vm.count("quiet") > 0, decompose = vm.count("decompose") > 0;
  if (vm.count("until-ci")) plan.until_ci = vm["until-ci"].as<double>();
  if (vm.count("until-ci") && !(plan.until_ci > 0.0 && std::isfinite(plan.until_ci)))
    throw UsageError("run: --until-ci must be a positive amount of pounds");
  if (plan.until_ci > 0.0 && !s.has_options())
    throw UsageError(
        "run: --until-ci needs a scenario with an option regime (such as regimes.pooled)");
  if (decompose && !s.has_options())
    throw UsageError(
        "run: --decompose needs a scenario with an option regime (such as regimes.pooled)");
  plan.decompose = decompose;
  plan.exact = vm.count("exact-shapley") > 0;
  plan.mpi = &mpi;
  if (plan.exact && !decompose) throw UsageError("run: --exact-shapley goes with --decompose");
  const auto t0 = std::chrono::steady_clock::now();
  ProgressBar bar("replications", plan.replications, lead && !quiet);
  models::ResultsBuilder built(s, plan.seed, PLACESIM_VERSION,
                               plan.until_ci > 0.0 ? 0 : plan.replications);
  // The file grows as the run goes, memory does not; its chunks are sized
  // for the replications sure to come (--until-ci's first batch).
  if (lead)
    built.stream_to(out->h5, plan.until_ci > 0.0
                                 ? std::min(plan.replications, plan.max_replications)
                                 : plan.replications);
  const models::RunOutcome run =
      models::run_plan(s, plan, built, [&](std::size_t done, std::size_t total) {
        bar.set_total(total);
        bar.update(done);
      });
  bar.finish();
  if (!lead) return kOk;
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  models::Results results = built.finish();
  if (posterior) {  // the fitted values, after the parameters the scenario draws
    results.parameters.insert(results.parameters.end(), posterior->names.begin(),
                              posterior->names.end());
    results.posterior = vm["posterior"].as<std::string>();
    models::add_group_evppi(results);  // now that every column has its name
  }
  models::check_finite(results);
  built.write_stream(results);
  out->h5_written = true;
  // The summary and the other outputs read every array: from the file just written.
  if (!quiet || !out->csv.empty() || out->report || out->xlsx || out->png_wanted)
    results = models::read_results_h5(out->h5.string());
  write_outputs(*out, results);
  for (const std::string& w : models::run_warnings(results))
    std::cerr << "placesim: warning: " << w << "\n";
  for (const std::string& w : models::sizing_warnings(s, results))
    std::cerr << "placesim: warning: " << w << "\n";
  if (plan.until_ci > 0.0 && !run.target_met)
    std::cerr << "placesim: warning: --until-ci " << plan.until_ci
              << " not met: the interval's half-width is " << run.half_width << " after the cap of "
              << run.replications << " replications (--max-replications)\n";
  if (!quiet) {
    std::cout << models::summary_text(results);
    std::cerr << "placesim: " << run.replications << " replications x " << s.regimes.size()
              << " regimes in " << secs << " s ("
              << static_cast<double>(built.events_processed() + run.events_dropped) / secs / 1e6
              << " million events/s"
              << (mpi.ranks().count > 1 ? " on " + std::to_string(mpi.ranks().count) + " ranks"
                                        : std::string())
              << "); wrote " << out->set.describe() << "\n";
  }
  return kOk;
}

}  // namespace

int run_command(const std::vector<std::string>& args) {
  po::options_description visible("Options");
  visible.add_options()("help,h", "show this help")("replications,r", po::value<std::string>(),
                                                    "replications (default: the scenario's)")(
      "seed", po::value<std::string>(), "master seed, 0 or more (default: the scenario's)")(
      "threads,t", po::value<std::string>()->default_value("0"),
      "threads (0: all cores); results do not depend on it")(
      "set", po::value<std::vector<std::string>>()->composing(),
      "override a value by key path, e.g. --set services.key_worker.capacity=80 (repeatable)")(
      "output,o", po::value<std::string>(), "results file (default: SCENARIO.h5, or default.h5)")(
      "csv", po::value<std::string>(), "also write tidy CSV files into this folder")(
      "report", po::value<std::string>(), "also write a self-contained HTML report")(
      "xlsx", po::value<std::string>(), "also write an Excel workbook (FILE.xlsx)")(
      "png", po::value<std::string>(), "also export each report chart as a PNG into this folder")(
      "force,f", "overwrite existing output files")(
      "decompose",
      "attribute each option's NPV to its mechanisms (Shapley values; see docs/model.md)")(
      "exact-shapley", "with --decompose: value every subset of mechanisms, not sampled orders")(
      "until-ci", po::value<double>(),
      "add batches of -r replications until the 95% CI half-width of the NPV is below this "
      "(GBP); the run stops at the first batch that meets it, on any thread count")(
      "max-replications", po::value<std::string>()->default_value("20000"), "cap for --until-ci")(
      "posterior", po::value<std::string>(),
      "draw each replication's fitted parameters from this placesim calibrate output (without "
      "SCENARIO: the scenario it was fitted to)")("quiet,q", "no progress bar and no summary");
  po::options_description all;
  all.add(visible).add_options()("scenario", po::value<std::string>());
  po::positional_options_description pos;
  pos.add("scenario", 1);
  po::variables_map vm;
  if (!parse_options("run", "[SCENARIO.yaml] [OPTIONS]", visible, all, pos, args, vm)) return kOk;
  if (sim::Mpi::launched_without_support())
    throw UsageError(
        "run: launched under mpirun, but this placesim was built without MPI (PLACESIM_MPI=OFF)");
  sim::Mpi mpi(nullptr, nullptr, sim::quiet_interrupts);
  return run_on_ranks("run", mpi, [&] { return run_scenario(vm, mpi); });
}

}  // namespace placesim::cli
