#include <catch2/catch.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <stdexcept>
#include <vector>

#include "history_writes.h"
#include "models/family/history.h"

using placesim::models::FamilyHistories;
using placesim::models::HistoryRole;
using placesim::models::Index;
using namespace history_test;

TEST_CASE("each role keeps what the evaluation reads of its run, row by row from arrival",
          "[history]") {
  const std::array<std::uint16_t, 2> none{0, 0};
  for (HistoryRole role : {HistoryRole::baseline, HistoryRole::costs}) {
    FamilyHistories h(role, kYears, kCounted,
                      role == HistoryRole::baseline ? all_measured() : std::vector<std::int16_t>{});
    Dense d;
    fill(h, d);
    REQUIRE(h.families() == kFamilies);
    for (std::uint64_t uid = 0; uid < kFamilies; ++uid) {
      for (int y = 0; y < kYears; ++y) {
        const std::size_t c = uid * kYears + static_cast<std::size_t>(y);
        // The costs role keeps every year; the baseline the years around a measured entry.
        if (role == HistoryRole::baseline && !baseline_keeps(uid, y)) {
          CHECK_THROWS_AS(h.cost_in(uid, y), std::logic_error);  // not kept is not zero
          CHECK_THROWS_AS(h.counts_in(uid, y), std::logic_error);
          continue;
        }
        CHECK(h.cost_in(uid, y) == d.cost[c]);
        const std::vector<std::uint16_t> n = h.counts_in(uid, y);
        const std::uint16_t* want =
            role == HistoryRole::costs || y < arrival(uid) ? none.data() : &d.counts[c * 2];
        CHECK(n[0] == want[0]);
        CHECK(n[1] == want[1]);
        CHECK(h.profile_at(uid, y) == FamilyHistories::kNone);
      }
      CHECK(h.entry_year(uid) == -1);
    }
    CHECK(h.arm(4) == -1);
    CHECK(h.arm_time(4) == -1.0);
    CHECK_THROWS_AS(h.randomised(4, 400.0, true), std::logic_error);  // the trial's alone
    CHECK_THROWS_AS(h.evidence(), std::logic_error);                  // the option's alone
    CHECK_THROWS_AS(h.cost_after_randomised(4), std::logic_error);    // the trial's alone
  }
}

TEST_CASE("the trial keeps each randomised family's arm and its cost the year after", "[history]") {
  FamilyHistories h(HistoryRole::trial, kYears, kCounted);
  Dense d;
  // Every other family randomised in a year it is there, at mid-year; family
  // 1 just before year 3 begins, a time its float rounds into year 3.
  const double late = std::nextafter(3 * 365.25, 0.0);
  auto year_randomised = [](std::uint64_t uid) { return arrival(uid) + static_cast<int>(uid % 3); };
  fill(h, d, [&](int y) {
    for (std::uint64_t uid = 0; uid < kFamilies; uid += 2) {
      if (year_randomised(uid) == y) h.randomised(uid, (y + 0.5) * 365.25, uid % 4 == 0);
    }
    if (y == 2) h.randomised(1, late, false);
  });
  CHECK(h.arm(0) == 0);
  CHECK(h.arm(2) == 1);
  CHECK(h.arm(3) == -1);
  bool some_cost = false;
  for (std::uint64_t uid = 0; uid < kFamilies; ++uid) {
    const int r = uid == 1 ? 3 : (uid % 2 == 0 ? year_randomised(uid) : kYears);
    if (r + 1 >= kYears) {  // never randomised, or no year after it in the run
      CHECK(std::isnan(h.cost_after_randomised(uid)));
      continue;
    }
    CHECK(h.arm(uid) == (uid % 4 == 0 ? 0 : 1));
    const float want = d.cost[uid * kYears + static_cast<std::size_t>(r) + 1];
    CHECK(h.cost_after_randomised(uid) == want);
    some_cost = some_cost || want != 0.0f;
  }
  CHECK(some_cost);
  CHECK_THROWS_AS(h.cost_after_randomised(kFamilies), std::logic_error);
  // What it still holds: the last years, as a dense history holds them.
  CHECK(h.cost_in(0, kYears - 1) == d.cost[kYears - 1]);
  CHECK_THROWS_AS(h.cost_in(0, 0), std::logic_error);  // let go, not nothing
  CHECK_THROWS_AS(h.evidence(), std::logic_error);     // the option's alone
}

