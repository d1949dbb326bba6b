// The tables of agencies and need dimensions.
#include <cmath>
#include <sstream>

#include "models/scenario/tables.h"

namespace placesim::models::detail {
namespace {

const sim::Bounds kChange{-1, 10, true, false,
                          "a yearly real change above -1, e.g. -0.05 for a 5% cut"};
const sim::Bounds kRationing{0, 10, true, false, "a share of the budget > 0, e.g. 0.95"};
const sim::Bounds& kRate = kNeedRate;
const sim::Bounds kUnmetDays{0, 36525, false, false,
                             "days from 0 to 36,525 (0: unmet need costs nothing)"};

// [from none to moderate, from moderate to high] (or the reverse for improve).
std::array<Param, 2> two_rates(LoadContext& c, const sim::YamlNode& n, const std::string& path) {
  std::array<Param, 2> out{Param{0, std::nullopt, path + ".0"},
                           Param{0, std::nullopt, path + ".1"}};
  if (!n.is_list() || n.size() != 2) {
    c.r.error(
        n, path, "expected a list of two rates",
        "[from none to moderate, from moderate to high] per year (or the reverse for improve)");
    return out;
  }
  for (std::size_t i = 0; i < 2; ++i) {
    if (auto p = c.r.param(n[i], sim::join_path(path, std::to_string(i)), kRate)) out[i] = *p;
  }
  return out;
}

void read_prevalence(LoadContext& c, const sim::YamlNode& n, const std::string& path, NeedSpec& d) {
  if (!n.is_list() || n.size() != 3) {
    c.r.error(n, path, "expected a list of three shares",
              "[none, moderate, high], each from 0 to 1, summing to 1");
    return;
  }
  double total = 0;
  bool read_all = true;
  for (std::size_t i = 0; i < 3; ++i) {
    if (auto x =
            c.r.number(n[i], sim::join_path(path, std::to_string(i)), sim::Bounds::probability())) {
      d.prevalence[i] = *x;
      total += *x;
    } else {
      read_all = false;
    }
  }
  if (read_all && std::fabs(total - 1.0) > 1e-6) {
    std::ostringstream o;
    o << "the shares add up to " << total;
    c.r.error(n, path, o.str(), "[none, moderate, high] summing to 1");
  }
}

// Amounts a year at moderate and at high, each money (a number, at a price
// year, or a distribution).
template <std::array<Param, 2> NeedSpec::*Member>
void read_need_costs(LoadContext& c, const sim::YamlNode& n, const std::string& path, NeedSpec& d) {
  if (!n.is_list() || n.size() != 2) {
    c.r.error(n, path, "expected a list of two amounts",
              "[a year at moderate, a year at high] in pounds");
    return;
  }
  for (std::size_t i = 0; i < 2; ++i) {
    if (auto m = c.r.money(n[i], sim::join_path(path, std::to_string(i)))) (d.*Member)[i] = *m;
  }
}

}  // namespace

const Table& agency_table() {
  static const Table t{
      "agency",
      "agencies.NAME",
      "An agency: the part of its budget that serves the cohort, and how it decides alone.",
      {
          text("label", &AgencySpec::label, "display name").or_else("the agency's name"),
          custom<AgencySpec>(
              "budget", by_year_type(kBudget), "the part of its budget that serves this cohort",
              [](LoadContext& c, const sim::YamlNode& n, const std::string& p, AgencySpec& a) {
                const auto years = static_cast<std::size_t>(c.s.simulated_years());
                if (auto b = c.r.by_year(n, p, years, kBudget)) a.budget = *b;
              })
              .must()
              .in("£ a year, real"),
          custom<AgencySpec>(
              "budget_change_per_year", number_type(kChange),
              "real change of the budget each year after the first (replaces later years of a "
              "list)",
              [](LoadContext& c, const sim::YamlNode& n, const std::string& p, AgencySpec& a) {
                if (auto g = c.r.number(n, p, kChange)) {
                  for (std::size_t y = 1; y < a.budget.size(); ++y)
                    a.budget[y] = a.budget[y - 1] * (1.0 + *g);
                }
              })
              .or_else("0"),
          number("rationing_at", &AgencySpec::rationing_at, kRationing,
                 "share of the budget committed at which the agency serves only families with a "
                 "high need")
              .or_else("never"),
          name_of("assessment", &AgencySpec::assessment, Names::service,
                  "its own assessment service")
              .or_else("none"),
          number(
              "max_invest_share", &AgencySpec::max_invest_share, sim::Bounds::probability(),
              "share of its budget it may spend on buying preventive places when it decides alone")
              .or_else("0"),
          number("transfer_share", &AgencySpec::transfer_share, sim::Bounds::probability(),
                 "share of its reactive spend that is transfer payments to families (benefits): "
                 "fiscal value to the Exchequer, not economic value")
              .or_else("0"),
      }};
  return t;
}

const Table& need_table() {
  static const Table t{
      "need",
      "needs.dimensions.NAME",
      "One dimension of need; each family is at none, moderate or high on it.",
      {
          text("label", &NeedSpec::label, "display name").or_else("the need's name"),
          name_of("owner", &NeedSpec::owner, Names::agency,
                  "the agency whose assessment looks at it")
              .or_else("none"),
          custom<NeedSpec>("prevalence", list_type(number_type(sim::Bounds::probability()), 3),
                           "shares at none, moderate and high when a family enters (summing to 1)",
                           read_prevalence)
              .must(),
          custom<NeedSpec>("escalate_per_year", list_type(param_type(kRate), 2),
                           "rates none to moderate and moderate to high",
                           [](LoadContext& c, const sim::YamlNode& n, const std::string& p,
                              NeedSpec& d) { d.escalate = two_rates(c, n, p); })
              .in("per family-year")
              .or_else("[0, 0]"),
          custom<NeedSpec>("improve_per_year", list_type(param_type(kRate), 2),
                           "rates moderate to none and high to moderate",
                           [](LoadContext& c, const sim::YamlNode& n, const std::string& p,
                              NeedSpec& d) { d.improve = two_rates(c, n, p); })
              .in("per family-year")
              .or_else("[0, 0]"),
          number(
              "waiting_escalation", &NeedSpec::waiting_escalation, kMultiplier,
              "multiplier on escalation while the family waits for a service that meets this need")
              .or_else("1"),
          custom<NeedSpec>("cost_per_year", list_type(money_type(), 2),
                           "ongoing cost of the need at moderate and at high",
                           read_need_costs<&NeedSpec::cost_per_year>)
              .in("£ a year")
              .or_else("[0, 0]"),
          custom<NeedSpec>("social_cost_per_year", list_type(money_type(), 2),
                           "social value a family loses a year living with the need at moderate "
                           "and at high (wellbeing, output from work): social value only, never "
                           "spend",
                           read_need_costs<&NeedSpec::social_cost_per_year>)
              .in("£ a year")
              .or_else("[0, 0]"),
          payer("payer", &NeedSpec::payer, "who bears the ongoing cost (required with a cost)"),
          number("cashable", &NeedSpec::cashable, sim::Bounds::probability(),
                 "share of the cost a payer could release as cash if the need were avoided")
              .or_else("0"),
      }};
  return t;
}

const Table& needs_table() {
  static const Table t{
      "needs",
      "needs",
      "The need dimensions and how they go together.",
      {
          custom<Scenario>(
              "correlation", number_type(sim::Bounds::unit_open()),
              "latent-factor correlation between the dimensions of a new family",
              [](LoadContext& c, const sim::YamlNode& n, const std::string& p, Scenario& s) {
                if (auto x = c.r.number(n, p, sim::Bounds::unit_open())) s.need_correlation = *x;
              })
              .or_else("0"),
          custom<Scenario>(
              "unmet_days", number_type(kUnmetDays),
              "how long a referral that was refused at a full waiting list, lost between "
              "agencies or rationed away leaves the needs its service meets escalating as if "
              "the family waited for it (by each need's waiting_escalation) [U]",
              [](LoadContext& c, const sim::YamlNode& n, const std::string& p, Scenario& s) {
                if (auto x = c.r.number(n, p, kUnmetDays)) s.unmet_days = *x;
              })
              .in("days")
              .or_else("365"),
          custom<Scenario>(
              "dimensions", named_type(need_table()), "the need dimensions, by name",
              [](LoadContext& c, const sim::YamlNode& n, const std::string& p, Scenario& s) {
                read_named(c, n, p, Names::need, need_table(), s.needs,
                           [&](const std::string& name) {
                             NeedSpec d;
                             d.key = d.label = name;
                             const std::string cp =
                                 sim::join_path(sim::join_path(p, name), "cost_per_year");
                             d.cost_per_year = {Param{0, std::nullopt, cp + ".0"},
                                                Param{0, std::nullopt, cp + ".1"}};
                             const std::string sp =
                                 sim::join_path(sim::join_path(p, name), "social_cost_per_year");
                             d.social_cost_per_year = {Param{0, std::nullopt, sp + ".0"},
                                                       Param{0, std::nullopt, sp + ".1"}};
                             for (int i = 0; i < 2; ++i) {
                               const std::string base = sim::join_path(p, name);
                               d.escalate[static_cast<std::size_t>(i)].path =
                                   base + ".escalate_per_year." + std::to_string(i);
                               d.improve[static_cast<std::size_t>(i)].path =
                                   base + ".improve_per_year." + std::to_string(i);
                             }
                             return d;
                           });
              })
              .must(),
      }};
  return t;
}

}  // namespace placesim::models::detail
