#include "models/scenario/reader.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <sstream>

namespace placesim::models {
namespace {

std::string kind_of(const YAML::Node& n) {
  if (n.IsMap()) return "a mapping";
  if (n.IsSequence()) return "a list";
  if (n.IsNull()) return "nothing";
  return "'" + n.Scalar() + "'";
}

bool valid_name(const std::string& s) {
  if (s.empty() || !std::islower(static_cast<unsigned char>(s[0]))) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return std::islower(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c)) ||
           c == '_';
  });
}

}  // namespace

std::string join_path(const std::string& a, const std::string& b) {
  return a.empty() ? b : a + "." + b;
}

void Reader::error(const YAML::Node& at, const std::string& path, std::string problem,
                   std::string allowed) {
  diags_.error(doc_.origin(at, path), path, std::move(problem), std::move(allowed));
}

YAML::Node Reader::child(const YAML::Node& map, const std::string& path, const std::string& key,
                         bool required) {
  if (map.IsMap()) {
    for (auto it = map.begin(); it != map.end(); ++it) {
      if (it->first.IsScalar() && it->first.Scalar() == key) return it->second;
    }
  }
  if (required && map.IsMap()) error(map, join_path(path, key), "missing required key '" + key + "'");
  return YAML::Node(YAML::NodeType::Undefined);
}

bool Reader::keys(const YAML::Node& node, const std::string& path,
                  const std::vector<std::string>& allowed) {
  if (!node.IsMap()) {
    error(node, path, "expected a mapping of keys, got " + kind_of(node), "keys: " + join_names(allowed));
    return false;
  }
  std::map<std::string, int> seen;
  for (auto it = node.begin(); it != node.end(); ++it) {
    const YAML::Node k = it->first;  // a copy: the iterator hands out a temporary
    std::string key = k.IsScalar() ? k.Scalar() : "";
    std::string kpath = join_path(path, key);
    if (!k.IsScalar()) {
      error(k, path, "a key must be a plain word, got " + kind_of(k), "keys: " + join_names(allowed));
      continue;
    }
    if (auto [pos, fresh] = seen.emplace(key, k.Mark().line + 1); !fresh) {
      error(k, kpath, "duplicate key '" + key + "' (first given on line " +
                          std::to_string(pos->second) + ")", "each key once");
      continue;
    }
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
      std::string hint = closest_match(key, allowed);
      error(k, kpath, "unknown key '" + key + "'" + (hint.empty() ? "" : "; did you mean '" + hint + "'?"),
            "keys here: " + join_names(allowed));
    }
  }
  return true;
}

std::vector<std::string> Reader::names(const YAML::Node& node, const std::string& path,
                                       const char* what) {
  std::vector<std::string> out;
  if (!node.IsMap()) {
    error(node, path, std::string("expected a mapping from names to ") + what + ", got " + kind_of(node),
          "name: {...} entries");
    return out;
  }
  for (auto it = node.begin(); it != node.end(); ++it) {
    std::string key = it->first.IsScalar() ? it->first.Scalar() : "";
    if (!valid_name(key)) {
      error(it->first, join_path(path, key), "'" + key + "' is not a valid name",
            "names start with a lower-case letter and use a-z, 0-9 and _");
    } else if (std::find(out.begin(), out.end(), key) != out.end()) {
      error(it->first, join_path(path, key), "duplicate name '" + key + "'", "each name once");
      continue;
    }
    out.push_back(key);
  }
  return out;
}

bool Reader::list(const YAML::Node& node, const std::string& path, const char* of_what) {
  if (node.IsSequence()) return true;
  error(node, path, "expected a list, got " + kind_of(node), std::string("a list of ") + of_what);
  return false;
}

void Reader::optional_number(const YAML::Node& map, const std::string& path, const char* key, Bounds b,
                             double& out) {
  YAML::Node v = child(map, path, key);
  if (!v.IsDefined()) return;
  if (auto x = number(v, join_path(path, key), b)) out = *x;
}

