#include "models/studies/switching.h"

#include <cmath>
#include <cstdio>
#include <map>
#include <stdexcept>
#include <utility>

#include "models/results/results.h"
#include "models/scenario/load.h"
#include "sim/stats/summary.h"

namespace placesim::models {

std::string SwitchTarget::name() const {
  switch (kind) {
    case Kind::npv:
      return "npv";
    case Kind::npv_adjusted:
      return "npv_adjusted";
    case Kind::claim:
      return "claim:" + std::to_string(claim + 1);
  }
  return "npv";
}

std::optional<SwitchTarget> parse_switch_target(const std::string& text) {
  if (text == "npv") return SwitchTarget{SwitchTarget::Kind::npv, 0};
  if (text == "npv_adjusted") return SwitchTarget{SwitchTarget::Kind::npv_adjusted, 0};
  if (text.rfind("claim:", 0) != 0 || text.size() == 6 || text.size() > 10) return std::nullopt;
  std::size_t n = 0;
  for (std::size_t i = 6; i < text.size(); ++i) {
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
    n = n * 10 + static_cast<std::size_t>(text[i] - '0');
  }
  if (n == 0) return std::nullopt;
  return SwitchTarget{SwitchTarget::Kind::claim, n - 1};
}

namespace {

// The figures at each value tried, computed once: the three searches share
// their end points and often their first halvings.
class Cache {
 public:
  explicit Cache(const SwitchEvaluate& f) : f_(f) {}
  const sim::Summary& at(double x, std::vector<SwitchPoint>& points) {
    auto it = seen_.find(x);
    if (it != seen_.end()) return it->second;
    const sim::Summary s = sim::summarize(f_(x));
    points.push_back({x, s.mean, s.n > 1 ? s.se : 0.0});
    return seen_.emplace(x, s).first->second;
  }

 private:
  const SwitchEvaluate& f_;
  std::map<double, sim::Summary> seen_;
};

// Where g (the mean, or one end of its interval) crosses zero on [lo, hi], or
// nothing when it has the same sign at both ends. The Illinois variant of
// regula falsi: it keeps the root bracketed as bisection does, is exact at
// once for a figure linear in the input, and takes a handful of runs, not
// dozens, for a smooth one (Dowell & Jarratt 1971).
template <class G>
std::optional<double> bracketed_root(G g, double lo, double hi, double tolerance) {
  double a = lo, b = hi, fa = g(a), fb = g(b);
  if (fa == 0.0) return a;
  if (fb == 0.0) return b;
  if (!std::isfinite(fa) || !std::isfinite(fb) || (fa < 0.0) == (fb < 0.0)) return std::nullopt;
  const double width = (hi - lo) * tolerance;
  double c = a, previous = b;
  int side = 0;
  for (int i = 0; i < 60; ++i) {
    c = (a * fb - b * fa) / (fb - fa);
    if (std::fabs(c - previous) < width || b - a < width) break;
    previous = c;
    const double fc = g(c);
    if (!std::isfinite(fc))
      throw std::invalid_argument("the target is not a finite number at " + std::to_string(c));
    if (fc == 0.0) break;
    if ((fc < 0.0) == (fb < 0.0)) {
      b = c;
      fb = fc;
      if (side == -1) fa /= 2.0;
      side = -1;
    } else {
      a = c;
      fa = fc;
      if (side == +1) fb /= 2.0;
      side = +1;
    }
  }
  return c;
}

}  // namespace

SwitchResult find_switching_value(const SwitchEvaluate& f, double lo, double hi, double tolerance) {
  if (!(lo < hi) || !std::isfinite(lo) || !std::isfinite(hi))
    throw std::invalid_argument("the range of a switching value must run from low to high");
  SwitchResult out;
  Cache cache(f);
  auto summary = [&](double x) -> const sim::Summary& { return cache.at(x, out.points); };
  out.value = bracketed_root([&](double x) { return summary(x).mean; }, lo, hi, tolerance);
  if (summary(lo).n < 2) return out;  // one replication: no interval
  out.has_interval = true;
  const auto half = [&](double x) {
    const sim::Summary& s = summary(x);
    return sim::t_quantile(0.975, s.n - 1) * s.se;
  };
  const auto lower = [&](double x) { return summary(x).mean - half(x); };
  const auto upper = [&](double x) { return summary(x).mean + half(x); };
  const auto a = bracketed_root(lower, lo, hi, tolerance);
  const auto b = bracketed_root(upper, lo, hi, tolerance);
  // Zero lies in the target's interval where lower <= 0 <= upper. With both
  // ends crossing, that is between them; with one, it is the side of that
  // crossing where the other end's sign holds, which the range's low end shows.
  if (a && b) {
    out.low = std::min(*a, *b);
    out.high = std::max(*a, *b);
  } else if (a) {
    (lower(lo) <= 0.0 ? out.high : out.low) = *a;
  } else if (b) {
    (upper(lo) >= 0.0 ? out.high : out.low) = *b;
  }
  return out;
}

namespace {

std::string number_text(double x) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.17g", x);
  return buf;
}

}  // namespace

SwitchEvaluate scenario_switch_figure(const std::string& scenario_text,
                                      const std::string& scenario_name,
                                      const std::vector<std::string>& sets,
                                      const std::string& param, SwitchTarget target,
                                      const RunPlan& plan, bool whole) {
  return [=](double x) {
    std::vector<std::string> all = sets;
    all.push_back(param + "=" + number_text(whole ? std::round(x) : x));
    const Scenario s = load_scenario_text(scenario_text, scenario_name, all).scenario;
    ResultsBuilder built(s, plan.seed, "", plan.replications);
    (void)run_plan(s, plan, built);
    const Results r = built.finish();
    if (!r.appraisal)
      throw std::invalid_argument("the scenario has no option regime (such as regimes.pooled)");
    const Appraisal& a = *r.appraisal;
    switch (target.kind) {
      case SwitchTarget::Kind::npv:
        return a.npv;
      case SwitchTarget::Kind::npv_adjusted:
        return a.npv_adjusted;
      case SwitchTarget::Kind::claim:
        break;
    }
    if (target.claim >= a.claims.size())
      throw std::invalid_argument("the business case has " + std::to_string(a.claims.size()) +
                                  " claims, so there is no claim " +
                                  std::to_string(target.claim + 1));
    const ClaimResult& c = a.claims[target.claim];
    std::vector<double> gap;
    for (double v : c.simulated) gap.push_back(v - c.claimed);
    return gap;
  };
}

}  // namespace placesim::models
