#include "models/results/results_builder.h"

#include <limits>
#include <span>
#include <stdexcept>
#include <utility>

#include "models/family/ledger.h"
#include "models/family/model_params.h"
#include "sim/io/h5.h"

namespace placesim::models {
namespace {

void append(std::vector<double>& to, std::span<const double> from, std::size_t reserve_reps) {
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
// every regime's displaced effects, the baseline's spend in the first year,
// families and use.
void keep_for_warnings(RegimeArrays& a, const RegimeRecord& x, bool baseline, std::size_t years,
                       std::size_t n) {
  a.effects_displaced.push_back(x.effects_displaced);
  if (!baseline) return;
  const std::size_t first_year = years > 0 ? x.spend.size() / years : 0;
  append(a.spend_by_category, std::span(x.spend).first(first_year), n);
  append(a.families, x.families, n);
  append(a.utilisation, x.utilisation, n);
}

// The evaluation's arrays before any replication: what was evaluated, and how.
EvaluationArrays evaluation_header(const Scenario& s) {
  EvaluationArrays e;
  e.intervention = s.services[s.evaluation->intervention].key;
  e.option = s.regimes[s.evaluation->option].key;
  for (std::size_t d = 0; d < kDesigns; ++d)
    e.designs.emplace_back(design_name(static_cast<Design>(d)));
  for (const Design d : s.evaluation->designs) e.asked.emplace_back(design_name(d));
  e.has_rule = !s.evaluation->results_rule.falls.empty();
  return e;
}

void append_evaluation(EvaluationArrays& e, const EvaluationRecord& x) {
  e.estimate.insert(e.estimate.end(), x.estimate.begin(), x.estimate.end());
  e.families.push_back(x.families);
  e.turned_around.push_back(x.turned_around);
  e.turned_around_baseline.push_back(x.turned_around_baseline);
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
  for (Index g = 1; g < s.regimes.size(); ++g) appraisers_.emplace_back(s, g);
}

void ResultsBuilder::stream_to(const std::filesystem::path& tmp, std::size_t at_least) {
  if (count_ > 0 || stream_)
    throw std::logic_error("ResultsBuilder::stream_to: records were added or a file was begun");
  r_.metrics = metric_names(r_.metric_labels());
  stream_ = std::make_unique<ResultsStream>(tmp, r_, at_least > 0 ? at_least : expected_);
  for (Index g = 1; g < s_.regimes.size(); ++g)
    stream_->add_option(s_.regimes[g].key, appraisers_[g - 1].valued(), g == s_.main_option());
}

void ResultsBuilder::write_stream(const Results& r) {
  if (!stream_ || !r.streamed)
    throw std::logic_error("ResultsBuilder::write_stream: no file was begun for these results");
  stream_->finish(r);
  stream_.reset();
}

void ResultsBuilder::add(ReplicationRecord&& rec) {
  if (count_ == 0) {
    drawn_ = rec.params.size();
    if (s_.evaluation && rec.evaluation) evaluation_ = evaluation_header(s_);
  }
  if (rec.params.size() != drawn_ || rec.regimes.size() != r_.runs.size())
    throw std::logic_error("a replication's record does not match the run's first");
  if (stream_) stream_->add(rec);
  // Appraised now, so nothing of the record outlives this call.
  for (std::size_t k = 0; k < appraisers_.size(); ++k) {
    appraisers_[k].add(rec);
    if (!stream_) continue;
    stream_->add_figures(k, appraisers_[k].figures());
    appraisers_[k].drop_rows();  // in the file now
  }
  if (evaluation_) append_evaluation(*evaluation_, rec.evaluation.value());
  append(r_.parameters_drawn, rec.params, expected_);
  for (std::size_t g = 0; g < r_.runs.size(); ++g) {
    if (stream_)
      keep_for_warnings(r_.runs[g], rec.regimes[g], g == 0, r_.years.size(), expected_);
    else
      append_regime(r_.runs[g], rec.regimes.at(g), expected_);
  }
  events_ += events_of(rec);
  ++count_;
}

double ResultsBuilder::npv_half_width() const {
  if (!s_.has_options()) return std::numeric_limits<double>::infinity();
  return models::npv_half_width(appraisers_.at(s_.main_option() - 1).npv());
}

std::size_t ResultsBuilder::kept_bytes_per_replication() const {
  if (count_ == 0) return 0;
  std::size_t n = 0;
  for (const OptionAppraiser& a : appraisers_) n += a.bytes_per_replication();
  if (evaluation_) {
    const EvaluationArrays& e = *evaluation_;
    n += (e.estimate.capacity() + e.families.capacity() + e.turned_around.capacity() +
          e.turned_around_baseline.capacity()) *
         sizeof(double) / count_;
  }
  return n;
}

Results ResultsBuilder::finish() {
  Results r = std::move(r_);
  r_ = Results{};
  r.created = sim::h5::utc_timestamp();
  r.replications = count_;
  r.streamed = stream_ != nullptr;
  if (!r.streamed) fill_metrics(r);  // streamed: written a replication at a time
  if (count_ > 0) {
    for (Index g = 1; g < s_.regimes.size(); ++g) {
      r.options.push_back(appraisers_[g - 1].finish());
      Appraisal& ap = r.options.back();
      // Every column drawn, the scenario's and (run --posterior) the fitted ones.
      if (ap.reps > 1 && drawn_ > 0)
        ap.sensitivity = psa_sensitivity(r.parameters_drawn, drawn_, ap.npv_adjusted);
      if (g == s_.main_option()) r.appraisal = r.options.back();
    }
    r.evaluation = std::move(evaluation_);
  }
  evaluation_.reset();
  add_group_evppi(r);
  return r;
}

}  // namespace placesim::models
