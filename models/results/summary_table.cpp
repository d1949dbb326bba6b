#include "models/results/summary_table.h"

#include <cmath>
#include <limits>

#include "models/results/outcomes.h"

namespace placesim::models {
namespace {

// Collects the lines in order.
class Lines {
 public:
  void add(const std::string& name, const std::string& unit, const std::vector<double>& xs) {
    SummaryLine l;
    l.measure = name;
    l.unit = unit;
    l.summary = sim::summarize(xs);
    l.n = l.summary.n;
    lines_.push_back(std::move(l));
  }
  // A share of replications (0/1 each): its Wilson interval.
  void share(const std::string& name, const std::vector<double>& hits) {
    std::size_t k = 0;
    for (double h : hits) k += h > 0.0 ? 1 : 0;
    add_probability(name, "share of replications (Wilson 95% interval)",
                    sim::wilson(k, hits.size()), hits.size());
  }
  void add_probability(const std::string& name, const std::string& unit, sim::Proportion p,
                       std::size_t n) {
    SummaryLine l;
    l.measure = name;
    l.unit = unit;
    l.share = true;
    l.proportion = p;
    l.n = n;
    lines_.push_back(std::move(l));
  }
  std::vector<SummaryLine> take() { return std::move(lines_); }

 private:
  std::vector<SummaryLine> lines_;
};

// The financial case: each agency's net budget impact over the window (the
// option's spend less the baseline's, undiscounted), in real £ and, when the
// deflator covers every year, in cash.
void add_financial_case(Lines& out, const Results& r, const Appraisal& ap) {
  const std::size_t A = r.agencies.size(), Y = r.years.size();
  bool cash = r.price_index.size() == Y;
  for (double x : r.price_index) cash = cash && std::isfinite(x);
  for (std::size_t a = 0; a <= A; ++a) {  // a == A: all agencies
    std::vector<double> real(ap.reps, 0.0), nominal(ap.reps, 0.0);
    for (std::size_t rep = 0; rep < ap.reps; ++rep) {
      for (std::size_t t = 0; t < Y; ++t) {
        for (std::size_t b = 0; b < A; ++b) {
          if (a < A && b != a) continue;
          const double impact = -ap.net_saving[(rep * Y + t) * A + b];
          real[rep] += impact;
          if (cash) nominal[rep] += impact * r.price_index[t];
        }
      }
    }
    const std::string who = a < A ? "_" + r.agencies[a] : "";  // no suffix: all agencies
    out.add("net_budget_impact_real" + who,
            "GBP real, undiscounted, over the window: the option's spend less the baseline's",
            real);
    if (cash)
      out.add("net_budget_impact_cash" + who,
              "GBP cash (nominal), undiscounted, over the window: the option's spend less the "
              "baseline's",
              nominal);
  }
}

void add_main_appraisal(Lines& out, const Results& r, const Appraisal& ap) {
  const std::size_t A = r.agencies.size();
  out.add("npv", "GBP discounted", ap.npv);
  out.add("npv_optimism_adjusted", "GBP discounted", ap.npv_adjusted);
  out.add("cashable_npv", "GBP discounted", ap.cashable_npv);
  out.add("npv_optimism_adjusted_per_family_worked_with",
          "GBP discounted, per family the option worked with", npv_per_family_worked_with(r, ap));
  out.add("economic_npv", "GBP discounted: npv less benefit payments avoided (transfers)",
          ap.economic_npv);
  out.add("fiscal_roi", "ratio: (benefits - costs) / costs", ap.roi);
  out.add("economic_roi", "ratio: (benefits - transfers - costs) / costs", ap.economic_roi);
  if (!ap.social_value_pv.empty()) {
    out.add("social_value_pv", "GBP discounted: family-years with a need avoided, valued",
            ap.social_value_pv);
    out.add("social_npv", "GBP discounted: economic_npv plus social_value_pv", ap.social_npv);
  }
  out.add("bcr", "ratio", ap.bcr);
  out.add("bcr_optimism_adjusted", "ratio", ap.bcr_adjusted);
  std::vector<double> paying, never, positive, positive_adjusted;
  for (std::size_t rep = 0; rep < ap.reps; ++rep) {
    const bool pays = ap.payback_year[rep] >= 0.0;
    paying.push_back(pays ? ap.payback_year[rep] : std::nan(""));
    never.push_back(pays ? 0.0 : 1.0);
    positive.push_back(ap.npv[rep] > 0.0 ? 1.0 : 0.0);
    positive_adjusted.push_back(ap.npv_adjusted[rep] > 0.0 ? 1.0 : 0.0);
  }
  // Over the replications that pay back: "never" is not a year.
  out.add("payback_year_index", "year index (0: first year), of replications that pay back",
          paying);
  out.share("payback_never", never);
  out.share("npv_positive", positive);
  out.share("npv_optimism_adjusted_positive", positive_adjusted);
  for (std::size_t a = 0; a < A; ++a)
    out.add("npv_" + r.agencies[a], "GBP discounted", sim::column(ap.npv_by_agency, a, A));
  add_financial_case(out, r, ap);
  for (const ClaimResult& c : ap.claims) {
    out.add("claim: " + c.label, c.share ? "share of baseline spend" : "GBP", c.simulated);
    out.add_probability("claim_probability: " + c.label, "probability (Wilson 95% interval)",
                        {c.probability, c.probability_low, c.probability_high}, c.simulated.size());
  }
  if (ap.decomposition) {
    const MechanismAttribution& d = *ap.decomposition;
    const std::size_t M = d.mechanisms.size();
    for (std::size_t m = 0; m < M; ++m)
      out.add("shapley_npv_" + d.mechanisms[m], "GBP discounted", sim::column(d.shapley, m, M));
  }
}

}  // namespace

std::vector<SummaryLine> summary_lines(const Results& r) {
  Lines out;
  for (const Appraisal& other : r.options) {
    if (r.appraisal && other.option == r.appraisal->option) continue;
    out.add("npv " + other.option + " against " + other.baseline, "GBP discounted", other.npv);
    out.add("npv_optimism_adjusted " + other.option + " against " + other.baseline,
            "GBP discounted", other.npv_adjusted);
  }
  for (std::size_t g = 0; g < r.runs.size(); ++g) {
    for (const OutcomeMeasure& m : outcome_measures(r, g))
      out.add(m.key + " " + r.runs[g].name, m.label, m.rep);
  }
  if (r.appraisal) add_main_appraisal(out, r, *r.appraisal);
  const std::size_t YA = r.years.size() * r.agencies.size();
  for (std::size_t g = 0; g < r.runs.size(); ++g) {
    std::vector<double> spend = r.spend(g), total(r.replications, 0.0);
    for (std::size_t rep = 0; rep < r.replications; ++rep) {
      for (std::size_t i = 0; i < YA; ++i) total[rep] += spend[rep * YA + i];
    }
    out.add("total_spend_" + r.runs[g].name, "GBP undiscounted", total);
  }
  return out.take();
}

double SummaryLine::mc_se() const {
  if (n < 2) return std::numeric_limits<double>::quiet_NaN();
  // A share's from its Wilson interval, which unlike sqrt(p(1-p)/n) is not 0
  // when every replication falls the same way.
  if (share) return (proportion.high - proportion.low) / (2 * 1.96);
  return summary.se;
}

}  // namespace placesim::models
