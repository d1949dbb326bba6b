// placesim run: simulate a scenario's regimes and write the results.
#include <unistd.h>

#include <cstdio>
#include <iostream>

#include "models/model/ledger.h"
#include "models/model/replication.h"
#include "models/scenario/load.h"
#include "tools/cli/options.h"

namespace placesim::cli {

int run_command(const std::vector<std::string>& args) {
  po::options_description visible("Options");
  visible.add_options()("help,h", "show this help")(
      "replications,r", po::value<std::uint64_t>(), "replications (default: the scenario's)")(
      "seed", po::value<std::uint64_t>(), "master seed (default: the scenario's)")(
      "threads,t", po::value<int>()->default_value(0), "threads (0: all cores)")(
      "set", po::value<std::vector<std::string>>()->composing(),
      "override a value by key path, e.g. --set services.key_worker.capacity=80 (repeatable)")(
      "quiet,q", "no progress bar or summary");
  po::options_description all;
  all.add(visible).add_options()("scenario", po::value<std::string>());
  po::positional_options_description pos;
  pos.add("scenario", 1);
  po::variables_map vm;
  if (!parse_options("run", "[SCENARIO.yaml] [OPTIONS]", visible, all, pos, args, vm)) return kOk;
  auto sets = vm.count("set") ? vm["set"].as<std::vector<std::string>>() : std::vector<std::string>{};
  models::Loaded loaded = vm.count("scenario")
                              ? models::load_scenario_file(vm["scenario"].as<std::string>(), sets)
                              : models::load_scenario_text(models::default_scenario_text(),
                                                           models::kDefaultScenarioName, sets);
  const models::Scenario& s = loaded.scenario;
  for (const std::string& w : loaded.warnings) std::cerr << "placesim: warning: " << w << "\n";
  const std::uint64_t reps = vm.count("replications") ? vm["replications"].as<std::uint64_t>() : s.replications;
  const std::uint64_t seed = vm.count("seed") ? vm["seed"].as<std::uint64_t>() : s.seed;
  if (reps == 0) throw UsageError("run: --replications must be at least 1");
  const bool quiet = vm.count("quiet") > 0;
  const auto variants = models::regime_variants(s, false);
  auto records = models::run_replications(s, variants, seed, 0, reps, vm["threads"].as<int>());
  if (quiet) return kOk;
  const std::size_t A = s.agencies.size();
  for (std::size_t g = 0; g < variants.size(); ++g) {
    std::printf("%s: mean spend by year (GBP m)\n", variants[g].name.c_str());
    for (int t = 0; t < s.years; ++t) {
      std::printf("  %s", s.year_label(t).c_str());
      double total = 0;
      for (std::size_t a = 0; a < A; ++a) {
        double v = 0;
        for (const auto& r : records) {
          for (int c = 0; c < models::kCategories; ++c)
            v += r.regimes[g].spend[(static_cast<std::size_t>(t) * A + a) * models::kCategories + c];
        }
        v /= static_cast<double>(reps);
        total += v;
        std::printf("  %s %7.2f", s.agencies[a].key.c_str(), v / 1e6);
      }
      std::printf("  total %7.2f\n", total / 1e6);
    }
  }
  const std::size_t E = s.events.size(), S = s.services.size();
  for (std::size_t g = 0; g < variants.size(); ++g) {
    std::printf("%s events per year (mean over years and reps):\n", variants[g].name.c_str());
    for (std::size_t k = 0; k < E; ++k) {
      double v = 0;
      for (const auto& r : records)
        for (int t = 0; t < s.years; ++t) v += r.regimes[g].events[static_cast<std::size_t>(t) * E + k];
      std::printf("  %-20s %8.1f\n", s.events[k].key.c_str(), v / reps / s.years);
    }
    std::printf("%s services: bought(mean/yr) wait util\n", variants[g].name.c_str());
    for (std::size_t i = 0; i < S; ++i) {
      double b = 0, w = 0, u = 0;
      for (const auto& r : records) {
        for (int t = 0; t < s.years; ++t) b += r.regimes[g].places_bought[static_cast<std::size_t>(t) * S + i];
        w += r.regimes[g].wait_days[i];
        u += r.regimes[g].utilisation[i];
      }
      std::printf("  %-24s %6.1f %8.1f %5.2f\n", s.services[i].key.c_str(), b / reps / s.years, w / reps, u / reps);
    }
    double fam = 0, ta = 0;
    for (const auto& r : records) { fam += r.regimes[g].families.back(); ta += r.regimes[g].turned_around.back(); }
    std::printf("%s families at end %.0f, no high need %.0f\n", variants[g].name.c_str(), fam / reps, ta / reps);
  }
  return kOk;
}

int report_command(const std::vector<std::string>&) { throw std::runtime_error("not built yet"); }
int sweep_command(const std::vector<std::string>&) { throw std::runtime_error("not built yet"); }
int merge_command(const std::vector<std::string>&) { throw std::runtime_error("not built yet"); }

}  // namespace placesim::cli
