#pragma once
//! Turning replications into the figures of a Treasury business case: paired
//! net savings, Green Book NPV, benefit-cost ratios, payback, who pays and who
//! gains, and how likely each claimed saving is.

#include <optional>
#include <string>
#include <vector>

#include "models/appraisal/psa_sensitivity.h"
#include "models/family/record.h"
#include "models/scenario/scenario.h"
#include "sim/stats/summary.h"

namespace placesim::models {

//! The Treasury test of one claim of the business case.
struct ClaimResult {
  std::string label;              //!< as the business case words it
  double claimed = 0.0;           //!< £, or a share (0-1) of baseline spend
  bool share = false;             //!< the claim is a share of baseline spend
  std::string basis;              //!< how it was counted, and simulated
  std::string value_type;         //!< what it values
  std::string note;               //!< how the comparison differs from like for like, if it does
  double probability_low = 0.0;   //!< Wilson 95% interval of the probability
  double probability_high = 0.0;  //!< (Monte Carlo error over replications)
  std::vector<double> curve_x;    //!< savings x at which
  std::vector<double> curve_p;    //!< P(simulated >= x) is given
  std::vector<double> simulated;  //!< [rep] the same quantity, simulated
  std::vector<double> simulated_adjusted;  //!< [rep] after optimism bias
  double probability = 0.0;                //!< P(simulated >= claimed)
  double median_shortfall = 0.0;           //!< median of claimed - simulated
  double implied_optimism = 0.0;           //!< claimed / median simulated - 1
  double probability_adjusted = 0.0;       //!< the same after optimism bias
  double median_shortfall_adjusted = 0.0;  //!< the same after optimism bias
  double implied_optimism_adjusted = 0.0;  //!< the same after optimism bias
};

//! An option's NPV attributed to its mechanisms, per replication.
struct MechanismAttribution {
  std::vector<std::string> mechanisms;  //!< every mechanism's name (kAllMechanisms order)
  std::vector<double> shapley;          //!< [rep][mechanism] Shapley values, summing to the NPV
  std::vector<double> alone;            //!< [rep][mechanism] NPV with only that mechanism on
  bool sampled = false;                 //!< estimated from sampled orders in some replication
};

//! Everything the appraisal derives, per replication and summarised.
struct Appraisal {
  std::string option;              //!< the option appraised against the baseline
  std::string baseline;            //!< the baseline
  int years = 0;                   //!< appraisal years
  std::size_t agencies = 0;        //!< agencies
  std::size_t reps = 0;            //!< replications
  std::vector<double> discount;    //!< [year] Green Book factors, 1 at year 0
  std::vector<double> net_saving;  //!< [rep][year][agency] baseline - option, £ real undiscounted
  std::vector<double> npv;         //!< [rep] discounted total, before optimism bias
  std::vector<double> npv_by_agency;   //!< [rep][agency]
  std::vector<double> cumulative_npv;  //!< [rep][year] discounted, cumulative
  std::vector<double> costs_pv;      //!< [rep] extra prevention, set-up and joint team, discounted
  std::vector<double> benefits_pv;   //!< [rep] avoided reactive and assessment spend
  std::vector<double> cashable_npv;  //!< [rep] cashable benefits minus costs
  std::vector<double> costs_pv_adjusted;     //!< [rep] costs, each line after its optimism bias
  std::vector<double> benefits_pv_adjusted;  //!< [rep] benefits, each line after its optimism bias
  std::vector<double> npv_adjusted;  //!< [rep] after optimism bias: benefits less costs, adjusted
  std::vector<double> bcr;           //!< [rep] benefits / costs (NaN if costs <= 0)
  std::vector<double> bcr_adjusted;  //!< [rep] after optimism bias
  std::vector<double> roi;           //!< [rep] (benefits - costs) / costs: the fiscal return
  //! [rep] benefit payments to families avoided (agencies' transfer_share of
  //! reactive spend), discounted: fiscal value, but transfers in the economy's
  std::vector<double> transfers_pv;
  std::vector<double> economic_npv;  //!< [rep] npv less transfers_pv
  std::vector<double> economic_roi;  //!< [rep] (benefits - transfers - costs) / costs
  //! [rep] the family-years with a need the option avoids, valued at each
  //! need's social_cost_per_year and discounted (empty: the scenario values none)
  std::vector<double> social_value_pv;
  std::vector<double> social_npv;  //!< [rep] economic_npv plus social_value_pv (empty alike)
  std::vector<double>
      payback_year;  //!< [rep] first year from which cumulative NPV stays >= 0 (-1: never)
  std::vector<double> siloed_pv;  //!< [rep] baseline spend, discounted
  std::vector<double> pooled_pv;  //!< [rep] option spend, discounted
  std::vector<double> pays;       //!< [agency] mean extra prevention, set-up and joint team (PV)
  std::vector<double> gains;      //!< [agency] mean avoided spend (PV)
  std::vector<double> transfers;  //!< [agency] mean benefit payments avoided (PV), part of gains
  std::vector<double> who_pays_who_gains;             //!< [payer][beneficiary] mean PV
  std::vector<double> position_before;                //!< [agency] mean NPV by agency
  std::vector<double> position_after;                 //!< [agency] after the gain-share rule
  std::vector<ClaimResult> claims;                    //!< the Treasury test
  std::optional<MechanismAttribution> decomposition;  //!< with --decompose
  double paired_se = 0.0;                             //!< SE of mean NPV, paired (CRN)
  double unpaired_se = 0.0;                           //!< SE as if the regimes were independent
  double evpi = 0.0;  //!< expected value of perfect information, on npv_adjusted (£ PV)
  //! The PSA tornado and partial EVPI on npv_adjusted (none at one replication).
  std::optional<PsaSensitivity> sensitivity;

