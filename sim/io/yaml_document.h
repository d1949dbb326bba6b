#pragma once
//! Reading YAML input safely: size and encoding checks, bounded parsing,
//! PATH=VALUE overrides, and where each value came from.

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sim/io/diagnostics.h"
#include "sim/io/yaml_node.h"

namespace placesim::sim {

inline constexpr std::size_t kMaxYamlBytes = 16u << 20;  //!< largest input file (16 MiB)
inline constexpr int kMaxYamlDepth = 64;                 //!< deepest nesting accepted
inline constexpr std::size_t kMaxYamlNodes = 1'000'000;  //!< nodes after alias expansion

//! A parsed document and the overrides applied to it.
struct YamlDocument {
  YamlNode root;                                          //!< the top-level mapping
  std::string file;                                       //!< for messages
  std::vector<std::pair<std::string, Origin>> overrides;  //!< key path -> its override
  //! key path -> the file its value came from, when another file extended
  //! gave it (the longest matching path wins; see yaml_extends.h)
  std::vector<std::pair<std::string, std::string>> inherited;
  std::vector<std::string> extended;  //!< the files `file` extends, nearest first
  //! The file the value at `path` was written in.
  [[nodiscard]] const std::string& file_of(const std::string& path) const;
  //! Where the value at `path` came from: its override, or else the node's
  //! mark in the file that wrote it.
  [[nodiscard]] Origin origin(const YamlNode& node, const std::string& path) const;
};

//! Reads a whole file, refusing missing, unreadable, non-regular or oversized files.
std::optional<std::string> read_text_file(const std::string& path, Diagnostics& diags);

//! Checks the text is UTF-8 YAML of sane size and shape and parses it;
//! `what` names the kind of document in messages ("a sweep file").
std::optional<YamlDocument> parse_yaml(std::string_view text, const std::string& file,
                                       Diagnostics& diags,
                                       const std::string& what = "a YAML mapping");

//! Applies PATH=VALUE overrides (VALUE is YAML) in order; `flag` names them in
//! messages ("--set").
void apply_overrides(YamlDocument& doc, const std::vector<std::string>& sets, Diagnostics& diags,
                     const std::string& flag = "--set");

//! True when key path `path` is `prefix` or a key path below it.
bool under_path(std::string_view path, std::string_view prefix);

//! The node as YAML text (comments are not kept).
std::string emit_yaml(const YamlNode& root);

//! The same with a comment after each value whose key path is in `comments`
//! and that is written on one line (a single value or a flow collection), so
//! notes such as source tags survive a document that is merged or overridden.
std::string emit_yaml(const YamlNode& root, const std::map<std::string, std::string>& comments);

//! Parses a small YAML value (an override's right-hand side); nothing when invalid,
//! with the parser's message in *why.
std::optional<YamlNode> parse_yaml_value(const std::string& text, std::string* why);

}  // namespace placesim::sim
