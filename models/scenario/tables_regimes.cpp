// The tables of regimes, appraisal settings and the business case.
#include "models/scenario/tables.h"

namespace placesim::models::detail {
namespace {

const sim::Bounds kDiscount{0, 1, false, true, "a yearly real rate from 0 up to 1, e.g. 0.035"};

}  // namespace

const Table& mechanisms_table() {
  static const Table t{
      "mechanisms",
      "regimes.pooled.mechanisms",
      "The switches that make the pooled regime differ from the siloed one.",
      {
          boolean("investment", &Mechanisms::investment,
                  "buy places for whole-system savings, from the fund")
              .or_else("true"),
          boolean("single_assessment", &Mechanisms::single_assessment,
                  "one joint assessment instead of one per agency")
              .or_else("true"),
          boolean("handoffs", &Mechanisms::handoffs, "pooled handoff delays and losses")
              .or_else("true"),
          boolean("rationing", &Mechanisms::rationing,
                  "ration on the pooled budget, not each silo's")
              .or_else("true"),
          boolean("setup", &Mechanisms::setup, "pay the set-up costs").or_else("true"),
      }};
  return t;
}

namespace {

// The keys every regime takes.
std::vector<Field> shared_regime_fields() {
  return {
      param("handoff_days", &RegimeSpec::handoff_days, kDays,
            "mean delay of a referral from one agency to another")
          .in("days")
          .or_else("0 (pooled: as siloed)"),
      param("lost_referrals", &RegimeSpec::lost_referrals, sim::Bounds::probability(),
            "share of referrals between agencies that are never picked up")
          .or_else("0 (pooled: as siloed)"),
      number("decision_horizon_years", &RegimeSpec::decision_horizon_years, kPositiveYears,
             "years of savings a commissioner counts when buying places")
          .in("years")
          .or_else("1 (pooled: as siloed)"),
      number("assessment_valid_days", &RegimeSpec::assessment_valid_days,
             sim::Bounds{0, 36525, true, false, "days > 0 and at most 36,525"},
             "how long an assessment stays current")
          .in("days")
          .or_else("365 (pooled: as siloed)"),
  };
}

}  // namespace

const Table& siloed_table() {
  static const Table t{"siloed_regime", "regimes.siloed",
                       "Each agency decides, assesses and refers alone.", shared_regime_fields()};
  return t;
}

const Table& regime_table() {
  static const Table t = [] {
    Table r{"pooled_regime", "regimes.pooled", "One fund, one assessment, one key worker.",
            shared_regime_fields()};
    std::vector<Field> pooled = {
        custom<RegimeSpec>(
            "contributions", keyed_type("agency", number_type(sim::Bounds::probability())),
            "pooled: share of each agency's budget paid into the fund",
            [](LoadContext& c, const sim::YamlNode& n, const std::string& p, RegimeSpec& g) {
              c.keyed(
                  n, p, Names::agency,
                  [&](const sim::YamlNode& v, const std::string& q) {
                    return c.r.number(v, q, sim::Bounds::probability());
                  },
                  [&](Index a, double x) { g.contributions[a] = x; });
            })
            .or_else("0 for every agency"),
        name_of("assessment", &RegimeSpec::assessment, Names::service,
                "pooled: the joint assessment used when single_assessment is on")
            .or_else("none"),
        number("double_running_years", &RegimeSpec::double_running_years, kYears,
               "pooled: years the old assessment teams run on beside the joint one")
            .in("years")
            .or_else("0"),
        custom<RegimeSpec>(
            "setup_costs", list_type(money_type()), "pooled: set-up costs by appraisal year",
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
               "pooled: how savings return to the agencies")
            .or_else("contributions"),
        section("mechanisms", &RegimeSpec::mechanisms, mechanisms_table(),
                "pooled: which mechanisms are on")
            .or_else("all on"),
    };
    for (Field& f : pooled) r.fields.push_back(std::move(f));
    return r;
  }();
  return t;
}

const Table& regimes_table() {
  static const Table t{
      "regimes",
      "regimes",
      "The regimes compared on the same families: siloed, and optionally pooled.",
      {
          custom<Scenario>(
              "siloed", table_type(siloed_table()), "each agency decides alone",
              [](LoadContext&, const sim::YamlNode&, const std::string&, Scenario&) {}),
          custom<Scenario>(
              "pooled", table_type(regime_table()), "one fund, one assessment, one key worker",
              [](LoadContext&, const sim::YamlNode&, const std::string&, Scenario&) {}),
      }};
  return t;
}

const Table& band_table() {
  static const Table t{
      "discount_band",
      "appraisal.discount[i]",
      "One band of a discount schedule.",
      {
          integer("from_year", &std::pair<int, double>::first, 0, 10000,
                  "first appraisal year of the band")
              .must(),
          number("rate", &std::pair<int, double>::second, kDiscount, "real discount rate").must(),
      }};
  return t;
}

const Table& optimism_table() {
  static const Table t{
      "optimism_bias",
      "appraisal.optimism_bias",
      "Green Book optimism bias.",
      {
          number("costs", &AppraisalSpec::optimism_costs,
                 sim::Bounds{0, 5, false, false, "a share: 0.41 for a 41% uplift, from 0 to 5"},
                 "uplift on costs")
              .or_else("0"),
          number("benefits", &AppraisalSpec::optimism_benefits, sim::Bounds::probability(),
                 "haircut on benefits")
              .or_else("0"),
      }};
  return t;
}

const Table& appraisal_table() {
  static const ValueType discount{"green_book, a rate, or a list of {from_year, rate} bands",
                                  {{"oneOf",
                                    {{{"const", "green_book"}},
                                     number_type(kDiscount).schema,
                                     list_type(table_type(band_table())).schema}}}};
  static const Table t{
      "appraisal",
      "appraisal",
      "Green Book appraisal settings.",
      {
          custom<AppraisalSpec>(
              "discount", discount, "the discount schedule",
              [](LoadContext& c, const sim::YamlNode& v, const std::string& p, AppraisalSpec& a) {
                if (v.is_scalar() && v.scalar() == "green_book") return;  // the default
                if (v.is_scalar()) {
                  if (auto x = c.r.number(v, p, kDiscount)) a.discount = {{0, *x}};
                  return;
                }
                a.discount.clear();
                read_list(c, v, p, band_table(), "{from_year: t, rate: r} bands", a.discount);
                for (std::size_t i = 0; i < a.discount.size(); ++i) {
                  const int from = a.discount[i].first;
                  if ((i == 0 && from != 0) || (i > 0 && from <= a.discount[i - 1].first))
                    c.r.error(v[i],
                              sim::join_path(sim::join_path(p, std::to_string(i)), "from_year"),
                              "bands must start at year 0 and increase",
                              "from_year 0 first, then later years in order");
                }
              })
              .or_else("green_book: 3.5% a year to year 30, then 3.0%, ..."),
          custom<AppraisalSpec>("optimism_bias", table_type(optimism_table()),
                                "uplift on costs and haircut on benefits",
                                [](LoadContext& c, const sim::YamlNode& v, const std::string& p,
                                   AppraisalSpec& a) { read_table(c, v, p, optimism_table(), &a); })
              .or_else("none"),
      }};
  return t;
}

}  // namespace placesim::models::detail
