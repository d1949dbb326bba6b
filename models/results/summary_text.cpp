#include "models/results/summary_text.h"

#include <algorithm>
#include <cmath>
#include <cstdarg>
#include <cstdio>
#include <sstream>

#include "models/results/outcomes.h"

namespace placesim::models {

std::string format_money(double v) {
  if (std::isnan(v)) return "n/a";
  char buf[64];
  const double a = std::fabs(v);
  const char* sign = v < 0 ? "-" : "";
  if (a >= 1e9)
    std::snprintf(buf, sizeof buf, "%s£%.2fbn", sign, a / 1e9);
  else if (a >= 1e6)
    std::snprintf(buf, sizeof buf, "%s£%.2fm", sign, a / 1e6);
  else if (a >= 1e4)
    std::snprintf(buf, sizeof buf, "%s£%.0fk", sign, a / 1e3);
  else {
    const auto pounds = static_cast<long>(std::lround(a));
    if (pounds >= 1000)
      std::snprintf(buf, sizeof buf, "%s£%ld,%03ld", sign, pounds / 1000, pounds % 1000);
    else
      std::snprintf(buf, sizeof buf, "%s£%ld", sign, pounds);
  }
  return buf;
}

std::string formatted(const char* format, ...) {
  va_list args;
  va_start(args, format);
  va_list again;
  va_copy(again, args);
  const int n = std::vsnprintf(nullptr, 0, format, args);
  va_end(args);
  std::string out(static_cast<std::size_t>(std::max(n, 0)), '\0');
  if (n > 0) std::vsnprintf(out.data(), out.size() + 1, format, again);
  va_end(again);
  return out;
}

namespace {

std::string row(const std::string& label, const sim::Summary& s, bool money) {
  auto f = [money](double v) {
    if (money) return format_money(v);
    char b[32];
    std::snprintf(b, sizeof b, "%.2f", v);
    return std::string(b);
  };
  if (s.n < 2)  // one replication: no interval, never a zero-width one
    return formatted("  %-34s %10s  [n/a: one replication]\n", label.c_str(), f(s.mean).c_str());
  return formatted("  %-34s %10s  [%s, %s]  (5-95%%: %s to %s)\n", label.c_str(), f(s.mean).c_str(),
                   f(s.ci_low).c_str(), f(s.ci_high).c_str(), f(s.p5).c_str(), f(s.p95).c_str());
}

// The Green Book headline: figures after optimism bias first, the
// unadjusted ones beside them, and the value of knowing more.
void headline_text(std::ostringstream& o, const Appraisal& ap) {
  o << row("NPV after optimism bias", sim::summarize(ap.npv_adjusted), true);
  o << row("NPV before optimism bias", sim::summarize(ap.npv), true);
  o << row("NPV of cashable savings", sim::summarize(ap.cashable_npv), true);
  const sim::Summary bcr_adj = sim::summarize(ap.bcr_adjusted), bcr = sim::summarize(ap.bcr);
  o << row("BCR after optimism bias", bcr_adj, false);
  o << row("BCR before optimism bias", bcr, false);
  o << formatted(
      "  %-34s %s value for money (DfT bands, on the median BCR after optimism bias "
      "%.2f; before it: %s, %.2f)\n",
      "", vfm_band(bcr_adj.median), bcr_adj.median, vfm_band(bcr.median), bcr.median);
  if (ap.reps < 2) {
    o << formatted("  %-34s n/a at one replication\n", "Chance the NPV is positive");
  } else {
    o << formatted("  %-34s %.0f%% after optimism bias, %.0f%% before\n",
                   "Chance the NPV is positive", 100 * sim::share_at_least(ap.npv_adjusted, 0.0),
                   100 * sim::share_at_least(ap.npv, 0.0));
    o << formatted("  %-34s %s (on the NPV after optimism bias)\n", "Value of perfect information",
                   format_money(ap.evpi).c_str());
  }
}

// How many replications the headline NPV would need: for its 95% interval
// (Student's t, as printed) to exclude zero, and to be within 10% of its mean.
std::string replications_needed(const sim::Summary& s) {
  auto needed = [&](double half_width) -> std::string {
    if (!(half_width > 0.0) || !std::isfinite(s.sd)) return "n/a";
    for (std::size_t n = 2; n <= 100000000; n = n < 1000 ? n + 1 : n + n / 100) {
      if (sim::t975(n - 1) * s.sd / std::sqrt(static_cast<double>(n)) < half_width)
        return formatted("%zu", n);
    }
    return "more than 10^8";
  };
  if (s.mean == 0.0)
    return formatted("  %-34s n/a: the mean is zero in every way it could be told\n",
                     "Replications the NPV needs");
  return formatted("  %-34s %s for its 95%% interval to exclude zero, %s for +-10%% of its mean\n",
                   "Replications the NPV needs", needed(std::abs(s.mean)).c_str(),
                   needed(0.1 * std::abs(s.mean)).c_str());
}

// The inputs that move the headline NPV most, from the PSA draws: at most
// three, and only those whose effect stands out from chance.
void sensitivity_text(std::ostringstream& o, const Results& r, const PsaSensitivity& s) {
  std::vector<std::size_t> order;
  for (std::size_t j : ranked(s)) {
    if (stands_out(s, j) && order.size() < 3) order.push_back(j);
  }
  o << "  What moves the NPV after optimism bias most (per sd of each input drawn, "
    << (s.joint ? formatted("a joint linear fit: %.0f%% of its variance beyond chance)\n",
                            100 * s.r_squared)
                : std::string("one slope each: too few replications for a joint fit)\n"));
  if (order.empty()) {
    o << formatted("    no input's effect reaches three standard errors at %zu replications\n",
                   r.replications);
    return;
  }
  for (std::size_t k = 0; k < order.size(); ++k) {
    const std::size_t j = order[k];
    std::string tag = "untagged";  // the source tag of the line that sets it
    for (const Assumption& a : r.assumptions) {
      if (sets_parameter(a.key, r.parameters[j])) {
        tag = "[" + a.tag + "]";
        break;
      }
    }
    o << formatted("    %zu. %-58s %-8s %s%s +- %s a sd\n", k + 1, r.parameters[j].c_str(),
                   tag.c_str(), s.effect[j] >= 0 ? "+" : "", format_money(s.effect[j]).c_str(),
                   format_money(s.se[j]).c_str());
  }
}

// Per regime, the outcome measures' means; per option, its paired
// difference from the baseline, so a saving bought by serving families worse
// shows as such.
void outcomes_text(std::ostringstream& o, const Results& r) {
  o << "\n  What happens to families (means over the window; options against " << r.runs[0].name
    << ", paired)\n";
  const std::vector<OutcomeMeasure> base = outcome_measures(r, 0);
  for (std::size_t i = 0; i < base.size(); ++i) {
    const std::string& key = base[i].key;
    auto f = [&key](double v) {
      if (key == "no_high_need") return formatted("%.1f%%", 100 * v);
      return formatted(key == "events_per_family" ? "%.3f" : "%.0f", v);
    };
    o << formatted("  %-48s %s %s", base[i].label.c_str(), r.runs[0].name.c_str(),
                   f(sim::summarize(base[i].rep).mean).c_str());
    for (std::size_t g = 1; g < r.runs.size(); ++g) {
      const OutcomeMeasure m = outcome_measures(r, g)[i];
      std::vector<double> d(m.rep.size());
      for (std::size_t k = 0; k < d.size(); ++k) d[k] = m.rep[k] - base[i].rep[k];
      const sim::Summary s = sim::summarize(d);
      const std::string ci = s.n < 2 ? "n/a"  // one replication: no interval
                                     : f(s.ci_low) + ", " + f(s.ci_high);
      o << formatted(", %s %s (%s%s [%s])", r.runs[g].name.c_str(),
                     f(sim::summarize(m.rep).mean).c_str(), s.mean >= 0 ? "+" : "",
                     f(s.mean).c_str(), ci.c_str());
    }
    o << "\n";
  }
}

// The emulated evaluations beside the truth, in £ a family a year. A design
// asked for is never dropped silently: with no estimate it says why, and an
// estimate from fewer replications than the run's says so.
void evaluation_text(std::ostringstream& o, const Results& r) {
  const EvaluationArrays& e = *r.evaluation;
  const std::size_t D = e.designs.size();
  o << "\n  What an evaluation of " << e.intervention << " under " << e.option
    << " would have said\n  (£ saved a family worked with a year, a year after it started against "
       "a year before; "
    << formatted("%.0f", sim::summarize(e.families).mean) << " families a replication)\n";
  for (std::size_t d = 0; d < D; ++d) {
    if (!design_asked(e, d)) continue;  // NaN by design, not for want of families
    const std::vector<double> v = design_estimates(e, d);
    const std::string label =
        e.designs[d] == "true_effect" ? "true effect (same families, baseline)" : e.designs[d];
    if (v.empty()) {
      o << formatted("  %-34s %10s  (%s)\n", label.c_str(), "n/a", why_no_estimates(e, d).c_str());
      continue;
    }
    o << row(label, sim::summarize(v), true);
    if (v.size() < r.replications)
      o << formatted("  %-34s %10s  (from %zu of %llu replications; in the others %s)\n", "", "",
                     v.size(), static_cast<unsigned long long>(r.replications),
                     why_no_estimates(e, d).c_str());
  }
  if (e.has_rule) {
    o << formatted("  %-34s %.0f%% of them; %.0f%% would have met the rule under %s anyway\n",
                   "Turned around (results rule)", 100 * sim::summarize(e.turned_around).mean,
                   100 * sim::summarize(e.turned_around_baseline).mean, r.runs[0].name.c_str());
  }
}

}  // namespace

std::string summary_text(const Results& r) {
  std::ostringstream o;
  o << "placesim " << r.placesim_version << ": " << r.scenario_name << "\n";
  o << "  " << r.replications << (r.replications == 1 ? " replication of " : " replications of ")
    << r.runs.size() << " regimes, seed " << r.seed << ", " << r.years.size() << " years from "
    << (r.years.empty() ? "?" : r.years.front()) << ", £ real at " << r.price_base << " prices\n";
  if (!r.appraisal) {
    o << "  (one regime only: no appraisal; add regimes.pooled to compare)\n";
    return o.str();
  }
  const Appraisal& ap = *r.appraisal;
  o << "\n  "
    << formatted("%-40s", ("Net saving, " + ap.option + " against " + ap.baseline).c_str())
    << "mean   [95% CI of the mean]\n";
  headline_text(o, ap);
  char buf[256];
  const double pb = ap.median_payback();
  o << formatted("  %-34s %s", "Payback (median)",
                 pb < 0 ? "not within the horizon" : r.years[static_cast<std::size_t>(pb)].c_str());
  if (ap.reps > 1)
    o << formatted("; %.0f%% of futures pay back within the horizon", 100 * ap.payback_share());
  o << "\n";
  if (ap.reps > 1) {
    std::snprintf(buf, sizeof buf, "  %-34s paired %s, unpaired %s\n",
                  "Standard error of the mean NPV", format_money(ap.paired_se).c_str(),
                  format_money(ap.unpaired_se).c_str());
    o << buf;
  }
  if (ap.reps > 1) o << replications_needed(sim::summarize(ap.npv_adjusted));
  if (ap.sensitivity) sensitivity_text(o, r, *ap.sensitivity);
  std::size_t payer = 0, gainer = 0;
  for (std::size_t a = 1; a < ap.agencies; ++a) {
    if (ap.pays[a] > ap.pays[payer]) payer = a;
    if (ap.gains[a] > ap.gains[gainer]) gainer = a;
  }
  if (ap.agencies) {
    o << "  Largest payer for prevention       " << r.agencies[payer] << " ("
      << format_money(ap.pays[payer]) << " extra, discounted)\n";
    if (ap.gains[gainer] > 0.0) {
      o << "  Largest gainer                     " << r.agencies[gainer] << " ("
        << format_money(ap.gains[gainer]) << " avoided, discounted)\n";
    } else {
      o << "  Largest gainer                     none: no agency's spend falls\n";
    }
  }
  for (const Appraisal& other : r.options) {
    if (other.option == ap.option) continue;
    o << "  " << other.option << " against " << other.baseline << "\n";
    o << row("  NPV after optimism bias", sim::summarize(other.npv_adjusted), true);
    o << row("  NPV before optimism bias", sim::summarize(other.npv), true);
  }
  outcomes_text(o, r);
  if (r.evaluation) evaluation_text(o, r);
  if (!ap.claims.empty()) o << "\n  The business case against the simulation\n";
  for (const ClaimResult& c : ap.claims) {
    auto amount = [&c](double v) {
      if (!c.share) return format_money(v);
      char b[32];
      std::snprintf(b, sizeof b, "%.2f%%", 100 * v);
      return std::string(b);
    };
    o << "  " << c.label << ": claimed " << amount(c.claimed) << " (" << c.basis << ", "
      << c.value_type << ")\n";
    if (!c.note.empty()) o << "      " << c.note << "\n";
    std::snprintf(
        buf, sizeof buf,
        "      chance of reaching it %.0f%% [%.0f%%, %.0f%%] (after optimism bias %.0f%%); "
        "median shortfall %s; ",
        100 * c.probability, 100 * c.probability_low, 100 * c.probability_high,
        100 * c.probability_adjusted, amount(c.median_shortfall).c_str());
    o << buf;
    if (std::isfinite(c.implied_optimism)) {
      std::snprintf(buf, sizeof buf, "implied optimism %+.0f%%\n", 100 * c.implied_optimism);
      o << buf;
    } else {
      o << "implied optimism unbounded (simulated median not above zero)\n";
    }
  }
  if (ap.decomposition) {
    const MechanismAttribution& d = *ap.decomposition;
    const std::size_t M = d.mechanisms.size();
    o << "\n  Where the NPV comes from (Shapley values" << (d.sampled ? ", sampled orders" : "")
      << "; they add up to the NPV)\n";
    for (std::size_t m = 0; m < M; ++m) {
      const std::vector<double> v = sim::column(d.shapley, m, M);
      if (std::all_of(v.begin(), v.end(), [](double x) { return x == 0.0; }))
        continue;  // not in play
      o << row(d.mechanisms[m], sim::summarize(v), true);
    }
  }
  return o.str();
}

}  // namespace placesim::models
