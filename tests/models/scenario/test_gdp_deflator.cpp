// The GDP deflator placesim ships: its parser, the mean-of-quarters method
// checked against the published calendar years, and how scenarios use it.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>

#include "models/scenario/gdp_deflator.h"
#include "models/scenario/load.h"

using namespace placesim;
using namespace placesim::models;

namespace {

std::vector<Diagnostic> errors_of(const std::vector<std::string>& sets) {
  try {
    load_scenario_text(default_scenario_text(), "d.yaml", sets);
  } catch (const InputError& e) {
    return e.diagnostics().all();
  }
  return {};
}

double unit_cost(const Scenario& s, const std::string& event) {
  auto e = std::find_if(s.events.begin(), s.events.end(),
                        [&](const EventSpec& x) { return x.key == event; });
  REQUIRE(e != s.events.end());
  return e->unit_cost.value;
}

}  // namespace

TEST_CASE("the shipped deflator covers 1955/56 to the latest published financial year",
          "[deflator]") {
  const DeflatorSeries& d = published_deflator();
  CHECK(d.coverage() == "1955/56 to 2024/25");
  CHECK_THAT(d.source, Catch::Contains("YBGB"));
  // 2011/12: April 2011 to March 2012, the quarters 2011 Q2-Q4 and 2012 Q1.
  CHECK(d.financial_years.at(2011) == Approx((78.5 + 79.0 + 79.5 + 79.8) / 4));
  CHECK(d.financial_years.at(2024) == Approx((110.1 + 112.1 + 113.2 + 114.1) / 4));
}

TEST_CASE("a mean of quarters reproduces the published calendar years", "[deflator]") {
  // The published annual index is money GDP over real GDP for the year; the
  // mean of the quarters weights them equally. They agree within the rounding
  // of the published figures (one decimal), but in 2020, when GDP fell by a
  // fifth in one quarter.
  const DeflatorSeries& d = published_deflator();
  int compared = 0;
  for (const auto& [year, annual] : d.calendar_years) {
    auto q = d.quarters.find(year);
    if (q == d.quarters.end() || std::count(q->second.begin(), q->second.end(), 0.0) > 0) continue;
    const double mean = (q->second[0] + q->second[1] + q->second[2] + q->second[3]) / 4;
    INFO(year << ": mean of quarters " << mean << ", published " << annual);
    if (year == 2020)
      CHECK(std::abs(mean / annual - 1) < 0.002);
    else
      CHECK(std::abs(mean - annual) <= 0.05 + 1e-9);
    ++compared;
  }
  CHECK(compared == 70);  // 1955 to 2024
}

TEST_CASE("a malformed deflator file names its line", "[deflator]") {
  using Catch::Contains;
  CHECK_THROWS_WITH(parse_deflator_csv("# c\nperiod,index\n2011 Q1,79\n2011 Q1,80\n"),
                    Contains("gdp_deflator.csv:4: quarter given twice"));
  CHECK_THROWS_WITH(parse_deflator_csv("period,index\n2011,79\n2011,80\n"),
                    Contains(":3: year given twice"));
  CHECK_THROWS_WITH(parse_deflator_csv("period,index\n2011 Q5,79\n"),
                    Contains(":2: expected a quarter"));
  CHECK_THROWS_WITH(parse_deflator_csv("period,index\n2011,-1\n"), Contains("an index > 0"));
  CHECK_THROWS_WITH(parse_deflator_csv("period,index\n2011,79x\n"), Contains("an index > 0"));
  CHECK_THROWS_WITH(parse_deflator_csv("year,value\n"), Contains(":1: expected the header"));
  CHECK_THROWS_WITH(parse_deflator_csv("# only comments\n"), Contains("no 'period,index' header"));
  // A financial year needs all four of its quarters.
  auto d =
      parse_deflator_csv("period,index\r\n2011 Q2,1\n2011 Q3,2\n2011 Q4,3\n2012 Q1,6\n2012 Q2,9\n");
  CHECK(d.financial_years.size() == 1);
  CHECK(d.financial_years.at(2011) == 3.0);
  CHECK(d.coverage() == "2011/12 to 2011/12");
}

