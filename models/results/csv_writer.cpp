#include "models/results/csv_writer.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <sstream>

#include "models/family/ledger.h"
#include "models/results/outcomes.h"
#include "models/results/subgroups.h"
#include "models/results/summary_table.h"

namespace placesim::models {
namespace {

// RFC 4180: quote fields with commas, quotes or line breaks.
// True when the whole text reads as a number ("-0.03" in the assumptions log).
bool is_number(const std::string& s) {
  char* end = nullptr;
  (void)std::strtod(s.c_str(), &end);
  return !s.empty() && end == s.c_str() + s.size();
}

// Text that a spreadsheet would run as a formula (=, +, -, @ first: a
// scenario's name is user text) gets a leading apostrophe, as OWASP advises;
// a number is left as it is.
std::string field(std::string s) {
  // "--set ...": an option, not a formula.
  if (!s.empty() && std::string("=+-@\t\r").find(s.front()) != std::string::npos && !is_number(s) &&
      s.rfind("--", 0) != 0)
    s = "'" + s;
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string q = "\"";
  for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
  return q + "\"";
}

// Empty when not a number (a BCR without costs, no interval at one
// replication, "never" for payback), which spreadsheets and pandas read as
// missing rather than as text.
std::string number(double v) {
  if (!std::isfinite(v)) return "";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

// Per replication, each option's appraisal against the baseline (year
// empty): NPVs, ratios and payback (empty: never); by agency; and for the
// main option its claims and, with --decompose, its Shapley values.
void write_appraisal_rows(std::ostream& o, const Results& r, const std::string& scenario) {
  for (const Appraisal& ap : r.options) {
    const std::string label = field(ap.baseline + " minus " + ap.option);
    const bool main = r.appraisal && ap.option == r.appraisal->option;
    const std::size_t A = ap.agencies;
    for (std::size_t rep = 0; rep < ap.reps; ++rep) {
      const std::string head = scenario + std::to_string(rep) + ',' + label + ",,";
      auto row = [&](const std::string& agency, const std::string& measure, double v) {
        o << head << field(agency) << ',' << field(measure) << ',' << number(v) << '\n';
      };
      row("", "npv_gbp", ap.npv[rep]);
      row("", "npv_optimism_adjusted_gbp", ap.npv_adjusted[rep]);
      row("", "cashable_npv_gbp", ap.cashable_npv[rep]);
      row("", "bcr", ap.bcr[rep]);
      row("", "bcr_optimism_adjusted", ap.bcr_adjusted[rep]);
      row("", "payback_year_index", ap.payback_year[rep] >= 0.0 ? ap.payback_year[rep] : NAN);
      for (std::size_t a = 0; a < A; ++a)
        row(r.agencies[a], "npv_gbp", ap.npv_by_agency[rep * A + a]);
      if (!main) continue;
      for (std::size_t k = 0; k < ap.claims.size(); ++k) {
        const ClaimResult& c = ap.claims[k];
        row("", "claim_" + std::to_string(k + 1) + (c.share ? "_share" : "_gbp"), c.simulated[rep]);
      }
      if (ap.decomposition) {
        const MechanismAttribution& d = *ap.decomposition;
        for (std::size_t m = 0; m < d.mechanisms.size(); ++m)
          row("", "shapley_npv_" + d.mechanisms[m] + "_gbp",
              d.shapley[rep * d.mechanisms.size() + m]);
      }
    }
  }
}

// Each option's NPV by subgroup of families (subgroups.h), over the replications.
std::string subgroups_csv(const Results& r) {
  std::ostringstream o;
  o << "option,dimension,subgroup,families,worked_with,reactive_avoided_pv,services_added_pv,"
       "saving_pv,saving_pv_ci95_low,saving_pv_ci95_high,saving_pv_p5,saving_pv_p95,"
       "saving_pv_per_family\n";
  for (const Appraisal& ap : r.options) {
    for (const SubgroupSaving& g : subgroup_savings(r, ap)) {
      const bool family = g.dimension != "not_attributed";
      auto mean = [&](const std::vector<double>& v) {
        return family ? number(sim::summarize(v).mean) : std::string();
      };
      const sim::Summary net = sim::summarize(g.net);
      // No spread of futures at one replication, as in summary.csv.
      auto spread = [&](double v) { return net.n > 1 ? number(v) : std::string(); };
      o << field(ap.option) << ',' << g.dimension << ',' << field(g.key) << ',' << mean(g.families)
        << ',' << mean(g.worked_with) << ',' << mean(g.reactive_avoided) << ','
        << mean(g.services_added) << ',' << number(net.mean) << ',' << number(net.ci_low) << ','
        << number(net.ci_high) << ',' << spread(net.p5) << ',' << spread(net.p95) << ','
        << mean(g.per_family()) << '\n';
    }
  }
  return o.str();
}

}  // namespace

std::vector<std::string> csv_texts(const Results& r) {
  const std::size_t Y = r.years.size(), A = r.agencies.size(), C = r.categories.size();
  std::ostringstream o;
  o << "scenario,replication,regime,year,agency,measure,value\n";
  const std::string scenario = field(r.scenario_name) + ',';
  for (std::size_t g = 0; g < r.runs.size(); ++g) {
    const auto& by_cat = r.runs[g].spend_by_category;
    for (std::size_t rep = 0; rep < r.replications; ++rep) {
      for (std::size_t t = 0; t < Y; ++t) {
        for (std::size_t a = 0; a < A; ++a) {
          double total = 0.0;
          for (std::size_t c = 0; c < C; ++c) {
            double v = by_cat[((rep * Y + t) * A + a) * C + c];
            total += v;
            o << scenario << rep << ',' << field(r.runs[g].name) << ',' << r.years[t] << ','
              << field(r.agencies[a]) << ",spend_" << r.categories[c] << "_gbp," << number(v)
              << '\n';
          }
          o << scenario << rep << ',' << field(r.runs[g].name) << ',' << r.years[t] << ','
            << field(r.agencies[a]) << ",spend_total_gbp," << number(total) << '\n';
        }
      }
    }
  }
  for (const Appraisal& ap : r.options) {
    const std::string label = field(ap.baseline + " minus " + ap.option);
    for (std::size_t rep = 0; rep < r.replications; ++rep) {
      for (std::size_t t = 0; t < Y; ++t) {
        for (std::size_t a = 0; a < A; ++a)
          o << scenario << rep << ',' << label << ',' << r.years[t] << ',' << field(r.agencies[a])
            << ",net_saving_gbp," << number(ap.net_saving[(rep * Y + t) * A + a]) << '\n';
      }
    }
  }
  // What happens to families, per regime and year.
  const std::size_t E = r.event_types.size();
  for (std::size_t g = 0; g < r.runs.size(); ++g) {
    const RegimeArrays& a = r.runs[g];
    for (std::size_t rep = 0; rep < r.replications; ++rep) {
      for (std::size_t t = 0; t < Y; ++t) {
        const std::size_t i = rep * Y + t;
        const std::string head =
            scenario + std::to_string(rep) + ',' + field(a.name) + ',' + r.years[t] + ",,";
        o << head << "families," << number(a.families[i]) << '\n';
        o << head << "families_no_high_need," << number(a.turned_around[i]) << '\n';
        o << head << "families_worked_with," << number(a.worked_with[i]) << '\n';
        o << head << "families_paid_for_results," << number(a.paid_for_results[i]) << '\n';
        o << head << "unmet_referrals," << number(a.unmet[i]) << '\n';
        for (std::size_t k = 0; k < E; ++k)
          o << head << "events_" << field(r.event_types[k]) << ',' << number(a.events[i * E + k])
            << '\n';
      }
    }
  }

  write_appraisal_rows(o, r, scenario);

  std::ostringstream s;
  s << "measure,unit,mean,ci95_low,ci95_high,p5,p25,median,p75,p95,replications,mc_se\n";
  for (const SummaryLine& l : summary_lines(r)) {
    s << field(l.measure) << ',' << field(l.unit) << ',';
    if (l.share) {  // a probability: its Wilson interval, no percentiles
      s << number(l.proportion.p) << ',' << number(l.proportion.low) << ','
        << number(l.proportion.high) << ",,,,,,";
    } else {
      const sim::Summary& m = l.summary;
      s << number(m.mean) << ',' << number(m.ci_low) << ',' << number(m.ci_high) << ','
        << number(m.p5) << ',' << number(m.p25) << ',' << number(m.median) << ',' << number(m.p75)
        << ',' << number(m.p95) << ',';
    }
    s << l.n << ',' << number(l.mc_se()) << '\n';
  }
  std::ostringstream log;
  log << "key,value,tag,source,where,tornado_rank\n";
  const std::vector<std::size_t> rank = tornado_ranks(r);
  for (std::size_t a = 0; a < r.assumptions.size(); ++a) {
    const Assumption& x = r.assumptions[a];
    log << field(x.key) << ',' << field(x.value) << ',' << field(x.tag) << ',' << field(x.note)
        << ',' << field(x.where) << ',' << (rank[a] ? std::to_string(rank[a]) : "") << '\n';
  }
  return {o.str(), s.str(), log.str(), subgroups_csv(r)};
}

}  // namespace placesim::models
