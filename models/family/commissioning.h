#pragma once
// The commissioning decision of each budget cycle (private to models/family).
//
// For each intervention one buyer decides: its agency, spending its own pot or
// the pooled fund, counting the savings that fall on its own budget or on the
// pool's, over its decision horizon (the regime's rules say which). It ranks
// the families the intervention could take by the saving it expects from each
// (belief: the scenario's stated mean effects and unit costs, not the effect
// drawn for the replication) and buys places one at a time, best value first,
// while the expected saving of the families a place would serve covers its
// cost over the horizon, and while the money lasts. It then refers the
// top-ranked families to fill a year of the places.

#include <vector>

#include "models/family/budgets.h"
#include "models/family/clocks.h"
#include "models/family/referrals.h"
#include "models/family/world.h"

namespace placesim::models::family {

//! Places bought in one cycle.
struct Purchases {
  std::vector<std::uint32_t> places;  //!< [service] places bought on top of capacity
  std::vector<char> from_fund;        //!< [service] bought from the fund (else its agency's pot)
};

//! The yearly purchase of preventive places.
class Commissioning {
 public:
  //! Commissioning in world w.
  Commissioning(World& w, Budgets& budgets, Clocks& clocks, Referrals& referrals,
                const Network& net)
      : w_(w), budgets_(budgets), clocks_(clocks), referrals_(referrals), net_(net) {}
  //! Decides year y's purchases and refers families to fill the places.
  Purchases commission(int y);

 private:
  [[nodiscard]] double expected_saving(std::uint32_t f, Index sv,
                                       const std::vector<double>& cost_view,
                                       const std::vector<char>& pays, double effect_days,
                                       double horizon, const double* rates) const;

  World& w_;
  Budgets& budgets_;
  Clocks& clocks_;
  Referrals& referrals_;
  const Network& net_;
};

//! Servers of service sv in simulated year y before any purchase: its
//! capacity, none for a joint assessment out of use, and none for the old
//! assessment teams once a joint one has replaced them.
std::uint32_t base_capacity(const World& w, Index sv, int y);

}  // namespace placesim::models::family
