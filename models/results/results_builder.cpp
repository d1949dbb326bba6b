#include "models/results/results_builder.h"

#include <limits>
#include <stdexcept>
#include <utility>

#include "models/family/ledger.h"
#include "models/family/model_params.h"
#include "sim/io/h5.h"

namespace placesim::models {
namespace {

template <class T>
void release(std::vector<T>& v) {
  std::vector<T>().swap(v);
}

void append(std::vector<double>& to, const std::vector<double>& from, std::size_t reserve_reps) {
  if (to.empty() && reserve_reps > 1) to.reserve(from.size() * reserve_reps);
  to.insert(to.end(), from.begin(), from.end());
}

// Appends one replication's regime record to its arrays.
void append_regime(RegimeArrays& a, const RegimeRecord& x, std::size_t n) {
  append(a.spend_by_category, x.spend, n);
  append(a.events, x.events, n);
  append(a.wait_days, x.wait_days, n);
  append(a.utilisation, x.utilisation, n);
  append(a.turned_away, x.turned_away, n);
  append(a.places_bought, x.places_bought, n);
  append(a.rationing_days, x.rationing_days, n);
  append(a.overspend, x.overspend, n);
  append(a.prevalence, x.prevalence, n);
  append(a.need_years, x.need_years, n);
  append(a.social_cost, x.social_cost, n);
  append(a.families, x.families, n);
  append(a.family_years, x.family_years, n);
  append(a.turned_around, x.turned_around, n);
  append(a.worked_with, x.worked_with, n);
  append(a.subgroup_spend, x.subgroup_spend, n);
  append(a.subgroup_families, x.subgroup_families, n);
  append(a.subgroup_worked_with, x.subgroup_worked, n);
  append(a.paid_for_results, x.paid_for_results, n);
  append(a.unmet, x.unmet, n);
  a.effects_displaced.push_back(x.effects_displaced);
}

// What run_warnings and sizing_warnings read of a run written as it went:
// every regime's displaced effects, the baseline's spend, families and use.
void keep_for_warnings(RegimeArrays& a, const RegimeRecord& x, bool baseline, std::size_t n) {
  a.effects_displaced.push_back(x.effects_displaced);
  if (!baseline) return;
  append(a.spend_by_category, x.spend, n);
  append(a.families, x.families, n);
  append(a.utilisation, x.utilisation, n);
}

// Keeps of a regime's record only what the appraisal reads: its spend and its social cost.
void keep_for_appraisal(RegimeRecord& x) {
  RegimeRecord kept;
  kept.spend = std::move(x.spend);
  kept.social_cost = std::move(x.social_cost);
  x = std::move(kept);
}

std::size_t bytes(const std::vector<double>& v) { return v.capacity() * sizeof(double); }

EvaluationArrays collect_evaluation(const Scenario& s,
                                    const std::vector<ReplicationRecord>& records) {
  EvaluationArrays e;
  e.intervention = s.services[s.evaluation->intervention].key;
  e.option = s.regimes[s.evaluation->option].key;
  for (std::size_t d = 0; d < kDesigns; ++d)
    e.designs.emplace_back(design_name(static_cast<Design>(d)));
  for (const Design d : s.evaluation->designs) e.asked.emplace_back(design_name(d));
  e.has_rule = !s.evaluation->results_rule.falls.empty();
  for (const ReplicationRecord& rec : records) {
    const EvaluationRecord& x = *rec.evaluation;
    e.estimate.insert(e.estimate.end(), x.estimate.begin(), x.estimate.end());
    e.families.push_back(x.families);
    e.turned_around.push_back(x.turned_around);
    e.turned_around_baseline.push_back(x.turned_around_baseline);
  }
  return e;
}

}  // namespace

ResultsBuilder::ResultsBuilder(const Scenario& s, std::uint64_t seed, std::string version,
                               std::size_t expected)
    : s_(s), expected_(expected) {
  r_.scenario_name = s.name;
  r_.scenario_yaml = s.effective_yaml;
  r_.source = s.source;
  r_.assumptions = s.assumptions;
  r_.placesim_version = std::move(version);
  Scenario base = s;
  base.start_year = s.price_base_year;
  r_.price_base = base.year_label(0);
  r_.deflator = s.deflator_source;
  for (const auto& x : s.price_index)
    r_.price_index.push_back(x.value_or(std::numeric_limits<double>::quiet_NaN()));
  r_.seed = seed;
  for (const auto& a : s.agencies) r_.agencies.push_back(a.key);
  for (int t = 0; t < s.years; ++t) r_.years.push_back(s.year_label(t));
  for (const auto& e : s.events) r_.event_types.push_back(e.key);
  for (const auto& sv : s.services) r_.services.push_back(sv.key);
  for (const auto& n : s.needs) r_.needs.push_back(n.key);
  r_.levels = {"none", "moderate", "high"};
  for (int c = 0; c < kCategories; ++c) r_.categories.emplace_back(category_name(c));
  r_.parameters = uncertain_paths(s);
  for (const auto& g : s.regimes) r_.runs.emplace_back().name = g.key;
  kept_.reserve(expected);
}

void ResultsBuilder::stream_to(const std::filesystem::path& tmp) {
  if (!kept_.empty() || stream_)
    throw std::logic_error("ResultsBuilder::stream_to: records were added or a file was begun");
  r_.metrics = metric_names(r_.metric_labels());
  stream_ = std::make_unique<ResultsStream>(tmp, r_, expected_);
}

void ResultsBuilder::write_stream(const Results& r) {
  if (!stream_ || !r.streamed)
    throw std::logic_error("ResultsBuilder::write_stream: no file was begun for these results");
  stream_->finish(r);
  stream_.reset();
}

void ResultsBuilder::add(ReplicationRecord&& rec) {
  if (kept_.empty()) drawn_ = rec.params.size();
  if (rec.params.size() != drawn_ || rec.regimes.size() != r_.runs.size())
    throw std::logic_error("a replication's record does not match the run's first");
  if (stream_) stream_->add(rec);
  append(r_.parameters_drawn, rec.params, expected_);
  for (std::size_t g = 0; g < r_.runs.size(); ++g) {
    if (stream_)
      keep_for_warnings(r_.runs[g], rec.regimes[g], g == 0, expected_);
    else
      append_regime(r_.runs[g], rec.regimes.at(g), expected_);
    events_ += rec.regimes[g].events_processed;
    keep_for_appraisal(rec.regimes[g]);
  }
  release(rec.params);
  if (rec.evaluation) {  // the before/after claims read its yearly savings
    release(rec.evaluation->entered);
  }
  kept_.push_back(std::move(rec));
}

double ResultsBuilder::npv_half_width() const {
  if (!s_.has_options()) return std::numeric_limits<double>::infinity();
  return models::npv_half_width(appraise(s_, kept_, s_.main_option()).npv);
}

std::size_t ResultsBuilder::kept_bytes_per_replication() const {
  if (kept_.empty()) return 0;
  const ReplicationRecord& rec = kept_.front();
  std::size_t n = sizeof(ReplicationRecord);
  for (const RegimeRecord& g : rec.regimes)
    n += sizeof(RegimeRecord) + bytes(g.spend) + bytes(g.social_cost);
  for (const auto& v : rec.saving_graded) n += sizeof(std::vector<double>) + bytes(v);
  n += bytes(rec.reactive_graded);
  for (const Decomposition& d : rec.decomposition)
    n += sizeof(Decomposition) + bytes(d.shapley) + bytes(d.alone);
  if (rec.evaluation)
    n += sizeof(EvaluationRecord) + bytes(rec.evaluation->estimate) +
         bytes(rec.evaluation->before_after);
  return n;
}

Results ResultsBuilder::finish() {
  Results r = std::move(r_);
  r_ = Results{};
  r.created = sim::h5::utc_timestamp();
  r.replications = kept_.size();
  r.streamed = stream_ != nullptr;
  if (!r.streamed) fill_metrics(r);  // streamed: written a replication at a time
  if (!kept_.empty()) {
    for (Index g = 1; g < s_.regimes.size(); ++g) {
      r.options.push_back(appraise(s_, kept_, g));
      Appraisal& ap = r.options.back();
      // Every column drawn, the scenario's and (run --posterior) the fitted ones.
      if (ap.reps > 1 && drawn_ > 0)
        ap.sensitivity = psa_sensitivity(r.parameters_drawn, drawn_, ap.npv_adjusted);
      if (g == s_.main_option()) r.appraisal = r.options.back();
    }
    if (s_.evaluation && kept_.front().evaluation) r.evaluation = collect_evaluation(s_, kept_);
  }
  add_group_evppi(r);
  std::vector<ReplicationRecord>().swap(kept_);  // clear() would keep the capacity
  return r;
}

}  // namespace placesim::models
