#include "models/regimes/record_codec.h"

#include <cmath>
#include <stdexcept>

namespace placesim::models {
namespace {

// Counts and indices travel as doubles: exact below 2^53, far above any
// replication count, array length or event count a run reaches.
constexpr double kExact = 9007199254740992.0;  // 2^53

class Writer {
 public:
  explicit Writer(std::vector<double>& out) : out_(out) {}
  void count(std::uint64_t n) {
    if (static_cast<double>(n) >= kExact)
      throw std::runtime_error("a record's count is too large to send between ranks");
    out_.push_back(static_cast<double>(n));
  }
  void value(double v) { out_.push_back(v); }
  void array(const std::vector<double>& v) {
    count(v.size());
    out_.insert(out_.end(), v.begin(), v.end());
  }

 private:
  std::vector<double>& out_;
};

class Reader {
 public:
  explicit Reader(const std::vector<double>& in) : in_(in) {}
  [[nodiscard]] bool done() const { return at_ == in_.size(); }
  std::uint64_t count() {
    const double v = value();
    if (!(v >= 0.0 && v < kExact && std::floor(v) == v))
      throw std::runtime_error("a record from another rank is damaged (a bad count)");
    return static_cast<std::uint64_t>(v);
  }
  double value() {
    if (at_ >= in_.size())
      throw std::runtime_error("a record from another rank is damaged (it ends early)");
    return in_[at_++];
  }
  // A count of things still to read, each at least one double long.
  std::uint64_t length() {
    const std::uint64_t n = count();
    if (n > in_.size() - at_)
      throw std::runtime_error("a record from another rank is damaged (it runs past its end)");
    return n;
  }
  std::vector<double> array() {
    const std::uint64_t n = length();
    std::vector<double> v(in_.begin() + static_cast<std::ptrdiff_t>(at_),
                          in_.begin() + static_cast<std::ptrdiff_t>(at_ + n));
    at_ += n;
    return v;
  }

 private:
  const std::vector<double>& in_;
  std::size_t at_ = 0;
};

// Every member of RegimeRecord but the history, in declaration order.
template <class Record, class Visit>
void regime_arrays(Record& g, Visit&& visit) {
  for (auto* v : {&g.spend,
                  &g.events,
                  &g.prevalence,
                  &g.need_years,
                  &g.social_cost,
                  &g.families,
                  &g.family_years,
                  &g.turned_around,
                  &g.worked_with,
                  &g.subgroup_spend,
                  &g.subgroup_families,
                  &g.subgroup_worked,
                  &g.paid_for_results,
                  &g.unmet,
                  &g.places_bought,
                  &g.rationing_days,
                  &g.overspend,
                  &g.wait_days,
                  &g.utilisation,
                  &g.turned_away})
    visit(*v);
}

}  // namespace

void encode_record(std::uint64_t rep, const ReplicationRecord& r, std::vector<double>& out) {
  Writer w(out);
  w.count(rep);
  w.count(r.regimes.size());
  for (const RegimeRecord& g : r.regimes) {
    if (g.history)
      throw std::logic_error("a replication's record still holds per-family histories");
    regime_arrays(g, [&](const std::vector<double>& v) { w.array(v); });
    w.value(g.effects_displaced);
    w.count(g.events_processed);
    w.count(g.peak_families);
  }
  w.array(r.params);
  w.count(r.saving_graded.size());
  for (const auto& v : r.saving_graded) w.array(v);
  w.array(r.reactive_graded);
  w.count(r.decomposition.size());
  for (const Decomposition& d : r.decomposition) {
    w.array(d.shapley);
    w.array(d.alone);
    w.count(d.sampled ? 1 : 0);
    w.count(static_cast<std::uint64_t>(d.subsets));
  }
  w.count(r.evaluation ? 1 : 0);
  if (r.evaluation) {
    const EvaluationRecord& e = *r.evaluation;
    w.array(e.estimate);
    w.value(e.families);
    w.value(e.turned_around);
    w.value(e.turned_around_baseline);
    w.array(e.entered);
    w.array(e.before_after);
  }
  w.count(r.events_other);
}

std::vector<DecodedRecord> decode_records(const std::vector<double>& flat) {
  std::vector<DecodedRecord> out;
  Reader in(flat);
  while (!in.done()) {
    DecodedRecord d;
    d.rep = in.count();
    ReplicationRecord& r = d.record;
    r.regimes.resize(in.length());
    for (RegimeRecord& g : r.regimes) {
      regime_arrays(g, [&](std::vector<double>& v) { v = in.array(); });
      g.effects_displaced = in.value();
      g.events_processed = in.count();
      g.peak_families = in.count();
    }
    r.params = in.array();
    r.saving_graded.resize(in.length());
    for (auto& v : r.saving_graded) v = in.array();
    r.reactive_graded = in.array();
    r.decomposition.resize(in.length());
    for (Decomposition& dec : r.decomposition) {
      dec.shapley = in.array();
      dec.alone = in.array();
      dec.sampled = in.count() != 0;
      dec.subsets = static_cast<int>(in.count());
    }
    if (in.count() != 0) {
      EvaluationRecord e;
      e.estimate = in.array();
      e.families = in.value();
      e.turned_around = in.value();
      e.turned_around_baseline = in.value();
      e.entered = in.array();
      e.before_after = in.array();
      r.evaluation = std::move(e);
    }
    r.events_other = in.count();
    out.push_back(std::move(d));
  }
  return out;
}

}  // namespace placesim::models
