#pragma once
//! Typed, validating access to a YAML document: every read states what is
//! allowed, and every problem is recorded with its place and key path.

#include <cstdint>
#include <functional>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "models/scenario/scenario.h"
#include "models/scenario/yaml_document.h"

namespace placesim::models {

//! Allowed range of a number, with its wording for messages.
struct Bounds {
  double lo = -std::numeric_limits<double>::infinity();  //!< lower bound
  double hi = std::numeric_limits<double>::infinity();   //!< upper bound
  bool lo_open = false;      //!< lower bound excluded
  bool hi_open = false;      //!< upper bound excluded
  const char* words = "a number";  //!< e.g. "a number > 0"
  //! True when v is inside.
  [[nodiscard]] bool contains(double v) const {
    return (lo_open ? v > lo : v >= lo) && (hi_open ? v < hi : v <= hi);
  }
  static Bounds any() { return {}; }                                            //!< any finite number
  static Bounds positive() { return {0, kInf, true, false, "a number > 0"}; }  //!< > 0
  static Bounds non_negative() { return {0, kInf, false, false, "a number >= 0"}; }  //!< >= 0
  static constexpr double kInf = std::numeric_limits<double>::infinity();  //!< no bound
  static Bounds probability() { return {0, 1, false, false, "a probability from 0 to 1"}; }  //!< [0,1]
  static Bounds unit_open() { return {0, 1, false, true, "a number from 0 up to (not including) 1"}; }  //!< [0,1)
};

//! Reads one document; collects problems in a Diagnostics.
class Reader {
 public:
  //! A reader over `doc` that reports into `diags`.
  Reader(const YamlDocument& doc, Diagnostics& diags) : doc_(doc), diags_(diags) {}

  //! Records a problem at a node.
  void error(const YAML::Node& at, const std::string& path, std::string problem,
             std::string allowed = {});
  //! The child at key (undefined node if absent); reports a missing required key.
  YAML::Node child(const YAML::Node& map, const std::string& path, const std::string& key,
                   bool required = false);
  //! Checks `node` is a mapping whose keys are all allowed and unique.
  bool keys(const YAML::Node& node, const std::string& path, const std::vector<std::string>& allowed);
  //! The keys of a mapping in file order (reports a non-mapping or duplicates).
  std::vector<std::string> names(const YAML::Node& node, const std::string& path, const char* what);
  //! Checks `node` is a list.
  bool list(const YAML::Node& node, const std::string& path, const char* of_what);

  //! A finite number within bounds.
  std::optional<double> number(const YAML::Node& n, const std::string& path, Bounds b = Bounds::any());
  //! A whole number in [lo, hi].
  std::optional<std::int64_t> integer(const YAML::Node& n, const std::string& path, std::int64_t lo,
                                      std::int64_t hi);
  //! Text.
  std::optional<std::string> text(const YAML::Node& n, const std::string& path);
  //! true / false.
  std::optional<bool> boolean(const YAML::Node& n, const std::string& path);
  //! One of the listed words; returns its position.
  std::optional<std::size_t> choice(const YAML::Node& n, const std::string& path,
                                    const std::vector<std::string>& options);
  //! A name from `names` (an agency, a service...); `what` names the table.
  std::optional<Index> ref(const YAML::Node& n, const std::string& path,
                           const std::vector<std::string>& names, const char* what);
  //! A number or a distribution, drawn per replication, whose values lie in bounds.
  std::optional<Param> param(const YAML::Node& n, const std::string& path, Bounds b);
  //! Money: a number in base-year £, {gbp: X, price_year: Y}, or a distribution
  //! with an optional price_year; converted to base-year prices.
  std::optional<Param> money(const YAML::Node& n, const std::string& path);
  //! A duration distribution in days ({dist: exponential, mean_days: 2}).
  std::optional<sim::Distribution> duration(const YAML::Node& n, const std::string& path);
  //! A number, or a list with one number per simulated year.
  std::optional<std::vector<double>> by_year(const YAML::Node& n, const std::string& path,
                                             std::size_t years, Bounds b);

  //! Reads map[key] as a number into `out` when the key is present.
  void optional_number(const YAML::Node& map, const std::string& path, const char* key, Bounds b,
                       double& out);
  //! Reads map.label as text into `out` when present.
  void optional_label(const YAML::Node& map, const std::string& path, std::string& out);

  //! Sets the price base and GDP deflator used by money().
  void set_prices(int base_year, std::map<int, double> deflator) {
    base_year_ = base_year;
    deflator_ = std::move(deflator);
  }
  //! Sets the first simulated year, for reading financial-year labels.
  void set_first_year(int y) { first_year_ = y; }
  //! A financial year written 2011 or "2011/12"; returns the start year.
  std::optional<int> financial_year(const YAML::Node& n, const std::string& path);
  //! True when no problem has been found yet.
  [[nodiscard]] bool ok() const { return diags_.empty(); }

 private:
  std::optional<sim::Distribution> distribution(const YAML::Node& n, const std::string& path,
                                                const std::string& unit, Bounds b,
                                                std::vector<std::string> extra_keys);
  const YamlDocument& doc_;
  Diagnostics& diags_;
  int base_year_ = 0;
  int first_year_ = 0;
  std::map<int, double> deflator_;
};

//! "a.b" joined with "c" as "a.b.c" (or "c" at the top).
std::string join_path(const std::string& a, const std::string& b);

}  // namespace placesim::models
