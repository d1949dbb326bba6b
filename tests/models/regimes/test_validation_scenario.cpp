// The full model on the validation scenario: families flowing through the
// services of scenarios/validation/jackson.yaml must wait as long as Erlang C
// says, within four standard errors of the replications' mean.
#include <catch2/catch.hpp>

#include <cmath>

#include "models/regimes/replication.h"
#include "models/scenario/load.h"
#include "sim/queueing/queueing_theory.h"
#include "sim/stats/summary.h"

using namespace placesim;
using namespace placesim::models;

TEST_CASE("the full model reproduces Erlang C waits on the Jackson scenario",
          "[validation][jackson]") {
  const Scenario s =
      load_scenario_file(std::string(PLACESIM_SOURCE_DIR) + "/scenarios/validation/jackson.yaml")
          .scenario;
  sim::NetworkSpec net;
  for (const ServiceSpec& sv : s.services) {
    sim::NetworkService ns{sv.key, sv.capacity[0], sv.duration, {}};
    for (const Referral& r : sv.on_exit) ns.on_exit.add(r.service, r.p);
    net.services.push_back(ns);
  }
  for (const ArrivalSpec& a : s.arrivals) net.sources.push_back({a.into, a.per_day});
  const auto theory = sim::jackson_theory(net);
  REQUIRE(s.regimes.size() == 1);
  const auto records = run_replications(s, {}, s.seed, 0, s.replications, 2);
  for (std::size_t sv = 0; sv < s.services.size(); ++sv) {
    std::vector<double> wait, util;
    for (const auto& r : records) {
      wait.push_back(r.regimes[0].wait_days[sv]);
      util.push_back(r.regimes[0].utilisation[sv]);
    }
    const sim::Summary w = sim::summarize(wait), u = sim::summarize(util);
    INFO(s.services[sv].key << ": wait " << w.mean << " (se " << w.se << ") vs Erlang C "
                            << theory[sv].mean_wait << "; utilisation " << u.mean << " vs "
                            << theory[sv].utilisation);
    CHECK(std::abs(w.mean - theory[sv].mean_wait) < 4.0 * w.se);
    CHECK(w.se < 0.02 * theory[sv].mean_wait);  // the test can tell a 8% error from noise
    CHECK(std::abs(u.mean - theory[sv].utilisation) < 4.0 * u.se + 1e-3);
  }
}
