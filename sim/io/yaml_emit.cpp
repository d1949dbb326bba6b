// YAML text from a node: as yaml-cpp writes it, or with notes written back as
// comments on the lines of their values.
#include <map>
#include <string>

#include "sim/io/yaml_cpp.h"
#include "sim/io/yaml_document.h"

namespace placesim::sim {

std::string emit_yaml(const YamlNode& root) {
  YAML::Emitter out;
  out << root.raw();
  return std::string(out.c_str()) + "\n";
}

namespace {

std::string child_path(const std::string& path, const std::string& key) {
  return path.empty() ? key : path + "." + key;
}

void emit_commented(YAML::Emitter& out, const YAML::Node& n, const std::string& path,
                    const std::map<std::string, std::string>& comments) {
  const auto note = comments.find(path);
  if (note != comments.end() && (n.IsMap() || n.IsSequence()) &&
      n.Style() != YAML::EmitterStyle::Flow) {
    // A note on a key whose value spans the lines below: written on one line,
    // so that the note stays on the key's line and reads back as its own.
    YAML::Node one = YAML::Clone(n);
    one.SetStyle(YAML::EmitterStyle::Flow);
    out << one << YAML::Comment(note->second);
    return;
  }
  const bool block = n.Style() != YAML::EmitterStyle::Flow;
  if (block && n.IsMap()) {
    out << YAML::BeginMap;
    for (const auto& kv : n) {
      out << YAML::Key << kv.first << YAML::Value;
      emit_commented(out, kv.second, child_path(path, kv.first.Scalar()), comments);
    }
    out << YAML::EndMap;
    return;
  }
  if (block && n.IsSequence()) {
    out << YAML::BeginSeq;
    for (std::size_t i = 0; i < n.size(); ++i)
      emit_commented(out, n[i], child_path(path, std::to_string(i)), comments);
    out << YAML::EndSeq;
    return;
  }
  out << n;  // on one line: a comment after it stays on its line
  if (note != comments.end()) out << YAML::Comment(note->second);
}

}  // namespace

std::string emit_yaml(const YamlNode& root, const std::map<std::string, std::string>& comments) {
  YAML::Emitter out;
  emit_commented(out, root.raw(), "", comments);
  return std::string(out.c_str()) + "\n";
}

}  // namespace placesim::sim