  //! NPV summary.
  [[nodiscard]] sim::Summary npv_summary() const { return sim::summarize(npv); }
  //! The payback year a majority reaches (median; -1 when most never do).
  [[nodiscard]] double median_payback() const;
  //! Share of replications that pay back within the horizon (0 with none).
  [[nodiscard]] double payback_share() const;
};

//! Expected value of perfect information for a choice between adopting an
//! option and keeping the baseline, from per-replication net benefits x of
//! adopting (the baseline is worth 0): mean(max(x, 0)) - max(mean(x), 0). What
//! knowing which future is true would be worth before deciding; 0 when every
//! replication points the same way.
double expected_value_of_perfect_information(const std::vector<double>& net_benefit);

//! Value-for-money band of a benefit-cost ratio (DfT): poor, low, medium, high, very high.
const char* vfm_band(double bcr);

//! Appraises an option a replication at a time, in replication order,
//! keeping of each record only its figures (a run need not keep its records):
//! the same numbers, bit for bit, as appraise() over the same records. The
//! means over replications (pays, gains, positions) are of running sums, so
//! what it holds a replication is its figures, and after drop_rows() only
//! what finish() reads of them.
class OptionAppraiser {
 public:
  //! Option regime `option` (an index of Scenario::regimes, not 0) of `s`,
  //! which must outlive the appraiser.
  OptionAppraiser(const Scenario& s, Index option);
  //! Appraises the next replication's record.
  void add(const ReplicationRecord& rec);
  //! The NPVs before optimism bias so far, one a replication.
  [[nodiscard]] const std::vector<double>& npv() const { return out_.npv; }
  //! The figures so far: after drop_rows(), the last replication's rows of
  //! each per-replication figure (appraisal_datasets()), and all of what
  //! finish() reads (npv, npv_adjusted, siloed_pv, pooled_pv, claims, Shapley values).
  [[nodiscard]] const Appraisal& figures() const { return out_; }
  //! Lets go of the per-replication figures finish() does not read (they
  //! were written elsewhere): the Appraisal finish() returns lacks them.
  void drop_rows();
  //! True when the scenario values some need's burden (social_value_pv and social_npv).
  [[nodiscard]] bool valued() const { return valued_; }
  //! Bytes held a replication (what a run keeps of each for its appraisal).
  [[nodiscard]] std::size_t bytes_per_replication() const;
  //! The appraisal over the replications added (the appraiser is spent).
  [[nodiscard]] Appraisal finish();

 private:
  const Scenario* s_;
  Index option_;
  bool valued_ = false;      // the scenario values some need's burden
  bool decomposed_ = false;  // the records carry Shapley values for this option
  Appraisal out_;            // the figures per replication so far
  std::vector<ClaimResult> claims_;
  // A sum with its rounding error carried (Neumaier's), so a mean over
  // thousands of replications is exact to about an ulp, not drifting with them.
  struct Sum {
    double sum = 0.0, carry = 0.0;
    void add(double x);
    [[nodiscard]] double value() const { return sum + carry; }
  };
  // [agency] sums over replications and years, in replication order, of the
  // discounted pays, gains, transfers and NPV, for their means.
  std::vector<Sum> pays_, gains_, transfers_, by_agency_;
};

//! Appraises option regime `option` (an index of Scenario::regimes, not 0)
//! against the baseline over the replications.
Appraisal appraise(const Scenario& s, const std::vector<ReplicationRecord>& records, Index option);

//! Fills a claim's probabilities, shortfalls and implied optimism from its simulated values.
void test_claim(ClaimResult& claim);

//! Half-width of the 95% confidence interval of mean NPV.
double npv_half_width(const std::vector<double>& npv);

}  // namespace placesim::models
