// The tables of the appraisal settings: discounting and optimism bias.
#include "models/scenario/tables.h"

namespace placesim::models::detail {
namespace {

const sim::Bounds kDiscount{0, 1, false, true, "a yearly real rate from 0 up to 1, e.g. 0.035"};

const sim::Bounds kShare{0, 5, false, false, "a share from 0 to 5: 0.41 for a 41% uplift"};

// One share per grade of evidence, as written under appraisal.optimism_bias.
struct GradeShares {
  double verified = 0.0, secondary = 0.0, assumed = 0.0;
};

// A share for every grade (one number), or one per grade ({V, S, U}).
Field graded_share(std::string key, std::array<double, 3> AppraisalSpec::*m, sim::Bounds b,
                   std::string doc) {
  const ValueType type{std::string(b.words) + ", or {V, S, U} with one for each grade",
                       {{"oneOf", {number_type(b).schema, table_type(grades_table()).schema}}}};
  return custom<AppraisalSpec>(
      std::move(key), type, std::move(doc),
      [m, b](LoadContext& c, const sim::YamlNode& v, const std::string& p, AppraisalSpec& a) {
        if (!v.is_map()) {
          if (auto x = c.r.number(v, p, b)) a.*m = {*x, *x, *x};
          return;
        }
        GradeShares g;
        read_table(c, v, p, grades_table(), &g);
        a.*m = {g.verified, g.secondary, g.assumed};
        const char* keys[] = {"V", "S", "U"};
        for (std::size_t i = 0; i < 3; ++i) {
          if ((a.*m)[i] > b.hi)  // the grades table allows up to 5; this field may allow less
            c.r.error(v.get(keys[i]), sim::join_path(p, keys[i]),
                      "value " + v.get(keys[i]).scalar() + " is out of range", b.words);
        }
      });
}

}  // namespace

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

const Table& grades_table() {
  static const Table t{
      "optimism_grades",
      "appraisal.optimism_bias.costs or .benefits",
      "One share for each grade of evidence: the grade of the source tag on the "
      "line that sets a unit cost. Each from 0 to 5 for costs, from 0 to 1 for benefits.",
      {
          number("V", &GradeShares::verified, kShare, "lines tagged [V]").must(),
          number("S", &GradeShares::secondary, kShare, "lines tagged [S]").must(),
          number("U", &GradeShares::assumed, kShare, "lines tagged [U], and untagged lines").must(),
      }};
  return t;
}

const Table& optimism_table() {
  static const Table t{
      "optimism_bias",
      "appraisal.optimism_bias",
      "Green Book optimism bias by the evidence behind each unit cost: of the option's saving "
      "over the window, split into costs and benefits and each by the grade of the source tag "
      "on the line that sets its unit costs, spend the option adds is raised by the cost share "
      "for the grade and spend it avoids is cut by the benefit share. A unit cost drawn from a "
      "distribution is not adjusted: its risk is in the PSA.",
      {
          graded_share("costs", &AppraisalSpec::optimism_costs, kShare, "uplift on cost lines")
              .or_else("0"),
          graded_share("benefits", &AppraisalSpec::optimism_benefits, sim::Bounds::probability(),
                       "haircut on benefit lines")
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
