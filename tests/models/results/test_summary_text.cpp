#include <catch2/catch.hpp>

#include <cmath>
#include <string>

#include "models/results/summary_text.h"

using placesim::models::format_money;
using placesim::models::formatted;

TEST_CASE("money reads as a person writes it", "[summary]") {
  CHECK(format_money(2.3149e9) == "£2.31bn");
  CHECK(format_money(2.3149e6) == "£2.31m");
  CHECK(format_money(-450e3) == "-£450k");
  CHECK(format_money(12300) == "£12k");
  CHECK(format_money(6000) == "£6,000");
  CHECK(format_money(2557.6) == "£2,558");
  CHECK(format_money(-999.4) == "-£999");
  CHECK(format_money(0.0) == "£0");
  CHECK(format_money(std::nan("")) == "n/a");
}

TEST_CASE("formatted text is never cut short", "[summary]") {
  const std::string label(1000, 'x');
  const std::string out = formatted("%s: %d", label.c_str(), 42);
  CHECK(out.size() == 1004);
  CHECK(out.substr(out.size() - 4) == ": 42");
  CHECK(formatted("%s", "").empty());
}
