#include <catch2/catch.hpp>

#include <cmath>
#include <string>
#include <vector>

#include "hand_records.h"
#include "models/family/ledger.h"
#include "models/report/report_internal.h"
#include "models/results/results.h"
#include "models/results/summary_table.h"
#include "models/results/summary_text.h"

using placesim::models::format_money;
using placesim::models::formatted;

TEST_CASE("money reads as a person writes it", "[summary]") {
  CHECK(format_money(2.3149e9) == "£2.31bn");
  CHECK(format_money(2.3149e6) == "£2.31m");
  CHECK(format_money(-450e3) == "-£450k");
  CHECK(format_money(12300) == "£12k");
  CHECK(format_money(6000) == "£6,000");
  CHECK(format_money(2557.6) == "£2,558");
  CHECK(format_money(-999.4) == "-£999");
  CHECK(format_money(0.0) == "£0");
  CHECK(format_money(std::nan("")) == "n/a");
}

TEST_CASE("formatted text is never cut short", "[summary]") {
  const std::string label(1000, 'x');
  const std::string out = formatted("%s: %d", label.c_str(), 42);
  CHECK(out.size() == 1004);
  CHECK(out.substr(out.size() - 4) == ": 42");
  CHECK(formatted("%s", "").empty());
}

namespace {

using namespace placesim::models;

// A two-agency appraisal whose BCR is "high" before optimism bias and "poor"
// after it: pooled invests 100 in year 0 and saves `saving` a year after.
Results results_of(const std::vector<double>& savings) {
  Scenario s;
  s.name = "headline";
  s.years = 5;
  s.agencies.resize(2);
  s.agencies[0].key = "council";
  s.agencies[1].key = "police";
  for (auto& a : s.agencies) a.budget.assign(5, 1e6);
  s.regimes.resize(2);
  s.regimes[0].key = "siloed";
  s.regimes[1].key = "pooled";
  s.regimes[1].pool = {1, 1};
  s.regimes[1].contributions = {0.03, 0.01};
  s.appraisal.discount = green_book_bands();
  s.appraisal.optimism_costs = {1.0, 1.0, 1.0};
  s.appraisal.optimism_benefits = {0.5, 0.5, 0.5};
  std::vector<ReplicationRecord> recs;
  for (double saving : savings) {
    ReplicationRecord rec;
    for (int g = 0; g < 2; ++g) {
      RegimeRecord r;
      r.spend.assign(std::size_t{5} * 2 * kCategories, 0.0);
      for (auto* v : {&r.events, &r.families, &r.family_years, &r.turned_around, &r.worked_with,
                      &r.paid_for_results, &r.unmet})
        v->assign(5, 0.0);
      r.rationing_days.assign(10, 0.0);
      r.overspend.assign(10, 0.0);
      rec.regimes.push_back(r);
    }
    rec.regimes[1].spend[kPreventive] = 100.0;  // year 0, council
    for (std::size_t t = 1; t < 5; ++t) {
      rec.regimes[0].spend[(t * 2 + 1) * kCategories + kReactive] = 100.0;
      rec.regimes[1].spend[(t * 2 + 1) * kCategories + kReactive] = 100.0 - saving;
    }
    settle_as(s, rec, Evidence::assumed);
    recs.push_back(rec);
  }
  return collect_results(s, recs, 1, "test");
}

}  // namespace

TEST_CASE("the headline puts the figures after optimism bias first", "[summary]") {
  const std::string text = summary_text(results_of({80.0, 85.0, 90.0}));
  INFO(text);
  const auto after = text.find("NPV after optimism bias"),
             before = text.find("NPV before optimism bias");
  REQUIRE(after != std::string::npos);
  REQUIRE(before != std::string::npos);
  CHECK(after < before);
  // BCR about 3.0 before (high), 3.0 x 0.5 / 2 = 0.75 after (poor): the band is the adjusted one.
  CHECK(text.find("poor value for money") != std::string::npos);
  CHECK(text.find("before it: high") != std::string::npos);
  CHECK(text.find("Value of perfect information") != std::string::npos);
}

TEST_CASE("one replication gives no interval and no chance", "[summary]") {
  const std::string text = summary_text(results_of({80.0}));
  INFO(text);
  CHECK(text.find("[n/a: one replication]") != std::string::npos);
  CHECK(text.find("n/a at one replication") != std::string::npos);
  CHECK(text.find("100%") == std::string::npos);  // no "100% chance" from a single draw
}

