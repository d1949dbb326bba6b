#include "sim/io/reader.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <sstream>

namespace placesim::sim {
namespace {

std::string kind_of(const YamlNode& n) { return describe_node(n); }

bool valid_name(const std::string& s) {
  if (s.empty() || !std::islower(static_cast<unsigned char>(s[0]))) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return std::islower(static_cast<unsigned char>(c)) ||
           std::isdigit(static_cast<unsigned char>(c)) || c == '_';
  });
}

}  // namespace

std::string join_path(const std::string& a, const std::string& b) {
  return a.empty() ? b : a + "." + b;
}

void Reader::error(const YamlNode& at, const std::string& path, std::string problem,
                   std::string allowed) {
  diags_.error(doc_.origin(at, path), path, std::move(problem), std::move(allowed));
}

YamlNode Reader::child(const YamlNode& map, const std::string& path, const std::string& key,
                       bool required) {
  YamlNode v = map.get(key);
  if (!v.defined() && required && map.is_map())
    error(map, join_path(path, key), "missing required key '" + key + "'");
  return v;
}

bool Reader::keys(const YamlNode& node, const std::string& path,
                  const std::vector<std::string>& allowed) {
  if (!node.is_map()) {
    error(node, path, "expected a mapping of keys, got " + kind_of(node),
          "keys: " + join_names(allowed));
    return false;
  }
  std::map<std::string, int> seen;
  for (const auto& [k, value] : node.entries()) {
    std::string key = k.is_scalar() ? k.scalar() : "";
    std::string kpath = join_path(path, key);
    if (!k.is_scalar()) {
      error(k, path, "a key must be a plain word, got " + kind_of(k),
            "keys: " + join_names(allowed));
      continue;
    }
    if (auto [pos, fresh] = seen.emplace(key, k.mark().line); !fresh) {
      error(k, kpath,
            "duplicate key '" + key + "' (first given on line " + std::to_string(pos->second) + ")",
            "each key once");
      continue;
    }
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
      std::string hint = closest_match(key, allowed);
      error(k, kpath,
            "unknown key '" + key + "'" + (hint.empty() ? "" : "; did you mean '" + hint + "'?"),
            "keys here: " + join_names(allowed));
    }
  }
  return true;
}

std::vector<std::string> Reader::names(const YamlNode& node, const std::string& path,
                                       const char* what) {
  std::vector<std::string> out;
  if (!node.is_map()) {
    error(node, path,
          std::string("expected a mapping from names to ") + what + ", got " + kind_of(node),
          "name: {...} entries");
    return out;
  }
  for (const auto& [k, value] : node.entries()) {
    std::string key = k.is_scalar() ? k.scalar() : "";
    if (!valid_name(key)) {
      error(k, join_path(path, key), "'" + key + "' is not a valid name",
            "names start with a lower-case letter and use a-z, 0-9 and _");
    } else if (std::find(out.begin(), out.end(), key) != out.end()) {
      error(k, join_path(path, key), "duplicate name '" + key + "'", "each name once");
      continue;
    }
    out.push_back(key);
  }
  return out;
}

bool Reader::list(const YamlNode& node, const std::string& path, const char* of_what) {
  if (node.is_list()) return true;
  error(node, path, "expected a list, got " + kind_of(node), std::string("a list of ") + of_what);
  return false;
}

void Reader::optional_number(const YamlNode& map, const std::string& path, const char* key,
                             Bounds b, double& out) {
  YamlNode v = child(map, path, key);
  if (!v.defined()) return;
  if (auto x = number(v, join_path(path, key), b)) out = *x;
}

void Reader::optional_count(const YamlNode& map, const char* key, std::int64_t lo, std::int64_t hi,
                            std::uint64_t& out) {
  YamlNode v = child(map, "", key);
  if (!v.defined()) return;
  if (auto k = integer(v, key, lo, hi)) out = static_cast<std::uint64_t>(*k);
}

void Reader::format_version(const YamlNode& root, const char* key, const char* what) {
  const auto v = integer(child(root, "", key, true), key, 1, 1000);
  if (v && *v != 1)
    error(child(root, "", key), key,
          std::string(what) + " format version " + std::to_string(*v) + " is not supported",
          std::string("this placesim reads ") + what + " format version 1");
}

void Reader::optional_label(const YamlNode& map, const std::string& path, std::string& out) {
  YamlNode v = child(map, path, "label");
  if (!v.defined()) return;
  if (auto t = text(v, join_path(path, "label"))) out = *t;
}

std::optional<double> Reader::number(const YamlNode& n, const std::string& path, Bounds b) {
  if (!n.defined()) return std::nullopt;  // a missing key is reported where it is looked up
  if (!n.is_scalar()) {
    error(n, path, "expected a number, got " + kind_of(n), b.words);
    return std::nullopt;
  }
  const std::string& s = n.scalar();
  std::string lower(s);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  if (lower.find("nan") != std::string::npos || lower.find("inf") != std::string::npos) {
    error(n, path, "'" + s + "' is not a finite number", b.words);
    return std::nullopt;
  }
  char* end = nullptr;
  double v = std::strtod(s.c_str(), &end);
  if (s.empty() || *end != '\0' || !std::isfinite(v)) {
    error(n, path, "expected a number, got '" + s + "'", b.words);
    return std::nullopt;
  }
  if (!b.contains(v)) {
    std::string problem = "value " + s + " is out of range";
    // A share written as a percentage (41 for 0.41) is the commonest slip.
    if (b.hi <= 1.0 && b.lo >= 0.0 && v > 1.0 && v <= 100.0) {
      std::ostringstream hint;
      hint << v / 100.0;
      problem += "; a share is written from 0 to 1: did you mean " + hint.str() + "?";
    }
    error(n, path, problem, b.words);
    return std::nullopt;
  }
  return v;
}

