#include "tools/cli/resumable.h"

#include <unistd.h>

#include <iostream>

#include "sim/io/diagnostics.h"
#include "tools/cli/cli.h"

namespace placesim::cli {
namespace fs = std::filesystem;

Start prepare_checkpoints(const std::string& command, const fs::path& out, const fs::path& parts,
                          bool resume, bool force, const sim::Mpi& mpi) {
  if (resume && force) throw UsageError(command + ": --resume and --force contradict each other");
  if (!fs::is_directory(out.parent_path().empty() ? fs::path(".") : out.parent_path()))
    throw UsageError(command + ": the folder of " + out.string() + " does not exist");
  if (fs::exists(out) && !fs::is_regular_file(out))
    throw UsageError(command + ": " + out.string() +
                     " is not a regular file; give the name of a file to write");
  if (fs::exists(out)) {
    if (resume) {
      if (mpi.ranks().rank == 0)
        std::cerr << "placesim: " << out.string() << " is already complete; nothing to resume\n";
      return Start::done;
    }
    if (!force)
      throw UsageError(command + ": " + out.string() +
                       " already exists; use --force to replace it");
  }
  if (fs::exists(parts) && !fs::is_directory(parts))
    throw UsageError(command + ": " + parts.string() +
                     " is not a folder; it is where this output's checkpoints go: move it away");
  const bool interrupted = fs::is_directory(parts) && !fs::is_empty(parts);
  if (interrupted && !resume && !force)
    throw UsageError(command + ": " + parts.string() +
                     " holds an interrupted run of this output; use --resume to " +
                     "continue it or --force to start again");
  mpi.barrier();  // everyone has looked before anyone clears or writes
  if (force && mpi.ranks().rank == 0) fs::remove_all(parts);
  mpi.barrier();
  return resume ? Start::resume : Start::fresh;
}

fs::path checkpoint_log_path(const fs::path& parts, int rank) {
  char host[64] = "host";
  ::gethostname(host, sizeof host - 1);
  return parts / (std::string(host) + "-" + std::to_string(::getpid()) + "-rank" +
                  std::to_string(rank) + ".units");
}

namespace {

// An error this rank alone met in work the ranks shared: said by this rank,
// whichever it is (the others stop quietly).
int report_own_failure(const std::string& command, const sim::Mpi& mpi,
                       const std::exception_ptr& error) {
  const std::string who =
      mpi.ranks().count > 1 ? " (rank " + std::to_string(mpi.ranks().rank) + ")" : std::string();
  try {
    std::rethrow_exception(error);
  } catch (const sim::InputError& e) {
    std::cerr << e.diagnostics().format();
    return kBadInput;
  } catch (const sim::BadInput& e) {
    print_error(command + who + ": " + e.what());
    return kBadInput;
  } catch (const std::exception& e) {
    print_error(command + who + ": " + e.what());
    return kFailure;
  }
}

}  // namespace

int run_on_ranks(const std::string& command, const sim::Mpi& mpi,
                 const std::function<int()>& body) {
  // Every rank checks the input alike; only rank 0 says what is wrong.
  try {
    return body();
  } catch (const sim::OtherRankFailed&) {
    // The rank that failed says why and exits with its code, which mpirun
    // returns. This one ends cleanly: a non-zero exit here would have mpirun
    // kill that rank, perhaps before it has said anything.
    return kOk;
  } catch (const sim::SharedWorkFailed& e) {
    return report_own_failure(command, mpi, e.error());
  } catch (const sim::InputError& e) {
    if (mpi.ranks().rank == 0) std::cerr << e.diagnostics().format();
    return kBadInput;
  } catch (const UsageError& e) {
    if (mpi.ranks().rank == 0) print_error(e.what());
    return kBadInput;
  } catch (const sim::BadInput& e) {
    if (mpi.ranks().rank == 0) print_error(command + ": " + e.what());
    return kBadInput;
  } catch (const std::exception& e) {
    const sim::Ranks ranks = mpi.ranks();  // which rank failed, when there are several
    print_error(command + (ranks.count > 1 ? " (rank " + std::to_string(ranks.rank) + ")" : "") +
                ": " + e.what());
    return kFailure;
  }
}

}  // namespace placesim::cli
