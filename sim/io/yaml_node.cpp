#include "sim/io/yaml_node.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "sim/io/yaml_cpp.h"

namespace placesim::sim {
namespace {

const std::string kEmpty;

}  // namespace

YamlNode::YamlNode() : node_(std::make_shared<const YAML::Node>(YAML::NodeType::Undefined)) {}
YamlNode::YamlNode(const YAML::Node& node) : node_(std::make_shared<const YAML::Node>(node)) {}

bool YamlNode::defined() const { return node_->IsDefined(); }
bool YamlNode::is_map() const { return node_->IsMap(); }
bool YamlNode::is_list() const { return node_->IsSequence(); }
bool YamlNode::is_scalar() const { return node_->IsScalar(); }
bool YamlNode::is_null() const { return node_->IsNull(); }
const std::string& YamlNode::scalar() const { return node_->IsScalar() ? node_->Scalar() : kEmpty; }
std::size_t YamlNode::size() const {
  return node_->IsSequence() || node_->IsMap() ? node_->size() : 0;
}

YamlNode YamlNode::operator[](std::size_t i) const {
  if (!node_->IsSequence() || i >= node_->size()) return {};
  const YAML::Node& n = *node_;
  return YamlNode(n[i]);
}

YamlNode YamlNode::get(std::string_view key) const {
  if (!node_->IsMap()) return {};
  for (auto it = node_->begin(); it != node_->end(); ++it) {
    if (it->first.IsScalar() && it->first.Scalar() == key) return YamlNode(it->second);
  }
  return {};
}

std::vector<YamlNode::Entry> YamlNode::entries() const {
  std::vector<Entry> out;
  if (!node_->IsMap()) return out;
  for (auto it = node_->begin(); it != node_->end(); ++it)
    out.push_back({YamlNode(it->first), YamlNode(it->second)});
  return out;
}

TextMark YamlNode::mark() const {
  if (!node_->IsDefined()) return {};
  const YAML::Mark m = node_->Mark();
  if (m.line < 0) return {};
  return {m.line + 1, m.column + 1};
}

YamlNode node_at_path(const YamlNode& root, const std::string& path) {
  YamlNode n = root;
  std::size_t at = 0;
  while (n.defined() && at <= path.size()) {
    const std::size_t dot = std::min(path.find('.', at), path.size());
    const std::string part = path.substr(at, dot - at);
    if (n.is_list()) {
      char* end = nullptr;
      const unsigned long i = std::strtoul(part.c_str(), &end, 10);
      n = (!part.empty() && *end == '\0') ? n[i] : YamlNode();
    } else {
      n = n.get(part);
    }
    at = dot + 1;
  }
  return n;
}

std::optional<double> scalar_number(const YamlNode& n) {
  if (!n.is_scalar()) return std::nullopt;
  const std::string& t = n.scalar();
  char* end = nullptr;
  const double v = std::strtod(t.c_str(), &end);
  if (end == t.c_str() || *end != '\0' || !std::isfinite(v)) return std::nullopt;
  return v;
}

std::string describe_node(const YamlNode& n) {
  if (n.is_map()) return "a mapping";
  if (n.is_list()) return "a list";
  if (n.is_null() || !n.defined()) return "nothing";
  return "'" + n.scalar() + "'";
}

}  // namespace placesim::sim
