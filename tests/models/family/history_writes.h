// Writes into a family history and into a dense reference that keeps
// everything, year by year as a run makes them, and what the evaluation must
// read of them: shared by the history's tests.
#pragma once

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <vector>

#include "models/family/history.h"

namespace history_test {

using placesim::models::FamilyHistories;
using placesim::models::HistoryRole;
using placesim::models::Index;

constexpr int kYears = 6;
constexpr std::uint64_t kFamilies = 40;
inline const std::vector<Index> kCounted{7, 3};  // events 7 and 3 are counted, in that order

// What a history would hold if it kept everything, densely.
struct Dense {
  std::vector<float> cost = std::vector<float>(kFamilies * kYears, 0.0f);
  std::vector<placesim::models::ProfileCode> profile =
      std::vector<placesim::models::ProfileCode>(kFamilies * kYears, FamilyHistories::kNone);
  std::vector<std::uint16_t> counts = std::vector<std::uint16_t>(kFamilies * kYears * 2, 0);
  std::vector<double> entry = std::vector<double>(kFamilies, -1.0);
  std::vector<int> arm = std::vector<int>(kFamilies, -1);
};

inline int arrival(std::uint64_t uid) { return static_cast<int>(uid % kYears); }

// The baseline's measured entries: every fourth family, a year after it
// arrived (the evaluation needs the year before and the year after).
inline std::int16_t measured(std::uint64_t uid) {
  return uid % 4 == 0 && arrival(uid) + 2 < kYears ? static_cast<std::int16_t>(arrival(uid) + 1)
                                                   : std::int16_t{-1};
}
inline std::vector<std::int16_t> all_measured() {
  std::vector<std::int16_t> m;
  for (std::uint64_t uid = 0; uid < kFamilies; ++uid) m.push_back(measured(uid));
  return m;
}
// Whether the baseline keeps family uid's year y.
inline bool baseline_keeps(std::uint64_t uid, int y) {
  return measured(uid) >= 0 && y >= measured(uid) - 1 && y <= measured(uid) + 1;
}

// Family uid's entry: every third family, at 100 x uid days (the second
// start does not count), so in simulated year entry_at(uid) / 365.25.
constexpr double kNever = -1.0;
inline double entry_at(std::uint64_t uid) {
  return uid % 3 == 0 ? 100.0 * static_cast<double>(uid) : kNever;
}
inline int entry_year(std::uint64_t uid) {
  return entry_at(uid) < 0.0 ? -1 : static_cast<int>(entry_at(uid) / 365.25);
}

// Family uid's need profile at the start of year y: four profiles, so
// families share them and the matched design finds matches.
inline placesim::models::ProfileCode profile_of(std::uint64_t uid, int y) {
  return (uid * 7 + static_cast<std::uint64_t>(y)) % 4;
}

// The same writes into a history and into the dense reference, year by year
// as a run writes them, each year closed at its end: families arriving in
// every year, a need profile at the start of each year they are there,
// costs in their years only (some written years ahead, as a care episode
// writes them), and counts in their own year, each entry in its year.
// `at_year(y)` runs at the start of each year, before its writes.
inline void fill(FamilyHistories& h, Dense& d, const std::function<void(int)>& at_year = {}) {
  std::uint64_t x = 12345;
  auto next = [&x] { return (x = x * 6364136223846793005u + 1442695040888963407u) >> 33; };
  for (std::uint64_t uid = 0; uid < kFamilies; ++uid) h.add_family(uid, arrival(uid));
  struct Write {
    std::uint64_t uid;
    int year, when;  // the year it is for and the year it is written in
    double amount;
    Index k;
  };
  std::vector<Write> writes;
  for (int i = 0; i < 2000; ++i) {
    const std::uint64_t uid = next() % kFamilies;
    const int y = arrival(uid) + static_cast<int>(next() % (kYears - arrival(uid)));
    const int ahead = next() % 3 ? 0 : static_cast<int>(next() % 4);  // a third written ahead
    const double amount = static_cast<double>(next() % 1000) / 7.0;
    const Index k = next() % 2 ? 7 : (next() % 2 ? 3 : 5);  // event 5 is not counted
    writes.push_back({uid, y, std::max(arrival(uid), y - ahead), amount, k});
    if (k != 5) ++d.counts[(uid * kYears + static_cast<std::size_t>(y)) * 2 + (k == 7 ? 0 : 1)];
  }
  std::stable_sort(writes.begin(), writes.end(),
                   [](const Write& a, const Write& b) { return a.when < b.when; });
  std::size_t w = 0;
  for (int y = 0; y < kYears; ++y) {
    if (at_year) at_year(y);
    for (std::uint64_t uid = 0; uid < kFamilies; ++uid) {
      if (arrival(uid) > y) continue;
      h.profile(uid, y, profile_of(uid, y));
      d.profile[uid * kYears + static_cast<std::size_t>(y)] = profile_of(uid, y);
    }
    for (std::uint64_t uid = 0; uid < kFamilies; ++uid) {
      if (entry_at(uid) < 0.0 || entry_year(uid) != y) continue;
      h.entered(uid, entry_at(uid));
      h.entered(uid, 5000.0);  // only the first start counts
      d.entry[uid] = entry_at(uid);
    }
    for (; w < writes.size() && writes[w].when == y; ++w) {
      h.cost(writes[w].uid, writes[w].year, writes[w].amount);
      d.cost[writes[w].uid * kYears + static_cast<std::size_t>(writes[w].year)] +=
          static_cast<float>(writes[w].amount);
    }
    for (const Write& c : writes) {  // counts in their own year, in the order drawn
      if (c.year == y) h.count(c.uid, y, c.k);
    }
    h.close_year(y);
  }
  for (std::uint64_t uid = 0; uid < kFamilies; ++uid) {  // entries past the last year
    if (entry_at(uid) >= 0.0 && entry_year(uid) >= kYears) {
      h.entered(uid, entry_at(uid));
      d.entry[uid] = entry_at(uid);
    }
  }
}

// What the option's evidence must say, from every year of every family: the
// evaluation's reading of a history that kept them all.
inline placesim::models::OptionEvidence expected_evidence(const Dense& d) {
  placesim::models::OptionEvidence want;
  auto at = [](std::uint64_t uid, int y) { return uid * kYears + static_cast<std::size_t>(y); };
  for (int e = 1; e + 1 < kYears; ++e) {
    for (std::uint64_t uid = 0; uid < kFamilies; ++uid) {
      if (d.entry[uid] < 0.0 || entry_year(uid) != e ||
          d.profile[at(uid, e - 1)] == FamilyHistories::kNone)
        continue;
      double sum = 0.0, n = 0.0;
      for (std::uint64_t other = 0; other < kFamilies; ++other) {
        if (d.entry[other] >= 0.0 && entry_year(other) <= e + 1) continue;
        if (d.profile[at(other, e)] != d.profile[at(uid, e)] ||
            d.profile[at(other, e - 1)] == FamilyHistories::kNone)
          continue;
        sum += static_cast<double>(d.cost[at(other, e - 1)]) - d.cost[at(other, e + 1)];
        n += 1.0;
      }
      want.entries.push_back({uid, e, d.cost[at(uid, e - 1)], d.cost[at(uid, e + 1)],
                              n == 0.0 ? std::nan("") : sum / n});
      for (int y : {e - 1, e + 1})
        want.counts.insert(want.counts.end(), &d.counts[at(uid, y) * 2],
                           &d.counts[at(uid, y) * 2] + 2);
    }
  }
  return want;
}

inline void check_evidence(const placesim::models::OptionEvidence& got,
                           const placesim::models::OptionEvidence& want) {
  REQUIRE(got.entries.size() == want.entries.size());
  for (std::size_t i = 0; i < want.entries.size(); ++i) {
    INFO("entry " << i << ", family " << want.entries[i].uid);
    CHECK(got.entries[i].uid == want.entries[i].uid);
    CHECK(got.entries[i].year == want.entries[i].year);
    CHECK(got.entries[i].before == want.entries[i].before);
    CHECK(got.entries[i].after == want.entries[i].after);
    if (std::isnan(want.entries[i].matched))
      CHECK(std::isnan(got.entries[i].matched));
    else
      CHECK(got.entries[i].matched == want.entries[i].matched);  // the same sums, in the same order
  }
  CHECK(got.counts == want.counts);
}

}  // namespace history_test
