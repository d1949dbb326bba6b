#pragma once
//! The scenario's own value types on top of sim::Reader: uncertain
//! parameters, money with a price year, and financial years.

#include <map>

#include "models/scenario/load.h"
#include "models/scenario/scenario.h"
#include "sim/io/reader.h"

namespace placesim::models {

using sim::Bounds;
using sim::join_path;

//! A reader of scenario documents.
class ScenarioReader : public sim::Reader {
 public:
  using sim::Reader::Reader;

  //! A number or a distribution, drawn per replication, whose values lie in bounds.
  std::optional<Param> param(const sim::YamlNode& n, const std::string& path, Bounds b);
  //! Money: a number in base-year £, {gbp: X, price_year: Y}, or a distribution
  //! with an optional price_year; converted to base-year prices.
  std::optional<Param> money(const sim::YamlNode& n, const std::string& path);
  //! The factor converting money of the financial year at `py` to base-year prices.
  std::optional<double> price_factor(const sim::YamlNode& py, const std::string& path);
  //! A financial year written 2011 or "2011/12"; returns the start year.
  std::optional<int> financial_year(const sim::YamlNode& n, const std::string& path);

  //! Sets the price base and the GDP deflator used by money(); `help` says
  //! what to do when a year is missing from it.
  void set_prices(int base_year, std::map<int, double> deflator, std::string help) {
    base_year_ = base_year;
    deflator_ = std::move(deflator);
    deflator_help_ = std::move(help);
    base_missing_said_ = false;
  }
  //! Where the price base year was written (or defaulted from), for errors about it.
  void set_base_origin(const sim::YamlNode& n, std::string path) {
    base_node_ = n;
    base_path_ = std::move(path);
  }
  //! Sets the first simulated year, for reading financial-year labels.
  void set_first_year(int y) { first_year_ = y; }

 private:
  int base_year_ = 0;
  int first_year_ = 0;
  std::map<int, double> deflator_;
  std::string deflator_help_;
  bool base_missing_said_ = false;
  sim::YamlNode base_node_;
  std::string base_path_;
};

}  // namespace placesim::models
