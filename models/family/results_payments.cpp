#include "models/family/results_payments.h"

#include <algorithm>

namespace placesim::models::family {

ResultsPayments::ResultsPayments(World& w, Budgets& budgets) : w_(w), budgets_(budgets) {
  if (w.from.payment == kNoIndex) return;
  spec_ = &*w.s.regimes[w.from.payment].payment;
  n_ = spec_->rule.falls.size();
  slot_of_.assign(w.s.events.size(), kNoIndex);
  for (std::size_t i = 0; i < n_; ++i) slot_of_[spec_->rule.falls[i].first] = static_cast<Index>(i);
  started_in_.resize(static_cast<std::size_t>(w.s.simulated_years()));
  zeros_.assign(n_, 0);
}

void ResultsPayments::add_family(std::uint64_t uid) {
  if (!active() || uid < paid_.size()) return;
  const std::uint64_t n = uid + 1;
  counts_.resize(n * 2 * n_, 0);
  count_year_.resize(n * 2, -1);
  before_.resize(n * n_, 0);
  paid_.resize(n, 0);
}

void ResultsPayments::reserve(std::uint64_t families) {
  if (!active()) return;
  counts_.reserve(families * 2 * n_);
  count_year_.reserve(families * 2);
  before_.reserve(families * n_);
  paid_.reserve(families);
}

// Two years of counts per family, by the parity of the year: the year now and
// the one before, which is all the rule ever compares.
void ResultsPayments::count(std::uint64_t uid, Index k) {
  if (!active() || slot_of_[k] == kNoIndex) return;
  const std::uint64_t at = uid * 2 + static_cast<std::uint64_t>(w_.year & 1);
  std::uint16_t* c = counts_.data() + at * n_;
  if (count_year_[at] != w_.year) {
    std::fill(c, c + n_, std::uint16_t{0});
    count_year_[at] = static_cast<std::int16_t>(w_.year);
  }
  std::uint16_t& x = c[slot_of_[k]];
  if (x < 0xffff) ++x;
}

const std::uint16_t* ResultsPayments::counts(std::uint64_t uid, int y) const {
  if (y < 0) return zeros_.data();
  const std::uint64_t at = uid * 2 + static_cast<std::uint64_t>(y & 1);
  return count_year_[at] == y ? counts_.data() + at * n_ : zeros_.data();
}

void ResultsPayments::transfer(double amount) {
  if (amount == 0.0) return;
  // A contract's payment is fixed, not estimated: no optimism bias.
  budgets_.post(spec_->payer, kTransfer, amount, Evidence::drawn);
  budgets_.post(spec_->payee, kTransfer, -amount, Evidence::drawn);
}

void ResultsPayments::started(std::uint64_t uid, Index sv) {
  if (!active() || sv != spec_->intervention || w_.rules().payment == kNoIndex ||
      !w_.appraised(w_.year) || paid_[uid])
    return;
  paid_[uid] = 1;
  const std::uint16_t* last = counts(uid, w_.year - 1);
  std::copy(last, last + n_, before_.begin() + static_cast<std::ptrdiff_t>(uid * n_));
  started_in_[static_cast<std::size_t>(w_.year)].push_back(uid);
  transfer(spec_->attachment_gbp);
}

double ResultsPayments::expected(std::uint64_t uid, Index sv,
                                 const std::vector<char>& counted) const {
  if (!active() || sv != spec_->intervention || w_.rules().payment == kNoIndex ||
      !counted[spec_->payee] || paid_[uid])
    return 0.0;
  return spec_->attachment_gbp + spec_->expected_share * spec_->results_gbp;
}

void ResultsPayments::settle(int y) {
  if (!active() || y < 1) return;
  for (std::uint64_t uid : started_in_[static_cast<std::size_t>(y - 1)]) {
    if (!meets_rule(spec_->rule, before_.data() + uid * n_, counts(uid, y))) continue;
    transfer(spec_->results_gbp);
    if (w_.appraised(y)) ++w_.rec.paid_for_results[static_cast<std::size_t>(w_.appraisal_year(y))];
  }
}

}  // namespace placesim::models::family
