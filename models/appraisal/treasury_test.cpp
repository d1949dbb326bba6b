// The Treasury test of a business case's claims, and the gain-share rule.
#include <algorithm>
#include <cmath>
#include <limits>

#include "models/appraisal/appraisal.h"
#include "models/family/ledger.h"

namespace placesim::models {

void share_gains(const Scenario& s, Appraisal& out, Index option) {
  const std::size_t A = out.agencies;
  out.position_before.assign(A, 0.0);
  for (std::size_t r = 0; r < out.reps; ++r) {
    for (std::size_t a = 0; a < A; ++a)
      out.position_before[a] += out.npv_by_agency[r * A + a] / static_cast<double>(out.reps);
  }
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
}

void evaluate_claims(const Scenario& s, const std::vector<ReplicationRecord>& records,
                     Appraisal& out, Index option) {
  const std::size_t A = out.agencies, Y = static_cast<std::size_t>(out.years);
  const double ob_c = s.appraisal.optimism_costs, ob_b = s.appraisal.optimism_benefits;
  for (const Claim& c : s.claims) {
    ClaimResult cr;
    cr.label = c.label;
    cr.percent = c.is_percent;
    cr.claimed = c.is_percent ? c.percent : c.gbp;
    for (std::size_t r = 0; r < out.reps; ++r) {
      const RegimeRecord& sil = records[r].regimes[0];
      const RegimeRecord& pool = records[r].regimes[option];
      double net = 0.0, baseline = 0.0, costs = 0.0, benefits = 0.0;
      for (int t = c.first_year; t <= c.last_year; ++t) {
        const double df = c.discounted ? out.discount[static_cast<std::size_t>(t)] : 1.0;
        for (std::size_t a = 0; a < A; ++a) {
          if (c.agency != kNoIndex && a != c.agency) continue;
          net += df * out.net_saving[(r * Y + static_cast<std::size_t>(t)) * A + a];
          for (int cat = 0; cat < kCategories; ++cat) {
            const std::size_t i =
                (static_cast<std::size_t>(t) * A + a) * kCategories + static_cast<std::size_t>(cat);
            const double diff = sil.spend[i] - pool.spend[i];
            baseline += df * sil.spend[i];
            if (cat == kPreventive || cat == kSetup)
              costs -= df * diff;
            else
              benefits += df * diff;
          }
        }
      }
      const double adjusted = benefits * (1.0 - ob_b) - costs * (1.0 + ob_c);
      const double scale = c.is_percent ? (baseline != 0.0 ? 100.0 / baseline : 0.0) : 1.0;
      cr.simulated.push_back(net * scale);
      cr.simulated_adjusted.push_back(adjusted * scale);
    }
    test_claim(cr);
    out.claims.push_back(std::move(cr));
  }
}

}  // namespace placesim::models
