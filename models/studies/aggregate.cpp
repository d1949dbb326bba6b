#include "models/studies/aggregate.h"

#include <algorithm>
#include <cmath>
#include <exception>

#include "models/appraisal/discounting.h"
#include "models/results/results.h"
#include "models/results/sizing.h"
#include "models/studies/precision_run.h"
#include "sim/stats/summary.h"

namespace placesim::models {

double AggregateResult::scale() const {
  double sum = 0.0;
  for (double m : place_measure) sum += m;
  return total / sum;
}

double AggregateResult::naive_scale() const { return total / place_measure[naive]; }

void scale_up(AggregateResult& a) {
  const std::size_t n = a.replications, places = a.place_count(), agencies = a.agencies.size();
  const double k = a.scale(), naive = a.naive_scale();
  a.npv.assign(n, 0.0);
  a.npv_adjusted.assign(n, 0.0);
  a.agency_npv.assign(n * agencies, 0.0);
  a.naive_npv.resize(n);
  a.naive_npv_adjusted.resize(n);
  for (std::size_t r = 0; r < n; ++r) {
    double sum = 0.0, adjusted = 0.0;  // in place order, for the same sums everywhere
    for (std::size_t p = 0; p < places; ++p) {
      sum += a.place_npv[r * places + p];
      adjusted += a.place_npv_adjusted[r * places + p];
      for (std::size_t g = 0; g < agencies; ++g)
        a.agency_npv[r * agencies + g] += k * a.place_agency_npv[(r * places + p) * agencies + g];
    }
    a.npv[r] = k * sum;
    a.npv_adjusted[r] = k * adjusted;
    a.naive_npv[r] = naive * a.naive_own_npv[r];
    a.naive_npv_adjusted[r] = naive * a.naive_own_npv_adjusted[r];
  }
}

std::pair<std::uint64_t, std::uint64_t> shard_share(std::uint64_t total, std::uint64_t k,
                                                    std::uint64_t n) {
  const std::uint64_t begin = total * (k - 1) / n, end = total * k / n;
  return {begin, end - begin};
}

double to_base_year(const Scenario& s, int base_year) {
  const int k = s.start_year - base_year;
  const auto at = [&](int years) {
    return discount_factors(s.appraisal.discount, years + 1)[years];
  };
  return k >= 0 ? at(k) : 1.0 / at(-k);
}

namespace {

// A place's figures from its records (on rank 0), moved to the base year:
// NPV, NPV after optimism bias, and NPV by the aggregate's agencies; the
// run's warnings go to the aggregate's, under the place's name (none without).
struct PlaceFigures {
  std::vector<double> npv, adjusted, by_agency;  // [rep], [rep], [rep][agency]
};

PlaceFigures place_figures(AggregateResult& a, const Scenario& s, const Results& res,
                           const std::string& name) {
  if (!name.empty()) {  // the naive run says what its place's run has said
    for (const std::string& w : run_warnings(res)) a.warnings.push_back(name + ": " + w);
    for (const std::string& w : sizing_warnings(s, res)) a.warnings.push_back(name + ": " + w);
  }
  const Appraisal& ap = *res.appraisal;
  const double f = to_base_year(s, a.base_year);
  const std::size_t agencies = a.agencies.size();
  PlaceFigures out;
  out.by_agency.assign(a.replications * agencies, 0.0);
  for (std::size_t r = 0; r < a.replications; ++r) {
    out.npv.push_back(f * ap.npv[r]);
    out.adjusted.push_back(f * ap.npv_adjusted[r]);
    for (std::size_t g = 0; g < res.agencies.size(); ++g) {
      const auto at = std::find(a.agencies.begin(), a.agencies.end(), res.agencies[g]);
      out.by_agency[r * agencies + static_cast<std::size_t>(at - a.agencies.begin())] =
          f * ap.npv_by_agency[r * res.agencies.size() + g];
    }
  }
  return out;
}

}  // namespace

AggregateResult run_aggregate(const AggregateSpec& spec, const AggregatePlan& plan,
                              const std::function<void(const std::string&)>& progress) {
  AggregateResult a;
  a.name = spec.name;
  a.source = spec.source;
  a.text = spec.text;
  a.measure = measure_name(spec.measure);
  a.total = spec.total;
  a.total_source = spec.total_source;
  a.base_year = spec.base_year;
  a.seed = plan.seed;
  a.replications = plan.replications;
  a.first = plan.first;
  a.naive = spec.naive;
  a.spreads = spec.spreads;
  for (const AggregatePlace& p : spec.places) {
    a.places.push_back(p.key);
    a.place_sources.push_back(p.source);
    a.place_yaml.push_back(p.scenario->effective_yaml);
    a.place_measure.push_back(p.measure);
    a.place_families.push_back(static_cast<double>(p.scenario->families));
    for (const AgencySpec& g : p.scenario->agencies) {
      if (std::find(a.agencies.begin(), a.agencies.end(), g.key) == a.agencies.end())
        a.agencies.push_back(g.key);
    }
  }
  const std::size_t n = plan.replications, places = a.place_count();
  a.place_npv.assign(n * places, 0.0);
  a.place_npv_adjusted.assign(n * places, 0.0);
  a.place_agency_npv.assign(n * places * a.agencies.size(), 0.0);
  for (std::size_t r = 0; r < n; ++r) {
    for (std::size_t p = 0; p < places; ++p) {
      const PlaceEffects e = draw_place_effects(a.spreads, plan.seed, plan.first + r, p);
      a.place_effects.insert(a.place_effects.end(), e.begin(), e.end());
    }
  }
  const bool lead = !plan.mpi || plan.mpi->ranks().rank == 0;
  RunPlan run;
  run.replications = plan.replications;
  run.first = plan.first;
  run.threads = plan.threads;
  run.mpi = plan.mpi;
  for (std::size_t p = 0; p <= places; ++p) {
    // The last run is the naive place again, without place effects, as the
    // 2013 aggregation took one place's figures for the country's.
    const bool naive = p == places;
    const std::size_t place = naive ? a.naive : p;
    const Scenario& s = *spec.places[place].scenario;
    if (progress) progress(naive ? a.places[place] + " (naive, no place effects)" : a.places[p]);
    run.seed = place_seed(plan.seed, place);
    // National values are drawn alike in every place (a hierarchical model:
    // each place varies around the same national draw); families and events
    // run on the place's own seed.
    run.draw = [spreads = a.spreads, seed = plan.seed, place, naive](const Scenario& sc,
                                                                     sim::StreamKey key) {
      ModelParams m = draw_params(sc, key, seed);
      if (!naive) apply_place_effects(m, draw_place_effects(spreads, seed, key.replication, place));
      return m;
    };
    ResultsBuilder built(s, run.seed, "", run.replications);
    (void)run_plan(s, run, built);
    // Rank 0 appraises while the others wait for the next place: they learn
    // whether it failed, so none waits for ever.
    PlaceFigures fig;
    std::exception_ptr failed;
    try {
      if (lead) fig = place_figures(a, s, built.finish(), naive ? std::string() : a.places[p]);
    } catch (...) {
      failed = std::current_exception();
    }
    if (plan.mpi) plan.mpi->agree(failed, false);
    if (failed) std::rethrow_exception(failed);
    if (!lead) continue;
    if (naive) {
      a.naive_own_npv = fig.npv;
      a.naive_own_npv_adjusted = fig.adjusted;
      continue;
    }
    const std::size_t agencies = a.agencies.size();
    for (std::size_t r = 0; r < n; ++r) {
      a.place_npv[r * places + p] = fig.npv[r];
      a.place_npv_adjusted[r * places + p] = fig.adjusted[r];
      std::copy_n(
          fig.by_agency.begin() + static_cast<std::ptrdiff_t>(r * agencies), agencies,
          a.place_agency_npv.begin() + static_cast<std::ptrdiff_t>((r * places + p) * agencies));
    }
  }
  if (lead) scale_up(a);
  return a;
}

}  // namespace placesim::models
