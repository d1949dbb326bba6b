#include "models/family/history.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

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

FamilyHistories::FamilyHistories(HistoryRole role, int years, std::vector<Index> counted,
                                 const std::vector<std::int16_t>& measured)
    : role_(role), years_(years), counted_(std::move(counted)), none_(counted_.size(), 0) {
  if (years_ < 0 || years_ > std::numeric_limits<std::uint16_t>::max())
    throw std::length_error("FamilyHistories: " + std::to_string(years_) + " years");
  if (role_ != HistoryRole::baseline) return;
  // The measured families are known from the start: their cells are made
  // now, and a family not measured takes a bit.
  measured_ = MeasuredIndex(measured);
  const std::uint64_t cells = kMeasuredYears * measured_.size();
  cost_.resize(cells, 0.0f);
  counts_.resize(cells * counted_.size(), 0);
}

void FamilyHistories::add_family(std::uint64_t uid, int first) {
  if (uid < families_) return;
  if (uid != families_)
    throw std::logic_error("FamilyHistories: family " + std::to_string(uid) +
                           " arrived out of order");
  if (role_ == HistoryRole::baseline) {
    ++families_;
    return;
  }
  if (ring()) {
    if (evidence_only_)
      throw std::logic_error("FamilyHistories: family " + std::to_string(uid) +
                             " arrived after the option kept its evidence alone");
    // A ring of years, the same for every family: years before its arrival
    // read as nothing by its row.
    if (first < lo_)
      throw std::logic_error("FamilyHistories: family " + std::to_string(uid) +
                             " arrived in year " + std::to_string(first) + ", closed already");
    const int lo = std::clamp(first, 0, years_);
    first_.push_back(static_cast<std::uint16_t>(lo));
    cost_.resize(cost_.size() + kCostYears, 0.0f);
    ++families_;
    if (role_ == HistoryRole::trial) {
      arm_.push_back(-1);
      arm_time_.push_back(-1.0f);
      after_.push_back(std::numeric_limits<float>::quiet_NaN());
      return;
    }
    if (wide_profiles_)
      wide_.resize(wide_.size() + kProfileYears, kNone);
    else
      profile_.resize(profile_.size() + kProfileYears, kNarrowNone);
    entry_.push_back(-1);
    if (wide_counts_)
      held_wide_.resize(held_wide_.size() + kProfileYears * counted_.size(), 0);
    else
      held_.resize(held_.size() + kProfileYears * counted_.size(), 0);
    return;
  }
  const int lo = std::clamp(first, 0, years_), hi = years_;
  const std::uint64_t end = cells_ + static_cast<std::uint64_t>(hi - lo);
  if (end > std::numeric_limits<std::uint32_t>::max())
    throw std::length_error("FamilyHistories: more than 2^32 family-years to keep");
  rows_.push_back({static_cast<std::uint32_t>(cells_), static_cast<std::uint16_t>(lo),
                   static_cast<std::uint16_t>(hi - lo)});
  cells_ = end;
  cost_.resize(end, 0.0f);
  ++families_;
}

ProfileCode profile_code_of(const std::uint8_t* levels, std::size_t needs) {
  ProfileCode code = 0;
  for (std::size_t d = needs; d-- > 0;) code = code * kLevels + levels[d];
  return code;
}

void FamilyHistories::reserve(std::uint64_t families, std::uint64_t family_years) {
  // The baseline made its cells when it was made.
  if (ring()) {
    first_.reserve(families);
    cost_.reserve(kCostYears * families);
  }
  if (role_ == HistoryRole::option) {
    profile_.reserve(kProfileYears * families);
    entry_.reserve(families);
    held_.reserve(kProfileYears * families * counted_.size());
    // A family's entry is measured at most once (the first start counts).
    // Grown as it was folded, the evidence doubled in a year's fold, with
    // the option's every array still held: a national run's peak
    // (docs/performance.md, "Places worth buying, and the evidence's room").
    evidence_.entries.reserve(families);
    evidence_.counts.reserve(2 * families * counted_.size());
  } else if (role_ == HistoryRole::trial) {
    arm_.reserve(families);
    arm_time_.reserve(families);
    after_.reserve(families);
  } else if (role_ == HistoryRole::costs) {
    // No history holds more than 2^32 cells (add_family refuses them).
    cost_.reserve(std::min<std::uint64_t>(family_years, std::uint64_t{1} << 32));
    rows_.reserve(families);
  }
}

