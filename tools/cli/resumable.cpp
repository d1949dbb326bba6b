#include "tools/cli/resumable.h"

#include <unistd.h>

#include <iostream>

#include "sim/io/diagnostics.h"
#include "sim/io/output_set.h"
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

// Says what `error` was and returns the exit status. Input problems every
// rank meets alike are said by rank 0 alone; a rank's own failure in work the
// ranks shared (`own`), and any failure while running, by the rank itself,
// named when there are several.
int report(const std::string& command, const sim::Mpi& mpi, const std::exception_ptr& error,
           bool own) {
  const bool speak = own || mpi.ranks().rank == 0;
  const std::string who =
      mpi.ranks().count > 1 ? " (rank " + std::to_string(mpi.ranks().rank) + ")" : std::string();
  try {
    std::rethrow_exception(error);
  } catch (const sim::InputError& e) {
    if (speak) std::cerr << e.diagnostics().format();
    return kBadInput;
  } catch (const UsageError& e) {
    if (speak) print_error(e.what());
    return kBadInput;
  } catch (const sim::BadInput& e) {
    if (speak) print_error(command + (own ? who : std::string()) + ": " + e.what());
    return kBadInput;
  } catch (const std::exception& e) {
    print_error(command + who + ": " + e.what());
    return kFailure;
  }
}

}  // namespace

void claim_on_lead(const sim::Mpi& mpi, const std::function<void()>& claim) {
  std::exception_ptr refused;
  if (mpi.ranks().rank == 0) {
    try {
      claim();
    } catch (...) {
      refused = std::current_exception();
    }
  }
  if (mpi.any(refused != nullptr)) {
    if (!refused) sim::quiet_interrupts();
    mpi.barrier();  // rank 0 says why only once the others are quiet
    if (refused) std::rethrow_exception(refused);
    throw UsageError("rank 0 could not claim the outputs");  // said by rank 0
  }
}

int run_on_ranks(const std::string& command, const sim::Mpi& mpi,
                 const std::function<int()>& body) {
  try {
    return body();
  } catch (const sim::OtherRankFailed&) {
    // The rank that failed says why and exits with its code, which mpirun
    // returns. This one ends cleanly: a non-zero exit here would have mpirun
    // kill that rank, perhaps before it has said anything.
    return kOk;
  } catch (const sim::SharedWorkFailed& e) {
    return report(command, mpi, e.error(), true);
  } catch (...) {
    return report(command, mpi, std::current_exception(), false);
  }
}

}  // namespace placesim::cli
