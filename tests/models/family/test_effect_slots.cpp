#include <catch2/catch.hpp>

#include <array>
#include <cstdint>

#include "models/family/effect_slots.h"

using placesim::models::ActiveEffect;
using placesim::models::ConstEffectSlots;
using placesim::models::EffectSlots;
using placesim::models::kMaxServices;

TEST_CASE("an effect slot's byte keeps its service and its phase apart", "[effect_slots]") {
  std::array<std::uint8_t, 3> codes{};
  std::array<float, 3> until{};
  const EffectSlots fx(codes.data(), until.data(), 3);
  for (std::uint32_t j = 0; j < 3; ++j) fx.clear(j);
  REQUIRE(fx.size() == 3);
  CHECK_FALSE(fx.active(0));

  // The largest service the byte must hold, in each state in turn.
  const auto last = static_cast<std::uint32_t>(kMaxServices - 1);
  fx.start(0, last, false);
  fx.start(1, 5, true);
  CHECK(fx.active(0));
  CHECK(fx.service(0) == last);
  CHECK(fx.phase(0) == 1);
  CHECK_FALSE(fx.dropped(0));
  CHECK_FALSE(fx.after_exit(0));
  CHECK(fx.phase(1) == 1);  // in service, though it will have no after-exit phase
  CHECK(fx.dropped(1));
  CHECK(fx.active(1));  // it acts while in service: its rates must count it
  CHECK_FALSE(fx.after_exit(1));
  CHECK(fx.service(1) == 5);
  CHECK_FALSE(fx.active(2));

  fx.continue_until(0, 12.5f);
  CHECK(fx.after_exit(0));
  CHECK(fx.phase(0) == 2);
  CHECK(fx.service(0) == last);
  CHECK(fx.until(0) == 12.5f);
  const ActiveEffect e = fx[0];
  CHECK(e.service == last);
  CHECK(e.phase == 2);
  CHECK(e.dropped == 0);
  CHECK(e.until == 12.5f);

  // Ending frees the slot; its neighbours keep theirs. The slot still names
  // its service: end_effects() ends it, then touches that service's clocks.
  fx.end(0);
  CHECK_FALSE(fx.active(0));
  CHECK_FALSE(fx.after_exit(0));
  CHECK(fx.phase(0) == 0);
  CHECK(fx.service(0) == last);
  CHECK(fx.dropped(1));
  CHECK(fx.service(1) == 5);

  // A slot started again is in service afresh, whatever it held.
  fx.start(1, 7, false);
  CHECK_FALSE(fx.dropped(1));
  CHECK(fx.service(1) == 7);
  CHECK(fx[1].until == 0.0f);

  const ConstEffectSlots read = fx;  // a read-only view of the same bytes
  CHECK(read.service(1) == 7);
  CHECK(read.phase(1) == 1);
}
