#include "models/results/run_datasets.h"

#include <stdexcept>

#include "models/family/ledger.h"
#include "models/family/subgroups.h"

namespace placesim::models {
namespace {

constexpr const char* kMoney = "GBP, real, at price-base-year prices, undiscounted";

std::vector<RunDataset> make_table() {
  using A = RegimeArrays;
  using X = RegimeRecord;
  const RunSource field = RunSource::field;
  return {
      {"spend",
       {"replication", "year", "agency"},
       kMoney,
       "spend by financial year and agency, all categories",
       RunSource::spend},
      {"spend_by_category",
       {"replication", "year", "agency", "category"},
       kMoney,
       "spend by category (see /dims/categories)",
       field,
       &A::spend_by_category,
       &X::spend},
      {"events",
       {"replication", "year", "event_type"},
       "count",
       "events by financial year and type",
       field,
       &A::events,
       &X::events},
      {"wait_days",
       {"replication", "service"},
       "days",
       "mean wait in queue of families who started service in the appraisal window",
       field,
       &A::wait_days,
       &X::wait_days},
      {"utilisation",
       {"replication", "service"},
       "fraction",
       "busy place-time divided by available place-time",
       field,
       &A::utilisation,
       &X::utilisation},
      {"turned_away",
       {"replication", "service"},
       "count",
       "referrals refused because the waiting list was full",
       field,
       &A::turned_away,
       &X::turned_away},
      {"places_bought",
       {"replication", "year", "service"},
       "places",
       "places bought by commissioners on top of the scenario's capacity",
       field,
       &A::places_bought,
       &X::places_bought},
      {"rationing_days",
       {"replication", "year", "agency"},
       "days",
       "days in the year on which the agency served only families with a high need",
       field,
       &A::rationing_days,
       &X::rationing_days},
      {"overspend",
       {"replication", "year", "agency"},
       kMoney,
       "spend committed beyond the agency's budget for the year; the next year recovers it "
       "from prevention",
       field,
       &A::overspend,
       &X::overspend},
      {"prevalence",
       {"replication", "year", "need", "level"},
       "fraction",
       "share of families at each need level at the end of the year",
       field,
       &A::prevalence,
       &X::prevalence},
      {"need_years",
       {"replication", "year", "need", "need_level_lived"},
       "family-years",
       "family-years lived with each need at moderate and at high, time-weighted",
       field,
       &A::need_years,
       &X::need_years},
      {"social_cost",
       {"replication", "year"},
       kMoney,
       "need_years at each need's social_cost_per_year as drawn: social value lost, not "
       "spend (0 where the scenario values none)",
       field,
       &A::social_cost,
       &X::social_cost},
      {"families",
       {"replication", "year"},
       "families",
       "families in the place at the end of the year",
       field,
       &A::families,
       &X::families},
      {"family_years",
       {"replication", "year"},
       "family-years",
       "families in the place, time-weighted over the year",
       field,
       &A::family_years,
       &X::family_years},
      {"effects_displaced",
       {"replication"},
       "count",
       "intervention effects displaced or lost because a family already carried the most it "
       "holds",
       RunSource::displaced,
       &A::effects_displaced},
      {"turned_around",
       {"replication", "year"},
       "families",
       "families with no high need at the end of the year",
       field,
       &A::turned_around,
       &X::turned_around},
      {"worked_with",
       {"replication", "year"},
       "families",
       "families that started an intervention in the year",
       field,
       &A::worked_with,
       &X::worked_with},
      {"subgroup_spend",
       {"replication", "year", "entry_cohort", "need_profile", "spend_kind"},
       kMoney,
       "families' own spend by the cohort they entered with and their need profile then: "
       "events, episodes and needs (reactive); services' costs per episode (services). "
       "Places, set-up and episodes of the starting state attach to no family",
       field,
       &A::subgroup_spend,
       &X::subgroup_spend},
      {"subgroup_families",
       {"replication", "entry_cohort", "need_profile"},
       "families",
       "families in the place in the appraisal window, by entry cohort and need profile at "
       "entry",
       field,
       &A::subgroup_families,
       &X::subgroup_families},
      {"subgroup_worked_with",
       {"replication", "entry_cohort", "need_profile"},
       "families",
       "of them, families that started an intervention in the window",
       field,
       &A::subgroup_worked_with,
       &X::subgroup_worked},
      {"paid_for_results",
       {"replication", "year"},
       "families",
       "families a payment-by-results payer paid for as turned around in the year (0 when "
       "the regime does not pay by results)",
       field,
       &A::paid_for_results,
       &X::paid_for_results},
      {"unmet",
       {"replication", "year"},
       "referrals",
       "referrals of need refused at a full waiting list, lost between agencies or rationed "
       "away",
       field,
       &A::unmet,
       &X::unmet},
  };
}

}  // namespace

const std::vector<RunDataset>& run_datasets() {
  static const std::vector<RunDataset> table = make_table();
  return table;
}

std::uint64_t dim_extent(const Results& r, const std::string& dim) {
  const std::uint64_t Y = r.years.size();
  if (dim == "replication") return r.replications;
  if (dim == "year") return Y;
  if (dim == "agency") return r.agencies.size();
  if (dim == "event_type") return r.event_types.size();
  if (dim == "service") return r.services.size();
  if (dim == "category") return r.categories.size();
  if (dim == "need") return r.needs.size();
  if (dim == "level") return r.levels.size();
  if (dim == "need_level_lived") return 2;
  if (dim == "entry_cohort") return Y + 1;
  if (dim == "need_profile") return kProfiles;
  if (dim == "spend_kind") return kSubgroupKinds;
  throw std::logic_error("dim_extent: no dimension called " + dim);
}

std::vector<double> spend_totals(std::span<const double> by_category) {
  std::vector<double> out(by_category.size() / kCategories, 0.0);
  for (std::size_t i = 0; i < out.size(); ++i) {
    for (std::size_t c = 0; c < kCategories; ++c) out[i] += by_category[i * kCategories + c];
  }
  return out;
}

std::vector<double> run_row(const RunDataset& d, const RegimeRecord& x) {
  switch (d.source) {
    case RunSource::spend:
      return spend_totals(x.spend);
    case RunSource::displaced:
      return {x.effects_displaced};
    case RunSource::field:
      break;
  }
  return x.*d.record;
}

}  // namespace placesim::models
