// The table of the evaluation block: which intervention to evaluate, how,
// and the payment-by-results rule.
#include "models/scenario/tables.h"

namespace placesim::models::detail {
namespace {

const std::vector<std::string> kDesignNames = {"before_after", "rct", "matched", "true_effect"};

}  // namespace

const Table& results_rule_table() {
  static const Table t{
      "results_rule",
      "evaluation.results_rule",
      "When a family worked with counts as turned around (payment by results): its counts of the "
      "named events fall by at least the given shares from the year before it started to the "
      "year after.",
      {
          custom<ResultsRule>(
              "falls", keyed_type("event", number_type(sim::Bounds::probability())),
              "for each event, the share its count must fall by (0.6: down 60%); a count of zero "
              "before must stay zero",
              [](LoadContext& c, const sim::YamlNode& n, const std::string& p, ResultsRule& r) {
                c.keyed(
                    n, p, Names::event,
                    [&](const sim::YamlNode& v, const std::string& q) {
                      return c.r.number(v, q, sim::Bounds::probability());
                    },
                    [&](Index k, double fall) { r.falls.emplace_back(k, fall); });
              })
              .must(),
          custom<ResultsRule>(
              "require", choice_type({"all", "any"}), "every fall, or any one of them",
              [](LoadContext& c, const sim::YamlNode& n, const std::string& p, ResultsRule& r) {
                if (auto k = c.r.choice(n, p, {"all", "any"})) r.all = *k == 0;
              })
              .or_else("all"),
      }};
  return t;
}

const Table& evaluation_table() {
  static const Table t{
      "evaluation",
      "evaluation",
      "Impact evaluations emulated on the families an option works with, beside the true "
      "(CRN-paired) effect: what each kind of figure would have said.",
      {
          name_of("intervention", &EvaluationSpec::intervention, Names::service,
                  "the intervention evaluated")
              .must(),
          custom<EvaluationSpec>(
              "option", name_type("regime"), "the regime whose families are evaluated",
              [](LoadContext& c, const sim::YamlNode& n, const std::string& p, EvaluationSpec& e) {
                std::vector<std::string> names;
                for (const RegimeSpec& g : c.s.regimes) names.push_back(g.key);
                if (auto i = c.r.ref(n, p, names, "regime")) e.option = *i;
              })
              .or_else("the main option (pooled, else the first)"),
          custom<EvaluationSpec>(
              "designs", list_type(choice_type(kDesignNames)), "the designs to emulate",
              [](LoadContext& c, const sim::YamlNode& n, const std::string& p, EvaluationSpec& e) {
                if (!c.r.list(n, p, "designs")) return;
                e.designs.clear();
                for (std::size_t i = 0; i < n.size(); ++i) {
                  if (auto k = c.r.choice(n[i], sim::join_path(p, std::to_string(i)), kDesignNames))
                    e.designs.push_back(static_cast<Design>(*k));
                }
              })
              .or_else("all four"),
          number("trial", &EvaluationSpec::trial,
                 sim::Bounds{0, 1, true, true, "a share > 0 and < 1"},
                 "rct: the share of families referred to the intervention that are randomised "
                 "away from it (the control arm)")
              .or_else("0.5"),
          section("results_rule", &EvaluationSpec::results_rule, results_rule_table(),
                  "the payment-by-results rule")
              .or_else("none"),
      }};
  return t;
}

}  // namespace placesim::models::detail
