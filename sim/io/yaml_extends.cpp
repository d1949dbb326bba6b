#include "sim/io/yaml_extends.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <optional>
#include <utility>
#include <vector>

#include "sim/io/reader.h"
#include "sim/io/yaml_cpp.h"

namespace placesim::sim {
namespace {

namespace fs = std::filesystem;

const char* const kAllowed = "the path of a YAML file, relative to this one";

// A mapping whose every key is a number (a series by year, say) is a table:
// one value, like a distribution. Merged, two tables on different bases would
// mix without a word.
bool is_table(const YAML::Node& n) {
  if (!n.IsMap() || n.size() == 0) return false;
  return std::all_of(n.begin(), n.end(), [](const auto& kv) {
    const std::string& k = kv.first.Scalar();
    return !k.empty() && std::isdigit(static_cast<unsigned char>(k[0])) != 0;
  });
}

// One value on either side: replaced whole, never merged.
bool is_one_value(const YAML::Node& n) { return n.IsMap() && (n["dist"] || is_table(n)); }

// Merges the parent mapping under `child` (both maps at key path `prefix`):
// the parent's keys in the parent's order, each holding the child's value
// where the child has one, then the child's own new keys. The child's nodes
// are kept, so their marks still point into the child's text; values the
// child did not write are recorded as inherited from the parent's file.
void merge_map(YAML::Node child, const YAML::Node& parent, const std::string& prefix,
               const YamlDocument& from, YamlDocument& into) {
  std::vector<std::pair<YAML::Node, YAML::Node>> own;
  for (auto it = child.begin(); it != child.end(); ++it) own.emplace_back(it->first, it->second);
  for (const auto& [key, value] : own) child.remove(key.Scalar());
  std::vector<bool> used(own.size(), false);
  for (auto it = parent.begin(); it != parent.end(); ++it) {
    const std::string name = it->first.Scalar();
    const std::string path = join_path(prefix, name);
    std::size_t k = 0;
    while (k < own.size() && (used[k] || own[k].first.Scalar() != name)) ++k;
    if (k == own.size()) {
      child.force_insert(it->first, it->second);
      into.inherited.emplace_back(path, from.file_of(path));
      for (const auto& [p, f] : from.inherited) {
        if (p.size() > path.size() && p.compare(0, path.size() + 1, path + ".") == 0)
          into.inherited.emplace_back(p, f);
      }
      continue;
    }
    used[k] = true;
    // A distribution ({dist: ...}) or a table is one value, not a section: on
    // either side it is replaced whole (a beta replaces a mixture; an amount
    // replaces a distribution; a series by year replaces another).
    if (own[k].second.IsMap() && it->second.IsMap() && !is_one_value(own[k].second) &&
        !is_one_value(it->second))
      merge_map(own[k].second, it->second, path, from, into);
    child.force_insert(own[k].first, own[k].second);
  }
  for (std::size_t k = 0; k < own.size(); ++k) {
    if (!used[k]) child.force_insert(own[k].first, own[k].second);
  }
}

bool resolve(YamlDocument& doc, Diagnostics& diags, const std::string& what,
             const std::vector<BuiltinDocument>& builtin, const std::string& version_key,
             std::vector<std::string>& chain) {
  YAML::Node root = doc.root.raw();  // a handle on the same tree
  const YamlNode named = doc.root.get(kExtendsKey);
  if (!named.defined()) return true;
  if (!named.is_scalar() || named.scalar().empty()) {
    diags.error(doc.origin(named, kExtendsKey), kExtendsKey,
                "is " + describe_node(named) + ", not a file name", kAllowed);
    return false;
  }
  const BuiltinDocument* inside = nullptr;
  for (const BuiltinDocument& b : builtin) {
    if (b.name == named.scalar()) inside = &b;
  }
  const fs::path given(named.scalar());
  const fs::path parent_path =
      given.is_absolute() ? given : fs::path(doc.file).parent_path() / given;
  std::error_code ec;
  const std::string canonical = fs::weakly_canonical(parent_path, ec).string();
  chain.push_back(inside ? inside->label : ec ? parent_path.string() : canonical);
  for (std::size_t i = 0; i + 1 < chain.size(); ++i) {
    if (chain[i] != chain.back()) continue;
    std::string loop;
    for (std::size_t k = i; k < chain.size(); ++k) loop += (k > i ? " -> " : "") + chain[k];
    diags.error(doc.origin(named, kExtendsKey), kExtendsKey,
                "files extend each other in a loop: " + loop,
                "a chain of files that ends in one that extends nothing");
    return false;
  }
  if (static_cast<int>(chain.size()) > kMaxExtendsDepth + 1) {
    diags.error(doc.origin(named, kExtendsKey), kExtendsKey,
                "more than " + std::to_string(kMaxExtendsDepth) + " files extend each other",
                "a shorter chain of files");
    return false;
  }
  Diagnostics why;
  auto text =
      inside ? std::optional<std::string>(inside->text) : read_text_file(parent_path.string(), why);
  if (!text) {
    const std::string reason = why.all().empty() ? "" : ": " + why.all().front().problem;
    diags.error(doc.origin(named, kExtendsKey), kExtendsKey,
                "cannot read " + parent_path.string() + reason, kAllowed);
    return false;
  }
  auto parent = parse_yaml(*text, inside ? inside->label : parent_path.string(), diags, what);
  if (!parent || !resolve(*parent, diags, what, builtin, version_key, chain)) return false;
  if (!version_key.empty()) {
    const YamlNode mine = doc.root.get(version_key), theirs = parent->root.get(version_key);
    if (mine.is_scalar() && theirs.is_scalar() && mine.scalar() != theirs.scalar()) {
      diags.error(doc.origin(mine, version_key), version_key,
                  "is " + mine.scalar() + " here but " + theirs.scalar() + " in " + parent->file +
                      ", which this file extends",
                  "files of one format version");
      return false;
    }
  }
  root.remove(kExtendsKey);
  merge_map(root, parent->root.raw(), "", *parent, doc);
  doc.extended.push_back(parent->file);
  for (const std::string& f : parent->extended) doc.extended.push_back(f);
  return true;
}

}  // namespace

bool resolve_extends(YamlDocument& doc, Diagnostics& diags, const std::string& what,
                     const std::vector<BuiltinDocument>& builtin, const std::string& version_key) {
  std::error_code ec;
  const fs::path self = fs::weakly_canonical(doc.file, ec);
  std::vector<std::string> chain{ec ? doc.file : self.string()};
  return resolve(doc, diags, what, builtin, version_key, chain);
}

std::string extract_yaml(const YamlNode& root, const std::vector<std::string>& paths) {
  YAML::Node out(YAML::NodeType::Map);
  for (const std::string& path : paths) {
    std::vector<std::string> parts;
    for (std::size_t at = 0; at <= path.size();) {
      const std::size_t dot = std::min(path.find('.', at), path.size());
      parts.push_back(path.substr(at, dot - at));
      at = dot + 1;
    }
    YamlNode from = root;
    YAML::Node into = out;  // a handle on the same tree
    for (std::size_t i = 0; i < parts.size() && from.defined(); ++i) {
      from = from.get(parts[i]);
      if (!from.defined()) break;
      if (i + 1 == parts.size()) {
        into[parts[i]] = YAML::Clone(from.raw());
      } else {
        if (!into[parts[i]].IsMap()) into[parts[i]] = YAML::Node(YAML::NodeType::Map);
        YAML::Node next = into[parts[i]];
        into.reset(next);
      }
    }
  }
  return emit_yaml(YamlNode(out));
}

}  // namespace placesim::sim
