#include "models/regimes/replication.h"

#include "models/appraisal/discounting.h"
#include "models/appraisal/optimism.h"
#include "models/family/family_sim.h"
#include "models/family/model_params.h"
#include "models/family/purposes.h"
#include "models/regimes/evaluation.h"
#include "models/regimes/rules.h"
#include "models/regimes/shapley.h"

namespace placesim::models {
namespace {

// Present value of a regime's total spend over the appraisal window.
double spend_pv(const RegimeRecord& r, const std::vector<double>& discount) {
  const std::size_t years = discount.size();
  const std::size_t per_year = years ? r.spend.size() / years : 0;
  double pv = 0.0;
  for (std::size_t t = 0; t < years; ++t) {
    double year = 0.0;
    for (std::size_t i = 0; i < per_year; ++i) year += r.spend[t * per_year + i];
    pv += discount[t] * year;
  }
  return pv;
}

// Its runs' calendar events are added to `events`: the rate a run reports
// counts all the work its time includes.
Decomposition decompose(const Scenario& s, const RunSettings& run, const ModelParams& params,
                        sim::StreamKey key, Index option, const ReplicationRecord& rec,
                        std::uint64_t& events) {
  const RegimeRules base = baseline_rules(s);
  const std::vector<double> discount = discount_factors(s.appraisal.discount, s.years);
  const double base_pv = spend_pv(rec.regimes[0], discount);
  const MechanismSet play = mechanisms_in_play(s, option);
  const RegimeRules full = option_rules(s, option, s.regimes[option].mechanisms);
  const SubsetValue value = [&](MechanismSet on) {
    if (on == MechanismSet{}) return 0.0;  // no mechanism: the baseline itself
    const RegimeRules rules = option_rules(s, option, on);
    if (rules == full)
      return base_pv - spend_pv(rec.regimes[option], discount);  // the option as run
    FamilySimulation sim(s, params, base, rules, key);
    const RegimeRecord r = sim.run();
    events += r.events_processed;
    return base_pv - spend_pv(r, discount);
  };
  const bool exact = run.exact || (1 << play.size()) - 2 <= kExactSubsets;
  sim::RandomStream rng(key, purpose::kReplicationAgent, purpose::decomposition, option);
  const Attribution a =
      exact ? shapley_exact(play, value) : shapley_sampled(play, value, kSampledOrders, rng);
  return {a.shapley, a.alone, a.sampled, a.subsets};
}

}  // namespace

ReplicationRecord run_replication(const Scenario& s, const RunSettings& run, std::uint64_t seed,
                                  std::uint64_t rep) {
  const sim::StreamKey key{seed, rep};
  // Once: every regime sees the same draws.
  const ModelParams params = run.draw ? run.draw(s, key) : draw_params(s, key);
  ReplicationRecord out;
  out.params = params.drawn;
  const RegimeRules base = baseline_rules(s);
  const Index evaluated = s.evaluation ? s.evaluation->option : kNoIndex;
  // The evaluated option runs first: its history says which families the
  // evaluation measures, and the baseline keeps only the years around their
  // entries, while the option keeps its evidence alone. Both are evaluated
  // and let go before anything else runs. Regimes are independent
  // simulations: the order changes no number.
  out.regimes.resize(s.regimes.size());
  auto run_one = [&](const RegimeRules& rules, std::shared_ptr<FamilyHistories> history) {
    FamilySimulation sim(s, params, base, rules, key, std::move(history));  // null: none kept
    return sim.run();
  };
  auto rules_of = [&](Index g) { return option_rules(s, g, s.regimes[g].mechanisms); };
  if (evaluated != kNoIndex) {
    const std::shared_ptr<FamilyHistories> option = make_history(s, HistoryRole::option);
    out.regimes[evaluated] = run_one(rules_of(evaluated), option);
    auto baseline = make_history(s, HistoryRole::baseline, measured_entries(*option));
    option->keep_evidence_only();
    out.regimes[0] = run_one(rules_of(0), std::move(baseline));
    out.evaluation = evaluate(s, *out.regimes[0].history, *option);
    for (RegimeRecord& r : out.regimes) r.history.reset();  // only the evaluation needs them
  }
  for (Index g = 0; g < s.regimes.size(); ++g) {
    if (evaluated == kNoIndex || (g != evaluated && g != 0))
      out.regimes[g] = run_one(rules_of(g), nullptr);
  }
  settle_optimism(s, out);
  if (evaluated != kNoIndex) {
    // A trial is a run of its own: randomising families away must not change
    // the option's appraisal.
    if (evaluation_wants(s, Design::rct)) {
      RegimeRules rules = rules_of(evaluated);
      rules.evaluated = s.evaluation->intervention;
      rules.trial = s.evaluation->trial;
      const RegimeRecord trial = run_one(rules, make_history(s, HistoryRole::trial));
      evaluate_trial(s, *trial.history, *out.evaluation);
      out.events_other += trial.events_processed;
    }
  }
  if (run.decompose) {
    std::uint64_t events = 0;  // not out's own member: decompose() reads out
    for (Index g = 1; g < s.regimes.size(); ++g)
      out.decomposition.push_back(decompose(s, run, params, key, g, out, events));
    out.events_other += events;
  }
  return out;
}

RegimeRecord run_regime(const Scenario& s, Index g, std::uint64_t seed, std::uint64_t rep) {
  const sim::StreamKey key{seed, rep};
  const ModelParams params = draw_params(s, key);
  // The simulation keeps references to both rule sets: they must outlive it.
  const RegimeRules base = baseline_rules(s);
  const RegimeRules rules = option_rules(s, g, s.regimes[g].mechanisms);
  FamilySimulation sim(s, params, base, rules, key);
  return sim.run();
}

namespace {

// Replication rep as run_replications and stream_replications run it.
ReplicationRecord simulate(const Scenario& s, const RunSettings& run, std::uint64_t seed,
                           std::uint64_t rep) {
  if (!run.vary) return run_replication(s, run, seed, rep);
  const ReplicationScenario own = run.vary(rep);
  ReplicationRecord rec = run_replication(*own.scenario, run, seed, rep);
  rec.params.insert(rec.params.end(), own.values.begin(), own.values.end());
  return rec;
}

}  // namespace

std::vector<ReplicationRecord> run_replications(const Scenario& s, const RunSettings& run,
                                                std::uint64_t seed, std::uint64_t first,
                                                std::size_t count, int threads,
                                                const sim::ProgressFn& progress) {
  return sim::run_replications<ReplicationRecord>(
      first, count, threads, [&](std::uint64_t rep) { return simulate(s, run, seed, rep); },
      progress);
}

void stream_replications(const Scenario& s, const RunSettings& run, std::uint64_t seed,
                         std::uint64_t first, std::size_t count, int threads,
                         const RecordSink& sink, const sim::ProgressFn& progress) {
  sim::stream_replications<ReplicationRecord>(
      first, count, threads, [&](std::uint64_t rep) { return simulate(s, run, seed, rep); }, sink,
      progress);
}

}  // namespace placesim::models