TEST_CASE("scenarios convert price years with the shipped deflator unless they give one",
          "[deflator][scenario]") {
  const auto& fy = published_deflator().financial_years;
  Scenario s = load_scenario_text(default_scenario_text(), "d").scenario;
  // The ASB incident is £500 at 2002/03 prices; the base is 2011/12.
  CHECK(unit_cost(s, "asb_incident") == Approx(500.0 * fy.at(2011) / fy.at(2002)));
  CHECK(unit_cost(s, "asb_incident") == Approx(620.0).epsilon(0.001));
  CHECK_THAT(s.deflator_source, Catch::Contains("YBGB"));

  // An own series replaces the shipped one whole.
  Scenario own = load_scenario_text(default_scenario_text(), "d",
                                    {"money.gdp_deflator={2002: 50, 2005: 60, 2006: 70, "
                                     "2008: 80, 2010: 90, 2011: 100, 2012: 110, 2013: 120}"})
                     .scenario;
  CHECK(unit_cost(own, "asb_incident") == Approx(1000.0));
  CHECK(own.deflator_source == "money.gdp_deflator in the scenario");
  auto partial = errors_of({"money.gdp_deflator={2011: 100}"});
  REQUIRE_FALSE(partial.empty());
  CHECK(partial[0].allowed == "add the year to money.gdp_deflator");

  // 'published' names the shipped series.
  Scenario named =
      load_scenario_text(default_scenario_text(), "d", {"money.gdp_deflator=published"}).scenario;
  CHECK(named.same_model(s));
}

TEST_CASE("a price year past the shipped series says what it covers", "[deflator][scenario]") {
  auto d = errors_of({"events.asb_incident.unit_cost.price_year=2030"});
  REQUIRE(d.size() == 1);
  CHECK(d[0].path == "events.asb_incident.unit_cost.price_year");
  CHECK(d[0].problem == "no GDP deflator to convert 2030 prices to the base year 2011");
  CHECK_THAT(d[0].allowed, Catch::Contains("covers financial years 1955/56 to 2024/25"));
  CHECK(errors_of({"money.price_base_year=2024"}).empty());
  auto base = errors_of({"money.price_base_year=2026"});  // once, not at each price_year
  REQUIRE(base.size() == 1);
  CHECK(base[0].path == "money.price_base_year");  // where the problem was written
  CHECK(base[0].where.file == "--set money.price_base_year=2026");
  CHECK(base[0].problem ==
        "no GDP deflator for the price base year 2026, so no price_year converts (the first is "
        "needs.dimensions.child_welfare.cost_per_year.0.price_year)");
  CHECK(errors_of({"money.gdp_deflator=[1, 2]"}).size() == 1);
  auto twice = errors_of({"money.gdp_deflator={2011: 100, \"2011/12\": 101}"});
  CHECK(std::any_of(twice.begin(), twice.end(), [](const Diagnostic& x) {
    return x.path == "money.gdp_deflator.2011/12" &&
           x.problem == "financial year 2011 is given twice";
  }));
}

TEST_CASE("claims written relative to the window follow time.start_year", "[scenario]") {
  auto l = load_scenario_text(default_scenario_text(), "d", {"time.start_year=2024"});
  const auto& claims = l.scenario.claims;
  REQUIRE(claims.size() == 3);
  CHECK(claims[0].first_year == 0);
  CHECK(claims[0].last_year == 9);
  CHECK(claims[1].first_year == 4);
  CHECK(claims[1].last_year == 4);
  auto fixed = load_scenario_text(default_scenario_text(), "d",
                                  {"business_case.claims.1.years=[2013, end-1]"})
                   .scenario;
  CHECK(fixed.claims[1].first_year == 2);
  CHECK(fixed.claims[1].last_year == 8);

  auto bad = errors_of({"business_case.claims.1.years=start+x"});
  REQUIRE(bad.size() == 1);
  CHECK(bad[0].path == "business_case.claims.1.years");
  CHECK(bad[0].problem == "'start+x' is not a financial year");
  CHECK_THAT(bad[0].allowed, Catch::Contains("start, start+N, end or end-N"));
  auto outside = errors_of({"business_case.claims.1.years=start+10"});
  REQUIRE(outside.size() == 1);
  CHECK(outside[0].problem ==
        "the years (2021 to 2021) are outside the appraisal window or in the wrong order");
  // Counting goes inwards only: start-1 and end+1 are outside by construction.
  CHECK(errors_of({"business_case.claims.1.years=end+1"})[0].problem ==
        "'end+1' is not a financial year");
  CHECK(errors_of({"business_case.claims.1.years=[end, start]"}).size() == 1);
}
