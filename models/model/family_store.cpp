#include "models/model/family_store.h"

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
  std::fill_n(due(f), clocks_, 0.0);
  std::fill_n(rate(f), clocks_, 0.0f);
  std::fill_n(count(f), counters_, 0u);
  std::fill_n(assessed(f), agencies_, -std::numeric_limits<float>::infinity());
  ++live_;
  return f;
}

void FamilyStore::retire(std::uint32_t f) {
  core_[f].alive = false;
  ++core_[f].generation;
  free_.push_back(f);
  --live_;
}

std::size_t FamilyStore::bytes_per_family() const {
  return sizeof(FamilyCore) + dims_ + clocks_ * (sizeof(double) + sizeof(float)) + counters_ * sizeof(std::uint32_t) +
         agencies_ * sizeof(float);
}

}  // namespace placesim::models
