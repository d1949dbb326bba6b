#include <catch2/catch.hpp>

#include "models/family/ledger.h"

using namespace placesim::models;

TEST_CASE("accrual splits an interval across financial years", "[ledger]") {
  Ledger l(3, 2, 365.25);
  // From the middle of year 0 to a quarter into year 2, £2 a day.
  l.accrue(365.25 / 2, 2 * 365.25 + 365.25 / 4, 2.0, 1, kReactive, Evidence::verified);
  CHECK(l.at(0, 1, kReactive) == Approx(365.25));
  CHECK(l.at(1, 1, kReactive) == Approx(2 * 365.25));
  CHECK(l.at(2, 1, kReactive) == Approx(365.25 / 2));
  CHECK(l.at(0, 0, kReactive) == 0.0);
}

TEST_CASE("accrual past the horizon is dropped, and posts past it are refused", "[ledger]") {
  Ledger l(2, 1, 100.0);
  l.accrue(150.0, 1000.0, 1.0, 0, kPreventive, Evidence::assumed);
  CHECK(l.at(1, 0, kPreventive) == Approx(50.0));
  CHECK_FALSE(l.post(2, 0, kSetup, 1.0, Evidence::assumed));
  CHECK(l.post(0, 0, kSetup, 5.0, Evidence::assumed));
  CHECK(l.total(0, 0) == 5.0);
  CHECK(l.year_of(99.9) == 0);
  CHECK(l.year_of(100.0) == 1);
}
