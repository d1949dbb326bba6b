// placesim sweep and placesim merge: parameter sweeps on one machine, under
// MPI, or as Slurm array shards merged afterwards.
#include <chrono>
#include <filesystem>
#include <iostream>

#include "models/studies/aggregate_file.h"
#include "models/studies/sweep_merge.h"
#include "models/studies/sweep_runner.h"
#include "models/studies/sweep_spec.h"
#include "models/studies/sweep_table.h"
#include "placesim/version.h"
#include "sim/io/child_check.h"
#include "sim/io/diagnostics.h"
#include "sim/io/h5.h"
#include "sim/io/output_set.h"
#include "tools/cli/options.h"
#include "tools/cli/progress.h"
#include "tools/cli/resumable.h"

namespace placesim::cli {
namespace fs = std::filesystem;

namespace {

// An aggregate's shard, by its filetype (anything else is merged as a sweep's).
bool is_aggregate_shard(const std::string& path) {
  try {
    const sim::h5::File f = sim::h5::File::open(path);
    return f.has_attr("/", "filetype") &&
           f.string_attr("/", "filetype") == models::kAggregateShardFiletype;
  } catch (const std::exception&) {
    return false;  // the sweep reader says what is wrong with it
  }
}

int run_sweep(const po::variables_map& vm, const sim::Mpi& mpi) {
  const sim::Ranks ranks = mpi.ranks();
  const bool lead = ranks.rank == 0;
  const fs::path file = vm["sweep"].as<std::string>();
  auto [k, n] = vm.count("shard") ? parse_shard("sweep", vm["shard"].as<std::string>())
                                  : std::pair<std::uint64_t, std::uint64_t>{1, 1};
  const bool sharded = vm.count("shard") > 0;
  const fs::path out =
      vm.count("output")
          ? fs::path(vm["output"].as<std::string>())
          : fs::path(file.stem().string() + (sharded ? "-shard" + std::to_string(k) : "") + ".h5");
  const fs::path parts = fs::path(out.string() + ".parts");
  const auto t0 = std::chrono::steady_clock::now();
  models::SweepWork work = models::prepare_sweep(models::load_sweep_file(file.string()));
  models::SweepTable table = models::empty_table(work, PLACESIM_VERSION);
  const Start start =
      prepare_checkpoints("sweep", out, parts, vm.count("resume") > 0, vm.count("force") > 0, mpi);
  if (start == Start::done) return kOk;
  std::size_t resumed = 0;
  if (start == Start::resume) {
    for (const auto& rec : sim::CheckpointLog::read_dir(
             parts, work.hash, work.measures.size() + work.detail_size(), work.units())) {
      if (!table.done[rec.unit]) ++resumed;
      table.put(models::unit_from_values(rec.unit, rec.values, work.measures.size()));
    }
  }
  mpi.barrier();  // every rank read the same checkpoints before new ones are written
  const std::vector<std::uint64_t> todo = table.todo(k, n);
  sim::CheckpointLog log(checkpoint_log_path(parts, ranks.rank), work.hash,
                         work.measures.size() + work.detail_size());
  auto queue = mpi.shared_queue(todo.size());
  ProgressBar bar("units", todo.size(), lead && !vm.count("quiet"));
  auto mine = models::run_units(work, todo, *queue, vm["threads"].as<int>(), &log,
                                [&](std::size_t handed_out) { bar.update(handed_out); });
  bar.finish();
  auto all = models::gather_units(mpi, mine, work.measures.size(), work.detail_size());
  if (!lead) return kOk;
  for (const auto& r : all) table.put(r);
  if (!table.todo(k, n).empty())
    throw std::runtime_error("some units of the sweep were not computed");
  {
    // The checkpoints stay until the result is safely in place.
    sim::OutputSet set(true);
    const fs::path tmp = set.add(out, "sweep file");
    if (sharded) {
      models::write_shard_h5(table, tmp, k, n);
    } else {
      models::write_sweep_h5(table, tmp);
    }
    set.commit();
  }
  fs::remove_all(parts);
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (!vm.count("quiet")) {
    std::size_t units = 0;
    for (std::uint64_t u = 0; u < table.units(); ++u) units += models::in_shard(u, k, n);
    std::cerr << "placesim: sweep of " << table.points() << " points x " << table.replications
              << " replications"
              << (sharded ? ", shard " + std::to_string(k) + "/" + std::to_string(n)
                          : std::string())
              << ": " << units << " units, " << resumed << " resumed from checkpoints, "
              << todo.size() << " computed on " << ranks.count
              << (ranks.count == 1 ? " process" : " ranks") << " in " << secs << " s; wrote "
              << out.string() << "\n";
  }
  return kOk;
}

}  // namespace

int sweep_command(const std::vector<std::string>& args) {
  po::options_description visible("Options");
  visible.add_options()("help,h", "show this help")(
      "output,o", po::value<std::string>(), "output file (default: SWEEP.h5, or SWEEP-shardK.h5)")(
      "shard", po::value<std::string>(),
      "run only shard K of N (a Slurm array task), e.g. --shard 3/8")(
      "resume", "continue an interrupted sweep from its checkpoints")(
      "force,f", "replace an existing output and discard checkpoints")(
      "threads,t", po::value<int>()->default_value(0), "threads per process (0: all cores)")(
      "quiet,q", "no progress bar and no closing message");
  po::options_description all;
  all.add(visible).add_options()("sweep", po::value<std::string>());
  po::positional_options_description pos;
  pos.add("sweep", 1);
  po::variables_map vm;
  if (!parse_options("sweep",
                     "SWEEP.yaml [-o OUT.h5] [--shard K/N] [--resume] [--threads T] [--quiet]",
                     visible, all, pos, args, vm))
    return kOk;
  if (!vm.count("sweep"))
    throw UsageError("sweep: give a sweep file (see 'placesim sweep --help')");
  if (sim::Mpi::launched_without_support())
    throw UsageError(
        "sweep: launched under mpirun, but this placesim was built without MPI (PLACESIM_MPI=OFF)");
  sim::Mpi mpi(nullptr, nullptr, sim::quiet_interrupts);
  return run_on_ranks("sweep", mpi, [&] { return run_sweep(vm, mpi); });
}

int merge_command(const std::vector<std::string>& args) {
  po::options_description visible("Options");
  visible.add_options()("help,h", "show this help")("output,o", po::value<std::string>(),
                                                    "the merged sweep or aggregate file")(
      "force,f", "replace an existing output");
  po::options_description all;
  all.add(visible).add_options()("shards", po::value<std::vector<std::string>>());
  po::positional_options_description pos;
  pos.add("shards", -1);
  po::variables_map vm;
  if (!parse_options("merge", "-o OUT.h5 SHARD.h5...", visible, all, pos, args, vm)) return kOk;
  if (!vm.count("output")) throw UsageError("merge: give the output file with -o OUT.h5");
  if (!vm.count("shards")) throw UsageError("merge: give the shard files to merge");
  sim::OutputSet set(vm.count("force") > 0);
  const auto shards = vm["shards"].as<std::vector<std::string>>();
  std::vector<fs::path> inputs(shards.begin(), shards.end());
  const fs::path tmp = set.add(vm["output"].as<std::string>(), "merged file", inputs);
  // Each shard is read in a child first, as what its filetype says it is: a
  // forged file can crash or hang HDF5 itself.
  for (const std::string& shard : shards) {
    if (!fs::is_regular_file(shard)) continue;  // merge_shards says what is wrong
    sim::check_in_child(
        [&] {
          std::uint64_t k = 0, n = 0;
          if (is_aggregate_shard(shard))
            (void)models::read_aggregate_h5(shard, true);
          else
            (void)models::read_sweep_h5(shard, &k, &n);
        },
        shard, sim::read_timeout_seconds());
  }
  const bool aggregate = fs::is_regular_file(shards.front()) && is_aggregate_shard(shards.front());
  if (aggregate) {
    models::write_aggregate_h5(tmp.string(), models::merge_aggregate_shards(shards),
                               PLACESIM_VERSION);
    set.commit();
    std::cerr << "placesim: merged " << shards.size() << " aggregate shards into " << set.describe()
              << "\n";
    return kOk;
  }
  models::SweepTable merged = models::merge_shards(shards);
  merged.version = PLACESIM_VERSION;
  models::write_sweep_h5(merged, tmp);
  set.commit();
  std::cerr << "placesim: merged " << shards.size() << " shards into " << set.describe() << "\n";
  return kOk;
}

}  // namespace placesim::cli
