#include "models/family/family_store.h"

#include <algorithm>
#include <cstring>
#include <stdexcept>
#include <string>

namespace placesim::models {
namespace {

std::size_t round_up(std::size_t n, std::size_t to) { return (n + to - 1) / to * to; }

}  // namespace

FamilyStore::FamilyStore(std::uint32_t dims, std::uint32_t clocks, std::uint32_t counters,
                         std::uint32_t agencies, std::uint32_t effects)
    : dims_(dims), clocks_(clocks), counters_(counters), agencies_(agencies), effects_(effects) {
  if (effects > kMaxEffects)
    throw std::length_error("FamilyStore: " + std::to_string(effects) + " effect slots, at most " +
                            std::to_string(kMaxEffects));
  // Hottest first: what a clock's firing reads (core, timers, effects, due
  // times, rates, counters, need levels) spans the block's first lines; the
  // assessment stamps, read on referrals only, come last.
  static_assert(sizeof(FamilyCore) % alignof(double) == 0);
  // Its timers' times next to the core: finding its next event reads them
  // with the effects and due times, on the lines those span anyway. Doubles,
  // as the lapse and the episode's end are exact (a table keyed by identity
  // held them, at several times the bytes, allocated as they came and went).
  unmet_until_at_ = sizeof(FamilyCore);
  episode_until_at_ = unmet_until_at_ + sizeof(double);
  effect_until_at_ = episode_until_at_ + sizeof(double);
  effect_codes_at_ = effect_until_at_ + std::size_t{effects} * sizeof(float);
  due_at_ = round_up(effect_codes_at_ + effects, alignof(float));
  rate_at_ = due_at_ + std::size_t{clocks} * sizeof(float);
  // The year's cost goes with the counters: an occurrence adds to both.
  year_cost_at_ = rate_at_ + std::size_t{clocks} * sizeof(float);
  counts_at_ = year_cost_at_ + sizeof(float);
  needs_at_ = counts_at_ + counters;
  assessed_at_ = round_up(needs_at_ + dims, alignof(float));
  stride_ = round_up(assessed_at_ + std::size_t{agencies} * sizeof(float), alignof(FamilyCore));
}

void FamilyStore::reserve(std::size_t n) { grow(n); }

void FamilyStore::grow(std::size_t slots) {
  if (slots <= capacity_) return;
  // Not zeroed: pages never written are never touched, so room reserved for
  // families that do not come costs address space, not memory (on huge
  // pages, at most one huge page past the last slot written). A national
  // cohort's blocks span about 38 MiB: on 2 MiB pages a family's first read is one
  // miss, not a TLB miss and a page walk as well.
  sim::LargeBuffer fresh = sim::large_buffer(slots * stride_);
  if (slots_ > 0) std::memcpy(fresh.get(), blocks_.get(), std::size_t{slots_} * stride_);
  blocks_ = std::move(fresh);
  capacity_ = slots;
}

std::uint32_t FamilyStore::create(std::uint64_t uid) {
  std::uint32_t f;
  std::uint32_t generation = 0;
  if (free_.empty()) {
    if (slots_ == capacity_) grow(std::max<std::size_t>(2 * capacity_, 64));
    f = slots_++;
  } else {
    f = free_.back();
    free_.pop_back();
    generation = core(f).generation;
  }
  FamilyCore* c = new (at(f)) FamilyCore{};
  c->generation = generation;
  c->uid = uid;
  c->alive = true;
  const EffectSlots fx = effects(f);
  for (std::uint32_t j = 0; j < effects_; ++j) fx.clear(j);
  std::fill_n(needs(f), dims_, std::uint8_t{0});
  std::fill_n(due(f), clocks_, 0.0f);
  std::fill_n(rate(f), clocks_, 0.0f);
  std::fill_n(counts(f), counters_, std::uint8_t{0});
  std::fill_n(assessed(f), agencies_, -std::numeric_limits<float>::infinity());
  *year_cost(f) = 0.0f;
  unmet_until(f) = kNoLapse;
  episode_until(f) = 0.0;
  ++live_;
  return f;
}

void FamilyStore::retire(std::uint32_t f) {
  FamilyCore& c = core(f);
  if (c.wrapped) {
    for (std::uint32_t k = 0; k < counters_; ++k) high_.erase(high_key(f, k));
  }
  c.alive = false;
  ++c.generation;
  free_.push_back(f);
  --live_;
}

std::uint64_t FamilyStore::high_part(std::uint32_t f, std::uint32_t k) const {
  const auto it = high_.find(high_key(f, k));
  return it == high_.end() ? 0 : it->second;
}

void FamilyStore::carry(std::uint32_t f, std::uint32_t k) {
  high_[high_key(f, k)] += std::uint64_t{1} << 8;
  core(f).wrapped = true;
}

}  // namespace placesim::models
