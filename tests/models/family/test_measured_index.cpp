#include <catch2/catch.hpp>

#include <cstdint>
#include <vector>

#include "models/family/history.h"
#include "models/family/measured_index.h"

using placesim::models::FamilyHistories;
using placesim::models::HistoryRole;
using placesim::models::MeasuredIndex;

TEST_CASE("a family's rank among the measured counts the measured before it", "[history]") {
  // Measured families on both sides of word boundaries, a word with none and
  // one with all, and families past the end of the list.
  std::vector<std::int16_t> years(300, -1);
  for (std::uint64_t uid : {0, 1, 63, 64, 65, 127, 200, 299})
    years[uid] = static_cast<std::int16_t>(uid % 7);
  for (std::uint64_t uid = 128; uid < 192; ++uid) years[uid] = 3;
  const MeasuredIndex m(years);
  std::uint32_t rank = 0;
  for (std::uint64_t uid = 0; uid < years.size(); ++uid) {
    if (years[uid] < 0) {
      CHECK(m.rank(uid) == MeasuredIndex::kNot);
      continue;
    }
    REQUIRE(m.rank(uid) == rank);
    CHECK(m.year(rank) == years[uid]);
    ++rank;
  }
  CHECK(m.size() == rank);
  CHECK(m.rank(300) == MeasuredIndex::kNot);
  CHECK(m.rank(1'000'000) == MeasuredIndex::kNot);
  CHECK(MeasuredIndex{}.rank(0) == MeasuredIndex::kNot);
  // A bit a family and two bytes a measured one, and a count each 64.
  CHECK(m.bytes() == 5 * 8 + 5 * 4 + rank * 2);
}

TEST_CASE("the baseline takes room for the families measured, not for every family seen",
          "[history]") {
  const std::vector<std::uint16_t> counted{7, 9};
  auto bytes = [&](std::uint64_t families, std::uint64_t measured) {
    std::vector<std::int16_t> years(families, -1);
    for (std::uint64_t uid = 0; uid < measured; ++uid) years[uid * (families / measured)] = 2;
    FamilyHistories h(HistoryRole::baseline, 6, {7, 9}, years);
    for (std::uint64_t uid = 0; uid < families; ++uid) h.add_family(uid, 0);
    CHECK(h.families() == families);
    return h.bytes();
  };
  // Ten times the families with the same measured: a bit each more.
  CHECK(bytes(100'000, 100) - bytes(10'000, 100) <= 90'000 / 8 + 90'000 / 64 * 4 + 64);
  // A measured family: three years of cost and counts, and its year.
  CHECK(bytes(10'000, 200) - bytes(10'000, 100) == 100 * (3 * (4 + 2 * counted.size()) + 2));
}
