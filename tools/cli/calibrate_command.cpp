// placesim calibrate: fit a scenario's uncertain parameters to published
// targets by ABC-SMC, and write the posterior that run --posterior draws from.
#include <cmath>
#include <iomanip>
#include <iostream>
#include <sstream>

#include "models/report/report.h"
#include "models/scenario/load.h"
#include "models/studies/calibration.h"
#include "placesim/version.h"
#include "sim/io/checkpoint_log.h"
#include "sim/io/output_set.h"
#include "tools/cli/options.h"
#include "tools/cli/progress.h"
#include "tools/cli/resumable.h"

namespace placesim::cli {
namespace fs = std::filesystem;
namespace {

constexpr std::int64_t kMaxSimulations = 100000000;  // as calibration files allow

// Four significant figures; whole numbers from 1,000 up, never 2.67e+04.
std::string num(double v) {
  std::ostringstream o;
  if (std::abs(v) >= 1000.0 && std::abs(v) < 1e15) {
    o << std::fixed << std::setprecision(0) << v;
  } else {
    o << std::setprecision(4) << v;
  }
  return o.str();
}

// Prior against posterior for each parameter, each target against its fit.
void print_summary(const models::Posterior& p) {
  const std::size_t P = p.names.size(), T = p.targets.size();
  std::cout << "Calibrated " << P << (P == 1 ? " parameter" : " parameters") << " to " << T
            << (T == 1 ? " target" : " targets") << " (" << num(p.simulations.back())
            << " simulations, " << p.tolerance.size() << " generations, "
            << (p.converged ? "converged" : "stopped by the simulation budget: not converged")
            << "; regime " << p.regime << ", seed " << p.seed << "):\n";
  std::cout << "  parameter: prior -> posterior mean [90% interval]\n";
  for (std::size_t k = 0; k < P; ++k) {
    const sim::WeightedSummary s = sim::weighted_summary(p.parameter(k), p.weights);
    std::cout << "    " << p.names[k] << ": " << p.priors[k] << " -> " << num(s.mean) << " ["
              << num(s.q05) << ", " << num(s.q95) << "]\n";
  }
  std::cout << "  target: published (sd) -> simulated mean [90% interval]\n";
  for (std::size_t t = 0; t < T; ++t) {
    const sim::WeightedSummary s = sim::weighted_summary(p.metric(t), p.weights);
    std::cout << "    " << p.targets[t] << " (" << p.metrics[t] << "): " << num(p.target_value[t])
              << " (" << num(p.target_sd[t]) << ") -> " << num(s.mean) << " [" << num(s.q05) << ", "
              << num(s.q95) << "]\n";
  }
}

int run_calibration(const po::variables_map& vm, const sim::Mpi& mpi) {
  const bool lead = mpi.ranks().rank == 0;
  const std::string file = vm["calibration"].as<std::string>();
  const models::CalibrationSpec spec = models::load_calibration_file(file);
  models::CalibrateOptions opt;
  if (vm.count("simulations"))
    opt.simulations = count_option(vm, "simulations", 1, kMaxSimulations);
  if (vm.count("seed")) {
    opt.seed = count_option(vm, "seed", 0, INT64_MAX);
    opt.has_seed = true;
  }
  opt.threads = static_cast<int>(count_option(vm, "threads", 0, 4096));
  opt.mpi = &mpi;
  const fs::path out = vm["output"].as<std::string>();
  const fs::path parts = fs::path(out.string() + ".parts");
  // Every input, checked before any work: no output may replace one.
  std::vector<fs::path> inputs = {file};
  if (!spec.scenario_path.empty()) {
    for (const std::string& f : models::scenario_files(spec.scenario_path)) inputs.emplace_back(f);
  }
  for (const fs::path& in : inputs) {
    std::error_code ec;
    if (fs::equivalent(out, in, ec))
      throw UsageError("calibrate: the output " + out.string() + " is also an input (" +
                       in.string() + "); give another name");
  }
  if (vm.count("report")) {
    // Claimed now and released, so a report path that cannot be written is
    // said before the simulations, not after them.
    claim_on_lead(mpi, [&] {
      std::vector<fs::path> not_it = inputs;
      not_it.push_back(out);
      sim::OutputSet trial(vm.count("force") > 0);
      (void)trial.add(vm["report"].as<std::string>(), "report", not_it);
    });
  }
  const std::uint64_t budget = opt.simulations ? opt.simulations : spec.simulations;
  if (budget < 2 * spec.particles)  // generation 0 alone runs particles / 0.5
    throw UsageError("calibrate: allow at least " + std::to_string(2 * spec.particles) +
                     " simulations (-n): the first generation alone runs that many (" +
                     std::to_string(spec.particles) + " particles)");
  const Start start = prepare_checkpoints("calibrate", out, parts, vm.count("resume") > 0,
                                          vm.count("force") > 0, mpi);
  if (start == Start::done) {
    if (vm.count("report") && lead)
      std::cerr << "placesim: calibrate: no report written for a finished calibration; run "
                   "'placesim report "
                << out.string() << " -o " << vm["report"].as<std::string>() << "'\n";
    return kOk;
  }
  const std::uint64_t hash = models::calibration_hash(spec, opt.has_seed ? opt.seed : spec.seed);
  if (start == Start::resume) {
    // The budget is not part of the job: a resumed run may allow fewer (or
    // more) simulations, and uses the checkpoints it reaches.
    for (auto& rec :
         sim::CheckpointLog::read_dir(parts, hash, spec.targets.size(), kMaxSimulations))
      opt.resumed[rec.unit] = std::move(rec.values);
  }
  mpi.barrier();  // every rank read the same checkpoints before new ones are written
  if (lead) fs::create_directories(parts);
  mpi.barrier();
  sim::CheckpointLog log(checkpoint_log_path(parts, mpi.ranks().rank), hash, spec.targets.size());
  opt.log = &log;
  const bool quiet = vm.count("quiet") > 0;
  ProgressBar bar("simulations", budget, lead && !quiet);
  opt.progress = [&bar](std::uint64_t done, std::uint64_t) { bar.update(done); };
  models::Posterior p;
  try {
    p = models::calibrate(spec, opt);
  } catch (const std::invalid_argument& e) {
    throw UsageError(e.what());
  }
  bar.finish();
  if (!lead) return kOk;
  p.placesim_version = PLACESIM_VERSION;
  std::string written;
  {
    // The checkpoints stay until the posterior is safely in place.
    sim::OutputSet set(true);
    models::write_posterior_h5(p, set.add(out, "posterior file", inputs));
    if (vm.count("report"))  // checked before the run; --force replaces it now
      sim::write_text(set.add(vm["report"].as<std::string>(), "report", inputs),
                      models::calibration_report_html(p));
    set.commit();
    written = set.describe();
  }
  fs::remove_all(parts);
  if (!quiet) {
    print_summary(p);
    std::cerr << "placesim: " << opt.resumed.size() << " simulations resumed from checkpoints, "
              << mpi.ranks().count << (mpi.ranks().count == 1 ? " process" : " ranks") << "; wrote "
              << written << "\n";
  }
  return kOk;
}

}  // namespace

int calibrate_command(const std::vector<std::string>& args) {
  po::options_description visible("Options");
  visible.add_options()("help,h", "show this help")("output,o", po::value<std::string>(),
                                                    "the posterior file to write (HDF5; required)")(
      "simulations,n", po::value<std::string>(),
      "most simulations in all (default: the file's 'simulations', else 2000)")(
      "seed", po::value<std::string>(), "seed (default: the file's, else 1)")(
      "threads,t", po::value<std::string>()->default_value("0"),
      "threads per process (0: all cores)")(
      "resume", "continue an interrupted calibration from its checkpoints (OUT.h5.parts)")(
      "report", po::value<std::string>(),
      "also write the calibration's HTML report (priors against posteriors, targets against "
      "the fit)")("force,f", "replace an existing output and discard checkpoints")(
      "quiet,q", "print nothing but errors");
  po::options_description all;
  all.add(visible).add_options()("calibration", po::value<std::string>());
  po::positional_options_description pos;
  pos.add("calibration", 1);
  po::variables_map vm;
  if (!parse_options("calibrate", "CALIBRATION.yaml -o POSTERIOR.h5 [--resume]", visible, all, pos,
                     args, vm))
    return kOk;
  if (!vm.count("calibration"))
    throw UsageError("calibrate: give the calibration file (see 'placesim calibrate --help')");
  if (!vm.count("output"))
    throw UsageError("calibrate: give the posterior file to write with -o POSTERIOR.h5");
  if (sim::Mpi::launched_without_support())
    throw UsageError(
        "calibrate: launched under mpirun, but this placesim was built without MPI "
        "(PLACESIM_MPI=OFF)");
  sim::Mpi mpi(nullptr, nullptr, sim::quiet_interrupts);
  return run_on_ranks("calibrate", mpi, [&] { return run_calibration(vm, mpi); });
}

}  // namespace placesim::cli
