#include "models/family/history.h"

#include <algorithm>
#include <cmath>

#include "models/family/model_params.h"

namespace placesim::models {

bool meets_rule(const ResultsRule& rule, const std::uint16_t* before, const std::uint16_t* after) {
  bool all = true, any = false;
  for (std::size_t i = 0; i < rule.falls.size(); ++i) {
    const double b = before[i], a = after[i];
    const bool met = b > 0 ? a <= (1.0 - rule.falls[i].second) * b : a == 0;
    all = all && met;
    any = any || met;
  }
  return rule.all ? all : any;
}

FamilyHistories::FamilyHistories(int years, std::vector<Index> counted)
    : years_(years), counted_(std::move(counted)) {}

void FamilyHistories::add_family(std::uint64_t uid) {
  if (uid < entry_.size()) return;
  const std::uint64_t n = uid + 1, y = static_cast<std::uint64_t>(years_);
  cost_.resize(n * y, 0.0f);
  profile_.resize(n * y, kNone);
  counts_.resize(n * y * counted_.size(), 0);
  entry_.resize(n, -1.0f);
  arm_.resize(n, -1);
  arm_time_.resize(n, -1.0f);
}

void FamilyHistories::accrue(std::uint64_t uid, double t0, double t1, double per_day) {
  if (!(t1 > t0) || per_day == 0.0) return;
  for (int y = std::max(0, static_cast<int>(t0 / kDaysPerYear)); y < years_; ++y) {
    const double a = std::max(t0, y * kDaysPerYear), b = std::min(t1, (y + 1) * kDaysPerYear);
    if (b <= a) break;
    cost(uid, y, per_day * (b - a));
  }
}

void FamilyHistories::profile(std::uint64_t uid, int year, std::uint32_t code) {
  if (year >= 0 && year < years_) at(profile_, uid, year) = code;
}

Index FamilyHistories::counted_index(Index k) const {
  const auto it = std::find(counted_.begin(), counted_.end(), k);
  return it == counted_.end() ? kNoIndex : static_cast<Index>(it - counted_.begin());
}

void FamilyHistories::count(std::uint64_t uid, int year, Index k) {
  const Index i = counted_index(k);
  if (i == kNoIndex || year < 0 || year >= years_) return;
  std::uint16_t& c =
      counts_[(uid * static_cast<std::uint64_t>(years_) + static_cast<std::uint64_t>(year)) *
                  counted_.size() +
              i];
  if (c < 0xffff) ++c;
}

void FamilyHistories::entered(std::uint64_t uid, double t) {
  if (entry_[uid] < 0.0f) entry_[uid] = static_cast<float>(t);
}

void FamilyHistories::randomised(std::uint64_t uid, double t, bool control) {
  arm_[uid] = control ? 0 : 1;
  arm_time_[uid] = static_cast<float>(t);
}

}  // namespace placesim::models
