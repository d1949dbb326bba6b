// The option's and the trial's histories as their years close: what the
// evaluation reads of each entry year (of each year of randomisation) is
// folded into the evidence, and the years they no longer need make room for
// the years to come (FamilyHistories::close_year in history.h).
// The folds read and add exactly what evaluate() read and added when the
// option kept every year, in the same order, so the estimates are the same
// numbers.
#include <algorithm>
#include <limits>
#include <map>
#include <stdexcept>
#include <string>

#include "models/family/history.h"

namespace placesim::models {

double FamilyHistories::ring_cost_in(std::uint64_t uid, int y) const {
  if (!present(uid, y)) return 0.0;
  if (y < lo_) refuse(uid, y);
  if (y < lo_ + kCostYears) return cost_[cost_slot(uid, y)];
  const auto it = ahead_.find({y, uid});
  return it == ahead_.end() ? 0.0 : it->second;
}

float& FamilyHistories::outside_ring(std::uint64_t uid, int year) {
  if (!present(uid, year) || year <= closed_) refuse(uid, year);
  return ahead_[{year, uid}];
}

void FamilyHistories::close_year(int y) {
  if (!ring()) return;
  if (y != closed_ + 1 || y >= years_)
    throw std::logic_error("FamilyHistories: year " + std::to_string(y) + " closed after year " +
                           std::to_string(closed_) + " of " + std::to_string(years_));
  closed_ = y;
  // An entry in year e is measured a year after it against a year before:
  // its year after has just closed.
  if (y >= 2 && role_ == HistoryRole::option) fold(y - 1);
  // A family randomised in year r is measured by its cost in r + 1.
  if (y >= 1 && role_ == HistoryRole::trial) fold_trial(y - 1);
  // The next fold reads from year y - 1 on.
  while (lo_ < y - 1) advance();
}

void FamilyHistories::advance() {
  // Year lo_'s slots become year lo_ + kCostYears's (cost) and lo_ +
  // kProfileYears's (profile): costs written ahead for that year move in as
  // they were summed, and later writes add to them in the order they come.
  const int cost_year = lo_ + kCostYears;
  for (std::uint64_t uid = 0; uid < families(); ++uid) {
    cost_[cost_slot(uid, lo_)] = 0.0f;
    if (role_ != HistoryRole::option) continue;
    if (wide_profiles_)
      wide_[profile_slot(uid, lo_)] = kNone;
    else
      profile_[profile_slot(uid, lo_)] = kNarrowNone;
    // (An evaluation without a results rule counts nothing: zero of them.)
    const std::uint64_t at = profile_slot(uid, lo_) * counted_.size();
    if (wide_counts_)
      std::fill_n(held_wide_.data() + at, counted_.size(), 0);
    else
      std::fill_n(held_.data() + at, counted_.size(), 0);
  }
  auto it = ahead_.lower_bound({cost_year, 0});
  for (; it != ahead_.end() && it->first.first == cost_year; it = ahead_.erase(it))
    cost_[cost_slot(it->first.second, cost_year)] = it->second;
  ++lo_;
}

void FamilyHistories::fold(int e) {
  // The measured entries of year e, as the evaluation chooses them: there
  // the year before (e - 1 >= 0, and e + 1 has closed by now).
  const std::size_t first = evidence_.entries.size();
  std::vector<std::pair<ProfileCode, double>> needed;  // (profile, matched sum), then (.., n)
  for (std::uint64_t uid = 0; uid < families(); ++uid) {
    if (entry_year(uid) != e || profile_at(uid, e - 1) == kNone) continue;
    evidence_.entries.push_back({uid, e, static_cast<float>(cost_in(uid, e - 1)),
                                 static_cast<float>(cost_in(uid, e + 1)), 0.0});
    const std::vector<std::uint16_t> before = counts_in(uid, e - 1);
    const std::vector<std::uint16_t> after = counts_in(uid, e + 1);
    evidence_.counts.insert(evidence_.counts.end(), before.begin(), before.end());
    evidence_.counts.insert(evidence_.counts.end(), after.begin(), after.end());
    needed.emplace_back(profile_at(uid, e), 0.0);
  }
  if (needed.empty()) return;
  // The matched comparison: families not treated by e + 1, with a profile an
  // entry of year e has, there since the start of e - 1, in identity order.
  std::map<ProfileCode, std::pair<double, double>> pool;  // profile -> (sum, n)
  for (const auto& [code, unused] : needed) pool.emplace(code, std::pair{0.0, 0.0});
  for (std::uint64_t uid = 0; uid < families(); ++uid) {
    const int entry = entry_year(uid);
    if (entry >= 0 && entry <= e + 1) continue;  // treated by then
    const ProfileCode code = profile_at(uid, e);
    if (code == kNone || profile_at(uid, e - 1) == kNone) continue;
    const auto it = pool.find(code);
    if (it == pool.end()) continue;
    it->second.first += cost_in(uid, e - 1) - cost_in(uid, e + 1);
    it->second.second += 1.0;
  }
  for (std::size_t i = first; i < evidence_.entries.size(); ++i) {
    const auto& [sum, n] = pool.at(needed[i - first].first);
    evidence_.entries[i].matched = n == 0.0 ? std::numeric_limits<double>::quiet_NaN() : sum / n;
  }
}

const OptionEvidence& FamilyHistories::evidence() const {
  if (role_ != HistoryRole::option || closed_ + 1 != years_)
    throw std::logic_error("FamilyHistories: the option's evidence before its last year closed");
  return evidence_;
}

void FamilyHistories::fold_trial(int r) {
  // As the evaluation reckons it: the year of the randomisation time as kept.
  for (std::uint64_t uid = 0; uid < families(); ++uid) {
    if (arm_[uid] < 0 || year_of(arm_time_[uid]) != r) continue;
    after_[uid] = static_cast<float>(cost_in(uid, r + 1));
  }
}

double FamilyHistories::cost_after_randomised(std::uint64_t uid) const {
  if (role_ != HistoryRole::trial)
    throw std::logic_error("FamilyHistories: a cost after randomisation outside a trial run");
  if (uid >= after_.size()) refuse(uid, -1);
  return after_[uid];
}

void FamilyHistories::keep_evidence_only() {
  (void)evidence();  // the option's, once its last year has closed
  // Swapped with empty arrays: a vector's clear(), or assigning it {}, keeps its memory.
  release(first_);
  release(cost_);
  release(profile_);
  release(wide_);
  release(held_);
  release(held_wide_);
  release(entry_);
  release(ahead_);
  // The evidence had room for every family (reserve()); it keeps its own.
  std::vector<OptionEvidence::Entry>(evidence_.entries).swap(evidence_.entries);
  std::vector<std::uint16_t>(evidence_.counts).swap(evidence_.counts);
  evidence_only_ = true;
}

}  // namespace placesim::models
