// Reading the scenario's own value types: parameters, money, financial years.
#include "models/scenario/scenario_reader.h"

#include <sstream>

namespace placesim::models {
namespace {

std::string kind_of(const sim::YamlNode& n) { return sim::describe_node(n); }

}  // namespace

std::optional<Param> ScenarioReader::param(const sim::YamlNode& n, const std::string& path,
                                           Bounds b) {
  if (!n.defined()) return std::nullopt;  // a missing key is reported where it is looked up
  if (n.is_map()) {
    auto d = distribution(n, path, "", b, {});
    if (!d) return std::nullopt;
    return Param{d->mean(), d->is_constant() ? std::nullopt : std::optional(*d), path};
  }
  auto v = number(n, path, b);
  if (!v) return std::nullopt;
  return Param{*v, std::nullopt, path};
}

std::optional<int> ScenarioReader::financial_year(const sim::YamlNode& n, const std::string& path) {
  if (!n.defined()) return std::nullopt;  // a missing key is reported where it is looked up
  const char* words = "a financial year such as 2011 or \"2011/12\" (it starts on 1 April)";
  if (n.is_scalar()) {
    const std::string& s = n.scalar();
    int y = 0, y2 = -1;
    char slash = 0;
    std::istringstream in(s);
    in >> y;
    if (in && (in >> slash)) {
      if (slash == '/' && (in >> y2) && in.eof() && y2 == (y + 1) % 100 && y >= 1900 && y <= 2200)
        return y;
    } else if (!s.empty() && in.eof() && y >= 1900 && y <= 2200 &&
               s.find('.') == std::string::npos) {
      return y;
    }
  }
  error(n, path, "expected a financial year, got " + kind_of(n), words);
  return std::nullopt;
}

std::optional<double> ScenarioReader::price_factor(const sim::YamlNode& py,
                                                   const std::string& path) {
  auto year = financial_year(py, path);
  if (!year) return std::nullopt;
  if (*year == base_year_) return 1.0;
  auto from = deflator_.find(*year), to = deflator_.find(base_year_);
  if (to == deflator_.end()) {  // said once: every price_year fails for the same reason
    if (!base_missing_said_) {
      const bool known = base_node_.defined();
      error(known ? base_node_ : py, known ? base_path_ : path,
            "no GDP deflator for the price base year " + std::to_string(base_year_) +
                ", so no price_year converts (the first is " + path + ")",
            deflator_help_);
    }
    base_missing_said_ = true;
    return std::nullopt;
  }
  if (from == deflator_.end()) {
    error(py, path,
          "no GDP deflator to convert " + std::to_string(*year) + " prices to the base year " +
              std::to_string(base_year_),
          deflator_help_);
    return std::nullopt;
  }
  return to->second / from->second;
}

std::optional<Param> ScenarioReader::money(const sim::YamlNode& n, const std::string& path) {
  const Bounds b{0, 1e13, false, false, "an amount of money in pounds, from 0 to 1e13"};
  if (!n.is_map()) return param(n, path, b);
  std::optional<Param> p;
  sim::YamlNode gbp = child(n, path, "gbp");
  if (gbp.defined()) {
    keys(n, path, {"gbp", "price_year"});
    p = param(gbp, join_path(path, "gbp"), b);
  } else if (child(n, path, "dist").defined()) {
    auto d = distribution(n, path, "", b, {"price_year"});
    if (d) p = Param{d->mean(), d->is_constant() ? std::nullopt : std::optional(*d), path};
  } else {
    keys(n, path, {"gbp", "price_year", "dist"});
    error(n, path, "money needs 'gbp' or a distribution ('dist')",
          "a number, {gbp: 593, price_year: 2006} or {dist: lognormal, mean: 593, sd: 150}");
    return std::nullopt;
  }
  if (!p) return std::nullopt;
  sim::YamlNode py = child(n, path, "price_year");
  if (!py.defined()) return p;
  const auto factor = price_factor(py, join_path(path, "price_year"));
  if (!factor) return std::nullopt;
  const double f = *factor;
  p->value *= f;
  if (p->dist) p->dist = p->dist->scaled(f);
  return p;
}

}  // namespace placesim::models
