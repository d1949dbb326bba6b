// The tables of regimes and payment by results.
#include <algorithm>

#include "models/scenario/tables.h"

namespace placesim::models::detail {
namespace {

// A fixed amount of money: payments are set by contract, not drawn.
Field fixed_money(std::string key, double PaymentByResults::*m, std::string doc) {
  return custom<PaymentByResults>(
      std::move(key), money_type(), std::move(doc),
      [m](LoadContext& c, const sim::YamlNode& n, const std::string& p, PaymentByResults& b) {
        const auto v = c.r.money(n, p);
        if (!v) return;
        if (v->uncertain() || v->value < 0.0)
          c.r.error(n, p, "a payment must be a fixed amount of £0 or more",
                    "a number of pounds, or {gbp: x, price_year: y}; payments are set by "
                    "contract, not drawn");
        else
          b.*m = v->value;
      });
}

}  // namespace

const Table& payment_table() {
  static const Table t{
      "payment_by_results",
      "regimes.NAME.payment_by_results",
      "Payment by results (as in the Troubled Families programme, 2012-15): a payer pays an "
      "agency for each family that starts an intervention in the appraisal window (an "
      "attachment fee) and again for each such family the rule counts as turned around, "
      "comparing its counts of events in the year before it started with the year after; "
      "the payment is booked in that later year. Commissioners who count the paid agency's "
      "money add the payment they expect for each family they could take on.",
      {
          name_of("intervention", &PaymentByResults::intervention, Names::service,
                  "the intervention whose families are paid for")
              .must(),
          name_of("payer", &PaymentByResults::payer, Names::agency,
                  "the agency that pays, such as central_government (it should be an agency of "
                  "the scenario so that the transfer nets out of the whole-system NPV)")
              .must(),
          name_of("payee", &PaymentByResults::payee, Names::agency, "the agency paid")
              .or_else("the intervention's agency"),
          fixed_money("attachment_gbp", &PaymentByResults::attachment_gbp,
                      "paid when a family first starts the intervention")
              .in("£")
              .or_else("0"),
          fixed_money("results_gbp", &PaymentByResults::results_gbp,
                      "paid when the family is turned around")
              .in("£")
              .must(),
          number("expected_share", &PaymentByResults::expected_share, sim::Bounds::probability(),
                 "the share of families taken on that commissioners expect to be turned around "
                 "(what they believe, not what happens)")
              .must(),
          section("rule", &PaymentByResults::rule, results_rule_table(),
                  "when a family counts as turned around (keys as in evaluation.results_rule)")
              .must(),
      }};
  return t;
}

const Table& mechanisms_table() {
  static const Table t = [] {
    Table m{"mechanisms",
            "regimes.NAME.mechanisms",
            "The mechanisms by which an option differs from the baseline; with every one off, the "
            "option is the "
            "baseline exactly.",
            {}};
    for (Mechanism mech : kAllMechanisms) {
      m.fields.push_back(custom<MechanismSet>(std::string(mechanism_name(mech)), boolean_type(),
                                              std::string(mechanism_doc(mech)),
                                              [mech](LoadContext& c, const sim::YamlNode& n,
                                                     const std::string& p, MechanismSet& set) {
                                                if (auto b = c.r.boolean(n, p))
                                                  set = set.with(mech, *b);
                                              })
                             .or_else("true"));
    }
    return m;
  }();
  return t;
}

namespace {

// The keys every regime takes: how agencies refer and decide.
std::vector<Field> shared_regime_fields() {
  return {
      boolean("baseline", &RegimeSpec::baseline, "the regime every other is appraised against")
          .or_else("the regime named siloed, else the first"),
      param("handoff_days", &RegimeSpec::handoff_days, kDays,
            "mean delay of a referral from one agency to another (a family can have at most "
            "65,535 in transit at once: a run that would exceed it stops)")
          .in("days")
          .or_else("0 (options: the baseline's)"),
      param("lost_referrals", &RegimeSpec::lost_referrals, sim::Bounds::probability(),
            "share of referrals between agencies that are never picked up")
          .or_else("0 (options: the baseline's)"),
      number("decision_horizon_years", &RegimeSpec::decision_horizon_years, kPositiveYears,
             "years of savings a commissioner counts when buying places")
          .in("years")
          .or_else("1 (options: the baseline's)"),
      number("assessment_valid_days", &RegimeSpec::assessment_valid_days,
             sim::Bounds{0, 36525, true, false, "days > 0 and at most 36,525"},
             "how long an assessment stays current")
          .in("days")
          .or_else("365 (options: the baseline's)"),
  };
}

}  // namespace

const Table& regime_table() {
  static const Table t = [] {
    Table r{"regime", "regimes.NAME",
            "A regime: how agencies work together. The baseline takes only the shared keys (the "
            "first five); an "
            "option may take every key, and what it does not say it does as the baseline does.",
            shared_regime_fields()};
    std::vector<Field> options = {
        custom<RegimeSpec>(
            "pool", list_type(name_type("agency")), "options: the agencies that pool their money",
            [](LoadContext& c, const sim::YamlNode& n, const std::string& p, RegimeSpec& g) {
              // Sized by the names: an agency whose own keys failed to read is
              // reported there, and still a name here.
              g.pool.assign(c.agency_names.size(), 0);
              for (Index a : c.name_list(n, p, Names::agency)) g.pool[a] = 1;
            })
            .or_else("every agency"),
        custom<RegimeSpec>(
            "contributions", keyed_type("agency", number_type(sim::Bounds::probability())),
            "options: share of each pool member's budget paid into the fund",
            [](LoadContext& c, const sim::YamlNode& n, const std::string& p, RegimeSpec& g) {
              c.keyed(
                  n, p, Names::agency,
                  [&](const sim::YamlNode& v, const std::string& q) {
                    return c.r.number(v, q, sim::Bounds::probability());
                  },
                  [&](Index a, double x) {
                    if (g.contributions.size() < c.agency_names.size())
                      g.contributions.resize(c.agency_names.size(), 0.0);
                    g.contributions[a] = x;
                  });
            })
            .or_else("each member's max_invest_share (the same money)"),
        name_of("assessment", &RegimeSpec::assessment, Names::service,
                "options: the joint assessment used when single_assessment is on")
            .or_else("none"),
        number("double_running_years", &RegimeSpec::double_running_years, kYears,
               "options: years the old assessment teams run on beside the joint one (with setup)")
            .in("years")
            .or_else("0"),
        custom<RegimeSpec>(
            "setup_costs", list_type(money_type()), "options: set-up costs by appraisal year",
            [](LoadContext& c, const sim::YamlNode& n, const std::string& p, RegimeSpec& g) {
              if (!c.r.list(n, p, "amounts of money by appraisal year")) return;
              if (n.size() > static_cast<std::size_t>(c.s.years))
                c.r.error(n, p, "more set-up years than appraisal years",
                          "at most time.years values");
              for (std::size_t i = 0; i < n.size(); ++i) {
                if (auto m = c.r.money(n[i], sim::join_path(p, std::to_string(i))))
                  g.setup_costs.push_back(*m);
              }
            })
            .in("£")
            .or_else("none"),
        choice("gain_share", &RegimeSpec::gain_share, {"contributions", "equal", "none"},
               "options: how the net saving returns to the pool's agencies")
            .or_else("contributions"),
        custom<RegimeSpec>(
            "payment_by_results", table_type(payment_table()), "options: payment by results",
            [](LoadContext& c, const sim::YamlNode& n, const std::string& p, RegimeSpec& g) {
              PaymentByResults b;
              if (read_table(c, n, p, payment_table(), &b)) g.payment = b;
            })
            .or_else("none"),
        section("mechanisms", &RegimeSpec::mechanisms, mechanisms_table(),
                "options: which mechanisms are on")
            .or_else("all on"),
    };
    for (Field& f : options) r.fields.push_back(std::move(f));
    return r;
  }();
  return t;
}

// The regimes: the baseline first (the one with baseline: true, else the one
// named siloed, else the first written), then every option in file order,
// each starting as a copy of the baseline, in the pool with every agency and
// paying into the fund what each agency may spend alone.
void read_regimes(LoadContext& c, const sim::YamlNode& n, const std::string& p, Scenario& s) {
  const std::vector<std::string> names = c.r.names(n, p, "regimes");
  if (names.empty()) return;  // the default baseline stays
  std::size_t base = 0;
  std::vector<std::size_t> marked;
  for (std::size_t i = 0; i < names.size(); ++i) {
    const sim::YamlNode b = n.get(names[i]).get("baseline");
    if (b.is_scalar() && (b.scalar() == "true" || b.scalar() == "yes" || b.scalar() == "on"))
      marked.push_back(i);
  }
  if (marked.size() > 1)
    c.r.error(n.get(names[marked[1]]).get("baseline"),
              sim::join_path(sim::join_path(p, names[marked[1]]), "baseline"),
              "a second baseline (" + names[marked[0]] + " is one)",
              "baseline: true on one regime only");
  if (!marked.empty()) {
    base = marked[0];
  } else {
    for (std::size_t i = 0; i < names.size(); ++i) {
      if (names[i] == "siloed") base = i;
    }
  }
  auto fresh = [&](const std::string& name) {
    RegimeSpec g;
    g.key = name;
    g.handoff_days = {0.0, std::nullopt, sim::join_path(sim::join_path(p, name), "handoff_days")};
    g.lost_referrals = {0.0, std::nullopt,
                        sim::join_path(sim::join_path(p, name), "lost_referrals")};
    return g;
  };
  RegimeSpec baseline = fresh(names[base]);
  const std::string bp = sim::join_path(p, names[base]);
  read_table(c, n.get(names[base]), bp, regime_table(), &baseline);
  baseline.baseline = true;
  for (const char* key : {"pool", "contributions", "assessment", "double_running_years",
                          "setup_costs", "gain_share", "payment_by_results", "mechanisms"}) {
    if (n.get(names[base]).get(key).defined())
      c.r.error(n.get(names[base]).get(key), sim::join_path(bp, key),
                std::string("'") + key + "' applies to options, and " + names[base] +
                    " is the baseline (how each agency works alone)",
                "move it to an option regime");
  }
  baseline.pool.clear();
  baseline.contributions.clear();
  baseline.mechanisms = MechanismSet{};
  s.regimes = {baseline};
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i == base) continue;
    RegimeSpec g = baseline;  // what an option does not say, it does as the baseline does
    const RegimeSpec named = fresh(names[i]);
    g.key = named.key;
    g.baseline = false;
    g.handoff_days.path = named.handoff_days.path;
    g.lost_referrals.path = named.lost_referrals.path;
    g.pool.assign(s.agencies.size(), 1);
    g.contributions.clear();
    for (const AgencySpec& a : s.agencies) g.contributions.push_back(a.max_invest_share);
    g.mechanisms = MechanismSet::all();
    const std::string gp = sim::join_path(p, names[i]);
    if (!read_table(c, n.get(names[i]), gp, regime_table(), &g)) continue;
    g.baseline = false;
    // Switched on by default, a mechanism the option gives no settings for is
    // simply not in play; switched on by name, it must have them.
    const sim::YamlNode said = n.get(names[i]).get("mechanisms").get("single_assessment");
    if (said.defined() && g.mechanisms.has(Mechanism::single_assessment) &&
        g.assessment == kNoIndex && c.r.ok())
      c.r.error(said, sim::join_path(gp, "mechanisms.single_assessment"),
                "the single_assessment mechanism needs the joint assessment service",
                "regimes." + names[i] +
                    ".assessment: the name of a service with kind: assessment, "
                    "or single_assessment: false");
    const sim::YamlNode paid = n.get(names[i]).get("mechanisms").get("payment_by_results");
    if (paid.defined() && g.mechanisms.has(Mechanism::payment_by_results) && !g.payment && c.r.ok())
      c.r.error(paid, sim::join_path(gp, "mechanisms.payment_by_results"),
                "the payment_by_results mechanism needs a payment_by_results block",
                "regimes." + names[i] + ".payment_by_results, or payment_by_results: false");
    // An option paid by results may keep every agency apart (pool: []).
    if (std::none_of(g.pool.begin(), g.pool.end(), [](char in) { return in != 0; }) && !g.payment)
      c.r.error(n.get(names[i]).get("pool"), sim::join_path(gp, "pool"), "the pool is empty",
                "at least one agency (an empty pool is for an option paid by results)");
    s.regimes.push_back(g);
  }
}

}  // namespace placesim::models::detail
