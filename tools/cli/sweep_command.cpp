// placesim sweep and placesim merge: parameter sweeps on one machine, under
// MPI, or as Slurm array shards merged afterwards.
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <iostream>

#include "models/scenario/diagnostics.h"
#include "models/sweep/sweep_runner.h"
#include "models/sweep/sweep_spec.h"
#include "placesim/version.h"
#include "tools/cli/options.h"
#include "tools/cli/progress.h"

namespace placesim::cli {
namespace fs = std::filesystem;

namespace {

std::pair<std::uint64_t, std::uint64_t> parse_shard(const std::string& text) {
  unsigned long long k = 0, n = 0;
  char slash = 0, extra = 0;
  if (std::sscanf(text.c_str(), "%llu%c%llu%c", &k, &slash, &n, &extra) != 3 || slash != '/' || k < 1 || k > n)
    throw UsageError("sweep: --shard takes K/N with 1 <= K <= N, e.g. --shard 3/8 (got '" + text + "')");
  return {k, n};
}

int run_sweep(const po::variables_map& vm, const models::Mpi& mpi) {
  const models::Ranks ranks = mpi.ranks();
  const bool lead = ranks.rank == 0;
  const fs::path file = vm["sweep"].as<std::string>();
  auto [k, n] = vm.count("shard") ? parse_shard(vm["shard"].as<std::string>()) : std::pair<std::uint64_t, std::uint64_t>{1, 1};
  const bool sharded = vm.count("shard") > 0, resume = vm.count("resume") > 0, force = vm.count("force") > 0;
  if (resume && force) throw UsageError("sweep: --resume and --force contradict each other");
  const fs::path out = vm.count("output") ? fs::path(vm["output"].as<std::string>())
                                          : fs::path(file.stem().string() + (sharded ? "-shard" + std::to_string(k) : "") + ".h5");
  const fs::path parts = fs::path(out.string() + ".parts");
  if (!fs::is_directory(out.parent_path().empty() ? fs::path(".") : out.parent_path()))
    throw UsageError("sweep: the folder of " + out.string() + " does not exist");

  const auto t0 = std::chrono::steady_clock::now();
  models::SweepWork work = models::prepare_sweep(models::load_sweep_file(file.string()));
  models::SweepTable table = models::empty_table(work, PLACESIM_VERSION);
  if (fs::exists(out)) {
    if (resume) {
      if (lead) std::cerr << "placesim: " << out.string() << " is already complete; nothing to resume\n";
      return kOk;
    }
    if (!force) throw UsageError("sweep: " + out.string() + " already exists; use --force to replace it");
  }
  const bool interrupted = fs::is_directory(parts) && !fs::is_empty(parts);
  if (interrupted && !resume && !force)
    throw UsageError("sweep: " + parts.string() + " holds an interrupted run of this output; use --resume to " +
                     "continue it or --force to start again");
  mpi.barrier();  // everyone has looked before anyone clears or writes
  if (force && lead) fs::remove_all(parts);
  mpi.barrier();
  std::size_t resumed = 0;
  if (resume) {
    for (const auto& r : models::UnitLog::read_dir(parts, work.hash, work.measures.size(), work.detail_size())) {
      if (!table.done[r.unit]) ++resumed;
      table.put(r);
    }
  }
  mpi.barrier();  // every rank read the same checkpoints before new ones are written
  const std::vector<std::uint64_t> todo = table.todo(k, n);
  char host[64] = "host";
  ::gethostname(host, sizeof host - 1);
  models::UnitLog log(parts / (std::string(host) + "-" + std::to_string(::getpid()) + "-rank" +
                               std::to_string(ranks.rank) + ".units"),
                      work.hash, work.measures.size(), work.detail_size());
  auto queue = mpi.shared_queue(todo.size());
  ProgressBar bar("units", todo.size(), lead && !vm.count("quiet"));
  auto mine = models::run_units(work, todo, *queue, vm["threads"].as<int>(), &log,
                                [&](std::size_t handed_out) { bar.update(handed_out); });
  bar.finish();
  auto all = mpi.gather(mine, work.measures.size(), work.detail_size());
  if (!lead) return kOk;
  for (const auto& r : all) table.put(r);
  if (!table.todo(k, n).empty()) throw std::runtime_error("some units of the sweep were not computed");
  if (sharded) {
    models::write_shard_h5(table, out.string(), k, n);
  } else {
    models::write_sweep_h5(table, out.string());
  }
  fs::remove_all(parts);
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (!vm.count("quiet")) {
    std::size_t units = 0;
    for (std::uint64_t u = 0; u < table.units(); ++u) units += models::in_shard(u, k, n);
    std::cerr << "placesim: sweep of " << table.points() << " points x " << table.replications << " replications"
              << (sharded ? ", shard " + std::to_string(k) + "/" + std::to_string(n) : std::string()) << ": "
              << units << " units, " << resumed << " resumed from checkpoints, " << todo.size() << " computed on "
              << ranks.count << (ranks.count == 1 ? " process" : " ranks") << " in " << secs << " s; wrote "
              << out.string() << "\n";
  }
  return kOk;
}

}  // namespace

int sweep_command(const std::vector<std::string>& args) {
  po::options_description visible("Options");
  visible.add_options()("help,h", "show this help")(
      "output,o", po::value<std::string>(), "output file (default: SWEEP.h5, or SWEEP-shardK.h5)")(
      "shard", po::value<std::string>(), "run only shard K of N (a Slurm array task), e.g. --shard 3/8")(
      "resume", "continue an interrupted sweep from its checkpoints")(
      "force,f", "replace an existing output and discard checkpoints")(
      "threads,t", po::value<int>()->default_value(0), "threads per process (0: all cores)")(
      "quiet,q", "no progress bar and no closing message");
  po::options_description all;
  all.add(visible).add_options()("sweep", po::value<std::string>());
  po::positional_options_description pos;
  pos.add("sweep", 1);
  po::variables_map vm;
  if (!parse_options("sweep", "SWEEP.yaml [-o OUT.h5] [--shard K/N] [--resume] [--threads T] [--quiet]", visible,
                     all, pos, args, vm))
    return kOk;
  if (!vm.count("sweep")) throw UsageError("sweep: give a sweep file (see 'placesim sweep --help')");
  if (models::Mpi::launched_without_support())
    throw UsageError("sweep: launched under mpirun, but this placesim was built without MPI (PLACESIM_MPI=OFF)");
  models::Mpi mpi(nullptr, nullptr);
  // Every rank checks the input alike; only rank 0 says what is wrong.
  try {
    return run_sweep(vm, mpi);
  } catch (const models::InputError& e) {
    if (mpi.ranks().rank == 0) std::cerr << e.diagnostics().format();
    return kBadInput;
  } catch (const UsageError& e) {
    if (mpi.ranks().rank == 0) print_error(e.what());
    return kBadInput;
  } catch (const std::exception& e) {
    print_error("sweep (rank " + std::to_string(mpi.ranks().rank) + "): " + e.what());
    return kFailure;
  }
}

int merge_command(const std::vector<std::string>& args) {
  po::options_description visible("Options");
  visible.add_options()("help,h", "show this help")("output,o", po::value<std::string>(), "the merged sweep file")(
      "force,f", "replace an existing output");
  po::options_description all;
  all.add(visible).add_options()("shards", po::value<std::vector<std::string>>());
  po::positional_options_description pos;
  pos.add("shards", -1);
  po::variables_map vm;
  if (!parse_options("merge", "-o OUT.h5 SHARD.h5...", visible, all, pos, args, vm)) return kOk;
  if (!vm.count("output")) throw UsageError("merge: give the output file with -o OUT.h5");
  if (!vm.count("shards")) throw UsageError("merge: give the shard files to merge");
  const fs::path out = vm["output"].as<std::string>();
  if (fs::exists(out) && !vm.count("force")) throw UsageError("merge: " + out.string() + " already exists; use --force");
  models::SweepTable merged;
  std::uint64_t count = 0;
  std::vector<std::string> seen;
  std::string first;
  for (const std::string& path : vm["shards"].as<std::vector<std::string>>()) {
    if (!fs::exists(path)) throw UsageError("merge: " + path + " does not exist");
    std::uint64_t k = 0, n = 0;
    models::SweepTable t;
    try {
      t = models::read_sweep_h5(path, &k, &n);
    } catch (const std::exception& e) {
      throw UsageError(std::string("merge: ") + e.what());
    }
    if (n == 0) throw UsageError("merge: " + path + " is a finished sweep, not a shard");
    if (seen.empty()) {
      merged = t;
      count = n;
      seen.assign(n, "");
      first = path;
    } else if (t.hash != merged.hash) {
      throw UsageError("merge: " + path + " is a shard of a different sweep than " + first +
                       " (their sweep files, base scenarios or versions differ)");
    } else if (n != count) {
      throw UsageError("merge: " + path + " is shard " + std::to_string(k) + " of " + std::to_string(n) + ", but " +
                       first + " is one of " + std::to_string(count));
    }
    if (!seen[k - 1].empty()) throw UsageError("merge: " + path + " and " + seen[k - 1] + " are both shard " +
                                               std::to_string(k) + " of " + std::to_string(count));
    seen[k - 1] = path;
    for (std::uint64_t u = 0; u < t.units(); ++u) {
      if (!t.done[u]) continue;
      models::UnitResult r{u, {}, {}};
      r.measures.assign(t.unit_measures.begin() + static_cast<std::ptrdiff_t>(u * t.measures.size()),
                        t.unit_measures.begin() + static_cast<std::ptrdiff_t>((u + 1) * t.measures.size()));
      r.detail.assign(t.unit_detail.begin() + static_cast<std::ptrdiff_t>(u * t.detail),
                      t.unit_detail.begin() + static_cast<std::ptrdiff_t>((u + 1) * t.detail));
      merged.put(r);
    }
  }
  std::string missing;
  for (std::uint64_t k = 1; k <= count; ++k) {
    if (seen[k - 1].empty()) missing += (missing.empty() ? "" : ", ") + std::to_string(k);
  }
  if (!missing.empty())
    throw UsageError("merge: shards missing: " + missing + " of " + std::to_string(count) + " (every shard is needed)");
  merged.version = PLACESIM_VERSION;
  models::write_sweep_h5(merged, out.string());
  std::cerr << "placesim: merged " << count << " shards into " << out.string() << "\n";
  return kOk;
}

}  // namespace placesim::cli
