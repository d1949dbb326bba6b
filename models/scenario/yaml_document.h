#pragma once
//! Reading scenario text safely: size and encoding checks, bounded parsing,
//! --set overrides, and where each value came from.

#include "models/scenario/yaml.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "models/scenario/diagnostics.h"

namespace placesim::models {

inline constexpr std::size_t kMaxScenarioBytes = 16u << 20;  //!< largest scenario file
inline constexpr int kMaxYamlDepth = 64;                      //!< deepest nesting accepted
inline constexpr std::size_t kMaxYamlNodes = 1'000'000;       //!< nodes after alias expansion

//! A parsed document and the --set overrides applied to it.
struct YamlDocument {
  YAML::Node root;                                         //!< the top-level mapping
  std::string file;                                        //!< for messages
  std::vector<std::pair<std::string, Origin>> overrides;   //!< key path -> its --set
  //! Where the value at `path` came from: its override, or else the node's mark.
  [[nodiscard]] Origin origin(const YAML::Node& node, const std::string& path) const;
};

//! Reads a whole file, refusing missing, unreadable or oversized files.
std::optional<std::string> read_scenario_file(const std::string& path, Diagnostics& diags);

//! Checks the text is UTF-8 YAML of sane size and shape and parses it.
std::optional<YamlDocument> parse_yaml(std::string_view text, const std::string& file,
                                       Diagnostics& diags);

//! Applies PATH=VALUE overrides (VALUE is YAML) in order.
void apply_overrides(YamlDocument& doc, const std::vector<std::string>& sets, Diagnostics& diags);

//! The document as YAML text (comments are not kept).
std::string emit_yaml(const YAML::Node& root);

}  // namespace placesim::models
