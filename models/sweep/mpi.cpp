// The MPI half of sweeps, compiled only when the build has MPI
// (PLACESIM_MPI). Without it, a sweep runs in one process.
#include <cstdlib>
#include <stdexcept>

#include "models/sweep/sweep_runner.h"

#ifdef PLACESIM_HAVE_MPI
#include <mpi.h>
#endif

namespace placesim::models {
namespace {

bool under_launcher() {
  for (const char* var : {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK", "PMI_SIZE"}) {
    if (const char* v = std::getenv(var); v && *v) return true;
  }
  return false;
}

#ifdef PLACESIM_HAVE_MPI
// A counter on rank 0 that every rank advances with MPI_Fetch_and_op: work
// goes to whichever rank asks next (no coordinator process).
class MpiQueue : public WorkQueue {
 public:
  explicit MpiQueue(std::size_t total) : total_(total) {
    MPI_Win_allocate(sizeof(std::uint64_t), sizeof(std::uint64_t), MPI_INFO_NULL, MPI_COMM_WORLD, &base_, &win_);
    *base_ = 0;
    MPI_Barrier(MPI_COMM_WORLD);
    MPI_Win_lock_all(0, win_);
  }
  ~MpiQueue() override {
    MPI_Win_unlock_all(win_);
    MPI_Win_free(&win_);
  }
  std::optional<std::pair<std::size_t, std::size_t>> next(std::size_t size) override {
    std::uint64_t add = size, begin = 0;
    MPI_Fetch_and_op(&add, &begin, MPI_UINT64_T, 0, 0, MPI_SUM, win_);
    MPI_Win_flush(0, win_);
    if (begin >= total_) return std::nullopt;
    return std::pair<std::size_t, std::size_t>{begin, std::min<std::size_t>(begin + size, total_)};
  }

 private:
  std::size_t total_;
  std::uint64_t* base_ = nullptr;
  MPI_Win win_{};
};
#endif

}  // namespace

bool Mpi::launched_without_support() {
#ifdef PLACESIM_HAVE_MPI
  return false;
#else
  return under_launcher() && std::getenv("OMPI_COMM_WORLD_SIZE") && std::atoi(std::getenv("OMPI_COMM_WORLD_SIZE")) > 1;
#endif
}

Mpi::Mpi(int* argc, char*** argv) {
#ifdef PLACESIM_HAVE_MPI
  if (!under_launcher()) return;
  int provided = 0;
  MPI_Init_thread(argc, argv, MPI_THREAD_FUNNELED, &provided);
  MPI_Comm_rank(MPI_COMM_WORLD, &ranks_.rank);
  MPI_Comm_size(MPI_COMM_WORLD, &ranks_.count);
  active_ = true;
#else
  (void)argc;
  (void)argv;
#endif
}

Mpi::~Mpi() {
#ifdef PLACESIM_HAVE_MPI
  if (active_) MPI_Finalize();
#endif
}

void Mpi::barrier() const {
#ifdef PLACESIM_HAVE_MPI
  if (active_) MPI_Barrier(MPI_COMM_WORLD);
#endif
}

std::unique_ptr<WorkQueue> Mpi::shared_queue(std::size_t total) const {
#ifdef PLACESIM_HAVE_MPI
  if (active_ && ranks_.count > 1) return std::make_unique<MpiQueue>(total);
#endif
  return local_queue(total);
}

std::vector<UnitResult> Mpi::gather(const std::vector<UnitResult>& mine, std::size_t measures, std::size_t detail) const {
#ifdef PLACESIM_HAVE_MPI
  if (active_ && ranks_.count > 1) {
    // Flatten to doubles: unit index (exact below 2^53), measures, detail.
    const std::size_t width = 1 + measures + detail;
    std::vector<double> send;
    for (const UnitResult& r : mine) {
      send.push_back(static_cast<double>(r.unit));
      send.insert(send.end(), r.measures.begin(), r.measures.end());
      send.insert(send.end(), r.detail.begin(), r.detail.end());
    }
    int count = static_cast<int>(send.size());
    std::vector<int> counts(static_cast<std::size_t>(ranks_.count)), offsets(counts.size(), 0);
    MPI_Gather(&count, 1, MPI_INT, counts.data(), 1, MPI_INT, 0, MPI_COMM_WORLD);
    std::vector<double> all;
    if (ranks_.rank == 0) {
      for (std::size_t i = 1; i < counts.size(); ++i) offsets[i] = offsets[i - 1] + counts[i - 1];
      all.resize(static_cast<std::size_t>(offsets.back() + counts.back()));
    }
    MPI_Gatherv(send.data(), count, MPI_DOUBLE, all.data(), counts.data(), offsets.data(), MPI_DOUBLE, 0,
                MPI_COMM_WORLD);
    std::vector<UnitResult> out;
    for (std::size_t i = 0; i + width <= all.size(); i += width) {
      UnitResult r;
      r.unit = static_cast<std::uint64_t>(all[i]);
      r.measures.assign(all.begin() + static_cast<std::ptrdiff_t>(i + 1),
                        all.begin() + static_cast<std::ptrdiff_t>(i + 1 + measures));
      r.detail.assign(all.begin() + static_cast<std::ptrdiff_t>(i + 1 + measures),
                      all.begin() + static_cast<std::ptrdiff_t>(i + width));
      out.push_back(std::move(r));
    }
    return out;
  }
#endif
  (void)measures;
  (void)detail;
  return mine;
}

}  // namespace placesim::models
