// The MPI half of the parallel layer, compiled with MPI only when the build
// has it (PLACESIM_MPI). Without it, everything runs in one process.
#include "sim/parallel/mpi.h"

#include <algorithm>
#include <cstdlib>
#include <stdexcept>

#ifdef PLACESIM_HAVE_MPI
#include <mpi.h>
#endif

namespace placesim::sim {
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
    MPI_Win_allocate(sizeof(std::uint64_t), sizeof(std::uint64_t), MPI_INFO_NULL, MPI_COMM_WORLD,
                     &base_, &win_);
    *base_ = 0;
    MPI_Barrier(MPI_COMM_WORLD);
    MPI_Win_lock_all(0, win_);
  }
  ~MpiQueue() override {
    MPI_Win_unlock_all(win_);
    MPI_Win_free(&win_);
  }
  MpiQueue(const MpiQueue&) = delete;
  MpiQueue& operator=(const MpiQueue&) = delete;
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

// Messages stay below MPI's int count: this many doubles at most in each.
constexpr std::uint64_t kChunk = std::uint64_t{1} << 26;
#endif

}  // namespace

bool Mpi::launched_without_support() {
#ifdef PLACESIM_HAVE_MPI
  return false;
#else
  const char* size = std::getenv("OMPI_COMM_WORLD_SIZE");
  return under_launcher() && size && std::atoi(size) > 1;
#endif
}

Mpi::Mpi(int* argc, char*** argv, std::function<void()> quiet) : quiet_(std::move(quiet)) {
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

std::vector<double> Mpi::gather(const std::vector<double>& mine) const {
#ifdef PLACESIM_HAVE_MPI
  if (active_ && ranks_.count > 1) {
    // Sizes first (64-bit), then each rank's values in chunks, in rank order.
    std::uint64_t count = mine.size();
    std::vector<std::uint64_t> counts(static_cast<std::size_t>(ranks_.count));
    MPI_Gather(&count, 1, MPI_UINT64_T, counts.data(), 1, MPI_UINT64_T, 0, MPI_COMM_WORLD);
    if (ranks_.rank != 0) {
      for (std::uint64_t at = 0; at < count; at += kChunk)
        MPI_Send(mine.data() + at, static_cast<int>(std::min(kChunk, count - at)), MPI_DOUBLE, 0, 1,
                 MPI_COMM_WORLD);
      return {};
    }
    std::vector<double> all(mine);
    for (std::size_t r = 1; r < counts.size(); ++r) {
      const std::size_t start = all.size();
      all.resize(start + counts[r]);
      for (std::uint64_t at = 0; at < counts[r]; at += kChunk)
        MPI_Recv(all.data() + start + at, static_cast<int>(std::min(kChunk, counts[r] - at)),
                 MPI_DOUBLE, static_cast<int>(r), 1, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    }
    return all;
  }
#endif
  return mine;
}

std::vector<double> Mpi::broadcast(const std::vector<double>& values) const {
#ifdef PLACESIM_HAVE_MPI
  if (active_ && ranks_.count > 1) {
    std::uint64_t n = values.size();
    MPI_Bcast(&n, 1, MPI_UINT64_T, 0, MPI_COMM_WORLD);
    std::vector<double> out = ranks_.rank == 0 ? values : std::vector<double>(n);
    for (std::uint64_t at = 0; at < n; at += kChunk)
      MPI_Bcast(out.data() + at, static_cast<int>(std::min(kChunk, n - at)), MPI_DOUBLE, 0,
                MPI_COMM_WORLD);
    return out;
  }
#endif
  return values;
}

bool Mpi::any(bool mine) const {
#ifdef PLACESIM_HAVE_MPI
  if (active_ && ranks_.count > 1) {
    int in = mine ? 1 : 0, out = 0;
    MPI_Allreduce(&in, &out, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
    return out != 0;
  }
#endif
  return mine;
}

void Mpi::agree(const std::exception_ptr& failed, bool bad_input) const {
  // Both reductions on every rank, in this order, failed or not.
  const bool any_failed = any(failed != nullptr);
  const bool any_bad = any(failed != nullptr && bad_input);
  if (!any_failed) return;
  // The failing ranks go on to say why and end the job, which has mpirun kill
  // the rest: those are made quiet first, so that nothing but the reason shows.
  if (!failed && quiet_) quiet_();
  barrier();
  if (failed) throw SharedWorkFailed(failed);
  throw OtherRankFailed(any_bad);
}

}  // namespace placesim::sim
