#include "models/family/family_store.h"

#include <algorithm>

namespace placesim::models {

FamilyStore::FamilyStore(std::uint32_t dims, std::uint32_t clocks, std::uint32_t counters,
                         std::uint32_t agencies)
    : dims_(dims), clocks_(clocks), counters_(counters), agencies_(agencies) {}

void FamilyStore::reserve(std::size_t n) {
  core_.reserve(n);
  needs_.reserve(n * dims_);
  due_.reserve(n * clocks_);
  rate_.reserve(n * clocks_);
  count_.reserve(n * counters_);
  assessed_.reserve(n * agencies_);
}

std::uint32_t FamilyStore::create(std::uint64_t uid) {
  std::uint32_t f;
  if (free_.empty()) {
    f = static_cast<std::uint32_t>(core_.size());
    core_.emplace_back();
    needs_.resize(needs_.size() + dims_);
    due_.resize(due_.size() + clocks_);
    rate_.resize(rate_.size() + clocks_);
    count_.resize(count_.size() + counters_);
    assessed_.resize(assessed_.size() + agencies_);
  } else {
    f = free_.back();
    free_.pop_back();
  }
  std::uint32_t gen = core_[f].generation;
  core_[f] = FamilyCore{};
  core_[f].generation = gen;
  core_[f].uid = uid;
  core_[f].alive = true;
  std::fill_n(needs(f), dims_, std::uint8_t{0});
  std::fill_n(due(f), clocks_, 0.0f);
  std::fill_n(rate(f), clocks_, 0.0f);
  std::fill_n(count_.data() + std::size_t{f} * counters_, counters_, std::uint16_t{0});
  std::fill_n(assessed(f), agencies_, -std::numeric_limits<float>::infinity());
  ++live_;
  return f;
}

void FamilyStore::retire(std::uint32_t f) {
  if (core_[f].wrapped) {
    for (std::uint32_t k = 0; k < counters_; ++k) high_.erase(high_key(f, k));
  }
  core_[f].alive = false;
  ++core_[f].generation;
  free_.push_back(f);
  --live_;
}

std::uint64_t FamilyStore::high_part(std::uint32_t f, std::uint32_t k) const {
  const auto it = high_.find(high_key(f, k));
  return it == high_.end() ? 0 : it->second;
}

void FamilyStore::carry(std::uint32_t f, std::uint32_t k) {
  high_[high_key(f, k)] += std::uint64_t{1} << 16;
  core_[f].wrapped = true;
}

std::size_t FamilyStore::bytes_per_family() const {
  return sizeof(FamilyCore) + dims_ + std::size_t{clocks_} * 2 * sizeof(float) +
         std::size_t{counters_} * sizeof(std::uint16_t) + std::size_t{agencies_} * sizeof(float);
}

}  // namespace placesim::models