std::optional<std::int64_t> Reader::integer(const YamlNode& n, const std::string& path,
                                            std::int64_t lo, std::int64_t hi) {
  if (!n.defined()) return std::nullopt;  // a missing key is reported where it is looked up
  std::string words = "a whole number from " + std::to_string(lo) + " to " + std::to_string(hi);
  if (!n.is_scalar()) {
    error(n, path, "expected a whole number, got " + kind_of(n), words);
    return std::nullopt;
  }
  const std::string& s = n.scalar();
  char* end = nullptr;
  errno = 0;
  long long v = std::strtoll(s.c_str(), &end, 10);
  if (s.empty() || *end != '\0' || errno == ERANGE) {
    error(n, path, "expected a whole number, got '" + s + "'", words);
    return std::nullopt;
  }
  if (v < lo || v > hi) {
    error(n, path, "value " + s + " is out of range", words);
    return std::nullopt;
  }
  return v;
}

std::optional<std::string> Reader::text(const YamlNode& n, const std::string& path) {
  if (!n.defined()) return std::nullopt;  // a missing key is reported where it is looked up
  if (!n.is_scalar()) {
    error(n, path, "expected text, got " + kind_of(n), "a line of text");
    return std::nullopt;
  }
  // Control characters (a NUL, an escape sequence) would cut names short in
  // files and reach terminals raw.
  for (unsigned char c : n.scalar()) {
    if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7f) {
      error(n, path, "the text contains a control character",
            "printable text (tabs and line breaks allowed)");
      return std::nullopt;
    }
  }
  return n.scalar();
}

std::optional<bool> Reader::boolean(const YamlNode& n, const std::string& path) {
  if (!n.defined()) return std::nullopt;  // a missing key is reported where it is looked up
  static const std::vector<std::string> yes = {"true", "yes", "on"}, no = {"false", "no", "off"};
  if (n.is_scalar()) {
    std::string s = n.scalar();
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
    if (std::find(yes.begin(), yes.end(), s) != yes.end()) return true;
    if (std::find(no.begin(), no.end(), s) != no.end()) return false;
  }
  error(n, path, "expected true or false, got " + kind_of(n), "true or false");
  return std::nullopt;
}

std::optional<std::size_t> Reader::choice(const YamlNode& n, const std::string& path,
                                          const std::vector<std::string>& options) {
  if (!n.defined()) return std::nullopt;  // a missing key is reported where it is looked up
  if (n.is_scalar()) {
    auto it = std::find(options.begin(), options.end(), n.scalar());
    if (it != options.end()) return static_cast<std::size_t>(it - options.begin());
    std::string hint = closest_match(n.scalar(), options);
    error(n, path,
          "unknown value '" + n.scalar() + "'" +
              (hint.empty() ? "" : "; did you mean '" + hint + "'?"),
          "one of: " + join_names(options));
  } else {
    error(n, path, "expected a word, got " + kind_of(n), "one of: " + join_names(options));
  }
  return std::nullopt;
}

std::optional<std::uint32_t> Reader::ref(const YamlNode& n, const std::string& path,
                                         const std::vector<std::string>& names, const char* what) {
  if (!n.defined()) return std::nullopt;  // a missing key is reported where it is looked up
  if (n.is_scalar()) {
    auto it = std::find(names.begin(), names.end(), n.scalar());
    if (it != names.end()) return static_cast<std::uint32_t>(it - names.begin());
    std::string hint = closest_match(n.scalar(), names);
    error(n, path,
          std::string("unknown ") + what + " '" + n.scalar() + "'" +
              (hint.empty() ? "" : "; did you mean '" + hint + "'?"),
          std::string(what) + " names are: " + join_names(names));
  } else {
    error(n, path, std::string("expected the name of ") + what + ", got " + kind_of(n),
          std::string(what) + " names are: " + join_names(names));
  }
  return std::nullopt;
}

std::optional<std::vector<double>> Reader::by_year(const YamlNode& n, const std::string& path,
                                                   std::size_t years, Bounds b) {
  if (n.is_list()) {
    if (n.size() != years) {
      error(n, path, "the list has " + std::to_string(n.size()) + " values",
            "one value per simulated year (" + std::to_string(years) + "), or a single number");
      return std::nullopt;
    }
    std::vector<double> out;
    bool ok = true;
    for (std::size_t i = 0; i < n.size(); ++i) {
      auto v = number(n[i], join_path(path, std::to_string(i)), b);
      if (v)
        out.push_back(*v);
      else
        ok = false;
    }
    if (!ok) return std::nullopt;
    return out;
  }
  auto v = number(n, path, b);
  if (!v) return std::nullopt;
  return std::vector<double>(years, *v);
}

}  // namespace placesim::sim
