// Emulated evaluations (see evaluation.h). Entry year e is the financial year
// a family first started the intervention; "before" is its reactive cost in
// year e - 1, "after" in year e + 1, so the year of the work itself is left
// out, as the programme's own before/after figures did.
#include "models/regimes/evaluation.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "models/family/model_params.h"

namespace placesim::models {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Cost in the year before an entry less the year after, as the option kept them.
double change_of(const OptionEvidence::Entry& t) {
  return static_cast<double>(t.before) - static_cast<double>(t.after);
}

}  // namespace

bool evaluation_wants(const Scenario& s, Design d) {
  const auto& designs = s.evaluation->designs;
  return std::find(designs.begin(), designs.end(), d) != designs.end();
}

std::shared_ptr<FamilyHistories> make_history(const Scenario& s, HistoryRole role,
                                              const std::vector<std::int16_t>& measured) {
  std::vector<Index> counted;
  for (const auto& [k, fall] : s.evaluation->results_rule.falls) counted.push_back(k);
  return std::make_shared<FamilyHistories>(role, s.simulated_years(), std::move(counted), measured);
}

std::vector<std::int16_t> measured_entries(const FamilyHistories& option) {
  std::vector<std::int16_t> out(option.families(), -1);
  for (const OptionEvidence::Entry& t : option.evidence().entries)
    out[t.uid] = static_cast<std::int16_t>(t.year);
  return out;
}

EvaluationRecord evaluate(const Scenario& s, const FamilyHistories& baseline,
                          const FamilyHistories& option) {
  if (baseline.role() != HistoryRole::baseline && baseline.role() != HistoryRole::costs)
    throw std::logic_error("evaluate: the baseline's history is kept for another role");
  const EvaluationSpec& spec = *s.evaluation;
  const OptionEvidence& ev = option.evidence();
  const std::size_t k = spec.results_rule.falls.size();
  const int W = s.warmup_years;
  EvaluationRecord out;
  out.estimate.assign(kDesigns, kNaN);
  out.entered.assign(static_cast<std::size_t>(s.years), 0.0);
  out.before_after.assign(static_cast<std::size_t>(s.years), 0.0);
  // The families measured (entered in the window, there the year before, and
  // a year after that the run still covers), in identity order: the option
  // folded them in as their years closed, entry year by entry year.
  std::vector<std::size_t> treated(ev.entries.size());
  for (std::size_t i = 0; i < treated.size(); ++i) treated[i] = i;
  std::sort(treated.begin(), treated.end(),
            [&](std::size_t a, std::size_t b) { return ev.entries[a].uid < ev.entries[b].uid; });
  out.families = static_cast<double>(treated.size());
  if (!treated.empty()) {
    double ba = 0.0, truth = 0.0, turned = 0.0, turned_base = 0.0;
    for (const std::size_t i : treated) {
      const OptionEvidence::Entry& t = ev.entries[i];
      const double change = change_of(t);
      ba += change;
      if (t.year >= W) {
        out.entered[static_cast<std::size_t>(t.year - W)] += 1.0;
        out.before_after[static_cast<std::size_t>(t.year - W)] += change;
      }
      if (t.uid < baseline.families())
        truth += baseline.cost_in(t.uid, t.year + 1) - static_cast<double>(t.after);
      if (k > 0) {
        const std::uint16_t* counts = ev.counts.data() + 2 * i * k;
        turned += meets_rule(spec.results_rule, counts, counts + k) ? 1 : 0;
        if (t.uid < baseline.families())
          turned_base += meets_rule(spec.results_rule, baseline.counts_in(t.uid, t.year - 1).data(),
                                    baseline.counts_in(t.uid, t.year + 1).data())
                             ? 1
                             : 0;
      }
    }
    const double n = out.families;
    if (evaluation_wants(s, Design::before_after))
      out.estimate[static_cast<std::size_t>(Design::before_after)] = ba / n;
    if (evaluation_wants(s, Design::true_effect))
      out.estimate[static_cast<std::size_t>(Design::true_effect)] = truth / n;
    if (k > 0) {
      out.turned_around = turned / n;
      out.turned_around_baseline = turned_base / n;
    }
  }
  // Matched: each treated family against the untreated families with the
  // same need profile at the start of its entry year (a difference in
  // differences over the same years).
  if (evaluation_wants(s, Design::matched) && !treated.empty()) {
    double est = 0.0, n = 0.0;
    for (const std::size_t i : treated) {
      const OptionEvidence::Entry& t = ev.entries[i];
      if (std::isnan(t.matched)) continue;  // no match: dropped
      est += change_of(t) - t.matched;
      n += 1.0;
    }
    if (n > 0) out.estimate[static_cast<std::size_t>(Design::matched)] = est / n;
  }
  return out;
}

void evaluate_trial(const Scenario& s, const FamilyHistories& trial, EvaluationRecord& out) {
  if (!evaluation_wants(s, Design::rct)) return;
  // Intention to treat: the arms' costs a year after randomisation, of the
  // families randomised in a year the run covers the year after of.
  double c = 0.0, nc = 0.0, x = 0.0, nx = 0.0;
  for (std::uint64_t uid = 0; uid < trial.families(); ++uid) {
    const double after = trial.cost_after_randomised(uid);
    if (std::isnan(after)) continue;
    (trial.arm(uid) == 0 ? c : x) += after;
    (trial.arm(uid) == 0 ? nc : nx) += 1.0;
  }
  if (nc > 0 && nx > 0) out.estimate[static_cast<std::size_t>(Design::rct)] = c / nc - x / nx;
}

}  // namespace placesim::models
