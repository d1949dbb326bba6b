// Loading the business case: the claimed savings a run is held against.
#include "models/scenario/load_context.h"

namespace placesim::models::detail {

void load_business_case(LoadContext& c) {
  sim::YamlNode n = c.section("business_case");
  if (!n.defined() || !c.r.keys(n, "business_case", {"label", "claims"})) return;
  if (auto v = c.r.child(n, "business_case", "label"); v.defined()) {
    if (auto t = c.r.text(v, "business_case.label")) c.s.business_case_label = *t;
  }
  sim::YamlNode claims = c.r.child(n, "business_case", "claims", true);
  if (!claims.defined() || !c.r.list(claims, "business_case.claims", "claims")) return;
  const int first = c.s.start_year, last = c.s.start_year + c.s.years - 1;
  const std::string window = "financial years from " + std::to_string(first) + " to " + std::to_string(last);
  for (std::size_t i = 0; i < claims.size(); ++i) {
    std::string p = join_path("business_case.claims", std::to_string(i));
    const sim::YamlNode& e = claims[i];
    if (!c.r.keys(e, p, {"label", "agency", "years", "net_saving_gbp", "percent_of_baseline", "basis"})) continue;
    Claim cl;
    cl.label = "claim " + std::to_string(i + 1);
    if (auto v = c.r.child(e, p, "label"); v.defined()) {
      if (auto t = c.r.text(v, join_path(p, "label"))) cl.label = *t;
    }
    if (auto v = c.r.child(e, p, "agency"); v.defined() && !(v.is_scalar() && v.scalar() == "all")) {
      if (auto a = c.r.ref(v, join_path(p, "agency"), c.agency_names, "agency")) cl.agency = *a;
    }
    sim::YamlNode y = c.r.child(e, p, "years", true);
    std::string yp = join_path(p, "years");
    std::optional<int> y0, y1;
    if (y.is_list() && y.size() == 2) {
      y0 = c.r.financial_year(y[0], join_path(yp, "0"));
      y1 = c.r.financial_year(y[1], join_path(yp, "1"));
    } else if (y.defined()) {
      y0 = y1 = c.r.financial_year(y, yp);
    }
    if (y0 && y1) {
      if (*y0 < first || *y1 > last || *y0 > *y1) {
        c.r.error(y, yp, "the years are outside the appraisal window or in the wrong order",
                  "[first, last] within " + window);
      }
      cl.first_year = *y0 - first;
      cl.last_year = *y1 - first;
    }
    sim::YamlNode gbp = c.r.child(e, p, "net_saving_gbp"), pct = c.r.child(e, p, "percent_of_baseline");
    if (gbp.defined() == pct.defined()) {
      c.r.error(e, p, "a claim needs exactly one of net_saving_gbp and percent_of_baseline",
                "net_saving_gbp: 270e6, or percent_of_baseline: 10");
    } else if (gbp.defined()) {
      Bounds b = Bounds::any();
      b.words = "an amount of money in pounds";
      if (auto m = c.r.number(gbp, join_path(p, "net_saving_gbp"), b)) cl.gbp = *m;
    } else {
      Bounds b{-100, 100, false, false, "a percentage of the siloed spend, from -100 to 100"};
      if (auto x = c.r.number(pct, join_path(p, "percent_of_baseline"), b)) {
        cl.percent = *x;
        cl.is_percent = true;
      }
    }
    if (auto v = c.r.child(e, p, "basis"); v.defined()) {
      if (auto k = c.r.choice(v, join_path(p, "basis"), {"undiscounted", "npv"})) cl.discounted = *k == 1;
    }
    c.s.claims.push_back(cl);
  }
  if (!c.s.claims.empty() && !c.s.has_pooled() && c.r.ok()) {
    c.r.error(claims, "business_case.claims", "claims are tested against pooled minus siloed, but there is no pooled regime",
              "add regimes.pooled, or remove the business case");
  }
}

}  // namespace placesim::models::detail
