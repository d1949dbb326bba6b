#pragma once
//! One buyer's view of one intervention in a commissioning decision: the
//! families it could take, ranked lazily by expected saving, and its money.

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <span>
#include <vector>

#include "models/scenario/scenario.h"

namespace placesim::models::family {

//! A family in one buyer's view: a candidate as the scan scores it, then one
//! its option holds. Twelve bytes, as a national cohort's candidates and
//! what its options hold set a decision's memory: the identity, read for the
//! risk score's stream, the payer's payments and ties, is read from the
//! store. Packed, so the saving may sit off its alignment: the compiler
//! refuses a reference to it, and copies it for a const one.
struct __attribute__((packed, aligned(4))) Scored {
  double saving;       //!< expected saving to this buyer; once ranked, the prefix sum
  std::uint32_t slot;  //!< where it is stored
};
static_assert(sizeof(Scored) == 12, "a family in a buyer's view is 12 bytes");

//! A family's identity, from its slot.
using UidOf = std::function<std::uint64_t(std::uint32_t)>;

//! Whether family a ranks below family b: the smaller saving, then the later
//! identity. A saving that is not a number ranks below every number (no
//! order of doubles can place it, and a selection by a comparison that is
//! not an order can read past its array); two of them fall to identity.
inline bool ranks_lower(const Scored& a, const Scored& b, const UidOf& uid_of) {
  const double sa = a.saving;
  const double sb = b.saving;
  const bool na = std::isnan(sa);
  if (na != std::isnan(sb)) return na;
  if (!na && sa != sb) return sa < sb;
  return uid_of(a.slot) > uid_of(b.slot);
}

//! One buyer's view of one intervention: its ranking of families and its money.
//! Families are ranked lazily, from a heap, only as deep as the decision reads:
//! the money usually runs out long before the last family is reached. One
//! array holds both: at its front the heap of families not yet ranked, behind
//! it the ranked ones, the best last, each with its saving replaced by the sum
//! of the savings up to and including its own (the prefix sums the decision
//! reads). A national place's options rank most of what they hold, and
//! arrays of their own for the ranks and the sums, or wider held families
//! gathered beside the scan's, made commissioning's peak the run's
//! (docs/performance.md, "Memory the allocator kept, and commissioning's
//! peak" and "Twelve bytes a held family").
struct RankedOption {
  Index service = 0;         //!< the intervention
  std::size_t pot = 0;       //!< whose money buys places: an agency, or the fund
  std::vector<Scored> held;  //!< [0, unranked): a heap; past it the ranked, best last
  std::size_t unranked = 0;  //!< families held and not yet ranked
  UidOf uid_of;              //!< identities, for ties between held families; set by hold_best
  double per_place = 1.0;    //!< families a place serves over the horizon
  double covered = 0.0;      //!< ranks already served by base capacity
  double place_cost = 0.0;   //!< a place over the horizon (belief)
  double year_cost = 0.0;    //!< a place for one year (belief)

 private:
  // Heap order, the best on top.
  [[nodiscard]] auto lower() const {
    return [this](const Scored& a, const Scored& b) { return ranks_lower(a, b, uid_of); };
  }

 public:
  //! Holds the `keep` best of the scanned `candidates` (larger saving, then
  //! earlier identity, read by `uids`), none ranked yet, and lets the
  //! candidates go.
  void hold_best(std::vector<Scored>&& candidates, std::size_t keep, UidOf uids) {
    uid_of = std::move(uids);
    keep = std::min(keep, candidates.size());
    const auto below = lower();
    if (keep > 0 && keep < candidates.size())
      std::nth_element(candidates.begin(), candidates.begin() + static_cast<std::ptrdiff_t>(keep),
                       candidates.end(),
                       [&](const Scored& a, const Scored& b) { return below(b, a); });
    candidates.resize(keep);
    candidates.shrink_to_fit();  // a block of its own, cut from the heap's holes if one fits
    held = std::move(candidates);
    std::make_heap(held.begin(), held.end(), below);
    unranked = held.size();
  }
  //! Families ranked so far.
  [[nodiscard]] std::size_t ranked() const { return held.size() - unranked; }
  //! The family ranked r-th, best first (r < ranked()).
  [[nodiscard]] std::uint32_t family_at(std::size_t r) const {
    return held[held.size() - 1 - r].slot;
  }
  //! Sum of the savings of the r best (r <= ranked()).
  [[nodiscard]] double prefix(std::size_t r) const {
    return r == 0 ? 0.0 : held[held.size() - r].saving;
  }
  //! Ranks families until `n` are ranked (or none are left).
  void rank(std::size_t n) {
    const auto below = lower();
    while (ranked() < n && unranked > 0) {
      const double before = prefix(ranked());
      std::pop_heap(held.begin(), held.begin() + static_cast<std::ptrdiff_t>(unranked), below);
      --unranked;  // the best left is now just ahead of the ranked
      held[unranked].saving = before + held[unranked].saving;
    }
  }
  //! Sum of the sorted savings over fractional ranks [a, b), interpolating the prefix sums.
  [[nodiscard]] double range_sum(double a, double b) const {
    auto at = [&](double x) {
      const double n = static_cast<double>(ranked());
      if (x >= n) return prefix(ranked());
      auto i = static_cast<std::size_t>(x);
      return prefix(i) + (x - static_cast<double>(i)) * (prefix(i + 1) - prefix(i));
    };
    return at(b) - at(a);
  }
  //! Expected saving of the next place, when `bought` places are already bought.
  [[nodiscard]] double next_value(std::uint32_t bought) {
    const double a = covered + bought * per_place;
    rank(static_cast<std::size_t>(a + per_place) + 2);
    return range_sum(a, a + per_place);
  }
};

//! At most how many places a buyer can buy from its scored families, with
//! `covered` ranks served already and `per_place` ranks a place: a place is
//! bought only while the savings of the ranks it would serve sum to its cost
//! (`place_cost`), so none is bought once every family from its first rank on
//! saves less than cost / per_place. The cut allows for the rounding of the
//! prefix sums, and one place more for that of the ranks. Infinity (no bound)
//! when a place costs nothing.
inline double places_worth_buying(std::span<const Scored> candidates, double covered,
                                  double per_place, double place_cost) {
  constexpr double kNoBound = std::numeric_limits<double>::infinity();
  if (!(place_cost > 0.0) || !(per_place > 0.0)) return kNoBound;
  double magnitude = 0.0;  // what any prefix sum's rounding is bounded by, with the count
  for (const Scored& c : candidates) magnitude += std::abs(c.saving);
  const double n = static_cast<double>(candidates.size()) + 2.0;
  const double slack = 4.0 * n * std::numeric_limits<double>::epsilon() * magnitude;
  const double cut = (place_cost * (1.0 - 1e-12) - slack) / per_place;
  if (!(cut > 0.0)) return kNoBound;  // (a NaN or infinite saving lands here too)
  std::size_t worth = 0;
  for (const Scored& c : candidates) worth += c.saving >= cut ? 1 : 0;
  return std::max(0.0, std::ceil((static_cast<double>(worth) - covered) / per_place)) + 1.0;
}

}  // namespace placesim::models::family
