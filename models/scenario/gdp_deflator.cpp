// The shipped GDP deflator: parsed from the embedded CSV; financial years
// are the mean of their four quarters (April-June to January-March).
#include "models/scenario/gdp_deflator.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <stdexcept>

namespace placesim::embedded {
extern const std::string_view gdp_deflator;
}  // namespace placesim::embedded

namespace placesim::models {
namespace {

[[noreturn]] void fail(int line, const std::string& what) {
  throw std::runtime_error("gdp_deflator.csv:" + std::to_string(line) + ": " + what);
}

int parse_int(std::string_view s, int line) {
  int v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || v < 1800 || v > 2200)
    fail(line, "expected a year, got '" + std::string(s) + "'");
  return v;
}

double parse_index(std::string_view s, int line) {
  double v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || !(v > 0) || !std::isfinite(v))
    fail(line, "expected an index > 0, got '" + std::string(s) + "'");
  return v;
}

std::string fy_label(int y) {
  const int next = (y + 1) % 100;
  return std::to_string(y) + "/" + (next < 10 ? "0" : "") + std::to_string(next);
}

}  // namespace

std::string DeflatorSeries::coverage() const {
  if (financial_years.empty()) return "no financial years";
  return fy_label(financial_years.begin()->first) + " to " +
         fy_label(financial_years.rbegin()->first);
}

DeflatorSeries parse_deflator_csv(std::string_view text) {
  DeflatorSeries s;
  bool header = false;
  int line = 0;
  for (std::size_t at = 0; at < text.size();) {
    const std::size_t eol = std::min(text.find('\n', at), text.size());
    std::string_view row = text.substr(at, eol - at);
    at = eol + 1;
    ++line;
    if (!row.empty() && row.back() == '\r') row.remove_suffix(1);
    if (row.empty()) continue;
    if (row.front() == '#') {
      constexpr std::string_view tag = "# Source: ";
      if (row.starts_with(tag) && s.source.empty()) s.source = std::string(row.substr(tag.size()));
      continue;
    }
    if (!header) {
      if (row != "period,index") fail(line, "expected the header 'period,index'");
      header = true;
      continue;
    }
    const auto comma = row.find(',');
    if (comma == std::string_view::npos) fail(line, "expected 'period,index'");
    const std::string_view period = row.substr(0, comma);
    const double index = parse_index(row.substr(comma + 1), line);
    if (const auto q = period.find(" Q"); q != std::string_view::npos) {
      const int year = parse_int(period.substr(0, q), line);
      const std::string_view n = period.substr(q + 2);
      if (n.size() != 1 || n[0] < '1' || n[0] > '4') fail(line, "expected a quarter Q1 to Q4");
      double& slot = s.quarters[year][static_cast<std::size_t>(n[0] - '1')];
      if (slot != 0) fail(line, "quarter given twice");
      slot = index;
    } else if (!s.calendar_years.emplace(parse_int(period, line), index).second) {
      fail(line, "year given twice");
    }
  }
  if (!header) fail(line, "no 'period,index' header");
  // Financial year y runs from Q2 of y to Q1 of y + 1.
  for (const auto& [year, q] : s.quarters) {
    auto next = s.quarters.find(year + 1);
    if (next == s.quarters.end() || q[1] == 0 || q[2] == 0 || q[3] == 0 || next->second[0] == 0)
      continue;
    s.financial_years[year] = (q[1] + q[2] + q[3] + next->second[0]) / 4;
  }
  return s;
}

const DeflatorSeries& published_deflator() {
  static const DeflatorSeries series = parse_deflator_csv(embedded::gdp_deflator);
  return series;
}

}  // namespace placesim::models
