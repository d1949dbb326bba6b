#pragma once
//! A read-only view of one node of a parsed YAML document, with its place in
//! the text. Only sim/io sees yaml-cpp; everything above reads through this.

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace YAML {
class Node;
}  // namespace YAML

namespace placesim::sim {

//! A 1-based place in a text (0 when unknown).
struct TextMark {
  int line = 0;    //!< 1-based line
  int column = 0;  //!< 1-based column
};

//! One node: a mapping, a list, a scalar, null, or undefined (absent).
class YamlNode {
 public:
  //! An undefined node, as returned for an absent key.
  YamlNode();
  //! Wraps a yaml-cpp node (for sim/io only).
  explicit YamlNode(const YAML::Node& node);

  //! False for an absent key or list element.
  [[nodiscard]] bool defined() const;
  //! True for a mapping.
  [[nodiscard]] bool is_map() const;
  //! True for a list.
  [[nodiscard]] bool is_list() const;
  //! True for a single value (a number, word or text).
  [[nodiscard]] bool is_scalar() const;
  //! True for an explicit null (`~`, `null` or nothing after the colon).
  [[nodiscard]] bool is_null() const;
  //! The text of a scalar ("" for anything else).
  [[nodiscard]] const std::string& scalar() const;
  //! Elements of a list or entries of a mapping (0 otherwise).
  [[nodiscard]] std::size_t size() const;
  //! Element i of a list (undefined when out of range or not a list).
  [[nodiscard]] YamlNode operator[](std::size_t i) const;
  //! The value of the first entry whose key is the scalar `key` (undefined if none).
  [[nodiscard]] YamlNode get(std::string_view key) const;

  struct Entry;
  //! The entries of a mapping in file order (empty otherwise).
  [[nodiscard]] std::vector<Entry> entries() const;
  //! Where the node starts in its text (0:0 when unknown, as for undefined nodes).
  [[nodiscard]] TextMark mark() const;
  //! The wrapped node (for sim/io only).
  [[nodiscard]] const YAML::Node& raw() const { return *node_; }

 private:
  std::shared_ptr<const YAML::Node> node_;
};

//! One entry of a mapping.
struct YamlNode::Entry {
  YamlNode key;    //!< the key node (usually a scalar)
  YamlNode value;  //!< its value
};

//! The node at a dotted key path below `root` (list elements by index, as
//! in --set overrides); undefined when any step is absent.
YamlNode node_at_path(const YamlNode& root, const std::string& path);
//! A scalar's value as a finite number, or nothing (not a scalar, not a number).
std::optional<double> scalar_number(const YamlNode& n);

//! A short description of a node for messages: "a mapping", "a list", "'abc'", "nothing".
std::string describe_node(const YamlNode& n);

}  // namespace placesim::sim
