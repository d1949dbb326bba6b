#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <vector>

#include "models/family/ranked_option.h"

using placesim::models::family::RankedOption;
using placesim::models::family::Scored;

namespace {

// 200 families with savings from a fixed recurrence, every fifth tied with
// the one before it, so ties must fall to the identity.
std::vector<Scored> cohort() {
  std::vector<Scored> all;
  std::uint32_t x = 12345;
  for (std::uint32_t uid = 0; uid < 200; ++uid) {
    x = x * 1103515245u + 12345u;
    const double saving = uid % 5 == 4 ? all.back().saving : static_cast<double>(x % 1000) - 300.0;
    all.push_back({saving, uid, 1000 + uid});
  }
  return all;
}

// The cohort best first: larger saving, then earlier identity (written out
// here, not read from ranks_lower, so a wrong order there shows).
std::vector<Scored> best_first(std::vector<Scored> all) {
  std::sort(all.begin(), all.end(), [](const Scored& a, const Scored& b) {
    return a.saving > b.saving || (a.saving == b.saving && a.uid < b.uid);
  });
  return all;
}

}  // namespace

TEST_CASE("an option holds the best families it is offered and ranks them best first",
          "[ranked_option]") {
  const std::vector<Scored> all = cohort();
  const std::vector<Scored> sorted = best_first(all);
  REQUIRE(sorted[0].saving >= sorted[1].saving);
  for (const std::size_t keep : {std::size_t{50}, std::size_t{200}, std::size_t{500}}) {
    RankedOption o;
    o.keep = keep;
    for (const Scored& c : all) o.offer(c);
    CHECK(o.held.size() == std::min(keep, all.size()));
    o.start_ranking();
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
  RankedOption o;
  o.keep = 40;
  for (const Scored& c : cohort()) o.offer(c);
  o.start_ranking();
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
