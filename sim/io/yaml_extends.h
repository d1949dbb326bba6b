#pragma once
//! Files that extend others. `extends: PATH` at the top of a YAML file names a
//! file (relative to this one) whose keys it starts from: mappings merge key
//! by key, depth first, the parent's order kept and new keys after it; lists
//! and single values are replaced whole, and so is a mapping with a `dist`
//! key on either side (a distribution is one value: a beta may replace a
//! mixture, an amount a distribution). Chains may be
//! `kMaxExtendsDepth` files long; a file that extends itself, directly or not, is refused.

#include <string>
#include <string_view>
#include <vector>

#include "sim/io/yaml_document.h"

namespace placesim::sim {

inline constexpr int kMaxExtendsDepth = 16;  //!< longest chain of files extending each other

//! The key that names the file a document extends.
inline constexpr const char* kExtendsKey = "extends";

//! A document built into the program that `extends: NAME` may name.
struct BuiltinDocument {
  std::string name;       //!< what `extends` says, e.g. "default"
  std::string label;      //!< how messages name it
  std::string_view text;  //!< its YAML
};

//! Merges into `doc` (read from the file `doc.file`) every file it extends,
//! recording in `doc.inherited` where each inherited value came from, and
//! removes the `extends` key. Returns false, with diagnostics, on a missing or
//! unreadable file, a cycle, a chain too long, or a bad `extends` value;
//! `what` describes the expected document as for parse_yaml. A name in
//! `builtin` is that document, not a file. When `version_key` is given, a
//! file and the one it extends may not give it different values (formats).
bool resolve_extends(YamlDocument& doc, Diagnostics& diags, const std::string& what,
                     const std::vector<BuiltinDocument>& builtin = {},
                     const std::string& version_key = "");

//! A new mapping holding, for each key path in `paths`, the value at that path
//! in `root` (with the mappings above it), as YAML text: the part of a
//! document another file would give to change those values.
std::string extract_yaml(const YamlNode& root, const std::vector<std::string>& paths);

}  // namespace placesim::sim
