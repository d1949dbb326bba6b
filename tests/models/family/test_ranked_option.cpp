#include <catch2/catch.hpp>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <vector>

#include "models/family/ranked_option.h"

using placesim::models::family::places_worth_buying;
using placesim::models::family::RankedOption;
using placesim::models::family::Scored;

namespace {

// Slots run against identities, so a tie broken by the slot shows; and the
// identities pass 2^32 with their low 32 bits (the slot) against their
// order, so a tie broken by the low bits alone shows too.
constexpr std::uint32_t kSlotOfUidZero = 5000;
std::uint64_t uid_of_slot(std::uint32_t slot) {
  return (std::uint64_t{kSlotOfUidZero - slot} << 32) | slot;
}

// `n` families with savings from a fixed recurrence, every fifth tied with
// the one before it, so ties must fall to the identity.
std::vector<Scored> cohort(std::uint32_t n = 200) {
  std::vector<Scored> all;
  std::uint32_t x = 12345;
  for (std::uint32_t uid = 0; uid < n; ++uid) {
    x = x * 1103515245u + 12345u;
    const double saving = uid % 5 == 4 ? all.back().saving : static_cast<double>(x % 1000) - 300.0;
    all.push_back({saving, kSlotOfUidZero - uid});
  }
  return all;
}

// An option holding the `keep` best of `all`, as commissioning makes it.
RankedOption holding(std::vector<Scored> all, std::size_t keep) {
  RankedOption o;
  o.hold_best(std::move(all), keep, uid_of_slot);
  return o;
}

// The cohort best first: larger saving, then earlier identity (written out
// here for numbers, not read from ranks_lower, so a wrong order there shows).
std::vector<Scored> best_first(std::vector<Scored> all) {
  std::sort(all.begin(), all.end(), [](const Scored& a, const Scored& b) {
    return a.saving > b.saving ||
           (a.saving == b.saving && uid_of_slot(a.slot) < uid_of_slot(b.slot));
  });
  return all;
}

// Whether `o`, ranked in full, reads the families of `sorted` in its order,
// with prefix sums made by the same additions in the same order.
void check_ranks(RankedOption& o, const std::vector<Scored>& sorted, std::size_t keep) {
  o.rank(keep + 10);
  REQUIRE(o.ranked() == std::min(keep, sorted.size()));
  double sum = 0.0;
  for (std::size_t r = 0; r < o.ranked(); ++r) {
    CHECK(o.family_at(r) == sorted[r].slot);
    sum += sorted[r].saving;
    // Bit for bit: a NaN from inf - inf too.
    CHECK(std::bit_cast<std::uint64_t>(o.prefix(r + 1)) == std::bit_cast<std::uint64_t>(sum));
  }
}

}  // namespace

TEST_CASE("an option holds the best families it is offered and ranks them best first",
          "[ranked_option]") {
  const std::vector<Scored> all = cohort();
  const std::vector<Scored> sorted = best_first(all);
  REQUIRE(sorted[0].saving >= sorted[1].saving);
  for (const std::size_t keep : {std::size_t{50}, std::size_t{200}, std::size_t{500}}) {
    INFO("keep " << keep);
    RankedOption o = holding(all, keep);
    CHECK(o.held.size() == std::min(keep, all.size()));
    CHECK(o.held.capacity() == o.held.size());  // no room past what is held
    CHECK(o.ranked() == 0);
    o.rank(30);
    CHECK(o.ranked() == 30);  // no deeper than asked
    o.rank(keep + 10);
    REQUIRE(o.ranked() == std::min(keep, all.size()));
    double sum = 0.0;  // the same additions, in the same order, as the prefix sums
    for (std::size_t r = 0; r < o.ranked(); ++r) {
      CHECK(o.family_at(r) == sorted[r].slot);
      sum += sorted[r].saving;
      CHECK(o.prefix(r + 1) == sum);
    }
    CHECK(o.prefix(0) == 0.0);
  }
}

