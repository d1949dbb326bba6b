// The tables of regimes, appraisal settings and the business case.
#include "models/scenario/tables.h"

namespace placesim::models::detail {
namespace {

const sim::Bounds kDiscount{0, 1, false, true, "a yearly real rate from 0 up to 1, e.g. 0.035"};

}  // namespace

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
            "mean delay of a referral from one agency to another")
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
              g.pool.assign(c.s.agencies.size(), 0);
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
                  [&](Index a, double x) { g.contributions[a] = x; });
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
        section("mechanisms", &RegimeSpec::mechanisms, mechanisms_table(),
                "options: which mechanisms are on")
            .or_else("all on"),
    };
    for (Field& f : options) r.fields.push_back(std::move(f));
    return r;
  }();
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
