#include "models/studies/precision_run.h"

#include <algorithm>
#include <exception>
#include <stdexcept>

#include "models/regimes/record_codec.h"
#include "models/regimes/replication.h"
#include "sim/io/diagnostics.h"
#include "sim/parallel/replication_runner.h"

namespace placesim::models {
namespace {

using Progress = std::function<void(std::size_t, std::size_t)>;

// Whether an error is bad input (a value a replication's draw made invalid),
// as opposed to a failure while running.
bool is_bad_input(const std::exception_ptr& e) {
  if (!e) return false;
  try {
    std::rethrow_exception(e);
  } catch (const sim::InputError&) {
    return true;
  } catch (const sim::BadInput&) {
    return true;
  } catch (...) {
    return false;
  }
}

// Runs `work` on this rank, then has every rank agree whether any failed
// (sim::Mpi::agree): every rank reaches the collective calls after it, so a
// failure on one never leaves the others waiting for it for ever.
void together(const sim::Mpi& mpi, const std::function<void()>& work) {
  std::exception_ptr failed;
  try {
    work();
  } catch (...) {
    failed = std::current_exception();
  }
  mpi.agree(failed, is_bad_input(failed));
}

// Rank 0's gathered records in replication order, each exactly once.
std::vector<ReplicationRecord> in_order(const std::vector<double>& all, std::size_t first,
                                        std::size_t count) {
  std::vector<ReplicationRecord> out(count);
  std::vector<bool> seen(count, false);
  for (DecodedRecord& d : decode_records(all)) {
    if (d.rep < first || d.rep - first >= count || seen[d.rep - first])
      throw std::runtime_error("replication " + std::to_string(d.rep) +
                               " came back from the ranks out of place or twice");
    seen[d.rep - first] = true;
    out[d.rep - first] = std::move(d.record);
  }
  if (std::find(seen.begin(), seen.end(), false) != seen.end())
    throw std::runtime_error("some replications did not come back from the ranks");
  return out;
}

// Chunks a rank takes in each segment of a run shared among ranks: enough
// that the wait for the segment's last chunk is short beside it, few enough
// that rank 0 holds little of it at once.
constexpr std::size_t kChunksPerRank = 8;

// Replications [first, first + count) shared among the ranks, a segment at a
// time: each rank takes a chunk when it is free (a few per thread: small
// enough to balance the load, large enough that the shared counter is rarely
// asked) and sends its records to rank 0, which hands them to `sink` in
// replication order before the next segment starts, so no rank holds more
// than a segment's records.
void run_on_ranks(const Scenario& s, const RunSettings& settings, const RunPlan& plan,
                  std::size_t first, std::size_t count,
                  const std::function<void(std::size_t)>& handed_out, const RecordSink& sink) {
  const sim::Mpi& mpi = *plan.mpi;
  const auto chunk = static_cast<std::size_t>(std::max(1, sim::thread_count(plan.threads))) * 2;
  // Every rank must cut the segments alike (a rank's chunk follows its own
  // cores, which can differ by node or cpuset): rank 0's size serves all.
  const auto segment = static_cast<std::size_t>(
      mpi.broadcast({static_cast<double>(chunk * kChunksPerRank *
                                         static_cast<std::size_t>(mpi.ranks().count))})
          .at(0));
  for (std::size_t done = 0; done < count;) {
    const std::size_t size = std::min(segment, count - done), begin = first + done;
    auto queue = mpi.shared_queue(size);
    std::vector<double> mine;
    // A rank that fails takes no more work.
    together(mpi, [&] {
      while (auto range = queue->next(chunk)) {
        if (handed_out) handed_out(done + range->second);
        const std::size_t at = begin + range->first;
        auto records = run_replications(s, settings, plan.seed, at, range->second - range->first,
                                        plan.threads);
        for (std::size_t i = 0; i < records.size(); ++i) encode_record(at + i, records[i], mine);
      }
    });
    const std::vector<double> all = mpi.gather(mine);
    together(mpi, [&] {
      if (mpi.ranks().rank != 0) return;
      std::vector<ReplicationRecord> records = in_order(all, begin, size);
      for (std::size_t i = 0; i < records.size(); ++i) sink(begin + i, std::move(records[i]));
    });
    done += size;
  }
}

}  // namespace

RunOutcome run_plan(const Scenario& s, const RunPlan& plan, ResultsBuilder& into,
                    const Progress& progress) {
  RunOutcome out;
  RunSettings settings;
  settings.decompose = plan.decompose;
  settings.exact = plan.exact;
  settings.vary = plan.vary;
  settings.draw = plan.draw;
  const bool shared = plan.mpi && plan.mpi->ranks().count > 1;
  const bool lead = !plan.mpi || plan.mpi->ranks().rank == 0;
  const bool adaptive = plan.until_ci > 0.0;
  const std::size_t cap = adaptive ? plan.max_replications : plan.replications;
  const std::size_t batch = std::min(plan.replications, cap);
  // An adaptive run checks the interval after every batch, in replication
  // order, as if it ran one batch at a time; but it runs as many batches at
  // once as keep every thread and rank busy (-r 1 would otherwise run one
  // replication at a time), and drops the records past the batch that met
  // the target. The replications kept, and so every number, do not depend on
  // the threads or ranks; only the work thrown away does. A replication that
  // fails in such a round (a fitted draw a scenario refuses) may lie past the
  // target: the round is taken again one batch at a time from what was kept,
  // so the run fails only where one batch at a time would have.
  std::size_t ahead = 1;
  if (adaptive) {
    double workers = sim::thread_count(plan.threads);
    if (shared) {
      workers *= plan.mpi->ranks().count;
      workers = plan.mpi->broadcast({workers}).at(0);  // every rank cuts rounds alike
    }
    ahead = std::max<std::size_t>(1, (2 * static_cast<std::size_t>(workers) + batch - 1) / batch);
  }
  bool stop = false;  // the target was met, or the cap reached: records past it are dropped
  const std::size_t first_kept = into.replications();
  const RecordSink sink = [&](std::uint64_t, ReplicationRecord&& rec) {
    if (stop) {
      out.events_dropped += events_of(rec);
      return;
    }
    into.add(std::move(rec));
    const std::size_t kept = into.replications() - first_kept;
    if (!adaptive || (kept % batch != 0 && kept != cap)) return;
    out.half_width = into.npv_half_width();
    out.target_met = out.half_width <= plan.until_ci;
    stop = out.target_met || kept >= cap;
  };
  while (!stop && out.replications < cap) {
    const std::size_t done = out.replications, start = plan.first + done;
    // Rounds end on a batch's last replication, where the target is checked
    // (a round taken again after a failure starts where the kept records end).
    const std::size_t size = std::min(ahead * batch - done % batch, cap - done);
    const Progress report = [&](std::size_t d, std::size_t) {
      if (progress) progress(done + d, done + size);
    };
    try {
      if (shared)
        run_on_ranks(
            s, settings, plan, start, size, [&](std::size_t d) { report(d, 0); }, sink);
      else
        stream_replications(s, settings, plan.seed, start, size, plan.threads, sink, report);
    } catch (...) {
      if (ahead == 1) throw;  // (every rank throws: Mpi::agree)
      ahead = 1;
    }
    if (!adaptive) {
      out.replications = size;
      break;
    }
    // Rank 0 holds the records and decided; every rank follows it.
    std::vector<double> state;
    if (lead)
      state = {static_cast<double>(into.replications() - first_kept), out.half_width,
               stop ? 1.0 : 0.0, out.target_met ? 1.0 : 0.0};
    if (shared) state = plan.mpi->broadcast(state);
    out.replications = static_cast<std::size_t>(state.at(0));
    out.half_width = state.at(1);
    stop = state.at(2) != 0.0;
    out.target_met = state.at(3) != 0.0;
  }
  return out;
}

}  // namespace placesim::models
