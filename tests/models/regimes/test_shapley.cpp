// Shapley attribution of an option's NPV to its mechanisms: exact values on
// games whose answers are known by hand, the sampled estimator against them,
// and the sum of the full model's values against its NPV.
#include <catch2/catch.hpp>

#include <cmath>

#include "models/appraisal/appraisal.h"
#include "models/regimes/replication.h"
#include "models/regimes/shapley.h"
#include "models/scenario/load.h"
#include "tiny_scenarios.h"

using namespace placesim;
using namespace placesim::models;

namespace {

std::size_t idx(Mechanism m) { return static_cast<std::size_t>(m); }

// A game on every mechanism: each adds its own weight, view and money add 10
// more together (an interaction), and setup subtracts 3 from anything with
// horizon.
double game(MechanismSet on) {
  double v = 0.0;
  for (Mechanism m : kAllMechanisms) {
    if (on.has(m)) v += static_cast<double>(idx(m) + 1);
  }
  if (on.has(Mechanism::view) && on.has(Mechanism::money)) v += 10.0;
  if (on.has(Mechanism::setup) && on.has(Mechanism::horizon)) v -= 3.0;
  return v;
}

}  // namespace

TEST_CASE("exact Shapley values share interactions equally", "[shapley]") {
  const Attribution a = shapley_exact(MechanismSet::all(), game);
  // Own weight, plus half of each pairwise interaction it takes part in.
  CHECK(a.shapley[idx(Mechanism::view)] == Approx(1 + 5.0));
  CHECK(a.shapley[idx(Mechanism::horizon)] == Approx(2 - 1.5));
  CHECK(a.shapley[idx(Mechanism::money)] == Approx(3 + 5.0));
  CHECK(a.shapley[idx(Mechanism::single_assessment)] == Approx(4.0));
  CHECK(a.shapley[idx(Mechanism::setup)] == Approx(7 - 1.5));
  CHECK(a.alone[idx(Mechanism::view)] == Approx(1.0));  // alone: no interaction
  double sum = 0.0;
  for (double x : a.shapley) sum += x;
  CHECK(sum == Approx(game(MechanismSet::all())));
  CHECK_FALSE(a.sampled);
  CHECK(a.subsets == 256);  // every subset of the eight mechanisms
}

TEST_CASE("mechanisms out of play get nothing", "[shapley]") {
  const MechanismSet play = MechanismSet{}.with(Mechanism::view).with(Mechanism::money);
  const Attribution a = shapley_exact(play, game);
  CHECK(a.shapley[idx(Mechanism::view)] == Approx(6.0));
  CHECK(a.shapley[idx(Mechanism::money)] == Approx(8.0));
  CHECK(a.shapley[idx(Mechanism::setup)] == 0.0);
  CHECK(a.subsets == 4);
}

TEST_CASE("sampled orders sum to the total exactly and average to the exact values", "[shapley]") {
  const Attribution exact = shapley_exact(MechanismSet::all(), game);
  std::vector<double> mean(kMechanisms, 0.0);
  const int draws = 400;
  for (int i = 0; i < draws; ++i) {
    sim::RandomStream rng(sim::StreamKey{5, static_cast<std::uint64_t>(i)}, 1, 2, 3);
    const Attribution s = shapley_sampled(MechanismSet::all(), game, 8, rng);
    CHECK(s.sampled);
    double sum = 0.0;
    for (std::size_t m = 0; m < kMechanisms; ++m) {
      sum += s.shapley[m];
      mean[m] += s.shapley[m] / draws;
    }
    CHECK(sum == Approx(game(MechanismSet::all())).epsilon(1e-12));
  }
  // Unbiased: a mechanism's contribution in one order lies within [own
  // weight - 3, own weight + 10], so its sd is at most 13 / 2 (Popoviciu);
  // an antithetic pair's mean too. 400 draws of 4 pairs are 1,600 independent
  // pair means: 4 sd of their mean is 4 x 6.5 / 40 = 0.65.
  for (std::size_t m = 0; m < kMechanisms; ++m) {
    INFO(mechanism_name(kAllMechanisms[m]));
    CHECK(std::abs(mean[m] - exact.shapley[m]) < 0.65);
  }
}

TEST_CASE("the full model's Shapley values add up to its NPV", "[shapley][regimes]") {
  Scenario s = load_scenario_text(test::kTinyScenario, "tiny").scenario;
  RunSettings run;
  run.decompose = true;
  for (bool exact : {false, true}) {
    run.exact = exact;
    auto recs = run_replications(s, run, s.seed, 0, 3, 2);
    const Appraisal ap = appraise(s, recs, 1);
    REQUIRE(ap.decomposition);
    const std::size_t M = ap.decomposition->mechanisms.size();
    for (std::size_t r = 0; r < ap.reps; ++r) {
      double sum = 0.0;
      for (std::size_t m = 0; m < M; ++m) sum += ap.decomposition->shapley[r * M + m];
      CHECK(std::abs(sum - ap.npv[r]) <= 1e-6 * std::max(1.0, std::abs(ap.npv[r])));
    }
    CHECK(ap.decomposition->sampled == !exact);
  }
}