TEST_CASE("the option folds each entry year as its years close, as a dense history reads",
          "[history]") {
  FamilyHistories h(HistoryRole::option, kYears, kCounted);
  Dense d;
  fill(h, d);
  REQUIRE(h.families() == kFamilies);
  const placesim::models::OptionEvidence want = expected_evidence(d);
  // The case has entries to measure, matched and unmatched.
  REQUIRE(want.entries.size() >= 3);
  CHECK(std::any_of(want.entries.begin(), want.entries.end(),
                    [](const auto& t) { return !std::isnan(t.matched); }));
  CHECK(std::any_of(want.entries.begin(), want.entries.end(), [&](const auto& t) {
    return d.cost[t.uid * kYears + static_cast<std::size_t>(t.year) + 1] != 0.0f;
  }));
  check_evidence(h.evidence(), want);
  for (std::uint64_t uid = 0; uid < kFamilies; ++uid) CHECK(h.entry_year(uid) == entry_year(uid));
  // What it still holds: the last years, as a dense history holds them.
  for (std::uint64_t uid = 0; uid < kFamilies; ++uid) {
    for (int y = kYears - 2; y < kYears; ++y) {
      CHECK(h.cost_in(uid, y) == d.cost[uid * kYears + static_cast<std::size_t>(y)]);
      CHECK(h.profile_at(uid, y) == d.profile[uid * kYears + static_cast<std::size_t>(y)]);
    }
    if (arrival(uid) <= kYears - 3)
      CHECK_THROWS_AS(h.cost_in(uid, kYears - 3), std::logic_error);  // let go, not nothing
    else
      CHECK(h.cost_in(uid, kYears - 3) == 0.0);  // before it arrived: nothing
  }
}

TEST_CASE("a history holds only its role's parts and a family's years from its arrival",
          "[history]") {
  auto bytes = [](HistoryRole role, int first, std::int16_t entry = -1, int years = kYears) {
    FamilyHistories h(role, years, kCounted, std::vector<std::int16_t>(1000, entry));
    for (std::uint64_t uid = 0; uid < 1000; ++uid) h.add_family(uid, first);
    return h.bytes();
  };
  // A baseline measuring every family keeps three years each, more than
  // one measuring none; both less than every year's cost.
  CHECK(bytes(HistoryRole::baseline, 0) < bytes(HistoryRole::baseline, 0, 2));
  CHECK(bytes(HistoryRole::baseline, 0, 2) < bytes(HistoryRole::costs, 0));
  // The costs role keeps a family's years from its arrival: one year for a
  // family arriving in the last, not six.
  CHECK(bytes(HistoryRole::costs, 0) - bytes(HistoryRole::costs, kYears - 1) ==
        std::uint64_t{1000} * (kYears - 1) * sizeof(float));
  // The trial keeps four years of cost and its arm a family, however long the run.
  CHECK(bytes(HistoryRole::trial, 0, -1, 40) == bytes(HistoryRole::trial, 0));
  CHECK(bytes(HistoryRole::trial, 0, -1, 40) < bytes(HistoryRole::option, 0, -1, 40));
  // The option keeps four years of cost, three of need profile and three of
  // the rule's counts a family, however long the run and whenever it came.
  CHECK(bytes(HistoryRole::option, 0) == bytes(HistoryRole::option, kYears - 1));
  CHECK(bytes(HistoryRole::option, 0, -1, 40) == bytes(HistoryRole::option, 0));
  CHECK(bytes(HistoryRole::costs, 0, -1, 40) > bytes(HistoryRole::option, 0, -1, 40));
}

TEST_CASE("a history refuses writes before a family's arrival and families out of order",
          "[history]") {
  FamilyHistories h(HistoryRole::option, kYears, kCounted);
  h.add_family(0, 2);
  CHECK_THROWS_AS(h.cost(0, 1, 10.0), std::logic_error);
  CHECK_THROWS_AS(h.count(0, 1, 7), std::logic_error);
  CHECK_THROWS_AS(h.cost(0, kYears, 10.0), std::logic_error);
  CHECK(h.cost_in(0, 1) == 0.0);  // reads before arrival are nothing
  CHECK(h.profile_at(0, 1) == FamilyHistories::kNone);
  CHECK_THROWS_AS(h.add_family(2, 0), std::logic_error);  // family 1 never came
  h.add_family(0, 4);                                     // already there: no change
  CHECK(h.families() == 1);
  CHECK_THROWS_AS(h.randomised(0, 1.0, true), std::logic_error);  // not a trial run

  // The baseline drops what it does not keep: that is its design.
  FamilyHistories b(HistoryRole::baseline, kYears, kCounted, {3});
  b.add_family(0, 0);
  b.add_family(1, 0);  // not measured: keeps nothing
  b.cost(0, 0, 5.0);
  b.cost(0, 2, 7.0);
  b.cost(1, 2, 9.0);
  b.count(0, 4, 7);
  CHECK_THROWS_AS(b.cost_in(0, 0), std::logic_error);
  CHECK(b.cost_in(0, 2) == 7.0);
  CHECK_THROWS_AS(b.cost_in(1, 2), std::logic_error);
  CHECK(b.counts_in(0, 4)[0] == 1);
}

