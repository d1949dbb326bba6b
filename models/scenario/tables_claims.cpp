// The tables of the business case: the claims a run is held against.
#include "models/scenario/tables.h"

namespace placesim::models::detail {
namespace {

void read_years(LoadContext& c, const sim::YamlNode& y, const std::string& yp, Claim& cl) {
  const int first = c.s.start_year, last = c.s.start_year + c.s.years - 1;
  std::optional<int> y0, y1;
  if (y.is_list() && y.size() == 2) {
    y0 = c.r.financial_year(y[0], sim::join_path(yp, "0"));
    y1 = c.r.financial_year(y[1], sim::join_path(yp, "1"));
  } else {
    y0 = y1 = c.r.financial_year(y, yp);
  }
  if (!y0 || !y1) return;
  if (*y0 < first || *y1 > last || *y0 > *y1)
    c.r.error(y, yp, "the years are outside the appraisal window or in the wrong order",
              "[first, last] within financial years from " + std::to_string(first) + " to " +
                  std::to_string(last));
  cl.first_year = *y0 - first;
  cl.last_year = *y1 - first;
}

}  // namespace

const Table& claim_table() {
  static const Table t{
      "claim",
      "business_case.claims[i]",
      "One claimed saving, tested against the same quantity simulated.",
      {
          text("label", &Claim::label, "as the business case words it").or_else("claim N"),
          custom<Claim>(
              "agency", name_type("agency"), "whose saving it is",
              [](LoadContext& c, const sim::YamlNode& v, const std::string& p, Claim& cl) {
                if (v.is_scalar() && v.scalar() == "all") return;
                if (auto a = c.r.ref(v, p, c.agency_names, "agency")) cl.agency = *a;
              })
              .or_else("all"),
          custom<Claim>("years",
                        {"financial year, or [first, last]",
                         {{"oneOf", {year_type().schema, list_type(year_type(), 2).schema}}}},
                        "the years the claim covers, inside the appraisal window", read_years)
              .must(),
          custom<Claim>(
              "net_saving_gbp", number_type(kClaimMoney),
              "the claimed net saving (give this or percent_of_baseline)",
              [](LoadContext& c, const sim::YamlNode& v, const std::string& p, Claim& cl) {
                if (auto m = c.r.number(v, p, kClaimMoney)) cl.gbp = *m;
              })
              .in("£"),
          custom<Claim>(
              "percent_of_baseline",
              number_type(sim::Bounds{-100, 100, false, false,
                                      "a percentage of the siloed spend, from -100 to 100"}),
              "the claimed saving as a percentage of siloed spend",
              [](LoadContext& c, const sim::YamlNode& v, const std::string& p, Claim& cl) {
                if (auto x = c.r.number(
                        v, p,
                        sim::Bounds{-100, 100, false, false,
                                    "a percentage of the siloed spend, from -100 to 100"})) {
                  cl.percent = *x;
                  cl.is_percent = true;
                }
              })
              .in("%"),
          custom<Claim>(
              "basis", choice_type({"undiscounted", "npv"}),
              "compare with the plain sum or the NPV",
              [](LoadContext& c, const sim::YamlNode& v, const std::string& p, Claim& cl) {
                if (auto k = c.r.choice(v, p, {"undiscounted", "npv"})) cl.discounted = *k == 1;
              })
              .or_else("undiscounted"),
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
                  if (!read_table(c, v[i], q, claim_table(), &cl)) continue;
                  if (v[i].get("net_saving_gbp").defined() ==
                      v[i].get("percent_of_baseline").defined())
                    c.r.error(v[i], q,
                              "a claim needs exactly one of net_saving_gbp and percent_of_baseline",
                              "net_saving_gbp: 270e6, or percent_of_baseline: 10");
                  s.claims.push_back(cl);
                }
              })
              .must(),
      }};
  return t;
}

}  // namespace placesim::models::detail
