#include <catch2/catch.hpp>

#include <limits>
#include <stdexcept>
#include <vector>

#include "models/family/family_store.h"

using placesim::models::FamilyRef;
using placesim::models::FamilyStore;

namespace {
FamilyStore small_store() {
  return FamilyStore(/*dims*/ 3, /*clocks*/ 5, /*counters*/ 4, /*agencies*/ 2, /*effects*/ 3);
}
}  // namespace

TEST_CASE("a reused slot starts clean and old references go stale", "[family_store]") {
  FamilyStore store = small_store();
  const std::uint32_t a = store.create(100);
  const FamilyRef old = store.ref(a);
  store.needs(a)[1] = 2;
  store.due(a)[4] = 12.5f;
  store.rate(a)[4] = 0.25f;
  store.assessed(a)[0] = 30.0f;
  store.count_one(a, 3);
  store.effects(a).start(2, 1, false);
  store.effects(a).continue_until(2, 40.0f);
  store.effects(a).start(0, 2, true);
  store.retire(a);
  CHECK(store.resolve(old) == FamilyStore::kStale);
  CHECK(store.live() == 0);

  const std::uint32_t b = store.create(101);
  CHECK(b == a);  // recycled
  CHECK(store.resolve(old) == FamilyStore::kStale);
  CHECK(store.resolve(store.ref(b)) == b);
  CHECK(store.core(b).uid == 101);
  CHECK(store.needs(b)[1] == 0);
  CHECK(store.due(b)[4] == 0.0f);
  CHECK(store.rate(b)[4] == 0.0f);
  CHECK(store.assessed(b)[0] == -std::numeric_limits<float>::infinity());
  CHECK(store.occurrences(b, 3) == 0);
  REQUIRE(store.effects(b).size() == 3);
  for (std::uint32_t j = 0; j < store.effects(b).size(); ++j) {
    const placesim::models::ActiveEffect e = store.effects(b)[j];
    CHECK(e.service == 0);
    CHECK(e.phase == 0);
    CHECK(e.dropped == 0);
    CHECK(e.until == 0.0f);
  }
}

TEST_CASE("occurrence counters never wrap, and a family's overflow stays its own",
          "[family_store]") {
  FamilyStore store = small_store();
  const std::uint32_t busy = store.create(1);
  const std::uint32_t quiet = store.create(2);
  store.count_one(quiet, 2);
  const std::uint64_t n = 3 * 65536 + 17;  // past the low byte's 8 bits, and past 16 three times
  for (std::uint64_t i = 0; i < n; ++i) {
    const std::uint64_t before = store.count_one(busy, 2);
    if (before != i) FAIL("count_one returned " << before << " at occurrence " << i);
  }
  CHECK(store.occurrences(busy, 2) == n);
  CHECK(store.occurrences(busy, 1) == 0);   // another counter of the same family
  CHECK(store.occurrences(quiet, 2) == 1);  // the same counter of another family
  CHECK(store.core(busy).wrapped);
  CHECK_FALSE(store.core(quiet).wrapped);

  // The high part goes with the family: the slot's next family counts from zero.
  store.retire(busy);
  const std::uint32_t next = store.create(3);
  REQUIRE(next == busy);
  CHECK(store.occurrences(next, 2) == 0);
  CHECK(store.count_one(next, 2) == 0);
  CHECK(store.occurrences(next, 2) == 1);
}

TEST_CASE("a national family's fixed state stays compact", "[family_store]") {
  // The national scenario: 8 needs, 18 clocks, 20 counters, 6 agencies and the
  // fund, 7 interventions (copied by hand from the store FamilySimulation
  // builds for it; a scenario that grows must update them). Its memory
  // target is 512 bytes a family, calendar and queues included; the fixed
  // state must leave room for them. The block is 64 + 2 x 8 + 7 x 4 + 7
  // (+ 1 to align the floats) + 18 x 8 + 4 + 20 + 8 + 7 x 4 = 320 bytes,
  // five cache lines: the two timers' times (the lapse of its unmet marks
  // and the end of an episode, 8 each) left tables that held them at several
  // times that, the history's cost of the year (4) took what was padding,
  // the core's four effect slots became a slot per intervention, and then a
  // float and a byte each (8 bytes before), the counters a byte each (2
  // before), and the core one line (72 bytes before): 368 bytes before
  // those three.
  const FamilyStore national(8, 18, 20, 7, 7);
  CHECK(national.bytes_per_family() == 320);
  CHECK(national.bytes_per_family() % 64 == 0);
  CHECK(national.bytes_per_family() % alignof(placesim::models::FamilyCore) == 0);
}

