#pragma once
// Money in one family simulation (private to models/family): what each
// agency commits and when, its pot for buying places, the fund, and the
// rationing that starts when committed spend reaches a budget's threshold.

#include <vector>

#include "models/family/world.h"

namespace placesim::models::family {

//! Whose money buys places: an agency's own pot, or the fund.
struct Pot {
  Index agency = kNoIndex;  //!< the agency, or kNoIndex for the fund
  [[nodiscard]] bool fund() const { return agency == kNoIndex; }  //!< the fund
  bool operator==(const Pot&) const = default;
};

//! Budgets, commitments and rationing.
class Budgets {
 public:
  //! Budgets of the world's agencies.
  explicit Budgets(World& w);

  //! Starts simulated year y: records year y - 1's overspends and sets this
  //! year's response to them, then thresholds and the fund's weights.
  void start_year(int y);
  // Every amount comes with the evidence of the unit cost that set it, for
  // optimism bias line by line (models/scenario/evidence.h).
  //! Commits `amount` to an agency in a category now.
  void post(Index agency, int category, double amount, Evidence e);
  //! Commits `amount` to the fund's contributors, in proportion to what they put in.
  void post_to_fund(int category, double amount, Evidence e);
  //! Commits `amount` spread by `weights` [agency].
  void post_shared(const std::vector<double>& weights, int category, double amount, Evidence e);
  //! Charges a payer split for an event or a need, split into cashable and not.
  void charge(const PayerSplit& payer, double cashable, double amount, Evidence e);
  //! Accrues `per_day` from t0 to t1 to a payer split, year by year.
  void accrue(sim::Time t0, sim::Time t1, double per_day, const PayerSplit& payer, double cashable,
              Evidence e);
  //! True when the agency now serves only families with a high need.
  [[nodiscard]] bool rationed(Index agency) const;
  //! Money in a pot in year y before any place is bought: its share of
  //! budgets, less what is held back to recover last year's overspends.
  [[nodiscard]] double pot_money(Pot pot, int y) const;
  //! Records the days each agency rationed in year y.
  void observe_year(int y);

 private:
  void check_rationing(Index agency);
  void respond_to_overspend(int y);
  [[nodiscard]] double nominal_pot(Index agency, int y) const;
  // Agency a's budget in simulated year y (this replication's scale applied).
  [[nodiscard]] double budget(Index agency, int y) const;

  World& w_;
  std::vector<char> rationing_;          // [agency]: its own threshold is reached this year
  std::vector<double> rationing_since_;  // [agency]: the day it was (infinity: not yet)
  std::vector<double> threshold_;    // [agency]: committed spend that starts rationing this year
  double pool_threshold_ = 0.0;      // the same for the pool's budget
  bool pool_rationing_ = false;      // the pool's threshold is reached this year
  double pool_since_ = 0.0;          // the day it was
  std::vector<double> fund_weight_;  // [agency]: share of fund spend it bears this year
  std::vector<double> held_back_;    // [agency]: last year's overspend it recovers this year
};

}  // namespace placesim::models::family
