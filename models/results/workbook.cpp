#include "models/results/workbook.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <ctime>
#include <map>

#include "models/results/summary_table.h"
#include "models/results/workbook_sheets.h"

namespace placesim::models {
namespace {

using sim::xlsx::Sheet;
using sim::xlsx::Style;

// The Green Book headline comes first: after optimism bias, then before.
const std::vector<std::string> kHeadline = {
    "npv_optimism_adjusted", "npv_optimism_adjusted_positive",
    "bcr_optimism_adjusted", "npv",
    "npv_positive",          "bcr",
    "cashable_npv",          "payback_year_index",
    "payback_never"};

// What a measure means, for the reader who did not write the model.
const std::map<std::string, std::string> kMeaning = {
    {"npv_optimism_adjusted",
     "Net present value of the option against the baseline after optimism bias (HM Treasury "
     "Green Book): spend the option adds raised, and spend it avoids cut, by shares set for the "
     "grade of the source of each unit cost; drawn unit costs not adjusted. The headline figure"},
    {"npv_optimism_adjusted_positive", "Share of replications in which that NPV is above zero"},
    {"bcr_optimism_adjusted",
     "Discounted benefits over discounted costs after optimism bias; the value-for-money band "
     "is read from this"},
    {"npv", "The same NPV before optimism bias"},
    {"npv_positive", "Share of replications in which the unadjusted NPV is above zero"},
    {"bcr", "Benefit-cost ratio before optimism bias"},
    {"cashable_npv",
     "Only benefits an agency could take out of its budget (cashable) against all costs"},
    {"payback_year_index",
     "First appraisal year (0: the first) from which the cumulative NPV stays at or above zero, "
     "over the replications that pay back at all"},
    {"payback_never", "Share of replications that never pay back within the appraisal window"},
};

// The time the results were written, as stamped in the file (0: unknown).
std::time_t created_time(const std::string& iso) {
  std::tm t{};
  if (iso.size() < 19 || std::sscanf(iso.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d", &t.tm_year, &t.tm_mon,
                                     &t.tm_mday, &t.tm_hour, &t.tm_min, &t.tm_sec) != 6)
    return 0;
  t.tm_year -= 1900;
  t.tm_mon -= 1;
  return timegm(&t);
}

// The summary lines with the headline first, the rest in summary.csv's order.
std::vector<SummaryLine> headline_first(std::vector<SummaryLine> lines) {
  auto rank = [](const SummaryLine& l) {
    auto it = std::find(kHeadline.begin(), kHeadline.end(), l.measure);
    return static_cast<std::size_t>(it - kHeadline.begin());
  };
  std::stable_sort(lines.begin(), lines.end(),
                   [&](const SummaryLine& a, const SummaryLine& b) { return rank(a) < rank(b); });
  return lines;
}

void write_summary(Sheet& s, const Results& r) {
  s.text(0, 0, "placesim: " + r.scenario_name, Style::title);
  const std::string headline =
      r.appraisal ? "The headline is " + r.appraisal->option + " against " + r.appraisal->baseline +
                        ", after optimism bias first; other options are named in their rows. "
                  : "The run has no option to appraise, only its baseline. ";
  s.text(1, 0,
         headline + "Money in £ at " + r.price_base +
             " prices; NPVs discounted as the Green Book does. Each row summarises the "
             "replications (the Replications sheet holds each one): the 95% interval is the "
             "mean's (Student t), or Wilson's for a share of replications.",
         Style::note);
  std::size_t row = 3;
  auto fact = [&](const std::string& k, const std::string& v) {
    s.text(row, 0, k, Style::header);
    s.text(row++, 1, v);
  };
  fact("Scenario", r.scenario_name);
  fact("Scenario file", r.source);
  if (!r.posterior.empty()) fact("Parameters drawn from", r.posterior);
  fact("Seed", std::to_string(r.seed));  // text: a double cannot hold every 64-bit seed
  s.text(row, 0, "Replications", Style::header);
  s.number(row++, 1, static_cast<double>(r.replications), Style::count);
  fact("Price base", r.price_base);
  if (!r.deflator.empty()) fact("GDP deflator", r.deflator);
  fact("placesim version", r.placesim_version);
  fact("Written", r.created);
  fact("Limits of use", kLimitsOfUse);
  ++row;
  const std::vector<std::string> head = {
      "Measure",      "Unit",           "Mean",      "95% interval: low", "95% interval: high",
      "5th pct",      "25th pct",       "Median",    "75th pct",          "95th pct",
      "Replications", "Monte Carlo SE", "What it is"};
  for (std::size_t c = 0; c < head.size(); ++c) s.text(row, c, head[c], Style::header);
  const std::size_t first = ++row;
  for (const SummaryLine& l : headline_first(summary_lines(r))) {
    const Style st = l.share ? Style::percent : style_for_unit(l.unit);
    s.text(row, 0, l.measure);
    s.text(row, 1, l.unit);
    if (l.share) {
      s.number(row, 2, l.proportion.p, st);
      s.number(row, 3, l.proportion.low, st);
      s.number(row, 4, l.proportion.high, st);
    } else {
      const sim::Summary& m = l.summary;
      s.number(row, 2, m.mean, st);
      s.number(row, 3, m.ci_low, st);
      s.number(row, 4, m.ci_high, st);
      const double ps[] = {m.p5, m.p25, m.median, m.p75, m.p95};
      for (std::size_t k = 0; k < 5; ++k) s.number(row, 5 + k, ps[k], st);
    }
    s.number(row, 10, static_cast<double>(l.n), Style::count);
    if (std::isfinite(l.mc_se())) s.number(row, 11, l.mc_se(), st);
    if (auto it = kMeaning.find(l.measure); it != kMeaning.end()) s.text(row, 12, it->second);
    ++row;
  }
  s.width(0, 0, 44);
  s.width(1, 1, 30);
  s.width(2, 11, 14);
  s.width(12, 12, 80);
  s.freeze(first, 1);
}

void write_inputs(Sheet& s, const Results& r) {
  s.text(0, 0, "Inputs", Style::title);
  std::size_t row = 2;
  const std::size_t P = r.parameters.size();
  if (P > 0) {
    s.text(row++, 0, "Uncertain parameters, as drawn in the replications", Style::header);
    const char* head[] = {"Key path", "Mean", "5th pct", "Median", "95th pct"};
    for (std::size_t c = 0; c < 5; ++c) s.text(row, c, head[c], Style::header);
    ++row;
    for (std::size_t p = 0; p < P; ++p) {
      const sim::Summary m = sim::summarize(sim::column(r.parameters_drawn, p, P));
      s.text(row, 0, r.parameters[p]);
      const double xs[] = {m.mean, m.p5, m.median, m.p95};
      for (std::size_t k = 0; k < 4; ++k) s.number(row, 1 + k, xs[k]);  // as drawn: no rounding
      ++row;
    }
    ++row;
  }
  s.text(row++, 0,
         "Assumptions log: every tagged value (V: read in the source; S: secondary source; U: "
         "assumed; set: an override)",
         Style::header);
  const char* head[] = {"Key path", "Value", "Tag", "Source or comment", "Where", "Tornado rank"};
  for (std::size_t c = 0; c < 6; ++c) s.text(row, c, head[c], Style::header);
  ++row;
  const std::vector<std::size_t> rank = tornado_ranks(r);
  for (std::size_t k = 0; k < r.assumptions.size(); ++k) {
    const Assumption& a = r.assumptions[k];
    if (rank[k] != 0) s.number(row, 5, static_cast<double>(rank[k]), Style::count);
    s.text(row, 0, a.key);
    char* end = nullptr;
    const double v = std::strtod(a.value.c_str(), &end);
    if (!a.value.empty() && end == a.value.c_str() + a.value.size() && std::isfinite(v))
      s.number(row, 1, v);  // a number stays a number
    else
      s.text(row, 1, a.value);
    s.text(row, 2, a.tag);
    s.text(row, 3, a.note);
    s.text(row, 4, a.where);
    ++row;
  }
  s.width(0, 0, 50);
  s.width(1, 2, 14);
  s.width(3, 3, 80);
  s.width(4, 4, 30);
  s.width(5, 5, 12);
}

void write_replications(Sheet& s, const Results& r) {
  s.text(0, 0, "Each replication's appraisal", Style::title);
  if (!r.appraisal) {
    s.text(1, 0, "This run has no option to appraise against its baseline.", Style::note);
    return;
  }
  const Appraisal& ap = *r.appraisal;
  s.text(1, 0,
         ap.option + " against " + ap.baseline + ": £ discounted at " + r.price_base +
             " prices. Payback is empty where it never comes.",
         Style::note);
  std::vector<std::string> head = {"Replication",       "NPV after optimism bias", "NPV",
                                   "Cashable NPV",      "BCR after optimism bias", "BCR",
                                   "Payback year index"};
  for (const std::string& a : r.agencies) head.push_back("NPV: " + a);
  for (std::size_t c = 0; c < head.size(); ++c) s.text(3, c, head[c], Style::header);
  const std::size_t A = r.agencies.size();
  for (std::size_t rep = 0; rep < ap.reps; ++rep) {
    const std::size_t row = 4 + rep;
    s.number(row, 0, static_cast<double>(rep), Style::count);
    s.number(row, 1, ap.npv_adjusted[rep], Style::money);
    s.number(row, 2, ap.npv[rep], Style::money);
    s.number(row, 3, ap.cashable_npv[rep], Style::money);
    s.number(row, 4, ap.bcr_adjusted[rep], Style::ratio);
    s.number(row, 5, ap.bcr[rep], Style::ratio);
    s.number(row, 6, ap.payback_year[rep] >= 0.0 ? ap.payback_year[rep] : NAN, Style::count);
    for (std::size_t a = 0; a < A; ++a)
      s.number(row, 7 + a, ap.npv_by_agency[rep * A + a], Style::money);
  }
  s.width(0, head.size() - 1, 16);
  s.freeze(4, 1);
}

}  // namespace

sim::xlsx::Style style_for_unit(const std::string& unit) {
  if (unit.rfind("GBP", 0) == 0) return Style::money;
  if (unit == "ratio") return Style::ratio;
  if (unit.find("share") != std::string::npos) return Style::percent;
  return Style::decimal;
}

void write_workbook(const Results& r, const std::filesystem::path& tmp) {
  sim::xlsx::Workbook book(tmp, created_time(r.created));
  using Writer = void (*)(Sheet&, const Results&);
  const Writer writers[] = {write_summary,   write_cash_flows, write_claims,      write_outcomes,
                            write_subgroups, write_inputs,     write_replications};
  static_assert(std::size(writers) == 7, "one writer per sheet of kWorkbookSheets");
  for (std::size_t i = 0; i < kWorkbookSheets.size(); ++i) {
    Sheet s = book.add_sheet(kWorkbookSheets[i]);
    writers[i](s, r);
  }
  book.close();
}

}  // namespace placesim::models
