// Reading distributions: one kind with its parameters, a mixture of them,
// or a duration in days.
#include <cmath>
#include <string>

#include "sim/io/reader.h"

namespace placesim::sim {

std::optional<Distribution> Reader::distribution(const YamlNode& n, const std::string& path,
                                                 const std::string& unit, Bounds b,
                                                 const std::vector<std::string>& extra_keys) {
  // In DistKind order, then "point", another name for a constant (a point
  // mass, as a component of a mixture).
  static const std::vector<std::string> kinds = {"constant", "exponential", "gamma",   "lognormal",
                                                 "normal",   "beta",        "uniform", "triangular",
                                                 "mixture",  "point"};
  auto kind_i = choice(child(n, path, "dist", true), join_path(path, "dist"), kinds);
  if (!kind_i) return std::nullopt;  // the kind decides which other keys are allowed
  if (kinds[*kind_i] == "point") kind_i = 0;
  auto kind = static_cast<DistKind>(*kind_i);
  if (kind == DistKind::mixture) return mixture(n, path, unit, b, extra_keys);
  std::vector<std::string> pnames;
  switch (kind) {
    case DistKind::constant:
      pnames = {unit.empty() ? "value" : unit.substr(1)};
      break;
    case DistKind::exponential:
      pnames = {"mean" + unit};
      break;
    case DistKind::uniform:
      pnames = {"min" + unit, "max" + unit};
      break;
    case DistKind::triangular:
      pnames = {"min" + unit, "mode" + unit, "max" + unit};
      break;
    default:
      pnames = {"mean" + unit, "sd" + unit};
      break;
  }
  std::vector<std::string> allowed = pnames;
  allowed.push_back("dist");
  for (auto& k : extra_keys) allowed.push_back(k);
  keys(n, path, allowed);
  std::array<double, 3> p{};
  bool ok = true;
  for (std::size_t i = 0; i < pnames.size(); ++i) {
    YamlNode v = child(n, path, pnames[i], true);
    if (!v.defined()) {
      ok = false;
      continue;
    }
    auto x = number(v, join_path(path, pnames[i]));
    if (x)
      p[i] = *x;
    else
      ok = false;
  }
  if (!ok) return std::nullopt;
  if (auto why = Distribution::check(kind, p)) {
    error(n, path, *why, "parameters valid for that distribution");
    return std::nullopt;
  }
  Distribution d = [&] {
    switch (kind) {
      case DistKind::constant:
        return Distribution::constant(p[0]);
      case DistKind::exponential:
        return Distribution::exponential(p[0]);
      case DistKind::gamma:
        return Distribution::gamma(p[0], p[1]);
      case DistKind::lognormal:
        return Distribution::lognormal(p[0], p[1]);
      case DistKind::normal:
        return Distribution::normal(p[0], p[1]);
      case DistKind::beta:
        return Distribution::beta(p[0], p[1]);
      case DistKind::uniform:
        return Distribution::uniform(p[0], p[1]);
      case DistKind::triangular:
        return Distribution::triangular(p[0], p[1], p[2]);
      case DistKind::mixture:  // read by mixture()
        break;
    }
    return Distribution::constant(p[0]);
  }();
  auto sup = d.support();
  bool continuous = kind != DistKind::constant;
  bool lo_ok = sup[0] > b.lo || (sup[0] == b.lo && (!b.lo_open || continuous));
  bool hi_ok = sup[1] < b.hi || (sup[1] == b.hi && (!b.hi_open || continuous));
  // A distribution without an upper end (gamma, lognormal) may stand for a
  // value with a large finite cap, such as money: its draws must stay well
  // inside the cap (ten standard deviations above the mean), not all of them.
  if (!hi_ok && std::isinf(sup[1]) && std::isfinite(b.hi) && b.hi > 1.0 && sup[0] >= b.lo)
    hi_ok = d.mean() + 10.0 * d.sd() <= b.hi;
  if (!lo_ok || !hi_ok) {
    const std::string dname = Distribution::name(kind);
    const char* article = std::string("aeiou").find(dname[0]) != std::string::npos ? "an " : "a ";
    error(n, path,
          article + dname + " with these parameters can draw values outside the allowed range",
          std::string("draws must be ") + b.words +
              "; choose a distribution whose range fits (beta, uniform or triangular for shares)");
    return std::nullopt;
  }
  return d;
}

std::optional<Distribution> Reader::mixture(const YamlNode& n, const std::string& path,
                                            const std::string& unit, Bounds b,
                                            const std::vector<std::string>& extra_keys) {
  std::vector<std::string> allowed = {"dist", "components"};
  allowed.insert(allowed.end(), extra_keys.begin(), extra_keys.end());
  keys(n, path, allowed);
  const std::string at = join_path(path, "components");
  const char* example =
      "a list such as [{p: 0.4, dist: point, value: 0}, {p: 0.6, dist: beta, mean: 0.3, sd: 0.1}]";
  YamlNode comps = child(n, path, "components", true);
  if (!comps.defined() || !list(comps, at, "components ({p, dist, ...})")) return std::nullopt;
  std::vector<MixtureComponent> parts;
  bool ok = true;
  for (std::size_t i = 0; i < comps.size(); ++i) {
    const std::string cpath = join_path(at, std::to_string(i));
    const YamlNode c = comps[i];
    if (!c.is_map()) {
      error(c, cpath, "expected a component, got " + describe_node(c), example);
      ok = false;
      continue;
    }
    if (c.get("dist").is_scalar() && c.get("dist").scalar() == "mixture") {
      error(c.get("dist"), join_path(cpath, "dist"), "a component cannot itself be a mixture",
            "list its components in this mixture instead");
      ok = false;
      continue;
    }
    const auto p = number(child(c, cpath, "p", true), join_path(cpath, "p"),
                          Bounds{0, 1, true, false, "a probability above 0, up to 1"});
    const auto d = distribution(c, cpath, unit, b, {"p"});
    if (!p || !d) {
      ok = false;
      continue;
    }
    parts.push_back({*p, *d});
  }
  if (!ok) return std::nullopt;
  if (auto why = Distribution::check_mixture(parts)) {
    error(comps, at, *why, example);
    return std::nullopt;
  }
  return Distribution::mixture(std::move(parts));
}

std::optional<Distribution> Reader::duration(const YamlNode& n, const std::string& path) {
  if (!n.defined()) return std::nullopt;  // a missing key is reported where it is looked up
  if (n.is_map()) return distribution(n, path, "_days", Bounds::non_negative(), {});
  Bounds b = Bounds::non_negative();
  b.words = "a number of days >= 0, or {dist: exponential, mean_days: 2}";
  auto v = number(n, path, b);
  if (!v) return std::nullopt;
  return Distribution::constant(*v);
}

}  // namespace placesim::sim
