// What an aggregate says in the terminal, and the figures it shares with its report.
#include <cmath>
#include <limits>

#include "models/results/summary_text.h"
#include "models/studies/aggregate.h"

namespace placesim::models {

std::vector<sim::Summary> place_npv_per_family(const AggregateResult& a) {
  const std::size_t places = a.place_count();
  std::vector<sim::Summary> out;
  for (std::size_t p = 0; p < places; ++p) {
    std::vector<double> x;
    for (std::size_t r = 0; r < a.replications; ++r)
      x.push_back(a.place_npv[r * places + p] / a.place_families[p]);
    out.push_back(sim::summarize(x));
  }
  return out;
}

double between_place_cv(const AggregateResult& a) {
  if (a.place_count() < 2) return std::numeric_limits<double>::quiet_NaN();
  std::vector<double> means;
  for (const sim::Summary& s : place_npv_per_family(a)) means.push_back(s.mean);
  const sim::Summary s = sim::summarize(means);
  return s.sd / std::abs(s.mean);
}

std::vector<double> naive_error(const AggregateResult& a) {
  std::vector<double> out;
  const std::size_t places = a.place_count();
  for (std::size_t r = 0; r < a.replications; ++r)
    out.push_back(a.naive_scale() * a.place_npv[r * places + a.naive] - a.npv[r]);
  return out;
}

namespace {

std::string figure_line(const char* label, const std::vector<double>& x) {
  const sim::Summary s = sim::summarize(x);
  if (s.n < 2)
    return formatted("  %-40s %s (one replication: no interval)\n", label,
                     format_money(s.mean).c_str());
  return formatted("  %-40s median %s, 90%% interval %s to %s; mean %s (SE %s)\n", label,
                   format_money(s.median).c_str(), format_money(s.p5).c_str(),
                   format_money(s.p95).c_str(), format_money(s.mean).c_str(),
                   format_money(s.se).c_str());
}

}  // namespace

std::string aggregate_summary_text(const AggregateResult& a) {
  double held = 0.0;
  for (double m : a.place_measure) held += m;
  std::string out = formatted(
      "%s (%llu replication%s, seed %llu; NPV of the main option against the baseline, real, "
      "discounted to 1 April %d)\n",
      a.name.c_str(), static_cast<unsigned long long>(a.replications),
      a.replications == 1 ? "" : "s", static_cast<unsigned long long>(a.seed), a.base_year);
  out += formatted("  scaled up by %s: the places hold %.6g of %.6g (x%.3g)\n", a.measure.c_str(),
                   held, a.total, a.scale());
  out += figure_line("Total NPV", a.npv);
  out += figure_line("Total NPV after optimism bias", a.npv_adjusted);
  const std::string naive = "Naive: " + a.places[a.naive] + " alone, no place effects";
  out += figure_line(naive.c_str(), a.naive_npv);
  out += figure_line("One place scaled up, less total", naive_error(a));
  const sim::Summary t = sim::summarize(a.npv), n = sim::summarize(a.naive_npv);
  if (t.n >= 2 && t.p95 > t.p5)
    out += formatted("  the naive 90%% interval is %.0f%% as wide as the total's\n",
                     100.0 * (n.p95 - n.p5) / (t.p95 - t.p5));
  out += "  NPV per family by place (median, 90% interval; with place effects drawn):\n";
  const std::vector<sim::Summary> per = place_npv_per_family(a);
  for (std::size_t p = 0; p < a.place_count(); ++p)
    out += formatted("    %-32s %s (%s to %s)\n", a.places[p].c_str(),
                     format_money(per[p].median).c_str(), format_money(per[p].p5).c_str(),
                     format_money(per[p].p95).c_str());
  const double cv = between_place_cv(a);
  if (!std::isnan(cv) && a.replications >= 2)
    out += formatted(
        "  between-place coefficient of variation of mean NPV per family: %.2f (sd over |mean| "
        "of the places' means: large when they lie near zero)\n",
        cv);
  return out;
}

}  // namespace placesim::models
