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

#include "sim/io/yaml_document.h"
#include "sim/random/distribution.h"

namespace placesim::sim {

//! Allowed range of a number, with its wording for messages.
struct Bounds {
  double lo = -std::numeric_limits<double>::infinity();  //!< lower bound
  double hi = std::numeric_limits<double>::infinity();   //!< upper bound
  bool lo_open = false;                                  //!< lower bound excluded
  bool hi_open = false;                                  //!< upper bound excluded
  const char* words = "a number";                        //!< e.g. "a number > 0"
  //! True when v is inside.
  [[nodiscard]] bool contains(double v) const {
    return (lo_open ? v > lo : v >= lo) && (hi_open ? v < hi : v <= hi);
  }
  static Bounds any() { return {}; }  //!< any finite number
  static Bounds positive() { return {0, kInf, true, false, "a number > 0"}; }        //!< > 0
  static Bounds non_negative() { return {0, kInf, false, false, "a number >= 0"}; }  //!< >= 0
  static constexpr double kInf = std::numeric_limits<double>::infinity();            //!< no bound
  static Bounds probability() {
    return {0, 1, false, false, "a probability from 0 to 1"};
  }  //!< [0,1]
  static Bounds unit_open() {
    return {0, 1, false, true, "a number from 0 up to (not including) 1"};
  }  //!< [0,1)
};

//! Reads one document; collects problems in a Diagnostics.
class Reader {
 public:
  //! A reader over `doc` that reports into `diags`.
  Reader(const YamlDocument& doc, Diagnostics& diags) : doc_(doc), diags_(diags) {}

  //! Records a problem at a node.
  void error(const YamlNode& at, const std::string& path, std::string problem,
             std::string allowed = {});
  //! The child at key (undefined node if absent); reports a missing required key.
  YamlNode child(const YamlNode& map, const std::string& path, const std::string& key,
                 bool required = false);
  //! Checks `node` is a mapping whose keys are all allowed and unique.
  bool keys(const YamlNode& node, const std::string& path, const std::vector<std::string>& allowed);
  //! The keys of a mapping in file order (reports a non-mapping or duplicates).
  std::vector<std::string> names(const YamlNode& node, const std::string& path, const char* what);
  //! Checks `node` is a list.
  bool list(const YamlNode& node, const std::string& path, const char* of_what);

  //! A finite number within bounds.
  std::optional<double> number(const YamlNode& n, const std::string& path,
                               Bounds b = Bounds::any());
  //! A whole number in [lo, hi].
  std::optional<std::int64_t> integer(const YamlNode& n, const std::string& path, std::int64_t lo,
                                      std::int64_t hi);
  //! Text.
  std::optional<std::string> text(const YamlNode& n, const std::string& path);
  //! true / false.
  std::optional<bool> boolean(const YamlNode& n, const std::string& path);
  //! One of the listed words; returns its position.
  std::optional<std::size_t> choice(const YamlNode& n, const std::string& path,
                                    const std::vector<std::string>& options);
  //! A name from `names` (of a table of named things); `what` names the table.
  std::optional<std::uint32_t> ref(const YamlNode& n, const std::string& path,
                                   const std::vector<std::string>& names, const char* what);
  //! A duration distribution in days ({dist: exponential, mean_days: 2}).
  std::optional<Distribution> duration(const YamlNode& n, const std::string& path);
  //! A number, or a list with one number per simulated year.
  std::optional<std::vector<double>> by_year(const YamlNode& n, const std::string& path,
                                             std::size_t years, Bounds b);

  //! Reads map[key] as a number into `out` when the key is present.
  void optional_number(const YamlNode& map, const std::string& path, const char* key, Bounds b,
                       double& out);
  //! Reads map[key] as a whole number in [lo, hi] into `out` when the key is present.
  void optional_count(const YamlNode& map, const char* key, std::int64_t lo, std::int64_t hi,
                      std::uint64_t& out);
  //! Checks the required format-version key of a top-level map (such as
  //! `placesim_sweep: 1`): this build reads version 1 of the `what` format.
  void format_version(const YamlNode& root, const char* key, const char* what);
  //! Reads map.label as text into `out` when present.
  void optional_label(const YamlNode& map, const std::string& path, std::string& out);

  //! True when no problem has been found yet.
  [[nodiscard]] bool ok() const { return diags_.empty(); }
  //! Problems found so far (to tell whether a part of the document added any).
  [[nodiscard]] std::size_t problems() const { return diags_.size(); }

  //! A distribution {dist: kind, ...} whose parameter keys end in `unit`
  //! ("_days" gives mean_days), with `extra_keys` also allowed, whose draws lie in bounds.
  std::optional<Distribution> distribution(const YamlNode& n, const std::string& path,
                                           const std::string& unit, Bounds b,
                                           const std::vector<std::string>& extra_keys);
  //! A mixture {dist: mixture, components: [{p, dist, ...}, ...]}, each
  //! component read as `distribution` reads it (with the same unit and bounds).
  std::optional<Distribution> mixture(const YamlNode& n, const std::string& path,
                                      const std::string& unit, Bounds b,
                                      const std::vector<std::string>& extra_keys);
  //! The document being read.
  [[nodiscard]] const YamlDocument& document() const { return doc_; }

 private:
  const YamlDocument& doc_;
  Diagnostics& diags_;
};

//! "a.b" joined with "c" as "a.b.c" (or "c" at the top).
std::string join_path(const std::string& a, const std::string& b);

}  // namespace placesim::sim
