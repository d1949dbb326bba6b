#include "models/appraisal/appraisal_datasets.h"

namespace placesim::models {
namespace {

std::vector<AppraisalDataset> make_table() {
  using A = Appraisal;
  constexpr const char* kPv = "GBP, real, discounted";
  constexpr const char* kRatio = "ratio (NaN when there are no extra costs)";
  const std::vector<std::string> rep = {"replication"};
  return {
      {"net_saving",
       {"replication", "year", "agency"},
       "GBP, real, at price-base-year prices, undiscounted",
       "siloed spend minus pooled spend",
       &A::net_saving},
      {"npv", rep, "GBP, real, discounted to the first year",
       "total net saving at Green Book rates (year 0 undiscounted), before optimism bias", &A::npv,
       false, true},
      {"npv_by_agency",
       {"replication", "agency"},
       kPv,
       "net saving by agency, discounted",
       &A::npv_by_agency},
      {"cumulative_npv",
       {"replication", "year"},
       kPv,
       "cumulative discounted net saving to the end of each year",
       &A::cumulative_npv},
      {"costs_pv", rep, kPv,
       "extra prevention, set-up and joint-team spend of the option over the baseline",
       &A::costs_pv},
      {"benefits_pv", rep, kPv,
       "avoided reactive spend and the agencies' own assessment spend, option against baseline",
       &A::benefits_pv},
      {"costs_pv_optimism_adjusted", rep, kPv,
       "costs_pv with each cost line raised by the optimism bias for its grade of evidence",
       &A::costs_pv_adjusted},
      {"benefits_pv_optimism_adjusted", rep, kPv,
       "benefits_pv with each benefit line cut by the optimism bias for its grade of evidence",
       &A::benefits_pv_adjusted},
      {"cashable_npv", rep, kPv, "cashable benefits minus costs", &A::cashable_npv},
      {"npv_optimism_adjusted", rep, kPv,
       "benefits_pv_optimism_adjusted minus costs_pv_optimism_adjusted", &A::npv_adjusted, false,
       true},
      {"bcr", rep, kRatio, "benefits_pv / costs_pv", &A::bcr},
      {"bcr_optimism_adjusted", rep, kRatio, "benefit-cost ratio after optimism bias",
       &A::bcr_adjusted},
      {"roi", rep, kRatio, "(benefits_pv - costs_pv) / costs_pv: the fiscal return", &A::roi},
      {"transfers_pv", rep, kPv,
       "benefit payments to families avoided (each agency's transfer_share of its reactive "
       "spend): in benefits_pv as fiscal value, but transfers, not resources, to the economy",
       &A::transfers_pv},
      {"economic_npv", rep, kPv, "npv less transfers_pv", &A::economic_npv},
      {"economic_roi", rep, kRatio,
       "(benefits_pv - transfers_pv - costs_pv) / costs_pv: the economic return", &A::economic_roi},
      {"payback_year", rep, "appraisal year index (-1: not within the horizon)",
       "first year from which cumulative NPV stays at or above zero", &A::payback_year},
      {"siloed_pv", rep, kPv, "all siloed spend, discounted", &A::siloed_pv, false, true},
      {"pooled_pv", rep, kPv, "all pooled spend, discounted", &A::pooled_pv, false, true},
      {"social_value_pv", rep, kPv,
       "family-years with a need the option avoids, valued at each need's "
       "social_cost_per_year: social value, not public spend",
       &A::social_value_pv, true},
      {"social_npv", rep, kPv, "economic_npv plus social_value_pv", &A::social_npv, true},
  };
}

}  // namespace

const std::vector<AppraisalDataset>& appraisal_datasets() {
  static const std::vector<AppraisalDataset> table = make_table();
  return table;
}

}  // namespace placesim::models
