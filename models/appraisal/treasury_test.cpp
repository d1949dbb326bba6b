// The Treasury test of a business case's claims, and the gain-share rule.
#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

#include "models/appraisal/appraisal.h"
#include "models/appraisal/optimism.h"
#include "models/family/ledger.h"

namespace placesim::models {

void share_gains(const Scenario& s, Appraisal& out, Index option) {
  const std::size_t A = out.agencies;
  out.position_after = out.position_before;
  if (option == kNoIndex || A == 0) return;
  const RegimeSpec& pooled = s.regimes[option];
  if (pooled.gain_share == RegimeSpec::GainShare::none) return;
  // The pool's members share the pool's total; agencies outside it keep their own.
  std::vector<double> w(A, 0.0);
  double members = 0.0;
  for (std::size_t a = 0; a < A; ++a) members += pooled.pool[a] ? 1.0 : 0.0;
  for (std::size_t a = 0; a < A; ++a) w[a] = pooled.pool[a] ? 1.0 / members : 0.0;
  if (pooled.gain_share == RegimeSpec::GainShare::contributions) {
    double total = 0.0;
    std::vector<double> by_money(A, 0.0);
    for (std::size_t a = 0; a < A; ++a) {
      if (!pooled.pool[a]) continue;
      double budget = 0.0;
      for (int t = 0; t < s.years; ++t)
        budget +=
            s.agencies[a]
                .budget[static_cast<std::size_t>(t) + static_cast<std::size_t>(s.warmup_years)];
      by_money[a] = pooled.contributions[a] * budget;
      total += by_money[a];
    }
    if (total > 0.0) {
      for (std::size_t a = 0; a < A; ++a) w[a] = by_money[a] / total;
    }
  }
  double pool_total = 0.0;
  for (std::size_t a = 0; a < A; ++a) pool_total += pooled.pool[a] ? out.position_before[a] : 0.0;
  for (std::size_t a = 0; a < A; ++a) {
    if (pooled.pool[a]) out.position_after[a] = w[a] * pool_total;
  }
}

namespace {

// The factor of spend weighted by the evidence behind it (1 when there is none).
double mean_factor(const std::array<double, kEvidenceKinds>& spend,
                   const std::array<double, kEvidenceKinds>& factor) {
  double total = 0.0, weighted = 0.0;
  for (std::size_t e = 0; e < kEvidenceKinds; ++e) {
    total += spend[e];
    weighted += spend[e] * factor[e];
  }
  return total != 0.0 ? weighted / total : 1.0;
}

constexpr int kCurvePoints = 41;

const char* basis_name(ClaimBasis b) {
  return b == ClaimBasis::before_after ? "before_after"
         : b == ClaimBasis::gross      ? "gross"
                                       : "net_counterfactual";
}

const char* value_name(ClaimValue v) {
  return v == ClaimValue::fiscal_cashable ? "fiscal_cashable"
         : v == ClaimValue::economic      ? "economic"
                                          : "fiscal";
}

// P(simulated >= x) on a grid from below the least to above the most of the
// simulated values and the claim.
void claim_curve(ClaimResult& cr) {
  if (cr.simulated.empty()) return;
  double lo = std::min(cr.claimed, *std::min_element(cr.simulated.begin(), cr.simulated.end()));
  double hi = std::max(cr.claimed, *std::max_element(cr.simulated.begin(), cr.simulated.end()));
  if (hi == lo) hi = lo + 1.0;
  const double pad = 0.05 * (hi - lo);
  lo -= pad;
  hi += pad;
  for (int i = 0; i < kCurvePoints; ++i) {
    const double x = lo + (hi - lo) * i / (kCurvePoints - 1);
    cr.curve_x.push_back(x);
    cr.curve_p.push_back(sim::share_at_least(cr.simulated, x));
  }
}

}  // namespace

void test_claim(ClaimResult& cr) {
  auto test = [&cr](const std::vector<double>& sim, double& prob, double& shortfall,
                    double& optimism) {
    prob = sim::share_at_least(sim, cr.claimed);
    std::vector<double> gap;
    for (double v : sim) gap.push_back(cr.claimed - v);
    shortfall = sim::summarize(gap).median;
    const double median = sim::summarize(sim).median;
    optimism = median > 0.0 ? cr.claimed / median - 1.0 : std::numeric_limits<double>::infinity();
  };
  test(cr.simulated, cr.probability, cr.median_shortfall, cr.implied_optimism);
  test(cr.simulated_adjusted, cr.probability_adjusted, cr.median_shortfall_adjusted,
       cr.implied_optimism_adjusted);
  const auto hits = static_cast<std::size_t>(
      std::lround(cr.probability * static_cast<double>(cr.simulated.size())));
  const sim::Proportion p = sim::wilson(hits, cr.simulated.size());
  cr.probability_low = p.low;
  cr.probability_high = p.high;
  claim_curve(cr);
}

// Each claim is tested against the same quantity simulated on its own basis,
// over its years, for its agency and scope:
//   net_counterfactual  baseline spend minus option spend (costs netted);
//   gross               the fall in reactive spend and the agencies' own assessment
//                       spend, costs (prevention, set-up, the joint team) not netted;
//   before_after        the families the evaluated intervention worked with, their
//                       cost a year before entry against a year after, by entry year.
// fiscal_cashable counts only the cashable part of the fall (and the costs, in
// full, when netted). economic takes off the benefit payments to families
// avoided (each agency's transfer_share of its reactive spend): they move
// money, not resources; after optimism bias they come off cut by the
// benefits' haircut (raised by the costs' uplift when they rise) at the
// grades of the baseline's reactive spend. A before/after saving is not split
// by payer, so it keeps the share of the baseline's reactive spend over the
// claim's years that is not payments.
std::vector<ClaimResult> claim_results(const Scenario& s) {
  std::vector<ClaimResult> out;
  for (const Claim& c : s.claims) {
    ClaimResult& cr = out.emplace_back();
    cr.label = c.label;
    cr.share = c.is_share;
    cr.claimed = c.is_share ? c.share : c.gbp;
    cr.basis = basis_name(c.basis);
    cr.value_type = value_name(c.value_type);
    if (c.value_type == ClaimValue::economic)
      cr.note = c.basis == ClaimBasis::before_after
                    ? "benefit payments taken off in proportion to the baseline's reactive "
                      "spend; wider economic benefits (output, earnings) not modelled"
                    : "benefit payments to families avoided taken off; wider economic benefits "
                      "(output, earnings) not modelled";
    if (c.scope != 1.0) {
      cr.note +=
          std::string(cr.note.empty() ? "" : "; ") + "simulated saving scaled to " + c.scope_note;
    }
  }
  return out;
}

void add_claim_values(const Scenario& s, const ReplicationRecord& rec, Index option,
                      const std::vector<double>& discount, std::vector<ClaimResult>& claims) {
  const std::size_t A = s.agencies.size();
  for (std::size_t k = 0; k < s.claims.size(); ++k) {
    const Claim& c = s.claims[k];
    const bool economic = c.value_type == ClaimValue::economic;
    const bool cashable = c.value_type == ClaimValue::fiscal_cashable;
    const RegimeRecord& sil = rec.regimes[0];
    const RegimeRecord& pool = rec.regimes[option];
    double value = 0.0, baseline = 0.0, costs = 0.0, benefits = 0.0, transfers = 0.0;
    // Benefit payments to families: avoided, and the baseline's (economic claims).
    double payments_avoided = 0.0, base_reactive = 0.0, base_payments = 0.0;
    // The option's saving by the evidence behind it, for optimism bias, and
    // the baseline's reactive spend by evidence (a before/after claim's weights).
    GradedSaving cost_saving{}, benefit_saving{}, reactive{};
    const std::vector<double>& graded = rec.saving_graded.at(option);
    for (int t = c.first_year; t <= c.last_year; ++t) {
      const auto ty = static_cast<std::size_t>(t);
      const double df = c.discounted ? discount[ty] : 1.0;
      if (c.basis == ClaimBasis::before_after && rec.evaluation)
        value += df * rec.evaluation->before_after[ty];
      for (std::size_t e = 0; e < kEvidenceKinds; ++e)
        reactive[e] += df * rec.reactive_graded.at(ty * kEvidenceKinds + e);
      for (std::size_t a = 0; a < A; ++a) {
        if (c.agency != kNoIndex && a != c.agency) continue;
        add_graded_saving(graded, ty, a, A, df, cashable, cost_saving, benefit_saving);
        const double paid = economic ? s.agencies[a].transfer_share : 0.0;
        for (int cat = 0; cat < kCategories; ++cat) {
          const std::size_t i = (ty * A + a) * kCategories + static_cast<std::size_t>(cat);
          const double diff = sil.spend[i] - pool.spend[i];
          baseline += df * sil.spend[i];
          if (cat == kTransfer) {  // money between agencies: nets out of a whole-system claim
            transfers += df * diff;
          } else if (cat == kPreventive || cat == kSetup || cat == kJointTeam) {
            costs -= df * diff;
          } else if (!cashable || cat == kReactiveCashable) {
            benefits += df * diff;
          }
          if (cat == kReactive || cat == kReactiveCashable) {
            payments_avoided += paid * df * diff;
            base_reactive += df * sil.spend[i];
            base_payments += paid * df * sil.spend[i];
          }
        }
      }
    }
    if (c.basis == ClaimBasis::net_counterfactual) value = benefits - costs + transfers;
    if (c.basis == ClaimBasis::before_after && c.net_of_costs) value -= costs;
    if (c.basis == ClaimBasis::gross) value = benefits;
    // A before/after saving is not booked line by line: it takes the
    // haircut (or, when negative, the uplift) of the baseline's reactive
    // spend, weighted by its evidence over the claim's years.
    const double gross = value + (c.net_of_costs ? costs : 0.0);
    const double costs_adj = -after_optimism(s.appraisal, cost_saving);
    const double benefits_adj = after_optimism(s.appraisal, benefit_saving);
    const double adjusted =
        c.basis == ClaimBasis::before_after
            ? gross * mean_factor(reactive, gross > 0.0 ? benefit_factors(s.appraisal)
                                                        : cost_factors(s.appraisal)) -
                  (c.net_of_costs ? costs_adj : 0.0)
            : benefits_adj - (c.basis == ClaimBasis::gross ? 0.0 : costs_adj - transfers);
    double economic_value = value, economic_adjusted = adjusted;
    if (economic && c.basis == ClaimBasis::before_after) {
      const double kept = base_reactive != 0.0 ? 1.0 - base_payments / base_reactive : 1.0;
      economic_value = gross * kept - (c.net_of_costs ? costs : 0.0);
      economic_adjusted = (adjusted + (c.net_of_costs ? costs_adj : 0.0)) * kept -
                          (c.net_of_costs ? costs_adj : 0.0);
    } else if (economic) {
      // The payments come off as optimism bias booked them: cut when avoided,
      // raised when they rise, at the grades of the baseline's reactive spend.
      economic_value = value - payments_avoided;
      economic_adjusted =
          adjusted - payments_avoided * mean_factor(reactive, payments_avoided > 0.0
                                                                  ? benefit_factors(s.appraisal)
                                                                  : cost_factors(s.appraisal));
    }
    const double scale = c.is_share ? (baseline != 0.0 ? 1.0 / baseline : 0.0) : c.scope;
    claims[k].simulated.push_back(economic_value * scale);
    claims[k].simulated_adjusted.push_back(economic_adjusted * scale);
  }
}

}  // namespace placesim::models
