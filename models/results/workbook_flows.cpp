// The workbook's sheets of money by year and of what happens to families.
#include <cmath>
#include <string>
#include <vector>

#include "models/results/outcomes.h"
#include "models/results/workbook_sheets.h"
#include "sim/stats/summary.h"

namespace placesim::models {
namespace {

using sim::xlsx::cell_name;
using sim::xlsx::Sheet;
using sim::xlsx::Style;

// What each spending category is, as the Green Book's value types read it.
std::string category_meaning(const std::string& c) {
  if (c == "reactive") return "reactive spend, non-cashable (staff time, places that stay)";
  if (c == "reactive_cashable") return "reactive spend, cashable (the budget can release it)";
  if (c == "preventive") return "prevention bought: places and key workers (a cost)";
  if (c == "assessment") return "the agencies' own assessments (non-cashable)";
  if (c == "setup") return "set-up (a cost)";
  if (c == "joint_team")
    return "an option's joint assessment team (a cost: the years it runs beside the agencies' "
           "own teams are double running)";
  if (c == "transfer")
    return "payment by results between agencies: paid is positive, received negative, so "
           "the sum over agencies is zero";
  return c;
}

// A table with a row per label and a column per year, each value [row][year],
// then a Total column and an all-rows row, both formulas. Returns the row
// after it; `total_row` gets the all-rows row.
std::size_t year_table(Sheet& s, std::size_t row, const Results& r, const std::string& title,
                       const std::vector<std::string>& labels, const std::vector<double>& values,
                       const std::vector<std::string>& notes, std::size_t* total_row = nullptr) {
  const std::size_t Y = r.years.size(), L = labels.size();
  s.text(row++, 0, title, Style::header);
  s.text(row, 0, "", Style::header);
  for (std::size_t t = 0; t < Y; ++t) s.text(row, 1 + t, r.years[t], Style::header);
  s.text(row, 1 + Y, "Total", Style::header);
  if (!notes.empty()) s.text(row, 2 + Y, "What it is", Style::header);
  const std::size_t first = ++row;
  for (std::size_t l = 0; l < L; ++l, ++row) {
    s.text(row, 0, labels[l]);
    double sum = 0.0;
    for (std::size_t t = 0; t < Y; ++t) {
      s.number(row, 1 + t, values[l * Y + t], Style::money);
      sum += values[l * Y + t];
    }
    s.formula(row, 1 + Y, "=SUM(" + cell_name(row, 1) + ":" + cell_name(row, Y) + ")", sum,
              Style::money);
    if (l < notes.size()) s.text(row, 2 + Y, notes[l], Style::note);
  }
  s.text(row, 0, "All", Style::header);
  double grand = 0.0;
  for (std::size_t t = 0; t < Y; ++t) {
    double sum = 0.0;
    for (std::size_t l = 0; l < L; ++l) sum += values[l * Y + t];
    grand += sum;
    s.formula(row, 1 + t, "=SUM(" + cell_name(first, 1 + t) + ":" + cell_name(row - 1, 1 + t) + ")",
              sum, Style::money);
  }
  s.formula(row, 1 + Y, "=SUM(" + cell_name(row, 1) + ":" + cell_name(row, Y) + ")", grand,
            Style::money);
  if (total_row != nullptr) *total_row = row;
  return row + 2;
}

// [label][year] from a mean [year][label] array.
std::vector<double> by_label(const std::vector<double>& year_label, std::size_t Y, std::size_t L) {
  std::vector<double> out(L * Y, 0.0);
  for (std::size_t t = 0; t < Y; ++t) {
    for (std::size_t l = 0; l < L; ++l) out[l * Y + t] = year_label[t * L + l];
  }
  return out;
}

// Below a real table whose all-agencies row is `all`: the price index row and
// the same table in cash (nominal £), each cell a formula of the real cell and
// the index. Years the deflator does not reach stay empty. Returns the next
// free row.
std::size_t cash_table(Sheet& s, std::size_t row, const Results& r, std::size_t all,
                       const std::vector<double>& values, const std::string& title) {
  const std::size_t Y = r.years.size(), L = r.agencies.size(), first_real = all - L;
  const std::size_t index = row;
  s.text(index, 0, "Price index: GDP deflator over " + r.price_base + "'s");
  bool gaps = false;
  for (std::size_t t = 0; t < Y; ++t) {
    if (std::isfinite(r.price_index[t]))
      s.number(index, 1 + t, r.price_index[t], Style::ratio);
    else
      gaps = true;
  }
  if (gaps)
    s.text(index, 2 + Y,
           "no deflator for the empty years: give money.gdp_deflator a series with them",
           Style::note);
  row = index + 1;
  s.text(row, 0, title, Style::header);
  for (std::size_t t = 0; t < Y; ++t) s.text(row, 1 + t, r.years[t], Style::header);
  s.text(row, 1 + Y, "Total", Style::header);
  const std::size_t first = ++row;
  std::vector<double> year_sum(Y, 0.0);
  for (std::size_t l = 0; l <= L; ++l, ++row) {
    s.text(row, 0, l < L ? r.agencies[l] : "All", l < L ? Style::plain : Style::header);
    double total = 0.0;
    for (std::size_t t = 0; t < Y; ++t) {
      if (!std::isfinite(r.price_index[t])) continue;
      if (l < L) {
        const double v = values[l * Y + t] * r.price_index[t];
        year_sum[t] += v;
        total += v;
        s.formula(row, 1 + t,
                  "=" + cell_name(first_real + l, 1 + t) + "*" + cell_name(index, 1 + t), v,
                  Style::money);
      } else {
        total += year_sum[t];
        s.formula(row, 1 + t,
                  "=SUM(" + cell_name(first, 1 + t) + ":" + cell_name(row - 1, 1 + t) + ")",
                  year_sum[t], Style::money);
      }
    }
    if (!gaps)  // a total over some years only would read as the whole window's
      s.formula(row, 1 + Y, "=SUM(" + cell_name(row, 1) + ":" + cell_name(row, Y) + ")", total,
                Style::money);
  }
  return row;
}

}  // namespace

void write_cash_flows(Sheet& s, const Results& r) {
  const std::size_t R = r.replications, Y = r.years.size(), A = r.agencies.size(),
                    C = r.categories.size();
  s.text(0, 0, "Cash flows by agency and year", Style::title);
  s.text(1, 0,
         "Mean of the replications, £ in " + r.price_base +
             " prices (real terms), undiscounted unless the row says so" +
             (r.price_index.empty() ? std::string(". ")
                                    : std::string("; each net saving also in cash (nominal £) "
                                                  "with the GDP deflator. ")) +
             "Totals are formulas. "
             "An agency's spend counts payment by results it pays as positive and what it "
             "receives as negative.",
         Style::note);
  std::size_t row = 3;
  std::vector<std::string> categories;
  for (const std::string& c : r.categories) categories.push_back(category_meaning(c));
  for (std::size_t g = 0; g < r.runs.size(); ++g) {
    const std::string& name = r.runs[g].name;
    const std::vector<double> mean = sim::mean_over_first(r.runs[g].spend_by_category, R);
    std::vector<double> agency(Y * A, 0.0), category(Y * C, 0.0);  // [year][agency or category]
    for (std::size_t t = 0; t < Y; ++t) {
      for (std::size_t a = 0; a < A; ++a) {
        for (std::size_t c = 0; c < C; ++c) {
          const double v = mean[(t * A + a) * C + c];
          agency[t * A + a] += v;
          category[t * C + c] += v;
        }
      }
    }
    row = year_table(s, row, r, "Spend under " + name + ", by agency", r.agencies,
                     by_label(agency, Y, A), {});
    row = year_table(s, row, r, "Spend under " + name + ", by category", r.categories,
                     by_label(category, Y, C), categories);
  }
  for (const Appraisal& ap : r.options) {
    const std::vector<double> mean = sim::mean_over_first(ap.net_saving, R);  // [year][agency]
    std::size_t all = 0;  // the all-agencies row
    (void)year_table(s, row, r,
                     "Net saving: " + ap.baseline + " minus " + ap.option +
                         " (positive: the option spends less)",
                     r.agencies, by_label(mean, Y, A), {}, &all);
    const std::size_t factor = all + 1, discounted = all + 2;
    s.text(factor, 0, "Discount factor");
    s.text(discounted, 0, "Discounted net saving (before optimism bias)", Style::header);
    double total = 0.0;
    for (std::size_t t = 0; t < Y; ++t) {
      double year = 0.0;
      for (std::size_t a = 0; a < A; ++a) year += mean[t * A + a];
      const double pv = year * ap.discount[t];
      total += pv;
      s.number(factor, 1 + t, ap.discount[t], Style::ratio);
      s.formula(discounted, 1 + t, "=" + cell_name(all, 1 + t) + "*" + cell_name(factor, 1 + t), pv,
                Style::money);
    }
    s.formula(discounted, 1 + Y,
              "=SUM(" + cell_name(discounted, 1) + ":" + cell_name(discounted, Y) + ")", total,
              Style::money);
    row = discounted + 2;
    if (!r.price_index.empty())
      row = cash_table(s, row, r, all, by_label(mean, Y, A),
                       "Net saving in cash (nominal £, undiscounted)") +
            2;
    else
      ++row;
  }
  s.width(0, 0, 44);
  s.width(1, Y + 1, 14);
  s.width(Y + 2, Y + 2, 60);
  s.freeze(0, 1);
}

void write_claims(Sheet& s, const Results& r) {
  s.text(0, 0, "The business case's claims against the simulation", Style::title);
  if (!r.appraisal || r.appraisal->claims.empty()) {
    s.text(1, 0, "The scenario states no claims.", Style::note);
    return;
  }
  s.text(1, 0,
         "Each claim counted as its business case counts it (the basis column), from the same "
         "replications; P is the chance the simulated figure reaches the claim.",
         Style::note);
  const std::vector<std::string> head = {"Claim",
                                         "Claimed",
                                         "Simulated: mean",
                                         "5th pct",
                                         "Median",
                                         "95th pct",
                                         "P(simulated ≥ claimed)",
                                         "Wilson 95%: low",
                                         "high",
                                         "P after optimism bias",
                                         "Implied optimism (claimed / median − 1)",
                                         "Basis",
                                         "What it values",
                                         "Note"};
  for (std::size_t c = 0; c < head.size(); ++c) s.text(3, c, head[c], Style::header);
  std::size_t row = 4;
  for (const ClaimResult& c : r.appraisal->claims) {
    const Style st = c.share ? Style::percent : Style::money;
    const sim::Summary m = sim::summarize(c.simulated);
    s.text(row, 0, c.label);
    s.number(row, 1, c.claimed, st);
    s.number(row, 2, m.mean, st);
    s.number(row, 3, m.p5, st);
    s.number(row, 4, m.median, st);
    s.number(row, 5, m.p95, st);
    s.number(row, 6, c.probability, Style::percent);
    s.number(row, 7, c.probability_low, Style::percent);
    s.number(row, 8, c.probability_high, Style::percent);
    s.number(row, 9, c.probability_adjusted, Style::percent);
    s.number(row, 10, c.implied_optimism, Style::percent);
    s.text(row, 11, c.basis);
    s.text(row, 12, c.value_type);
    s.text(row, 13, c.note);
    ++row;
  }
  s.width(0, 0, 50);
  s.width(1, 10, 14);
  s.width(11, 13, 50);
}

void write_outcomes(Sheet& s, const Results& r) {
  const std::size_t R = r.replications, Y = r.years.size();
  s.text(0, 0, "What happens to families", Style::title);
  const std::vector<std::string> head = {
      "Regime",       "Measure", "Mean",    "95% CI of the mean: low",
      "95% CI: high", "5th pct", "95th pct"};
  for (std::size_t c = 0; c < head.size(); ++c) s.text(2, c, head[c], Style::header);
  std::size_t row = 3;
  for (std::size_t g = 0; g < r.runs.size(); ++g) {
    for (const OutcomeMeasure& m : outcome_measures(r, g)) {
      const sim::Summary x = sim::summarize(m.rep);
      const Style st = style_for_unit(m.label);
      s.text(row, 0, r.runs[g].name);
      s.text(row, 1, m.label);
      const double v[] = {x.mean, x.ci_low, x.ci_high, x.p5, x.p95};
      for (std::size_t k = 0; k < 5; ++k) s.number(row, 2 + k, v[k], st);
      ++row;
    }
  }
  row += 1;
  s.text(row++, 0, "By year, mean of the replications", Style::header);
  std::vector<std::string> cols = {"Regime",
                                   "Year",
                                   "Families at year end",
                                   "With no high need",
                                   "Worked with",
                                   "Paid for results",
                                   "Unmet referrals"};
  for (const std::string& e : r.event_types) cols.push_back("Events: " + e);
  for (std::size_t c = 0; c < cols.size(); ++c) s.text(row, c, cols[c], Style::header);
  ++row;
  const std::size_t E = r.event_types.size();
  for (const RegimeArrays& a : r.runs) {
    const std::vector<std::vector<double>> series = {
        sim::mean_over_first(a.families, R), sim::mean_over_first(a.turned_around, R),
        sim::mean_over_first(a.worked_with, R), sim::mean_over_first(a.paid_for_results, R),
        sim::mean_over_first(a.unmet, R)};
    const std::vector<double> events = sim::mean_over_first(a.events, R);  // [year][event]
    for (std::size_t t = 0; t < Y; ++t, ++row) {
      s.text(row, 0, a.name);
      s.text(row, 1, r.years[t]);
      for (std::size_t k = 0; k < series.size(); ++k)
        s.number(row, 2 + k, series[k][t], Style::decimal);
      for (std::size_t k = 0; k < E; ++k) s.number(row, 7 + k, events[t * E + k], Style::decimal);
    }
  }
  if (r.evaluation) {
    const EvaluationArrays& ev = *r.evaluation;
    const std::size_t D = ev.designs.size();
    row += 1;
    s.text(row++, 0,
           "What each evaluation design would find for " + ev.intervention + " (" + ev.option +
               "'s families): £ saved a family a year",
           Style::header);
    const char* design_head[] = {"Design",
                                 "Mean",
                                 "95% CI of the mean: low",
                                 "95% CI: high",
                                 "Replications with an estimate",
                                 "Why not in every one"};
    for (std::size_t c = 0; c < 6; ++c) s.text(row, c, design_head[c], Style::header);
    ++row;
    for (std::size_t d = 0; d < D; ++d) {
      if (!design_asked(ev, d)) continue;
      // Over the replications that found an estimate, as the summary reads
      // them; one missing no longer blanks the design's row.
      const std::vector<double> v = design_estimates(ev, d);
      s.text(row, 0, ev.designs[d]);
      if (v.empty()) {
        s.text(row, 1, "n/a");
      } else {
        const sim::Summary x = sim::summarize(v);
        const double xs[] = {x.mean, x.ci_low, x.ci_high};
        for (std::size_t k = 0; k < 3; ++k) s.number(row, 1 + k, xs[k], Style::money);
      }
      s.number(row, 4, static_cast<double>(v.size()), Style::count);
      if (v.size() < r.replications) s.text(row, 5, why_no_estimates(ev, d));
      ++row;
    }
  }
  s.width(0, 1, 36);
  s.width(2, 6 + E, 14);
}

}  // namespace placesim::models
