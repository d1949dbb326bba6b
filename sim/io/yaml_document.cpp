#include "sim/io/yaml_document.h"

#include <cerrno>
#include <cstring>
#include <filesystem>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <utility>

#include "sim/io/yaml_cpp.h"

namespace placesim::sim {
namespace {

Origin at_offset(std::string_view text, std::size_t off, const std::string& file) {
  Origin o{file, 1, 1};
  for (std::size_t i = 0; i < off && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++o.line;
      o.column = 1;
    } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
      ++o.column;  // count characters, not UTF-8 continuation bytes
    }
  }
  return o;
}

// Length of the valid UTF-8 sequence at text[i], or 0 if invalid.
std::size_t utf8_length(std::string_view t, std::size_t i) {
  auto c = static_cast<unsigned char>(t[i]);
  std::size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
  if (n == 0 || i + n > t.size()) return 0;
  for (std::size_t k = 1; k < n; ++k) {
    if ((static_cast<unsigned char>(t[i + k]) & 0xC0) != 0x80) return 0;
  }
  if (n == 2 && c < 0xC2) return 0;  // overlong
  return n;
}

// UTF-16 or UTF-32 text: a byte-order mark, or mostly-ASCII text with a NUL
// in almost every other byte (and almost none in between).
bool wide_encoding(std::string_view text) {
  auto starts = [&](std::string_view p) { return text.substr(0, p.size()) == p; };
  if (starts("\xFF\xFE") || starts("\xFE\xFF")) return true;
  const std::size_t n = std::min<std::size_t>(text.size(), 512) / 2 * 2;
  if (n < 8) return false;
  std::size_t nul[2] = {0, 0};
  for (std::size_t i = 0; i < n; ++i) nul[i % 2] += text[i] == 0;
  const std::size_t half = n / 2;
  return (nul[0] * 10 >= half * 8 && nul[1] * 10 < half) ||
         (nul[1] * 10 >= half * 8 && nul[0] * 10 < half);
}

bool check_encoding(std::string_view text, const std::string& file, Diagnostics& diags) {
  if (wide_encoding(text)) {
    diags.error({file, 1, 1}, "", "the file is UTF-16 or UTF-32 encoded",
                "save input files as UTF-8 text");
    return false;
  }
  for (std::size_t i = 0; i < text.size();) {
    auto c = static_cast<unsigned char>(text[i]);
    if (c == 0 || (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F) {
      diags.error(
          at_offset(text, i, file), "",
          "control character 0x" +
              [&] {
                std::ostringstream h;
                h << std::hex << static_cast<int>(c);
                return h.str();
              }() +
              " in the text (is this a binary file?)",
          "input files are UTF-8 text");
      return false;
    }
    std::size_t n = utf8_length(text, i);
    if (n == 0) {
      diags.error(at_offset(text, i, file), "", "invalid UTF-8 byte sequence",
                  "save input files as UTF-8 text");
      return false;
    }
    i += n;
  }
  return true;
}

// Flow collections ([...] and {...}) nested past the limit, found in the text
// before parsing: the parser's own limit gives only "bad file". Quoted text
// and comments are skipped. Returns the offset of the first bracket too deep.
std::optional<std::size_t> too_deep_flow(std::string_view text) {
  int depth = 0;
  char quote = 0;
  bool comment = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char ch = text[i];
    if (comment) {
      comment = ch != '\n';
    } else if (quote) {
      if (quote == '"' && ch == '\\')
        ++i;  // an escaped character
      else if (ch == quote)
        quote = 0;
    } else if (ch == '"' || ch == '\'') {
      quote = ch;
    } else if (ch == '#' &&
               (i == 0 || text[i - 1] == ' ' || text[i - 1] == '\t' || text[i - 1] == '\n')) {
      comment = true;
    } else if (ch == '[' || ch == '{') {
      if (++depth > kMaxYamlDepth) return i;
    } else if ((ch == ']' || ch == '}') && depth > 0) {
      --depth;
    }
  }
  return std::nullopt;
}