void FamilyHistories::refuse(std::uint64_t uid, int year) const {
  const std::string family = "FamilyHistories: family " + std::to_string(uid);
  if (uid >= families_)
    throw std::logic_error(family + ", not seen (" + std::to_string(families_) + " have been)");
  if (ring() && uid >= first_.size())
    throw std::logic_error(family + ": the option's history keeps its evidence alone now");
  if (role_ == HistoryRole::baseline) {
    const std::uint32_t r = measured_.rank(uid);
    if (r == MeasuredIndex::kNot)
      throw std::logic_error(family + ", year " + std::to_string(year) +
                             ": the baseline keeps no year of a family not measured");
    throw std::logic_error(family + ", year " + std::to_string(year) +
                           ": the baseline keeps the years around its entry in year " +
                           std::to_string(measured_.year(r)) + " alone");
  }
  const int first = ring() ? first_[uid] : rows_[uid].first;
  if (ring() && year <= closed_ && year >= first && year < years_)
    throw std::logic_error("FamilyHistories: year " + std::to_string(year) + " of family " +
                           std::to_string(uid) + ", closed already (years to " +
                           std::to_string(closed_) + " have closed; from year " +
                           std::to_string(lo_) + " on are kept)");
  throw std::logic_error("FamilyHistories: year " + std::to_string(year) + " of family " +
                         std::to_string(uid) + ", whose history runs from year " +
                         std::to_string(first) + " of " + std::to_string(years_));
}

void FamilyHistories::profile(std::uint64_t uid, int year, ProfileCode code) {
  if (role_ != HistoryRole::option || year < 0 || year >= years_) return;
  if (!present(uid, year) || year <= closed_ || year >= lo_ + kProfileYears) refuse(uid, year);
  const std::uint64_t c = profile_slot(uid, year);
  if (!wide_profiles_ && code >= kNarrowNone) widen();
  if (wide_profiles_)
    wide_[c] = code;
  else
    profile_[c] = static_cast<std::uint16_t>(code);
}

void FamilyHistories::widen() {
  wide_.reserve(profile_.capacity());
  for (const std::uint16_t p : profile_) wide_.push_back(p == kNarrowNone ? kNone : p);
  release(profile_);
  wide_profiles_ = true;
}

Index FamilyHistories::counted_index(Index k) const {
  const auto it = std::find(counted_.begin(), counted_.end(), k);
  return it == counted_.end() ? kNoIndex : static_cast<Index>(it - counted_.begin());
}

void FamilyHistories::count(std::uint64_t uid, int year, Index k) {
  if (role_ == HistoryRole::trial || role_ == HistoryRole::costs) return;
  const Index i = counted_index(k);
  if (i == kNoIndex || year < 0 || year >= years_) return;
  std::uint16_t* n = nullptr;
  if (role_ == HistoryRole::option) {
    // The ring's years: a closed year's counts were folded, and one past
    // the ring's would take the slot of a year the next fold reads.
    if (!present(uid, year) || year <= closed_ || year >= lo_ + kProfileYears) refuse(uid, year);
    const std::uint64_t at = profile_slot(uid, year) * counted_.size() + i;
    if (!wide_counts_) {
      if (held_[at] < 0xff) {
        ++held_[at];
        return;
      }
      widen_counts();
    }
    n = &held_wide_[at];
  } else if (const std::uint64_t at = cell(uid, year); at != kNoCell) {
    n = &counts_[at * counted_.size() + i];
  }
  if (n && *n < 0xffff) ++*n;
}

void FamilyHistories::widen_counts() {
  held_wide_.reserve(held_.capacity());
  held_wide_.assign(held_.begin(), held_.end());
  release(held_);
  wide_counts_ = true;
}

