#include "models/studies/precision_run.h"

#include <algorithm>

#include "models/appraisal/appraisal.h"
#include "models/regimes/replication.h"

namespace placesim::models {

RunOutcome run_plan(const Scenario& s, const RunPlan& plan,
                    const std::function<void(std::size_t, std::size_t)>& progress) {
  RunOutcome out;
  RunSettings settings;
  settings.decompose = plan.decompose;
  settings.exact = plan.exact;
  settings.vary = plan.vary;
  const bool adaptive = plan.until_ci > 0.0;
  std::size_t batch =
      adaptive ? std::min(plan.replications, plan.max_replications) : plan.replications;
  std::size_t planned = batch;
  for (;;) {
    const std::size_t done = out.records.size();
    auto more = run_replications(s, settings, plan.seed, done, batch, plan.threads,
                                 [&](std::size_t d, std::size_t) {
                                   if (progress) progress(done + d, planned);
                                 });
    for (auto& r : more) out.records.push_back(std::move(r));
    if (!adaptive) break;
    out.half_width = npv_half_width(appraise(s, out.records, s.main_option()).npv);
    out.target_met = out.half_width <= plan.until_ci;
    if (out.target_met || out.records.size() >= plan.max_replications) break;
    batch = std::min<std::size_t>(batch, plan.max_replications - out.records.size());
    planned = out.records.size() + batch;
  }
  return out;
}

}  // namespace placesim::models
