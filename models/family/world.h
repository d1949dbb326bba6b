#pragma once
// What the collaborators of one family simulation share (private to
// models/family): the scenario and its drawn parameters, the regime's rules,
// the clock, the families, the money and the record, and tables compiled
// once from the scenario.

#include <array>
#include <cstdint>
#include <vector>

#include "models/family/family_store.h"
#include "models/family/history.h"
#include "models/family/ledger.h"
#include "models/family/model_params.h"
#include "models/family/record.h"
#include "models/family/rules.h"
#include "sim/core/simulation.h"

namespace placesim::models::family {

class ResultsPayments;

//! Event kinds of the family model (0 and 1 are the network's).
enum Kind : std::uint32_t { kClock = 2, kFollowOn, kHandoff, kYearStart, kArrival };

//! Tables compiled from the scenario, the same in every regime of a replication.
struct Tables {
  std::uint32_t events = 0, needs = 0, agencies = 0, services = 0;  //!< sizes
  std::uint32_t clocks = 0;                                         //!< hazard clocks per family
  std::uint32_t need_clock0 = 0;                                    //!< first need clock
  std::uint32_t leave_clock = 0;             //!< the clock for leaving the place
  std::vector<Index> clock_event;            //!< clock -> event type (event clocks only)
  std::vector<std::vector<float>> keep;      //!< [service][event]: 1 - true reduction
  std::vector<std::uint32_t> target_mask;    //!< [service]: needs an effect acts on
  std::vector<std::uint32_t> assess_mask;    //!< [service]: needs an assessment looks at
  std::vector<std::uint32_t> priority_mask;  //!< [service]: needs that order its queue
  std::vector<std::vector<double>>
      cost_view;  //!< [event][view]: expected £ (belief); view `agencies` = all
  std::vector<std::array<double, 2>> level_cut;  //!< [need]: normal quantiles between need levels
  std::vector<double> joint_weight;              //!< [agency]: share of a joint assessment it bears
  std::uint64_t all_clocks = 0;                  //!< every clock's bit (all bits past 64 clocks)
  std::vector<std::uint64_t> need_clocks;        //!< [need]: clocks a level change can alter
  std::vector<std::uint64_t> effect_clocks;      //!< [service]: clocks its effect can alter
  std::vector<std::uint64_t> waiting_clocks;     //!< [service]: clocks waiting for it can alter
  std::vector<std::uint64_t> escalation_clock;   //!< [need]: the clock of its level changes
  std::vector<std::uint32_t> replaced_needs;     //!< [event]: needs its episode stands in for
  std::vector<std::vector<char>>
      replaced_events;                         //!< [event][event]: impossible during its episode
  std::vector<std::uint64_t> replaced_clocks;  //!< [event]: clocks its episode can alter
  // The evidence of each line's unit cost, for optimism bias line by line.
  std::vector<Evidence> event_evidence;                //!< [event]: its unit cost
  std::vector<Evidence> episode_evidence;              //!< [event]: its episode's cost a week
  std::vector<std::array<Evidence, 2>> need_evidence;  //!< [need][moderate, high]: costs a year
  std::vector<char> need_levels_apart;                 //!< [need]: its two levels' evidence differs
  std::vector<Evidence> place_evidence;                //!< [service]: its cost per place-year
  std::vector<Evidence> visit_evidence;                //!< [service]: its cost per episode
  std::vector<std::vector<Evidence>> setup_evidence;   //!< [regime][appraisal year]: set-up
};

//! Builds the tables of a scenario with its drawn parameters.
Tables compile_tables(const Scenario& s, const ModelParams& p);
//! The expected cost to `view` (an agency, or `agencies` for all) of event k,
//! with its episode and follow-ons, at the scenario's stated values (belief).
double expected_cost(const Scenario& s, Index k, Index view, int depth = 0);

//! Everything one simulation's collaborators share.
struct World {
  const Scenario& s;          //!< the scenario
  const ModelParams& p;       //!< this replication's draws
  const RegimeRules& before;  //!< rules before the appraisal window (the baseline's)
  const RegimeRules& from;    //!< rules from it on (this regime's)
  const Tables& t;            //!< compiled tables
  sim::Simulation& sim;       //!< the clock and calendar
  FamilyStore& families;      //!< the families
  Ledger& ledger;             //!< the money
  RegimeRecord& rec;          //!< what is recorded
  int year = 0;               //!< the simulated year now (set by the loop at each boundary)
  std::vector<std::uint32_t>
      places_cut{};            //!< [service] withdrawn this year for last year's overspend
  bool initial_state = false;  //!< placing the starting state: episodes begin part-way through
  bool window_open = false;    //!< the appraisal window has opened: arrivals form its cohorts
  FamilyHistories* history = nullptr;   //!< per-family histories, when evaluations are emulated
  ResultsPayments* payments = nullptr;  //!< payment by results (set by the simulation)

  //! The rules in force now.
  [[nodiscard]] const RegimeRules& rules() const { return year >= s.warmup_years ? from : before; }
  //! The appraisal year of simulated year y (negative in the warm-up).
  [[nodiscard]] int appraisal_year(int y) const { return y - s.warmup_years; }
  //! Books `amount` of family f's own spend of kind `kind` to its subgroup's account this year.
  void book(std::uint32_t f, int kind, double amount) {
    ledger.post_group(year, families.core(f).group, kind, amount);
  }
  //! Spreads `per_day` over [t0, t1) of family f's subgroup's account.
  void book_over(std::uint32_t f, sim::Time t0, sim::Time t1, double per_day) {
    ledger.accrue_group(t0, t1, per_day, families.core(f).group, kSubgroupReactive);
  }
  //! Counts `days` (negative: taken back) of family life with need d at level lv this year.
  void live_with(Index d, int lv, double days) {
    if (lv > 0) ledger.post_need_days(year, d, lv, days);
  }
  //! Adds reactive cost to family f's history in simulated year y. While the
  //! family's year is open, the sum is held in its block, which an event has
  //! already read, where a write to the history waits on two misses (the
  //! family's row, then its cell); the additions are the same, in the same
  //! order, so the cell ends with the same value.
  void history_cost(std::uint32_t f, int y, double amount) {
    if (!history) return;
    const FamilyCore& c = families.core(f);
    if (y == year && c.history_open) {
      if (c.history_kept) *families.year_cost(f) += static_cast<float>(amount);
      return;
    }
    history->cost(c.uid, y, amount);
  }
  //! Spreads per_day from t0 to t1 over family f's years of history.
  void history_accrue(std::uint32_t f, double t0, double t1, double per_day) {
    if (history)
      history->split_by_year(t0, t1, per_day,
                             [&](int y, double amount) { history_cost(f, y, amount); });
  }
  //! Holds family f's history cost of the current year in its block.
  void open_history_year(std::uint32_t f) {
    if (!history) return;
    FamilyCore& c = families.core(f);
    const float* cell = history->cost_cell(c.uid, year);
    c.history_open = true;
    c.history_kept = cell != nullptr;
    *families.year_cost(f) = cell ? *cell : 0.0f;
  }
  //! Writes family f's held cost of the current year back to its history.
  void close_history_year(std::uint32_t f) {
    FamilyCore& c = families.core(f);
    if (!c.history_open) return;
    if (c.history_kept) *history->cost_cell(c.uid, year) = *families.year_cost(f);
    c.history_open = false;
  }
  //! True when simulated year y is inside the appraisal window.
  [[nodiscard]] bool appraised(int y) const {
    return y >= s.warmup_years && y < s.simulated_years();
  }
};

}  // namespace placesim::models::family