TEST_CASE("the option's years close in order and what it let go is not read as nothing",
          "[history]") {
  FamilyHistories h(HistoryRole::option, kYears, kCounted);
  h.add_family(0, 0);
  CHECK_THROWS_AS(h.close_year(1), std::logic_error);  // year 0 first
  h.close_year(0);
  CHECK_THROWS_AS(h.close_year(0), std::logic_error);  // once
  h.cost(0, 5, 3.0);                                   // years ahead: kept until its year comes in
  h.cost(0, 5, 4.0);
  CHECK(h.cost_in(0, 5) == 7.0);
  CHECK_THROWS_AS(h.evidence(), std::logic_error);  // not before the last year closes
  h.profile(0, 1, 2);
  for (int y = 1; y <= 3; ++y) h.close_year(y);  // year 0 and 1 let go
  CHECK_THROWS_AS(h.cost_in(0, 1), std::logic_error);
  CHECK_THROWS_AS(h.profile_at(0, 1), std::logic_error);  // its slot holds year 4's
  CHECK_THROWS_AS(h.cost(0, 1, 1.0), std::logic_error);
  CHECK_THROWS_AS(h.profile(0, 1, 0), std::logic_error);
  // Year 3 is closed though still held: a write to it would miss its fold.
  CHECK(h.cost_in(0, 3) == 0.0);
  CHECK_THROWS_AS(h.cost(0, 3, 1.0), std::logic_error);
  CHECK_THROWS_AS(h.count(0, 3, 7), std::logic_error);
  CHECK_THROWS_AS(h.profile(0, 3, 0), std::logic_error);
  CHECK_THROWS_AS(h.entered(0, 3.5 * 365.25), std::logic_error);
  CHECK_THROWS_AS(h.add_family(1, 0), std::logic_error);  // arriving in a year let go
  h.add_family(1, 4);
  h.cost(0, 5, 1.0);  // year 5 is in the ring now: added to what waited
  CHECK(h.cost_in(0, 5) == 8.0);
  CHECK(h.cost_in(1, 5) == 0.0);
  h.close_year(4);
  h.close_year(5);
  CHECK_THROWS_AS(h.close_year(6), std::logic_error);  // past the run
  CHECK(h.evidence().entries.empty());
}

TEST_CASE("the option keeps the rule's counts of the three years its ring holds", "[history]") {
  FamilyHistories h(HistoryRole::option, kYears, kCounted);
  h.add_family(0, 0);
  h.add_family(1, 2);  // arrives in year 2
  for (int y = 0; y < kYears; ++y) {
    for (std::uint64_t uid : {0, 1}) {
      if (y < 2 && uid == 1) {
        CHECK_THROWS_AS(h.count(uid, y, 7), std::logic_error);  // before it arrived
        continue;
      }
      for (int n = 0; n <= y; ++n) h.count(uid, y, 7);  // y + 1 of event 7 in year y
      h.count(uid, y, 3);
      h.count(uid, y, 5);  // not counted
    }
    // The ring holds this year and the two before it, as they were counted.
    for (int back = 0; back <= std::min(y, 2); ++back) {
      CHECK(h.counts_in(0, y - back)[0] == y - back + 1);
      CHECK(h.counts_in(0, y - back)[1] == 1);
    }
    CHECK(h.counts_in(1, 1)[0] == 0);      // before it arrived: nothing
    CHECK(h.counts_in(0, y + 1)[0] == 0);  // a year not begun: nothing yet
    // Once the ring is full, next year's slot is the year before last's, which
    // the next fold reads.
    if (y >= 2 && y + 1 < kYears) CHECK_THROWS_AS(h.count(0, y + 1, 7), std::logic_error);
    h.close_year(y);
    CHECK_THROWS_AS(h.count(0, y, 7), std::logic_error);                   // closed: folded already
    if (y >= 2) CHECK_THROWS_AS(h.counts_in(0, y - 2), std::logic_error);  // let go
  }
  // A slot let go starts its new year at zero.
  CHECK(h.counts_in(0, kYears - 1)[1] == 1);
}