TEST_CASE("a core's narrow fields hold their largest values apart", "[family_store]") {
  using placesim::models::FamilyCore;
  FamilyCore c;
  CHECK(c.replaced_by == -1);  // no episode: what every reader of it tests
  c.uid = ~std::uint64_t{0};
  c.unmet = 0xffffffffu;
  c.stale = 0xffffffffu;
  // One field at a time at its largest, the others at nothing, then the
  // other way round: a width one bit short, or fields that overlap, show.
  auto narrow = [](const FamilyCore& x) {
    return std::vector<long long>{static_cast<long long>(x.next_clock),
                                  static_cast<long long>(x.replaced_by),
                                  static_cast<long long>(x.pending),
                                  static_cast<long long>(x.group),
                                  x.alive,
                                  x.departed,
                                  x.dirty,
                                  x.worked,
                                  x.worked_in_window,
                                  x.wrapped,
                                  x.history_open,
                                  x.history_kept};
  };
  const std::vector<long long> largest{(1 << 13) - 1,
                                       placesim::models::kMaxEventTypes - 1,
                                       0xffff,
                                       placesim::models::kGroupMask,
                                       1,
                                       1,
                                       1,
                                       1,
                                       1,
                                       1,
                                       1,
                                       1};
  auto set = [&](FamilyCore& x, std::size_t i, bool on) {
    const long long v = on ? largest[i] : 0;
    switch (i) {
      case 0:
        x.next_clock = static_cast<std::uint64_t>(v) & 0x1fffu;
        break;
      case 1:
        x.replaced_by = on ? static_cast<std::int64_t>(v) & 0xfff : -1;
        break;
      case 2:
        x.pending = static_cast<std::uint64_t>(v) & 0xffffu;
        break;
      case 3:
        x.group = static_cast<std::uint64_t>(v) & placesim::models::kGroupMask;
        break;
      case 4:
        x.alive = on;
        break;
      case 5:
        x.departed = on;
        break;
      case 6:
        x.dirty = on;
        break;
      case 7:
        x.worked = on;
        break;
      case 8:
        x.worked_in_window = on;
        break;
      case 9:
        x.wrapped = on;
        break;
      case 10:
        x.history_open = on;
        break;
      default:
        x.history_kept = on;
        break;
    }
  };
  for (std::size_t i = 0; i < largest.size(); ++i) {
    for (const bool rest_on : {false, true}) {
      FamilyCore x = c;
      for (std::size_t j = 0; j < largest.size(); ++j) set(x, j, j == i ? !rest_on : rest_on);
      const std::vector<long long> got = narrow(x);
      for (std::size_t j = 0; j < largest.size(); ++j) {
        const bool on = j == i ? !rest_on : rest_on;
        const long long want = on ? largest[j] : (j == 1 ? -1 : 0);
        INFO("field " << j << " with field " << i << (rest_on ? " clear" : " set"));
        CHECK(got[j] == want);
      }
      CHECK(x.uid == ~std::uint64_t{0});
      CHECK(x.unmet == 0xffffffffu);
      CHECK(x.stale == 0xffffffffu);
    }
  }
}

TEST_CASE("clocks past the 31st are marked stale together", "[family_store]") {
  placesim::models::FamilyCore c;
  c.mark_stale(std::uint64_t{1} << 30 | 1u << 3);
  c.mark_stale(1u << 5);
  CHECK(c.take_stale() == (std::uint64_t{1} << 30 | 1u << 3 | 1u << 5));  // exact below 31
  CHECK(c.take_stale() == 0);
  c.mark_stale(std::uint64_t{1} << 40 | 1u << 2);
  // Clock 40 stands for clocks 31 to 63: recomputing those not changed moves nothing.
  CHECK(c.take_stale() == (~std::uint64_t{0} << 31 | 1u << 2));
  c.mark_stale(std::uint64_t{1} << 31);
  CHECK(c.take_stale() == ~std::uint64_t{0} << 31);
  CHECK(c.take_stale() == 0);
}

