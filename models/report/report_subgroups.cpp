// The report's rows of an option's NPV by subgroup of families.
#include "models/report/report_internal.h"
#include "models/results/subgroups.h"
#include "sim/stats/summary.h"

namespace placesim::models {

sim::Json subgroups_json(const Results& r, const Appraisal& ap) {
  sim::Json rows = sim::Json::array();
  for (const SubgroupSaving& g : subgroup_savings(r, ap)) {
    sim::Json x = summary_json(g.label, g.net, "money");
    x["dimension"] = g.dimension;
    x["families"] = sim::summarize(g.families).mean;
    x["worked_with"] = sim::summarize(g.worked_with).mean;
    x["reactive_avoided"] = sim::summarize(g.reactive_avoided).mean;
    x["services_added"] = sim::summarize(g.services_added).mean;
    x["per_family"] = sim::summarize(g.per_family()).mean;
    rows.push_back(x);
  }
  return rows;
}

}  // namespace placesim::models