TEST_CASE("an option's next place is worth the savings of the ranks it would serve",
          "[ranked_option]") {
  const std::vector<Scored> sorted = best_first(cohort());
  RankedOption o = holding(cohort(), 40);
  o.per_place = 2.5;
  o.covered = 1.0;  // rank 0 is served by base capacity already
  // Places bought so far: 0, then 2; each serves ranks [covered + 2.5 b, + 2.5).
  const double first = o.next_value(0);
  CHECK(first == Approx(sorted[1].saving + sorted[2].saving + 0.5 * sorted[3].saving));
  const double third = o.next_value(2);
  CHECK(third == Approx(sorted[6].saving + sorted[7].saving + 0.5 * sorted[8].saving));
  // Past what is held, the sum stops at the last family held.
  o.rank(100);
  REQUIRE(o.ranked() == 40);
  CHECK(o.range_sum(38.0, 45.0) == Approx(sorted[38].saving + sorted[39].saving));
}

TEST_CASE("places worth buying: those whose first rank saves a place's share of its cost",
          "[ranked_option]") {
  std::vector<Scored> all;
  for (std::uint32_t uid = 0; uid < 300; ++uid)
    all.push_back({uid < 100 ? 10.0 : (uid < 200 ? 0.0 : -5.0), uid});
  // A place serves two ranks and costs 2: the first 100 ranks are worth one.
  // Places start at ranks 0, 2, ..., 98: 50 of them, and one for rounding.
  CHECK(places_worth_buying(all, 0.0, 2.0, 2.0) == 51.0);
  CHECK(places_worth_buying(all, 10.5, 2.0, 2.0) == 46.0);  // from 10.5: 45 start before 100
  CHECK(places_worth_buying(all, 150.0, 2.0, 2.0) == 1.0);  // none
  CHECK(places_worth_buying(all, 0.0, 2.0, 30.0) == 1.0);   // each family saves less than 15
  constexpr double kNoBound = std::numeric_limits<double>::infinity();
  CHECK(places_worth_buying(all, 0.0, 2.0, 0.0) == kNoBound);  // free places: no bound
  all[7].saving = std::numeric_limits<double>::quiet_NaN();
  CHECK(places_worth_buying(all, 0.0, 2.0, 2.0) == kNoBound);
}

// The reads of one buyer's decision, as Commissioning::commission makes
// them: the next place's value while it pays for itself, then the families
// that fill the places bought.
struct Reads {
  std::vector<double> values;
  std::vector<std::uint32_t> families;
};

Reads decide(const std::vector<Scored>& all, std::size_t keep, double covered, double per_place,
             double place_cost) {
  RankedOption o = holding(all, keep);
  o.covered = covered;
  o.per_place = per_place;
  Reads reads;
  for (std::uint32_t bought = 0;; ++bought) {
    reads.values.push_back(o.next_value(bought));
    if (reads.values.back() / place_cost < 1.0) break;
  }
  const auto filled =
      static_cast<std::size_t>(covered + static_cast<double>(reads.values.size() - 1) * per_place);
  o.rank(filled);
  for (std::size_t r = 0; r < std::min(filled, o.ranked()); ++r)
    reads.families.push_back(o.family_at(r));
  return reads;
}

TEST_CASE("an option held only as deep as its places worth buying reads what a whole one does",
          "[ranked_option]") {
  const std::vector<Scored> all = cohort(2000);                   // savings -300 to 699
  for (const double per_place : {1.0, 2.5, 6.0, 365.25 / 7.0}) {  // the last not exact
    for (const double covered : {0.0, 7.0, 40.5}) {
      for (const double share : {450.0, 600.0, 690.0}) {  // a place's cost, a rank served
        const double place_cost = share * per_place;
        const double places = places_worth_buying(all, covered, per_place, place_cost);
        const auto keep = static_cast<std::size_t>(covered + (places + 1.0) * per_place) + 3;
        INFO("per place " << per_place << ", covered " << covered << ", cost " << place_cost);
        REQUIRE(keep < all.size() / 2);  // most of the cohort is left out
        const Reads whole = decide(all, all.size(), covered, per_place, place_cost);
        const Reads held = decide(all, keep, covered, per_place, place_cost);
        CHECK(static_cast<double>(whole.values.size()) <= places);  // places bought, and one
        CHECK(held.values == whole.values);
        CHECK(held.families == whole.families);
      }
    }
  }
}