// Depth and size after alias expansion, without recursion (no stack overflow).
bool check_shape(const YAML::Node& root, const std::string& file, Diagnostics& diags) {
  std::vector<std::pair<YAML::Node, int>> stack{{root, 1}};
  std::size_t visited = 0;
  while (!stack.empty()) {
    auto [node, depth] = stack.back();
    stack.pop_back();
    if (++visited > kMaxYamlNodes) {
      diags.error({file, 1, 1}, "",
                  "the document expands to more than 1,000,000 nodes (an alias/anchor bomb?)",
                  "input files are a few hundred keys");
      return false;
    }
    if (depth > kMaxYamlDepth) {
      auto m = node.Mark();
      diags.error({file, m.line + 1, m.column + 1}, "",
                  "nested deeper than " + std::to_string(kMaxYamlDepth) + " levels",
                  "input files nest a few levels");
      return false;
    }
    if (node.IsMap()) {
      for (auto it = node.begin(); it != node.end(); ++it) {
        stack.emplace_back(it->first, depth + 1);
        stack.emplace_back(it->second, depth + 1);
      }
    } else if (node.IsSequence()) {
      for (auto it = node.begin(); it != node.end(); ++it) stack.emplace_back(*it, depth + 1);
    }
  }
  return true;
}

}  // namespace

bool under_path(std::string_view path, std::string_view prefix) {
  return path == prefix ||
         (path.size() > prefix.size() && path.compare(0, prefix.size(), prefix) == 0 &&
          path[prefix.size()] == '.');
}

Origin YamlDocument::origin(const YamlNode& node, const std::string& path) const {
  for (auto it = overrides.rbegin(); it != overrides.rend(); ++it) {
    if (under_path(path, it->first)) return it->second;
  }
  const TextMark m = node.mark();
  if (m.line <= 0) return {file_of(path), 1, 1};
  return {file_of(path), m.line, m.column};
}

const std::string& YamlDocument::file_of(const std::string& path) const {
  const std::string* best = &file;
  std::size_t best_length = 0;
  for (const auto& [p, f] : inherited) {
    if (under_path(path, p) && p.size() >= best_length) {
      best = &f;
      best_length = p.size();
    }
  }
  return *best;
}

std::optional<std::string> read_text_file(const std::string& path, Diagnostics& diags) {
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  if (ec || !std::filesystem::exists(status)) {
    diags.error({path, 0, 0}, "",
                "cannot open the file: " + (ec ? ec.message() : std::string("no such file")),
                "give the path of a readable YAML file");
    return std::nullopt;
  }
  if (!std::filesystem::is_regular_file(status)) {
    diags.error(
        {path, 0, 0}, "",
        std::filesystem::is_directory(status) ? "is a folder, not a file" : "is not a regular file",
        "give the path of a readable YAML file");
    return std::nullopt;
  }
  const auto size = std::filesystem::file_size(path, ec);
  if (ec) {
    diags.error({path, 0, 0}, "", "cannot read the file: " + ec.message(),
                "give the path of a readable YAML file");
    return std::nullopt;
  }
  if (size > kMaxYamlBytes) {
    std::ostringstream o;
    o << "the file is " << (size + (1u << 20) - 1) / (1u << 20) << " MiB";
    diags.error({path, 0, 0}, "", o.str(), "input files are limited to 16 MiB");
    return std::nullopt;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    diags.error({path, 0, 0}, "", std::string("cannot open the file: ") + std::strerror(errno),
                "give the path of a readable YAML file");
    return std::nullopt;
  }
  std::string text(static_cast<std::size_t>(size), '\0');
  in.read(text.data(), static_cast<std::streamsize>(size));
  if (in.gcount() != static_cast<std::streamsize>(size)) {
    diags.error({path, 1, 1}, "", "cannot read the whole file",
                "give the path of a readable YAML file");
    return std::nullopt;
  }
  return text;
}

std::optional<YamlDocument> parse_yaml(std::string_view text, const std::string& file,
                                       Diagnostics& diags, const std::string& what) {
  if (text.size() > kMaxYamlBytes) {
    diags.error({file, 1, 1}, "", "the text is larger than 16 MiB",
                "input files are limited to 16 MiB");
    return std::nullopt;
  }
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);  // UTF-8 byte-order mark
  if (!check_encoding(text, file, diags)) return std::nullopt;
  if (auto at = too_deep_flow(text)) {
    diags.error(at_offset(text, *at, file), "",
                "nested deeper than " + std::to_string(kMaxYamlDepth) + " levels",
                "input files nest a few levels");
    return std::nullopt;
  }
  YamlDocument doc{{}, file, {}, {}, {}};
  YAML::Node root;
  try {
    root = YAML::Load(std::string(text));
  } catch (const YAML::Exception& e) {
    diags.error({file, e.mark.line + 1, e.mark.column + 1}, "", "YAML syntax error: " + e.msg,
                "fix the YAML syntax");
    return std::nullopt;
  } catch (const std::bad_alloc&) {
    diags.error({file, 1, 1}, "", "the document is too large to parse", "input files are small");
    return std::nullopt;
  }
  if (!root.IsDefined() || root.IsNull()) {
    diags.error({file, 1, 1}, "", "the file is empty", what);
    return std::nullopt;
  }
  if (!check_shape(root, file, diags)) return std::nullopt;
  doc.root = YamlNode(root);
  if (!root.IsMap()) {
    diags.error(doc.origin(doc.root, ""), "", "the top level is not a mapping of keys", what);
    return std::nullopt;
  }
  return doc;
}