ProfileCode FamilyHistories::profile_at(std::uint64_t uid, int y) const {
  if (role_ != HistoryRole::option || !present(uid, y) || y >= lo_ + kProfileYears) return kNone;
  if (y < lo_) [[unlikely]]
    refuse(uid, y);  // let go: its slot holds a later year
  const std::uint64_t c = profile_slot(uid, y);
  if (wide_profiles_) return wide_[c];
  return profile_[c] == kNarrowNone ? kNone : profile_[c];
}

int FamilyHistories::entry_year(std::uint64_t uid) const {
  if (role_ != HistoryRole::option) return -1;
  if (uid >= entry_.size()) [[unlikely]]
    refuse(uid, -1);
  return entry_[uid];
}

int FamilyHistories::arm(std::uint64_t uid) const {
  return role_ == HistoryRole::trial ? arm_[uid] : -1;
}

double FamilyHistories::arm_time(std::uint64_t uid) const {
  return role_ == HistoryRole::trial ? arm_time_[uid] : -1.0;
}

std::vector<std::uint16_t> FamilyHistories::counts_in(std::uint64_t uid, int y) const {
  const std::size_t k = counted_.size();
  if (role_ == HistoryRole::baseline) {
    const std::uint64_t c = readable(uid, y);
    if (c == kNoCell) return none_;
    return {counts_.begin() + static_cast<std::ptrdiff_t>(c * k),
            counts_.begin() + static_cast<std::ptrdiff_t>((c + 1) * k)};
  }
  // The option's, in the profiles' ring; before the family arrived, or a
  // year not begun, nothing counted. Other roles count nothing.
  if (role_ != HistoryRole::option || k == 0 || !present(uid, y) || y >= lo_ + kProfileYears)
    return none_;
  if (y < lo_) [[unlikely]]
    refuse(uid, y);  // let go: its slot holds a later year's
  const std::uint64_t at = profile_slot(uid, y) * k;
  std::vector<std::uint16_t> n(k);
  for (std::size_t i = 0; i < k; ++i) n[i] = wide_counts_ ? held_wide_[at + i] : held_[at + i];
  return n;
}

void FamilyHistories::entered(std::uint64_t uid, double t) {
  if (role_ != HistoryRole::option || entry_year(uid) >= 0) return;
  // The year of the time as a float, as the times were once kept (a time
  // just short of a year's end can round into the next).
  const int e = year_of(static_cast<float>(t));
  entry_[uid] =
      static_cast<std::int16_t>(std::clamp(e, -1, int{std::numeric_limits<std::int16_t>::max()}));
  // An entry in a closed year would miss the fold that measures it: the
  // entry must come as it happens.
  if (e <= closed_)
    throw std::logic_error("FamilyHistories: family " + std::to_string(uid) + " entered in year " +
                           std::to_string(e) + ", closed already");
}

void FamilyHistories::randomised(std::uint64_t uid, double t, bool control) {
  if (role_ != HistoryRole::trial)
    throw std::logic_error("FamilyHistories: a family randomised outside a trial run");
  arm_[uid] = control ? 0 : 1;
  arm_time_[uid] = static_cast<float>(t);
}

// Every array once, each counted by `elements` (its size or its capacity),
// so that bytes() and room() cannot drift apart as arrays come and go.
template <class Elements>
std::uint64_t FamilyHistories::tally(Elements elements) const {
  auto of = [&](const auto& v) -> std::uint64_t { return elements(v) * sizeof(v[0]); };
  return of(counted_) + measured_.bytes() + of(none_) + of(rows_) + of(first_) + of(cost_) +
         of(profile_) + of(wide_) + of(counts_) + of(held_) + of(held_wide_) + of(entry_) +
         of(arm_) + of(arm_time_) + of(after_) + ahead_.size() * kMapNode + of(evidence_.entries) +
         of(evidence_.counts);
}

std::uint64_t FamilyHistories::bytes() const {
  return tally([](const auto& v) { return v.size(); });
}

std::uint64_t FamilyHistories::room() const {
  return tally([](const auto& v) { return v.capacity(); });
}

}  // namespace placesim::models