void Reader::optional_label(const YAML::Node& map, const std::string& path, std::string& out) {
  YAML::Node v = child(map, path, "label");
  if (!v.IsDefined()) return;
  if (auto t = text(v, join_path(path, "label"))) out = *t;
}

std::optional<double> Reader::number(const YAML::Node& n, const std::string& path, Bounds b) {
  if (!n.IsDefined()) return std::nullopt;  // a missing key is reported where it is looked up
  if (!n.IsScalar()) {
    error(n, path, "expected a number, got " + kind_of(n), b.words);
    return std::nullopt;
  }
  const std::string& s = n.Scalar();
  std::string lower(s);
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
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
    error(n, path, "value " + s + " is out of range", b.words);
    return std::nullopt;
  }
  return v;
}

std::optional<std::int64_t> Reader::integer(const YAML::Node& n, const std::string& path,
                                            std::int64_t lo, std::int64_t hi) {
  if (!n.IsDefined()) return std::nullopt;  // a missing key is reported where it is looked up
  std::string words = "a whole number from " + std::to_string(lo) + " to " + std::to_string(hi);
  if (!n.IsScalar()) {
    error(n, path, "expected a whole number, got " + kind_of(n), words);
    return std::nullopt;
  }
  const std::string& s = n.Scalar();
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

std::optional<std::string> Reader::text(const YAML::Node& n, const std::string& path) {
  if (!n.IsDefined()) return std::nullopt;  // a missing key is reported where it is looked up
  if (!n.IsScalar()) {
    error(n, path, "expected text, got " + kind_of(n), "a line of text");
    return std::nullopt;
  }
  return n.Scalar();
}

std::optional<bool> Reader::boolean(const YAML::Node& n, const std::string& path) {
  if (!n.IsDefined()) return std::nullopt;  // a missing key is reported where it is looked up
  static const std::vector<std::string> yes = {"true", "yes", "on"}, no = {"false", "no", "off"};
  if (n.IsScalar()) {
    std::string s = n.Scalar();
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
    if (std::find(yes.begin(), yes.end(), s) != yes.end()) return true;
    if (std::find(no.begin(), no.end(), s) != no.end()) return false;
  }
  error(n, path, "expected true or false, got " + kind_of(n), "true or false");
  return std::nullopt;
}

std::optional<std::size_t> Reader::choice(const YAML::Node& n, const std::string& path,
                                          const std::vector<std::string>& options) {
  if (!n.IsDefined()) return std::nullopt;  // a missing key is reported where it is looked up
  if (n.IsScalar()) {
    auto it = std::find(options.begin(), options.end(), n.Scalar());
    if (it != options.end()) return static_cast<std::size_t>(it - options.begin());
    std::string hint = closest_match(n.Scalar(), options);
    error(n, path, "unknown value '" + n.Scalar() + "'" + (hint.empty() ? "" : "; did you mean '" + hint + "'?"),
          "one of: " + join_names(options));
  } else {
    error(n, path, "expected a word, got " + kind_of(n), "one of: " + join_names(options));
  }
  return std::nullopt;
}

std::optional<Index> Reader::ref(const YAML::Node& n, const std::string& path,
                                 const std::vector<std::string>& names, const char* what) {
  if (!n.IsDefined()) return std::nullopt;  // a missing key is reported where it is looked up
  if (n.IsScalar()) {
    auto it = std::find(names.begin(), names.end(), n.Scalar());
    if (it != names.end()) return static_cast<Index>(it - names.begin());
    std::string hint = closest_match(n.Scalar(), names);
    error(n, path, std::string("unknown ") + what + " '" + n.Scalar() + "'" +
                       (hint.empty() ? "" : "; did you mean '" + hint + "'?"),
          std::string(what) + " names are: " + join_names(names));
  } else {
    error(n, path, std::string("expected the name of ") + what + ", got " + kind_of(n),
          std::string(what) + " names are: " + join_names(names));
  }
  return std::nullopt;
}

std::optional<sim::Distribution> Reader::distribution(const YAML::Node& n, const std::string& path,
                                                      const std::string& unit, Bounds b,
                                                      std::vector<std::string> extra_keys) {
  static const std::vector<std::string> kinds = {"constant", "exponential", "gamma", "lognormal",
                                                 "normal", "beta", "uniform", "triangular"};
  auto kind_i = choice(child(n, path, "dist", true), join_path(path, "dist"), kinds);
  if (!kind_i) return std::nullopt;  // the kind decides which other keys are allowed
  auto kind = static_cast<sim::DistKind>(*kind_i);
  std::vector<std::string> pnames;
  switch (kind) {
    case sim::DistKind::constant: pnames = {unit.empty() ? "value" : unit.substr(1)}; break;
    case sim::DistKind::exponential: pnames = {"mean" + unit}; break;
    case sim::DistKind::uniform: pnames = {"min" + unit, "max" + unit}; break;
    case sim::DistKind::triangular: pnames = {"min" + unit, "mode" + unit, "max" + unit}; break;
    default: pnames = {"mean" + unit, "sd" + unit}; break;
  }
  std::vector<std::string> allowed = pnames;
  allowed.push_back("dist");
  for (auto& k : extra_keys) allowed.push_back(k);
  keys(n, path, allowed);
  std::array<double, 3> p{};
  bool ok = true;
  for (std::size_t i = 0; i < pnames.size(); ++i) {
    YAML::Node v = child(n, path, pnames[i], true);
    if (!v.IsDefined()) {
      ok = false;
      continue;
    }
    auto x = number(v, join_path(path, pnames[i]));
    if (x) p[i] = *x; else ok = false;
  }
  if (!ok) return std::nullopt;
  if (auto why = sim::Distribution::check(kind, p)) {
    error(n, path, *why, "see the distributions in docs/scenario-format.md");
    return std::nullopt;
  }
  sim::Distribution d = [&] {
    switch (kind) {
      case sim::DistKind::constant: return sim::Distribution::constant(p[0]);
      case sim::DistKind::exponential: return sim::Distribution::exponential(p[0]);
      case sim::DistKind::gamma: return sim::Distribution::gamma(p[0], p[1]);
      case sim::DistKind::lognormal: return sim::Distribution::lognormal(p[0], p[1]);
      case sim::DistKind::normal: return sim::Distribution::normal(p[0], p[1]);
      case sim::DistKind::beta: return sim::Distribution::beta(p[0], p[1]);
      case sim::DistKind::uniform: return sim::Distribution::uniform(p[0], p[1]);
      case sim::DistKind::triangular: return sim::Distribution::triangular(p[0], p[1], p[2]);
    }
    return sim::Distribution::constant(p[0]);
  }();
  auto sup = d.support();
  bool continuous = kind != sim::DistKind::constant;
  bool lo_ok = sup[0] > b.lo || (sup[0] == b.lo && (!b.lo_open || continuous));
  bool hi_ok = sup[1] < b.hi || (sup[1] == b.hi && (!b.hi_open || continuous));
  if (!lo_ok || !hi_ok) {
    const std::string dname = sim::Distribution::name(kind);
    const char* article = std::string("aeiou").find(dname[0]) != std::string::npos ? "an " : "a ";
    error(n, path, article + dname + " with these parameters can draw values outside the allowed range",
          std::string("draws must be ") + b.words + "; choose a distribution whose range fits (beta, uniform or triangular for shares)");
    return std::nullopt;
  }
  return d;
}

std::optional<Param> Reader::param(const YAML::Node& n, const std::string& path, Bounds b) {
  if (!n.IsDefined()) return std::nullopt;  // a missing key is reported where it is looked up
  if (n.IsMap()) {
    auto d = distribution(n, path, "", b, {});
    if (!d) return std::nullopt;
    return Param{d->mean(), d->is_constant() ? std::nullopt : std::optional(*d), path};
  }
  auto v = number(n, path, b);
  if (!v) return std::nullopt;
  return Param{*v, std::nullopt, path};
}

std::optional<int> Reader::financial_year(const YAML::Node& n, const std::string& path) {
  if (!n.IsDefined()) return std::nullopt;  // a missing key is reported where it is looked up
  const char* words = "a financial year such as 2011 or \"2011/12\" (it starts on 1 April)";
  if (n.IsScalar()) {
    const std::string& s = n.Scalar();
    int y = 0, y2 = -1;
    char slash = 0;
    std::istringstream in(s);
    in >> y;
    if (in && (in >> slash)) {
      if (slash == '/' && (in >> y2) && in.eof() && y2 == (y + 1) % 100 && y >= 1900 && y <= 2200)
        return y;
    } else if (!s.empty() && in.eof() && y >= 1900 && y <= 2200 && s.find('.') == std::string::npos) {
      return y;
    }
  }
  error(n, path, "expected a financial year, got " + kind_of(n), words);
  return std::nullopt;
}

std::optional<Param> Reader::money(const YAML::Node& n, const std::string& path) {
  Bounds b = Bounds::non_negative();
  b.words = "an amount of money in pounds, >= 0";
  if (!n.IsMap()) return param(n, path, b);
  std::optional<Param> p;
  YAML::Node gbp = child(n, path, "gbp");
  if (gbp.IsDefined()) {
    keys(n, path, {"gbp", "price_year"});
    p = param(gbp, join_path(path, "gbp"), b);
  } else if (child(n, path, "dist").IsDefined()) {
    auto d = distribution(n, path, "", b, {"price_year"});
    if (d) p = Param{d->mean(), d->is_constant() ? std::nullopt : std::optional(*d), path};
  } else {
    keys(n, path, {"gbp", "price_year", "dist"});
    error(n, path, "money needs 'gbp' or a distribution ('dist')",
          "a number, {gbp: 593, price_year: 2006} or {dist: lognormal, mean: 593, sd: 150}");
    return std::nullopt;
  }
  if (!p) return std::nullopt;
  YAML::Node py = child(n, path, "price_year");
  if (!py.IsDefined()) return p;
  auto year = financial_year(py, join_path(path, "price_year"));
  if (!year) return std::nullopt;
  if (*year == base_year_) return p;
  auto from = deflator_.find(*year), to = deflator_.find(base_year_);
  if (from == deflator_.end() || to == deflator_.end()) {
    error(py, join_path(path, "price_year"),
          "no GDP deflator to convert " + std::to_string(*year) + " prices to the base year " +
              std::to_string(base_year_),
          "add both years to money.gdp_deflator");
    return std::nullopt;
  }
  double f = to->second / from->second;
  p->value *= f;
  if (p->dist) p->dist = p->dist->scaled(f);
  return p;
}

std::optional<sim::Distribution> Reader::duration(const YAML::Node& n, const std::string& path) {
  if (!n.IsDefined()) return std::nullopt;  // a missing key is reported where it is looked up
  if (n.IsMap()) return distribution(n, path, "_days", Bounds::non_negative(), {});
  Bounds b = Bounds::non_negative();
  b.words = "a number of days >= 0, or {dist: exponential, mean_days: 2}";
  auto v = number(n, path, b);
  if (!v) return std::nullopt;
  return sim::Distribution::constant(*v);
}

std::optional<std::vector<double>> Reader::by_year(const YAML::Node& n, const std::string& path,
                                                   std::size_t years, Bounds b) {
  if (n.IsSequence()) {
    if (n.size() != years) {
      error(n, path, "the list has " + std::to_string(n.size()) + " values",
            "one value per simulated year (" + std::to_string(years) + "), or a single number");
      return std::nullopt;
    }
    std::vector<double> out;
    bool ok = true;
    for (std::size_t i = 0; i < n.size(); ++i) {
      auto v = number(n[i], join_path(path, std::to_string(i)), b);
      if (v) out.push_back(*v); else ok = false;
    }
    if (!ok) return std::nullopt;
    return out;
  }
  auto v = number(n, path, b);
  if (!v) return std::nullopt;
  return std::vector<double>(years, *v);
}

}  // namespace placesim::models