void apply_overrides(YamlDocument& doc, const std::vector<std::string>& sets, Diagnostics& diags,
                     const std::string& flag) {
  for (const std::string& set : sets) {
    Origin origin{flag + " " + set, 1, 1};
    auto eq = set.find('=');
    if (eq == std::string::npos || eq == 0) {
      diags.error(origin, "", "an override must look like PATH=VALUE",
                  "e.g. " + flag + " services.key_worker.capacity=80");
      continue;
    }
    std::string path = set.substr(0, eq);
    origin.column = static_cast<int>(eq) + 2;
    YAML::Node value(YAML::NodeType::Undefined);
    try {
      value.reset(YAML::Load(set.substr(eq + 1)));
    } catch (const YAML::Exception& e) {
      diags.error(origin, path, "the value is not valid YAML: " + e.msg, "a number, word or list");
      continue;
    }
    std::vector<std::string> parts;
    std::stringstream ss(path);
    for (std::string part; std::getline(ss, part, '.');) parts.push_back(part);
    YAML::Node node =
        doc.root.raw();  // a handle on the same tree: writes through it change the document
    std::string walked;
    bool ok = true;
    for (std::size_t i = 0; i + 1 < parts.size() && ok; ++i) {
      walked += (i ? "." : "") + parts[i];
      if (node.IsMap()) {
        std::vector<std::string> keys;
        YAML::Node next(YAML::NodeType::Undefined);
        for (auto it = node.begin(); it != node.end(); ++it) {
          keys.push_back(it->first.Scalar());
          if (it->first.Scalar() == parts[i]) next.reset(it->second);  // rebind, never `=`
        }
        if (!next.IsDefined()) {
          // A near miss is a typo; anything else is an optional section not
          // written out (e.g. mechanisms), created so its key can be set.
          std::string hint = closest_match(parts[i], keys);
          if (!hint.empty()) {
            diags.error(origin, walked, "no such key; did you mean '" + hint + "'?",
                        "keys here: " + join_names(keys));
            ok = false;
          } else {
            node[parts[i]] = YAML::Node(YAML::NodeType::Map);
            next.reset(node[parts[i]]);
          }
        }
        node.reset(next);
      } else if (node.IsSequence()) {
        char* end = nullptr;
        unsigned long k = std::strtoul(parts[i].c_str(), &end, 10);
        if (parts[i].empty() || *end != '\0' || k >= node.size()) {
          diags.error(origin, walked, "no such list element",
                      "an index from 0 to " + std::to_string(node.size()) + " - 1");
          ok = false;
        } else {
          YAML::Node next = node[k];
          node.reset(next);
        }
      } else {
        diags.error(origin, walked, "is a single value, so it has no keys below it",
                    "a path to an existing mapping or list");
        ok = false;
      }
    }
    if (!ok) continue;
    const std::string& last = parts.back();
    if (node.IsSequence()) {
      char* end = nullptr;
      unsigned long k = std::strtoul(last.c_str(), &end, 10);
      if (last.empty() || *end != '\0' || k >= node.size()) {
        diags.error(origin, path, "no such list element", "an index of an existing element");
        continue;
      }
      node[k] = value;
    } else if (node.IsMap()) {
      node[last] = value;
    } else {
      diags.error(origin, path, "the parent is a single value", "a path to a key of a mapping");
      continue;
    }
    doc.overrides.emplace_back(path, origin);
  }
}

std::optional<YamlNode> parse_yaml_value(const std::string& text, std::string* why) {
  try {
    return YamlNode(YAML::Load(text));
  } catch (const YAML::Exception& e) {
    if (why) *why = e.msg;
    return std::nullopt;
  }
}

}  // namespace placesim::sim