TEST_CASE("a family whose saving is not a number is held last, and breaks nothing",
          "[ranked_option]") {
  std::vector<Scored> all = cohort(100);
  const std::vector<Scored> sorted = best_first(all);
  all[3].saving = std::numeric_limits<double>::quiet_NaN();
  all[60].saving = std::numeric_limits<double>::quiet_NaN();
  for (const std::size_t keep : {std::size_t{10}, std::size_t{100}}) {
    RankedOption o = holding(all, keep);
    o.rank(keep);
    REQUIRE(o.ranked() == keep);
    std::size_t r = 0;  // the numbers first, best first, as if the two were not there
    for (const Scored& c : sorted) {
      if (r == keep) break;
      if (c.slot == all[3].slot || c.slot == all[60].slot) continue;
      CHECK(o.family_at(r++) == c.slot);
    }
    if (keep == all.size()) {  // then the two, earlier identity first
      CHECK(o.family_at(98) == all[3].slot);
      CHECK(o.family_at(99) == all[60].slot);
    }
  }
  // Held up to the first of the two, which is held before the other.
  RankedOption o = holding(all, 99);
  o.rank(99);
  CHECK(o.family_at(98) == all[3].slot);
  // Below minus infinity too.
  all[5].saving = -std::numeric_limits<double>::infinity();
  RankedOption p = holding(all, 100);
  p.rank(100);
  CHECK(p.family_at(97) == all[5].slot);
  CHECK(p.family_at(98) == all[3].slot);
}

TEST_CASE("families tied where the holding stops are held by earlier identity", "[ranked_option]") {
  std::vector<Scored> all;
  for (std::uint32_t uid = 0; uid < 20; ++uid)
    all.push_back({uid < 3 ? 2.0 : 1.0, kSlotOfUidZero - uid});
  RankedOption o = holding(all, 8);
  o.rank(8);
  REQUIRE(o.ranked() == 8);
  for (std::uint32_t r = 0; r < 8; ++r) CHECK(o.family_at(r) == kSlotOfUidZero - r);
}

TEST_CASE("an option holds nothing when it may keep none or is offered none", "[ranked_option]") {
  RankedOption none = holding(cohort(30), 0);
  CHECK(none.held.empty());
  none.rank(5);
  CHECK(none.ranked() == 0);
  CHECK(none.next_value(0) == 0.0);
  RankedOption empty = holding({}, 10);
  CHECK(empty.held.empty());
  CHECK(empty.next_value(3) == 0.0);
}

TEST_CASE("an option holds and ranks as a full sort does, over cohorts thick with ties",
          "[ranked_option]") {
  std::mt19937 draw(20261205);  // fixed: the same cohorts everywhere
  const double inf = std::numeric_limits<double>::infinity();
  const double values[] = {-inf, -3.5, -0.0, 0.0, 1.25, 1.25 + 1e-12, 7.0, 1e300, inf};
  for (int trial = 0; trial < 300; ++trial) {
    const auto n = static_cast<std::uint32_t>(draw() % 60);
    std::vector<Scored> all;
    for (std::uint32_t u = 0; u < n; ++u)  // identities in a shuffled order of slots
      all.push_back({values[draw() % std::size(values)], kSlotOfUidZero - (u * 7919u) % 4999u});
    const std::size_t keep = draw() % (n + 3);
    INFO("trial " << trial << ": " << n << " families, keep " << keep);
    RankedOption o = holding(all, keep);
    check_ranks(o, best_first(all), keep);
  }
}