TEST_CASE("the option's counts are exact past a byte, to 65,535 as the baseline's", "[history]") {
  FamilyHistories h(HistoryRole::option, kYears, kCounted);
  h.reserve(3, std::uint64_t{3} * kYears);
  for (std::uint64_t uid = 0; uid < 3; ++uid) h.add_family(uid, 0);
  for (int n = 0; n < 255; ++n) h.count(0, 0, 7);
  h.count(1, 1, 3);
  const std::uint64_t narrow = h.room();
  CHECK(h.counts_in(0, 0)[0] == 255);
  h.count(0, 0, 7);  // the 256th: counts are 16 bits from here on
  CHECK(h.counts_in(0, 0)[0] == 256);
  // Three years of two counts for the three families, a byte more each.
  CHECK(h.room() - narrow == std::uint64_t{FamilyHistories::kProfileYears} * 3 * 2);
  CHECK(h.counts_in(1, 1)[1] == 1);  // what was kept in bytes reads the same
  h.add_family(3, 1);                // arrives after the widening
  h.count(3, 1, 3);
  CHECK(h.counts_in(3, 1)[1] == 1);
  for (int n = 0; n < 70000; ++n) h.count(2, 2, 3);
  CHECK(h.counts_in(2, 2)[1] == 0xffff);  // as the baseline, it stops at 65,535
  h.close_year(0);
  h.close_year(1);
  h.close_year(2);  // the ring lets go of year 0: its slot starts year 3 at zero
  h.count(0, 3, 7);
  CHECK(h.counts_in(0, 3)[0] == 1);
}

TEST_CASE("an entry whose kept time rounds into the next year is measured by the counts around it",
          "[history]") {
  // Just before year 3 begins (day 1095.75), in the run's year 2; kept as a
  // float the time is 1095.75, year 3, and the evaluation reads years 2 and 4.
  const double t = std::nextafter(3 * 365.25, 0.0);
  REQUIRE(static_cast<int>(t / 365.25) == 2);
  FamilyHistories h(HistoryRole::option, kYears, kCounted);
  h.add_family(0, 0);
  for (int y = 0; y < kYears; ++y) {
    h.profile(0, y, 1);
    if (y == 2) h.entered(0, t);
    for (int n = 0; n <= y; ++n) h.count(0, y, 7);
    h.close_year(y);
  }
  REQUIRE(h.entry_year(0) == 3);
  const placesim::models::OptionEvidence& ev = h.evidence();
  REQUIRE(ev.entries.size() == 1);
  CHECK(ev.entries[0].year == 3);
  REQUIRE(ev.counts.size() == 2 * kCounted.size());
  CHECK(ev.counts[0] == 3);                // year 2: three of event 7
  CHECK(ev.counts[kCounted.size()] == 5);  // year 4
}

TEST_CASE("room reserved for every family: nothing moves as they arrive, and reads are the same",
          "[history]") {
  for (HistoryRole role : {HistoryRole::baseline, HistoryRole::option}) {
    const std::vector<std::int16_t> m =
        role == HistoryRole::baseline ? all_measured() : std::vector<std::int16_t>{};
    FamilyHistories reserved(role, kYears, kCounted, m);
    FamilyHistories grown(role, kYears, kCounted, m);
    reserved.reserve(kFamilies, kFamilies * kYears);
    // Family 0 is measured (entry year 1): the baseline keeps years 0 to 2;
    // it enters in year 0 in the option, which keeps its counts to year 1.
    for (FamilyHistories* h : {&reserved, &grown}) {
      h->add_family(0, arrival(0));
      h->entered(0, entry_at(0));
      h->count(0, 0, 7);
    }
    const float* first = reserved.cost_cell(0, 0);
    const std::uint64_t bytes_one = reserved.bytes();
    Dense d, e;
    fill(reserved, d);  // adds the other families (family 0 is there already)
    fill(grown, e);
    if (role == HistoryRole::baseline)
      CHECK(reserved.cost_cell(0, 0) == first);  // the cells were not copied
    // bytes() counts what is used, not the room (the baseline made its cells at the start).
    if (role == HistoryRole::option) CHECK(reserved.bytes() > bytes_one);
    CHECK(reserved.bytes() == grown.bytes());
    if (role == HistoryRole::option) {
      check_evidence(reserved.evidence(), grown.evidence());
      // Room for an entry a family: no year's fold copies the evidence.
      CHECK(reserved.evidence().entries.capacity() >= kFamilies);
      CHECK(reserved.evidence().counts.capacity() >= 2 * kFamilies * kCounted.size());
      continue;
    }
    for (std::uint64_t uid = 0; uid < kFamilies; ++uid) {
      for (int y = 0; y < kYears; ++y) {
        if (!baseline_keeps(uid, y)) continue;
        CHECK(reserved.cost_in(uid, y) == grown.cost_in(uid, y));
        CHECK(reserved.counts_in(uid, y)[0] == grown.counts_in(uid, y)[0]);
        CHECK(reserved.counts_in(uid, y)[1] == grown.counts_in(uid, y)[1]);
      }
    }
  }
}

