// placesim aggregate: a national (or regional) total from places, with the
// between-place uncertainty a scaling-up from one place leaves out.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <iostream>
#include <optional>
#include <tuple>

#include "models/report/report.h"
#include "models/scenario/load.h"
#include "models/studies/aggregate_file.h"
#include "placesim/version.h"
#include "sim/io/output_set.h"
#include "tools/cli/options.h"
#include "tools/cli/resumable.h"

namespace placesim::cli {
namespace fs = std::filesystem;
namespace {

struct AggregateOutputs {
  explicit AggregateOutputs(bool force) : set(force) {}
  sim::OutputSet set;
  fs::path h5;
  std::optional<fs::path> report;
};

int run_aggregate(const po::variables_map& vm, const sim::Mpi& mpi) {
  const bool lead = mpi.ranks().rank == 0;
  const std::string file = vm["aggregate"].as<std::string>();
  const auto shard = vm.count("shard") ? parse_shard("aggregate", vm["shard"].as<std::string>())
                                       : std::pair<std::uint64_t, std::uint64_t>{0, 0};
  if (shard.first && vm.count("report"))
    throw UsageError(
        "aggregate: --report is for a whole aggregate; merge the shards (placesim "
        "merge) and report on the merged file");
  const models::AggregateSpec spec = models::load_aggregate_file(file);
  for (const std::string& w : spec.warnings) {
    if (lead) std::cerr << "placesim: warning: " << w << "\n";
  }
  std::vector<fs::path> inputs{file};
  for (const models::AggregatePlace& p : spec.places) {
    if (p.path.empty()) continue;
    for (const std::string& f : models::scenario_files(p.path)) inputs.emplace_back(f);
  }
  std::optional<AggregateOutputs> out;
  claim_on_lead(mpi, [&] {
    out.emplace(vm.count("force") > 0);
    const std::string h5 = vm.count("output")
                               ? vm["output"].as<std::string>()
                               : fs::path(file).stem().string() +
                                     (shard.first ? "-shard" + std::to_string(shard.first) : "") +
                                     ".h5";
    out->h5 = out->set.add(h5, "aggregate results file", inputs);
    if (vm.count("report"))
      out->report = out->set.add(vm["report"].as<std::string>(), "HTML report", inputs);
  });
  const RunCounts counts = run_counts(vm, spec.replications, spec.seed);
  models::AggregatePlan plan{counts.replications, 0, counts.seed, counts.threads, &mpi};
  if (shard.first) {
    if (shard.second > counts.replications)
      throw UsageError("aggregate: --shard " + std::to_string(shard.first) + "/" +
                       std::to_string(shard.second) + ": more shards than the " +
                       std::to_string(counts.replications) + " replications");
    std::tie(plan.first, plan.replications) =
        models::shard_share(counts.replications, shard.first, shard.second);
  }
  const bool quiet = vm.count("quiet") > 0;
  const auto t0 = std::chrono::steady_clock::now();
  models::AggregateResult a = models::run_aggregate(spec, plan, [&](const std::string& place) {
    if (lead && !quiet) std::cerr << "placesim: running " << place << "\n";
  });
  if (!lead) return kOk;
  a.shard = shard.first;
  a.shards = shard.second;
  for (const std::vector<double>* xs : {&a.npv, &a.npv_adjusted, &a.naive_npv, &a.agency_npv}) {
    if (!std::all_of(xs->begin(), xs->end(), [](double x) { return std::isfinite(x); }))
      throw std::runtime_error("a total is not a finite number; nothing was written");
  }
  models::write_aggregate_h5(out->h5.string(), a, PLACESIM_VERSION);
  if (out->report) sim::write_text(*out->report, models::aggregate_report_html(a));
  out->set.commit();
  for (const std::string& w : a.warnings) std::cerr << "placesim: warning: " << w << "\n";
  if (!quiet) {
    const double secs =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (!shard.first) std::cout << models::aggregate_summary_text(a);
    std::cerr << "placesim: " << a.place_count() << " places (and the naive one) x "
              << a.replications << " replications"
              << (shard.first ? " (shard " + std::to_string(shard.first) + "/" +
                                    std::to_string(shard.second) + ", from replication " +
                                    std::to_string(a.first) + ")"
                              : std::string())
              << " in " << secs << " s"
              << (mpi.ranks().count > 1 ? " on " + std::to_string(mpi.ranks().count) + " ranks"
                                        : std::string())
              << "; wrote " << out->set.describe() << "\n";
  }
  return kOk;
}

}  // namespace

int aggregate_command(const std::vector<std::string>& args) {
  po::options_description visible("Options");
  visible.add_options()("help,h", "show this help")(
      "replications,r", po::value<std::string>(),
      "replications of every place (default: the aggregate file's)")(
      "seed", po::value<std::string>(), "master seed, 0 or more (default: the aggregate file's)")(
      "threads,t", po::value<std::string>()->default_value("0"),
      "threads (0: all cores); results do not depend on it")(
      "output,o", po::value<std::string>(),
      "results file (default: AGGREGATE.h5, or AGGREGATE-shardK.h5)")(
      "shard", po::value<std::string>(),
      "run only shard K of N of the replications (a Slurm array task; placesim merge joins "
      "them), e.g. --shard 3/8")("report", po::value<std::string>(),
                                 "also write a self-contained HTML report")(
      "force,f", "overwrite existing output files")("quiet,q", "print nothing but errors");
  po::options_description all;
  all.add(visible).add_options()("aggregate", po::value<std::string>());
  po::positional_options_description pos;
  pos.add("aggregate", 1);
  po::variables_map vm;
  if (!parse_options("aggregate", "AGGREGATE.yaml [-r N] [-o OUT.h5] [OPTIONS]", visible, all, pos,
                     args, vm))
    return kOk;
  if (!vm.count("aggregate"))
    throw UsageError(
        "aggregate: give an aggregate file, e.g. placesim aggregate "
        "scenarios/aggregates/england.yaml (see docs/aggregate.md)");
  if (sim::Mpi::launched_without_support())
    throw UsageError(
        "aggregate: launched under mpirun, but this placesim was built without MPI "
        "(PLACESIM_MPI=OFF)");
  sim::Mpi mpi(nullptr, nullptr, sim::quiet_interrupts);
  return run_on_ranks("aggregate", mpi, [&] { return run_aggregate(vm, mpi); });
}

}  // namespace placesim::cli
