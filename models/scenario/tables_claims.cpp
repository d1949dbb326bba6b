// The tables of the business case: the claims a run is held against.
#include <cctype>
#include <regex>
#include <sstream>

#include "models/scenario/tables.h"

namespace placesim::models::detail {
namespace {

constexpr const char* kRelativeYear = "^(start(\\+[0-9]{1,3})?|end(-[0-9]{1,3})?)$";

// A claim's year: a financial year, or one relative to the appraisal window
// (start, start+4, end, end-1), so that a claim follows time.start_year.
std::optional<int> claim_year(LoadContext& c, const sim::YamlNode& n, const std::string& p) {
  if (!n.is_scalar() || n.scalar().empty() ||
      !std::isalpha(static_cast<unsigned char>(n.scalar()[0])))
    return c.r.financial_year(n, p);
  const std::string& s = n.scalar();
  const int first = c.s.start_year, last = c.s.start_year + c.s.years - 1;
  std::smatch m;
  if (!std::regex_match(s, m, std::regex(kRelativeYear))) {
    c.r.error(n, p, "'" + s + "' is not a financial year",
              "a year such as 2011 or \"2011/12\", or one relative to the appraisal window: "
              "start, start+N, end or end-N");
    return std::nullopt;
  }
  if (s.starts_with("start")) return m[2].matched ? first + std::stoi(m[2].str()) : first;
  return m[3].matched ? last + std::stoi(m[3].str()) : last;
}

void read_years(LoadContext& c, const sim::YamlNode& y, const std::string& yp, Claim& cl) {
  const int first = c.s.start_year, last = c.s.start_year + c.s.years - 1;
  std::optional<int> y0, y1;
  if (y.is_list() && y.size() == 2) {
    y0 = claim_year(c, y[0], sim::join_path(yp, "0"));
    y1 = claim_year(c, y[1], sim::join_path(yp, "1"));
  } else {
    y0 = y1 = claim_year(c, y, yp);
  }
  if (!y0 || !y1) return;
  if (*y0 < first || *y1 > last || *y0 > *y1)
    c.r.error(y, yp,
              "the years (" + std::to_string(*y0) + " to " + std::to_string(*y1) +
                  ") are outside the appraisal window or in the wrong order",
              "[first, last] within financial years from " + std::to_string(first) + " to " +
                  std::to_string(last));
  cl.first_year = *y0 - first;
  cl.last_year = *y1 - first;
}

ValueType claim_year_type() {
  return {"financial year, or start, start+N, end, end-N",
          {{"oneOf", {year_type().schema, {{"type", "string"}, {"pattern", kRelativeYear}}}}}};
}

}  // namespace

const Table& scope_table() {
  static const Table t{
      "scope",
      "business_case.claims[i].scope",
      "What the claim covers, when it is not the simulated cohort: give one key.",
      {
          custom<Claim>(
              "families", integer_type(1, 100000000),
              "the claim covers this many families: the cohort's saving is scaled by it over the "
              "families at the start",
              [](LoadContext& c, const sim::YamlNode& v, const std::string& p, Claim& cl) {
                if (auto n = c.r.integer(v, p, 1, 100000000)) {
                  cl.scope = c.s.families > 0 ? static_cast<double>(*n) / c.s.families : 0.0;
                  cl.scope_note = std::to_string(*n) + " families";
                  if (c.s.families == 0)
                    c.r.error(v, p, "the scenario starts with no families to scale from",
                              "population.families > 0, or no scope");
                }
              }),
          custom<Claim>(
              "cohort_share", number_type(sim::Bounds{0, 1, true, false, "a share > 0 and <= 1"}),
              "the simulated cohort is this share of what the claim covers (a whole place): the "
              "cohort's saving is divided by it",
              [](LoadContext& c, const sim::YamlNode& v, const std::string& p, Claim& cl) {
                if (auto x =
                        c.r.number(v, p, sim::Bounds{0, 1, true, false, "a share > 0 and <= 1"})) {
                  cl.scope = 1.0 / *x;
                  std::ostringstream note;
                  note << "the cohort as " << *x << " of the claim's scope";
                  cl.scope_note = note.str();
                }
              }),
      }};
  return t;
}

const Table& claim_table() {
  static const Table t{
      "claim",
      "business_case.claims[i]",
      "One claimed saving, tested against the same quantity simulated on the same basis.",
      {
          text("label", &Claim::label, "as the business case words it").or_else("claim N"),
          custom<Claim>(
              "agency", name_type("agency"), "whose saving it is",
              [](LoadContext& c, const sim::YamlNode& v, const std::string& p, Claim& cl) {
                if (v.is_scalar() && v.scalar() == "all") return;
                if (auto a = c.r.ref(v, p, c.agency_names, "agency")) cl.agency = *a;
              })
              .or_else("all"),
          custom<Claim>(
              "years",
              {"financial year, or [first, last]; start+N or end-N count from the "
               "window's ends",
               {{"oneOf", {claim_year_type().schema, list_type(claim_year_type(), 2).schema}}}},
              "the years the claim covers, inside the appraisal window", read_years)
              .must(),
          custom<Claim>(
              "net_saving_gbp", number_type(kClaimMoney),
              "the claimed saving in pounds (give this or share_of_baseline)",
              [](LoadContext& c, const sim::YamlNode& v, const std::string& p, Claim& cl) {
                if (auto m = c.r.number(v, p, kClaimMoney)) cl.gbp = *m;
              })
              .in("£"),
          custom<Claim>(
              "price_year", year_type(), "the financial year whose prices net_saving_gbp is in",
              [](LoadContext& c, const sim::YamlNode& v, const std::string& p, Claim& cl) {
                if (auto f = c.r.price_factor(v, p)) cl.gbp *= *f;
              })
              .or_else("the price base year"),
          custom<Claim>(
              "share_of_baseline",
              number_type(sim::Bounds{-1, 1, false, false,
                                      "a share of the baseline's spend from -1 to 1, e.g. 0.015"}),
              "the claimed saving as a share of the baseline's spend over the same years",
              [](LoadContext& c, const sim::YamlNode& v, const std::string& p, Claim& cl) {
                if (auto x = c.r.number(
                        v, p,
                        sim::Bounds{-1, 1, false, false,
                                    "a share of the baseline's spend from -1 to 1, e.g. 0.015"})) {
                  cl.share = *x;
                  cl.is_share = true;
                }
              }),
          custom<Claim>(
              "basis", choice_type({"net_counterfactual", "before_after", "gross"}),
              "how the claim was counted: the baseline's spend minus the option's (costs netted); "
              "the families worked with, a year before against a year after (as the 2015 "
              "programme figures were); or avoided spend without its costs",
              [](LoadContext& c, const sim::YamlNode& v, const std::string& p, Claim& cl) {
                if (auto k = c.r.choice(v, p, {"net_counterfactual", "before_after", "gross"}))
                  cl.basis = static_cast<ClaimBasis>(*k);
              })
              .or_else("net_counterfactual"),
          boolean("net_of_costs", &Claim::net_of_costs,
                  "before_after: less the option's extra spend on prevention, set-up and its joint "
                  "team over the same years (as a net figure per family was counted)")
              .or_else("false"),
          custom<Claim>(
              "value_type", choice_type({"fiscal", "fiscal_cashable", "economic"}),
              "what the claim values: public spend, the cashable part of it, or economic value "
              "(public spend less benefit payments to families, agencies.NAME.transfer_share)",
              [](LoadContext& c, const sim::YamlNode& v, const std::string& p, Claim& cl) {
                if (auto k = c.r.choice(v, p, {"fiscal", "fiscal_cashable", "economic"}))
                  cl.value_type = static_cast<ClaimValue>(*k);
              })
              .or_else("fiscal"),
          custom<Claim>(
              "discounting", choice_type({"undiscounted", "npv"}),
              "compare with the plain sum or the NPV",
              [](LoadContext& c, const sim::YamlNode& v, const std::string& p, Claim& cl) {
                if (auto k = c.r.choice(v, p, {"undiscounted", "npv"})) cl.discounted = *k == 1;
              })
              .or_else("undiscounted"),
          custom<Claim>("scope", table_type(scope_table()), "what the claim covers",
                        [](LoadContext& c, const sim::YamlNode& n, const std::string& p,
                           Claim& cl) { read_table(c, n, p, scope_table(), &cl); })
              .or_else("the simulated cohort"),
      }};
  return t;
}

const Table& business_case_table() {
  static const Table t{
      "business_case",
      "business_case",
      "What a business case claims, to hold the simulation against.",
      {
          text("label", &Scenario::business_case_label, "what the claims come from"),
          custom<Scenario>(
              "claims", list_type(table_type(claim_table())), "the claims",
              [](LoadContext& c, const sim::YamlNode& v, const std::string& p, Scenario& s) {
                if (!c.r.list(v, p, "claims")) return;
                for (std::size_t i = 0; i < v.size(); ++i) {
                  Claim cl;
                  cl.label = "claim " + std::to_string(i + 1);
                  const std::string q = sim::join_path(p, std::to_string(i));
                  const std::size_t before = c.r.problems();
                  if (!read_table(c, v[i], q, claim_table(), &cl)) continue;
                  if (c.r.problems() > before) continue;  // checks below would only echo them
                  if (v[i].get("net_saving_gbp").defined() ==
                      v[i].get("share_of_baseline").defined())
                    c.r.error(v[i], q,
                              "a claim needs exactly one of net_saving_gbp and share_of_baseline",
                              "net_saving_gbp: 270e6, or share_of_baseline: 0.10");
                  if (v[i].get("price_year").defined() && !v[i].get("net_saving_gbp").defined())
                    c.r.error(v[i].get("price_year"), q + ".price_year",
                              "price_year goes with net_saving_gbp",
                              "remove it, or give net_saving_gbp");
                  if (v[i].get("scope").defined() && v[i].get("scope").is_map() &&
                      v[i].get("scope").size() != 1)
                    c.r.error(v[i].get("scope"), q + ".scope", "give one way of scoping the claim",
                              "scope: {families: 8000}, or scope: {cohort_share: 0.2}");
                  if (cl.basis == ClaimBasis::before_after) {
                    if (cl.is_share || cl.agency != kNoIndex ||
                        cl.value_type == ClaimValue::fiscal_cashable)
                      c.r.error(v[i].get("basis"), q + ".basis",
                                "a before_after claim counts the families' whole reactive cost in "
                                "pounds",
                                "net_saving_gbp for all agencies, value_type fiscal or economic");
                  }
                  s.claims.push_back(cl);
                }
              })
              .must(),
      }};
  return t;
}

}  // namespace placesim::models::detail