TEST_CASE("the financial case: each agency's net budget impact, real and in cash", "[summary]") {
  // Pooled pays 100 in year 0 (council); the police spend `saving` less in years 1 to 4.
  Results r = results_of({80.0, 90.0});
  auto mean_of = [&](const std::string& measure) {
    for (const SummaryLine& l : summary_lines(r)) {
      if (l.measure == measure) return l.summary.mean;
    }
    return std::nan("");  // no such line
  };
  CHECK(mean_of("net_budget_impact_real_council") == Approx(100.0));
  CHECK(mean_of("net_budget_impact_real_police") == Approx(-4 * 85.0));
  CHECK(mean_of("net_budget_impact_real") == Approx(100.0 - 4 * 85.0));
  for (const SummaryLine& l : summary_lines(r))  // no deflator: no cash figures
    CHECK(l.measure.find("net_budget_impact_cash") == std::string::npos);
  r.price_index = {1.0, 1.1, 1.2, 1.3, 1.4};
  CHECK(mean_of("net_budget_impact_cash_council") == Approx(100.0));
  CHECK(mean_of("net_budget_impact_cash_police") == Approx(-85.0 * (1.1 + 1.2 + 1.3 + 1.4)));
  CHECK(mean_of("net_budget_impact_cash") == Approx(100.0 - 85.0 * (1.1 + 1.2 + 1.3 + 1.4)));
}

namespace {

// Two replications of an evaluation: matched finds no match in either (many
// needs: no family shares a profile); the trial has arms in the first only.
Results with_evaluation() {
  Results r = results_of({80.0, 85.0});
  EvaluationArrays e;
  e.intervention = "key_worker";
  e.option = "pooled";
  e.designs = {"before_after", "rct", "matched", "true_effect"};
  e.asked = {"before_after", "rct", "matched"};  // true_effect not asked for: NaN by design
  const double nan = std::nan("");
  // The second replication measured no family at all.
  e.estimate = {100.0, 50.0, nan, nan, nan, nan, nan, nan};
  e.families = {10.0, 0.0};
  e.turned_around = e.turned_around_baseline = {0.0, 0.0};
  r.evaluation = e;
  return r;
}

}  // namespace

TEST_CASE("an evaluation design without an estimate says why, never drops out", "[summary]") {
  const std::string text = summary_text(with_evaluation());
  INFO(text);
  const auto matched = text.find("  matched ");
  REQUIRE(matched != std::string::npos);
  const std::string line = text.substr(matched, text.find('\n', matched) - matched);
  CHECK(line.find("n/a") != std::string::npos);
  // Each replication's reason: no match in the first, no family in the second.
  CHECK(line.find("no family measured had an untreated family with its need profile; or no "
                  "family entered with a year before") != std::string::npos);
  CHECK(text.find("from 1 of 2 replications; in the others no family entered") !=
        std::string::npos);  // before_after
  CHECK(text.find("from 1 of 2 replications; in the others no family was randomised") !=
        std::string::npos);
  CHECK(text.find("before_after") != std::string::npos);
  CHECK(text.find("true effect") == std::string::npos);  // not asked for: not shown
}

TEST_CASE("the designs a scenario asks for are read from its text", "[summary]") {
  CHECK(designs_asked("evaluation: {intervention: kw, designs: [rct, matched]}") ==
        std::vector<std::string>{"rct", "matched"});
  CHECK(designs_asked("evaluation: {intervention: kw}") ==
        std::vector<std::string>{"before_after", "rct", "matched", "true_effect"});
  CHECK(designs_asked("evaluation: {designs: []}") == std::vector<std::string>{});
  CHECK_FALSE(designs_asked("evaluation: [unclosed"));       // unreadable: the caller falls back
  CHECK_FALSE(designs_asked("evaluation: {designs: rct}"));  // not a list
}

TEST_CASE("the report keeps every design asked for, with the replications behind it", "[summary]") {
  const auto data = evaluation_json(with_evaluation());
  const auto& designs = data["designs"];
  REQUIRE(designs.size() == 3);  // true_effect was not asked for
  CHECK(data["replications"] == 2);
  CHECK(designs[0]["replications"] == 1);
  CHECK(designs[0]["why_none"] == why_no_estimates(with_evaluation().evaluation.value(), 0));
  CHECK(designs[1]["replications"] == 1);  // the trial: the first replication only
  CHECK(designs[1]["mean"] == 50.0);
  CHECK(designs[2]["design"] == "matched");
  CHECK(designs[2]["replications"] == 0);
  CHECK(designs[2]["mean"].is_null());
  CHECK(designs[2]["why_none"] == why_no_estimates(with_evaluation().evaluation.value(), 2));
  CHECK(designs[2]["why_none"].get<std::string>().find("untreated family") != std::string::npos);
}

TEST_CASE("a run warns of effects displaced and says why, and is silent without them",
          "[summary]") {
  Results r;
  r.runs.resize(2);
  r.runs[0].name = "siloed";
  r.runs[0].effects_displaced = {0.0, 0.0};
  r.runs[1].name = "pooled";
  r.runs[1].effects_displaced = {3.0, 5.0};
  const std::vector<std::string> w = run_warnings(r);
  REQUIRE(w.size() == 1);
  CHECK(w[0] ==
        "pooled: 4 intervention effects a replication were displaced or lost: the scenario has "
        "more than 16 interventions and a family holds the effects of at most 16 at once (see "
        "/runs/pooled/effects_displaced)");
}