TEST_CASE("the option that keeps its evidence alone gives its families' room back", "[history]") {
  // Its families' years were freed by assigning {}, which empties a vector
  // and keeps its room: a national baseline then ran beside the option's
  // arrays, touched and never read again (docs/performance.md, "A byte a
  // counter, and the arrays the option kept").
  FamilyHistories h(HistoryRole::option, kYears, kCounted);
  h.reserve(kFamilies, kFamilies * kYears);
  Dense d;
  fill(h, d);
  const std::uint64_t evidence =
      h.evidence().entries.size() * sizeof(placesim::models::OptionEvidence::Entry) +
      h.evidence().counts.size() * sizeof(std::uint16_t);
  const placesim::models::OptionEvidence copy = h.evidence();
  const std::uint64_t before = h.room();
  REQUIRE(before > 2 * evidence);
  h.keep_evidence_only();
  // What is left: the evidence (room for every family until now), the
  // counted events and the zeros read for years not kept.
  CHECK(h.room() <= evidence + 64);
  check_evidence(h.evidence(), copy);
}

TEST_CASE("need profiles are kept exactly, in 16 bits until a code needs more", "[history]") {
  using placesim::models::ProfileCode;
  FamilyHistories h(HistoryRole::option, kYears, kCounted);
  h.reserve(4, std::uint64_t{4} * kYears);
  h.add_family(0, 0);
  h.add_family(1, 2);
  const ProfileCode top = 0xfffe;                                 // the last narrow code
  const ProfileCode big = placesim::models::profiles_of(32) - 1;  // 32 needs, all high
  h.profile(0, 0, top);
  h.profile(0, 1, 0);
  const std::uint64_t narrow = h.bytes();
  const std::uint64_t narrow_room = h.room();
  CHECK(h.profile_at(0, 0) == top);  // not read as "no profile"
  h.profile(0, 2, 0xffff);           // the narrow store's "none": from here on 64 bits
  CHECK(h.bytes() > narrow);
  // The wide profiles take the narrow ones' room, which is given back: 12
  // profiles reserved for the 4 families, 6 bytes more each.
  CHECK(h.room() - narrow_room == std::uint64_t{FamilyHistories::kProfileYears} * 4 *
                                      (sizeof(ProfileCode) - sizeof(std::uint16_t)));
  CHECK(h.profile_at(0, 0) == top);  // what was kept narrow reads the same
  CHECK(h.profile_at(0, 1) == 0);
  CHECK(h.profile_at(0, 2) == 0xffff);
  CHECK(h.profile_at(1, 1) == FamilyHistories::kNone);  // before it arrived
  for (int y = 0; y <= 2; ++y) h.close_year(y);         // year 0 let go: the ring turns
  h.profile(1, 3, big);
  h.add_family(2, 3);  // arrives after the widening
  h.profile(2, 3, big - 1);
  CHECK(h.profile_at(0, 2) == 0xffff);
  CHECK(h.profile_at(0, 3) == FamilyHistories::kNone);  // never set: year 0's slot, cleared
  CHECK(h.profile_at(1, 2) == FamilyHistories::kNone);  // never set
  CHECK(h.profile_at(1, 3) == big);
  CHECK(h.profile_at(2, 3) == big - 1);
}

TEST_CASE("profile codes stay apart past 20 needs, where 32 bits wrapped", "[history]") {
  using placesim::models::profile_code_of;
  // 21 needs: all high, and the profile whose code is 2^32 less, which a
  // 32-bit code gave the same number.
  const std::vector<std::uint8_t> high(21, 2);
  std::vector<std::uint8_t> other(21, 0);
  std::uint64_t rest = profile_code_of(high.data(), 21) - (std::uint64_t{1} << 32);
  for (std::size_t d = 0; d < 21; ++d, rest /= 3) other[d] = static_cast<std::uint8_t>(rest % 3);
  REQUIRE(rest == 0);  // it is a profile: 21 digits of 0 to 2
  CHECK(profile_code_of(high.data(), 21) == placesim::models::profiles_of(21) - 1);
  CHECK(profile_code_of(high.data(), 21) - profile_code_of(other.data(), 21) == std::uint64_t{1}
                                                                                    << 32);
  CHECK(profile_code_of(other.data(), 0) == 0);  // a model without needs
}