TEST_CASE("a family's fields and its neighbours' never overlap", "[family_store]") {
  // Every part of a block written with a pattern of its own family and field:
  // a stride or an offset one byte short would overwrite a neighbour's.
  FamilyStore store = small_store();
  constexpr std::uint32_t kFamilies = 5;
  CHECK(store.bytes() == 0);
  for (std::uint32_t i = 0; i < kFamilies; ++i) store.create(i);
  CHECK(store.bytes() == kFamilies * store.bytes_per_family());  // what prefetching is judged by
  auto fill = [&](std::uint32_t f) {
    const auto base = static_cast<float>(f * 100);
    for (std::uint32_t d = 0; d < 3; ++d) store.needs(f)[d] = static_cast<std::uint8_t>(f * 3 + d);
    for (std::uint32_t k = 0; k < 5; ++k) {
      store.due(f)[k] = base + static_cast<float>(k);
      store.rate(f)[k] = base + 10.0f + static_cast<float>(k);
    }
    for (std::uint32_t a = 0; a < 2; ++a)
      store.assessed(f)[a] = base + 20.0f + static_cast<float>(a);
    *store.year_cost(f) = base + 40.0f;    // between the rates and the counters
    store.unmet_until(f) = base + 50.0;    // next to the core
    store.episode_until(f) = base + 60.0;  // next to the effects
    for (std::uint32_t k = 0; k < 4; ++k) {
      for (std::uint32_t n = 0; n < f + k; ++n) store.count_one(f, k);
    }
    store.core(f).unmet = f + 7;
    store.core(f).stale = f + 11;  // the core's last field, next to the timers
    for (std::uint32_t e = 0; e < 3; ++e) {
      store.effects(f).start(e, e + f, false);
      store.effects(f).continue_until(e, base + 30.0f + static_cast<float>(e));
    }
  };
  for (std::uint32_t f = 0; f < kFamilies; ++f) fill(f);
  for (std::uint32_t f = 0; f < kFamilies; ++f) {
    const auto base = static_cast<float>(f * 100);
    CHECK(store.core(f).uid == f);
    CHECK(store.core(f).unmet == f + 7);
    CHECK(store.core(f).stale == f + 11);
    for (std::uint32_t e = 0; e < 3; ++e) {
      CHECK(store.effects(f)[e].service == e + f);
      CHECK(store.effects(f)[e].phase == 2);
      CHECK(store.effects(f)[e].until == base + 30.0f + static_cast<float>(e));
    }
    CHECK(store.resolve(store.ref(f)) == f);
    for (std::uint32_t d = 0; d < 3; ++d) CHECK(store.needs(f)[d] == f * 3 + d);
    for (std::uint32_t k = 0; k < 5; ++k) {
      CHECK(store.due(f)[k] == base + static_cast<float>(k));
      CHECK(store.rate(f)[k] == base + 10.0f + static_cast<float>(k));
    }
    for (std::uint32_t a = 0; a < 2; ++a)
      CHECK(store.assessed(f)[a] == base + 20.0f + static_cast<float>(a));
    CHECK(*store.year_cost(f) == base + 40.0f);
    CHECK(store.unmet_until(f) == base + 50.0);
    CHECK(store.episode_until(f) == base + 60.0);
    for (std::uint32_t k = 0; k < 4; ++k) CHECK(store.occurrences(f, k) == f + k);
  }
  // Growing the store moves the blocks; nothing in them changes.
  store.reserve(1000);
  for (std::uint32_t i = 0; i < 200; ++i) store.create(1000 + i);
  CHECK(store.due(3)[4] == 304.0f);
  CHECK(store.occurrences(4, 3) == 7);
  CHECK(store.core(2).uid == 2);
}

TEST_CASE("a store has at most kMaxEffects effect slots a family", "[family_store]") {
  using placesim::models::kMaxEffects;
  const auto most = static_cast<std::uint32_t>(kMaxEffects);
  CHECK(FamilyStore(1, 2, 3, 1, most).create(0) == 0);
  CHECK_THROWS_AS(FamilyStore(1, 2, 3, 1, most + 1), std::length_error);
  const FamilyStore none(1, 2, 3, 1, 0);
  CHECK(none.bytes_per_family() < FamilyStore(1, 2, 3, 1, 1).bytes_per_family());
}

TEST_CASE("a family made in a freed slot has no unmet lapse of the family before it",
          "[family_store]") {
  FamilyStore store = small_store();
  const std::uint32_t f = store.create(0);
  CHECK(store.unmet_until(f) == FamilyStore::kNoLapse);
  store.unmet_until(f) = 12.5;  // marked unmet, then gone with its lapse pending
  store.retire(f);
  const std::uint32_t g = store.create(1);
  REQUIRE(g == f);
  CHECK(store.unmet_until(g) == FamilyStore::kNoLapse);
}
