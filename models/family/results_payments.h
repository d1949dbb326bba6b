#pragma once
// Payment by results in one family simulation (private to models/family).
//
// When the regime's rules name a payment_by_results block, a family's first
// start of the paid intervention inside the appraisal window earns its agency
// the attachment fee at once, and the results payment when the year after
// the one it started in ends, if its counts of the rule's events fell enough
// from the year before it started (the same rule, on the same years, as the
// evaluation's turned-around count). The payer commits what the payee
// receives, in the transfer category, so the whole system's spend is unchanged
// by the money itself.

#include <cstdint>
#include <vector>

#include "models/family/budgets.h"
#include "models/family/history.h"
#include "models/family/world.h"

namespace placesim::models::family {

//! Attachment and results payments of one simulation.
class ResultsPayments {
 public:
  //! Payments in world w, posted through `budgets`; inactive when no regime rule pays.
  ResultsPayments(World& w, Budgets& budgets);

  //! True when this regime pays by results.
  [[nodiscard]] bool active() const { return spec_ != nullptr; }
  //! Makes room for the family with identity uid.
  void add_family(std::uint64_t uid);
  //! Room for `families` families in all (FamilyHistories::reserve says why).
  void reserve(std::uint64_t families);
  //! Counts event k for family uid in the current year.
  void count(std::uint64_t uid, Index k);
  //! Family uid started service sv now: pays the attachment on its first
  //! start of the paid intervention in the window.
  void started(std::uint64_t uid, Index sv);
  //! The payment a buyer counting the agencies in `counted` expects for
  //! taking family uid on to service sv (0 when sv is not paid for, the
  //! payee is not counted, or the family has been paid for already).
  [[nodiscard]] double expected(std::uint64_t uid, Index sv,
                                const std::vector<char>& counted) const;
  //! Year y has ended: pays for the families that started in year y - 1 and
  //! meet the rule, booked in year y.
  void settle(int y);

 private:
  [[nodiscard]] const std::uint16_t* counts(std::uint64_t uid, int y) const;
  void transfer(double amount);

  World& w_;
  Budgets& budgets_;
  const PaymentByResults* spec_ = nullptr;
  std::size_t n_ = 0;                     // events the rule counts
  std::vector<Index> slot_of_;            // [event] its place among them, or kNoIndex
  std::vector<std::uint16_t> counts_;     // [uid][year parity][counted event]
  std::vector<std::int16_t> count_year_;  // [uid][year parity]: the year those counts are of
  std::vector<std::uint16_t> before_;     // [uid][counted event]: the year before its start
  std::vector<char> paid_;                // [uid]: attached already
  std::vector<std::vector<std::uint64_t>> started_in_;  // [year]: families attached that year
  std::vector<std::uint16_t> zeros_;                    // counts of a year with no event
};

}  // namespace placesim::models::family
