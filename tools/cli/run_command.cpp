// placesim run: simulate a scenario's regimes and write the results.
#include <chrono>
#include <filesystem>
#include <iostream>

#include "models/model/replication.h"
#include "models/results/csv_writer.h"
#include "models/results/results.h"
#include "models/results/summary_text.h"
#include "models/scenario/load.h"
#include "placesim/version.h"
#include "tools/cli/options.h"
#include "tools/cli/outputs.h"
#include "tools/cli/progress.h"

namespace placesim::cli {
namespace fs = std::filesystem;

namespace {

struct RunOptions {
  std::uint64_t replications = 0;
  std::uint64_t seed = 0;
  int threads = 0;
  bool quiet = false;
  bool decompose = false;
  double until_ci = 0.0;
  std::uint64_t max_replications = 0;
};

// Runs replications, adding batches until the NPV interval is tight enough.
std::vector<models::ReplicationRecord> simulate(const models::Scenario& s,
                                                const std::vector<models::RegimeVariant>& variants,
                                                const RunOptions& o) {
  ProgressBar bar("replications", o.replications, !o.quiet);
  std::vector<models::ReplicationRecord> records;
  std::size_t batch = o.replications;
  for (;;) {
    const std::size_t done = records.size();
    auto more = models::run_replications(s, variants, o.seed, done, batch, o.threads,
                                         [&](std::size_t d, std::size_t) { bar.update(done + d); });
    for (auto& r : more) records.push_back(std::move(r));
    if (o.until_ci <= 0.0) break;
    // Batches are replication indices in order, so where the run stops
    // depends on the seed only, not on threads or timing.
    const auto ap = models::appraise(s, variants, records);
    if (models::npv_half_width(ap.npv) <= o.until_ci || records.size() >= o.max_replications) break;
    batch = std::min<std::size_t>(batch, o.max_replications - records.size());
    bar.set_total(records.size() + batch);
  }
  bar.finish();
  return records;
}

}  // namespace

int run_command(const std::vector<std::string>& args) {
  po::options_description visible("Options");
  visible.add_options()("help,h", "show this help")(
      "replications,r", po::value<std::uint64_t>(), "replications (default: the scenario's)")(
      "seed", po::value<std::uint64_t>(), "master seed (default: the scenario's)")(
      "threads,t", po::value<int>()->default_value(0), "threads (0: all cores); results do not depend on it")(
      "set", po::value<std::vector<std::string>>()->composing(),
      "override a value by key path, e.g. --set services.key_worker.capacity=80 (repeatable)")(
      "output,o", po::value<std::string>(), "results file (default: SCENARIO.h5, or default.h5)")(
      "csv", po::value<std::string>(), "also write tidy CSV files into this folder")(
      "report", po::value<std::string>(), "also write a self-contained HTML report")(
      "png", po::value<std::string>(), "also export each report chart as a PNG into this folder")(
      "force,f", "overwrite existing output files")(
      "decompose", "also run pooled with one mechanism on at a time, to attribute the saving")(
      "until-ci", po::value<double>(), "add replications until the 95% CI half-width of the NPV is below this (GBP)")(
      "max-replications", po::value<std::uint64_t>()->default_value(20000), "cap for --until-ci")(
      "quiet,q", "no progress bar and no summary");
  po::options_description all;
  all.add(visible).add_options()("scenario", po::value<std::string>());
  po::positional_options_description pos;
  pos.add("scenario", 1);
  po::variables_map vm;
  if (!parse_options("run", "[SCENARIO.yaml] [OPTIONS]", visible, all, pos, args, vm)) return kOk;

  const std::string scenario_file = vm.count("scenario") ? vm["scenario"].as<std::string>() : "";
  Outputs out = plan_outputs(vm, scenario_file.empty() ? "default" : fs::path(scenario_file).stem().string());
  auto sets = vm.count("set") ? vm["set"].as<std::vector<std::string>>() : std::vector<std::string>{};
  models::Loaded loaded = scenario_file.empty()
                              ? models::load_scenario_text(models::default_scenario_text(),
                                                           models::kDefaultScenarioName, sets)
                              : models::load_scenario_file(scenario_file, sets);
  const models::Scenario& s = loaded.scenario;
  for (const std::string& w : loaded.warnings) std::cerr << "placesim: warning: " << w << "\n";

  RunOptions o;
  o.replications = vm.count("replications") ? vm["replications"].as<std::uint64_t>() : s.replications;
  o.seed = vm.count("seed") ? vm["seed"].as<std::uint64_t>() : s.seed;
  o.threads = vm["threads"].as<int>();
  o.quiet = vm.count("quiet") > 0;
  o.decompose = vm.count("decompose") > 0;
  o.max_replications = vm["max-replications"].as<std::uint64_t>();
  if (vm.count("until-ci")) o.until_ci = vm["until-ci"].as<double>();
  if (o.replications == 0) throw UsageError("run: --replications must be at least 1");
  if (o.threads < 0) throw UsageError("run: --threads must be 0 (all cores) or more");
  if (vm.count("until-ci") && !(o.until_ci > 0.0)) throw UsageError("run: --until-ci must be a positive amount of pounds");
  if (o.until_ci > 0.0 && !s.has_pooled()) throw UsageError("run: --until-ci needs a scenario with regimes.pooled");
  if (o.decompose && !s.has_pooled()) throw UsageError("run: --decompose needs a scenario with regimes.pooled");

  const auto variants = models::regime_variants(s, o.decompose);
  const auto t0 = std::chrono::steady_clock::now();
  auto records = simulate(s, variants, o);
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  models::Results results = models::collect_results(s, variants, records, o.seed, PLACESIM_VERSION);
  write_outputs(out, results);
  if (!o.quiet) {
    std::uint64_t events = 0;
    for (const auto& r : records) {
      for (const auto& g : r.regimes) events += g.events_processed;
    }
    std::cout << models::summary_text(results);
    std::cerr << "placesim: " << records.size() << " replications x " << variants.size() << " regimes in "
              << secs << " s (" << static_cast<double>(events) / secs / 1e6 << " million events/s); wrote "
              << out.describe() << "\n";
  }
  return kOk;
}


}  // namespace placesim::cli
