// The GDP deflator placesim ships (scenarios/data/gdp_deflator.csv, compiled
// in): the default for money.gdp_deflator, so that a price_year up to the
// latest published financial year converts without a hand-typed series.
#pragma once

#include <array>
#include <map>
#include <string>
#include <string_view>

namespace placesim::models {

//! A quarterly deflator series with its calendar-year values, as published.
struct DeflatorSeries {
  std::map<int, std::array<double, 4>> quarters;  //!< year -> Q1..Q4 (0 where not published)
  std::map<int, double> calendar_years;           //!< year -> the published annual index
  std::map<int, double> financial_years;          //!< start year -> mean of its four quarters
  std::string source;                             //!< the file's "Source:" line, without it
  //! The financial years covered, as "1955/56 to 2024/25".
  [[nodiscard]] std::string coverage() const;
};

//! Parses the CSV format of scenarios/data/gdp_deflator.csv ('#' comments, a
//! header, rows "YEAR,index" or "YEAR Qn,index"); throws std::runtime_error
//! naming the line of a malformed or repeated row.
DeflatorSeries parse_deflator_csv(std::string_view text);

//! The shipped series, parsed once.
const DeflatorSeries& published_deflator();

}  // namespace placesim::models
