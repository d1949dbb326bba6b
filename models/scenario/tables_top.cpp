// The top level of a scenario, and its small sections: time, money,
// population, arrivals and the starting state.
#include "models/scenario/gdp_deflator.h"
#include "models/scenario/tables.h"

namespace placesim::models::detail {
namespace {

template <class T>
using Reader = std::function<void(LoadContext&, const sim::YamlNode&, const std::string&, T&)>;

// A top-level key read by its own function, with the scenario as target.
Field top(std::string key, ValueType type, std::string doc, Reader<Scenario> fn) {
  return custom<Scenario>(std::move(key), std::move(type), std::move(doc), std::move(fn));
}

void read_version(LoadContext& c, const sim::YamlNode& v, const std::string& p, Scenario&) {
  auto n = c.r.integer(v, p, 1, 1000000);
  if (n && *n != kScenarioFormatVersion)
    c.r.error(v, p, "format version " + std::to_string(*n) + " is not supported",
              "this placesim reads format version " + std::to_string(kScenarioFormatVersion));
}

constexpr const char* kPublished = "published";

// Money is read after time: the price base defaults to the first year. The
// deflator is the shipped series unless the scenario gives its own, which
// replaces it whole: a series's base year is its own, so years from two
// series must not mix.
struct Prices {
  int base = 0;
  std::map<int, double> deflator;
  bool own = false;
};

void read_deflator(LoadContext& c, const sim::YamlNode& d, const std::string& p, Prices& pr) {
  if (d.is_scalar() && d.scalar() == kPublished) return;
  if (!d.is_map()) {
    c.r.error(d, p, "expected a mapping from years to index values, or 'published'",
              "e.g. {2006: 84.5, 2011: 94.3}, or published (the ONS series placesim ships)");
    return;
  }
  pr.own = true;
  for (const auto& [year, index] : d.entries()) {
    const std::string q = sim::join_path(p, year.scalar());
    auto y = c.r.financial_year(year, q);
    auto v = c.r.number(index, q, sim::Bounds::positive());
    if (y && pr.deflator.count(*y))  // 2011 and "2011/12" are one year
      c.r.error(year, q, "financial year " + std::to_string(*y) + " is given twice",
                "one index a year");
    else if (y && v)
      pr.deflator[*y] = *v;
  }
}

// Each appraisal year's deflator over the base year's, where both are known.
std::vector<std::optional<double>> price_index(const std::map<int, double>& d, const Scenario& s) {
  std::vector<std::optional<double>> out(static_cast<std::size_t>(s.years));
  auto base = d.find(s.price_base_year);
  for (int t = 0; t < s.years; ++t) {
    auto y = d.find(s.start_year + t);
    if (base != d.end() && y != d.end())
      out[static_cast<std::size_t>(t)] = y->second / base->second;
  }
  return out;
}

// Hands the prices to the reader, and records in the scenario where its
// deflator comes from and what it says of each appraisal year.
void use_prices(LoadContext& c, Prices pr, Scenario& s) {
  s.price_base_year = pr.base;
  s.price_index = price_index(pr.own ? pr.deflator : published_deflator().financial_years, s);
  if (pr.own) {
    s.deflator_source = "money.gdp_deflator in the scenario";
    c.r.set_prices(pr.base, std::move(pr.deflator), "add the year to money.gdp_deflator");
    return;
  }
  const DeflatorSeries& d = published_deflator();
  s.deflator_source = d.source + "; financial years " + d.coverage() + " (mean of quarters)";
  c.r.set_prices(pr.base, d.financial_years,
                 "placesim's GDP deflator, ONS series YBGB, covers financial years " +
                     d.coverage() +
                     "; for other years give money.gdp_deflator, a whole series that has them, "
                     "e.g. with OBR forecasts");
}

void read_services(LoadContext& c, const sim::YamlNode& n, const std::string& p, Scenario& s) {
  read_named(c, n, p, Names::service, service_table(), s.services, [&](const std::string& name) {
    ServiceSpec sv;
    sv.key = sv.label = name;
    sv.cost_per_episode.path = sim::join_path(sim::join_path(p, name), "cost_per_episode");
    sv.cost_per_place_year.path = sim::join_path(sim::join_path(p, name), "cost_per_place_year");
    const std::string e = sim::join_path(sim::join_path(p, name), "effect");
    sv.effect.improve = {1.0, std::nullopt, sim::join_path(e, "improve")};
    sv.effect.escalate = {1.0, std::nullopt, sim::join_path(e, "escalate")};
    sv.effect.persistence_years = {0.0, std::nullopt, sim::join_path(e, "persistence_years")};
    sv.effect.dropout = {0.0, std::nullopt, sim::join_path(e, "dropout")};
    return sv;
  });
  // An effect acts on the eligible needs unless it names its own.
  for (ServiceSpec& sv : s.services) {
    if (!n.get(sv.key).get("effect").get("needs").defined()) sv.effect.needs = sv.eligible.needs;
  }
}

void read_initial_episodes(LoadContext& c, const sim::YamlNode& v, const std::string& p,
                           Scenario& s) {
  c.keyed(
      v, p, Names::event,
      [&](const sim::YamlNode& x, const std::string& q) { return c.r.integer(x, q, 0, 10000000); },
      [&](Index e, std::int64_t k) {
        s.initial_episodes.push_back({e, static_cast<std::uint32_t>(k)});
      });
}

}  // namespace

const Table& time_table() {
  static const Table t{
      "time",
      "time",
      "The appraisal window.",
      {
          custom<Scenario>(
              "start_year", year_type(), "first financial year appraised (1 April start)",
              [](LoadContext& c, const sim::YamlNode& v, const std::string& p, Scenario& s) {
                if (auto y = c.r.financial_year(v, p)) s.start_year = *y;
              })
              .must(),
          integer("years", &Scenario::years, 1, kMaxYears, "financial years appraised").must(),
          integer("warmup_years", &Scenario::warmup_years, 0, 100,
                  "years simulated before the window and left out of every figure")
              .or_else("0"),
      }};
  return t;
}

const Table& money_table() {
  static const Table t{
      "prices",
      "money",
      "Prices: every amount is real, at the price base year, unless it gives its own price_year.",
      {
          custom<Prices>(
              "price_base_year", year_type(), "the financial year whose prices all money is in",
              [](LoadContext& c, const sim::YamlNode& v, const std::string& p, Prices& pr) {
                if (auto y = c.r.financial_year(v, p)) pr.base = *y;
                c.r.set_base_origin(v, p);
              })
              .or_else("time.start_year"),
          custom<Prices>(
              "gdp_deflator",
              {"mapping from financial years to index values > 0, or \"published\"",
               {{"oneOf",
                 {{{"type", "object"},
                   {"additionalProperties", number_type(sim::Bounds::positive()).schema}},
                  {{"const", kPublished}}}}}},
              "the GDP deflator by financial year, to convert amounts from their price_year; "
              "a mapping replaces the shipped series whole",
              [](LoadContext& c, const sim::YamlNode& v, const std::string& p, Prices& pr) {
                read_deflator(c, v, p, pr);
              })
              .or_else("published: ONS YBGB (scenarios/data/gdp_deflator.csv)"),
      }};
  return t;
}

const Table& population_table() {
  static const Table t{"population",
                       "population",
                       "The families at the start and how they leave.",
                       {
                           integer("families", &Scenario::families, 0, 100000000,
                                   "families with complex needs at the start")
                               .or_else("0"),
                           param("leave_per_year", &Scenario::leave_per_year, kNeedRate,
                                 "hazard of a family leaving the place or the cohort")
                               .in("per family-year")
                               .or_else("0"),
                       }};
  return t;
}

const Table& targeting_table() {
  static const Table t{
      "targeting",
      "targeting",
      "How well commissioners pick the families a place would help most.",
      {
          number("accuracy", &Scenario::targeting_accuracy, sim::Bounds::probability(),
                 "correlation of the commissioners' risk score with each family's true expected "
                 "saving; 1 is perfect foresight of every family's hazards [U]")
              .or_else("0.5"),
      }};
  return t;
}

const Table& arrival_table() {
  static const Table t{
      "arrival",
      "arrivals[i]",
      "External Poisson arrivals of new families into a service.",
      {
          name_of("into", &ArrivalSpec::into, Names::service, "the service they join").must(),
          number("per_day", &ArrivalSpec::per_day, kPerDay, "arrival rate").must().in("per day"),
      }};
  return t;
}

const Table& initial_service_table() {
  static const Table t{
      "initial_service",
      "initial.services.NAME",
      "Families already in a service at the start.",
      {
          integer("in_service", &InitialService::in_service, 0, 10000000, "families being served")
              .or_else("0"),
          integer("waiting", &InitialService::waiting, 0, 10000000, "families in its queue")
              .or_else("0"),
      }};
  return t;
}

const Table& initial_table() {
  static const Table t{
      "initial",
      "initial",
      "The system as it stands on the first day: caseloads, queues and episodes under way.",
      {
          custom<Scenario>(
              "services", keyed_type("service", table_type(initial_service_table())),
              "families in service and waiting, by service",
              [](LoadContext& c, const sim::YamlNode& v, const std::string& p, Scenario& s) {
                c.keyed(
                    v, p, Names::service,
                    [&](const sim::YamlNode& x, const std::string& q) {
                      InitialService init;
                      return read_table(c, x, q, initial_service_table(), &init)
                                 ? std::optional(init)
                                 : std::nullopt;
                    },
                    [&](Index sv, InitialService init) {
                      init.service = sv;
                      s.initial_services.push_back(init);
                    });
              })
              .or_else("none"),
          custom<Scenario>("episodes", keyed_type("event", integer_type(0, 10000000)),
                           "families already in an event's episode (care, custody)",
                           read_initial_episodes)
              .or_else("none"),
      }};
  return t;
}

const Table& top_table() {
  static const Table t{
      "scenario",
      "(top level)",
      "A scenario.",
      {
          top("placesim", {"1", {{"const", 1}}}, "the format version", read_version)
              .must("start the file with 'placesim: 1'"),
          text("name", &Scenario::name, "a title").must(),
          text("description", &Scenario::description, "free text").or_else("empty"),
          top("time", table_type(time_table()), "the appraisal window",
              [](LoadContext& c, const sim::YamlNode& v, const std::string& p, Scenario& s) {
                read_table(c, v, p, time_table(), &s);
                c.r.set_first_year(s.start_year - s.warmup_years);
                c.r.set_base_origin(v.get("start_year"), sim::join_path(p, "start_year"));
                use_prices(c, Prices{s.start_year, {}, false}, s);
              })
              .must("time: {start_year: 2011, years: 10}"),
          top("money", table_type(money_table()), "prices and the GDP deflator",
              [](LoadContext& c, const sim::YamlNode& v, const std::string& p, Scenario& s) {
                Prices pr{s.price_base_year, {}, false};
                read_table(c, v, p, money_table(), &pr);
                use_prices(c, std::move(pr), s);
              })
              .or_else("prices of time.start_year, the published deflator"),
          integer("replications", &Scenario::replications, 1, 10000000, "Monte Carlo replications")
              .or_else("100"),
          integer("seed", &Scenario::seed, 0, INT64_MAX, "the master seed").or_else("1"),
          top("agencies", named_type(agency_table()), "the agencies",
              [](LoadContext& c, const sim::YamlNode& v, const std::string& p, Scenario& s) {
                read_named(c, v, p, Names::agency, agency_table(), s.agencies,
                           [](const std::string& name) {
                             AgencySpec a;
                             a.key = a.label = name;
                             return a;
                           });
              })
              .or_else("none"),
          top("needs", table_type(needs_table()), "the need dimensions",
              [](LoadContext& c, const sim::YamlNode& v, const std::string& p, Scenario& s) {
                read_table(c, v, p, needs_table(), &s);
              })
              .or_else("none"),
          top("population", table_type(population_table()), "the starting cohort",
              [](LoadContext& c, const sim::YamlNode& v, const std::string& p, Scenario& s) {
                read_table(c, v, p, population_table(), &s);
              })
              .or_else("no families, none leave"),
          top("targeting", table_type(targeting_table()), "how commissioners pick families",
              [](LoadContext& c, const sim::YamlNode& v, const std::string& p, Scenario& s) {
                read_table(c, v, p, targeting_table(), &s);
              })
              .or_else("accuracy 0.5"),
          top("arrivals", list_type(table_type(arrival_table())), "new families arriving",
              [](LoadContext& c, const sim::YamlNode& v, const std::string& p, Scenario& s) {
                read_list(c, v, p, arrival_table(), "{into: service, per_day: rate}", s.arrivals);
              })
              .or_else("none"),
          top("services", named_type(service_table()), "the services", read_services)
              .or_else("none"),
          top("events", named_type(event_table()), "the event types",
              [](LoadContext& c, const sim::YamlNode& v, const std::string& p, Scenario& s) {
                read_named(
                    c, v, p, Names::event, event_table(), s.events, [&](const std::string& name) {
                      EventSpec e;
                      e.key = e.label = name;
                      e.unit_cost.path = sim::join_path(sim::join_path(p, name), "unit_cost");
                      return e;
                    });
              })
              .or_else("none"),
          top("initial", table_type(initial_table()), "the starting state",
              [](LoadContext& c, const sim::YamlNode& v, const std::string& p, Scenario& s) {
                read_table(c, v, p, initial_table(), &s);
              })
              .or_else("empty services, no episodes"),
          top("regimes", named_type(regime_table()),
              "the regimes compared: a baseline and any number of options", read_regimes)
              .or_else("one baseline, siloed"),
          top("appraisal", table_type(appraisal_table()), "Green Book appraisal",
              [](LoadContext& c, const sim::YamlNode& v, const std::string& p, Scenario& s) {
                read_table(c, v, p, appraisal_table(), &s.appraisal);
              })
              .or_else("Green Book discounting, no optimism bias"),
          top("business_case", table_type(business_case_table()), "the claims to test",
              [](LoadContext& c, const sim::YamlNode& v, const std::string& p, Scenario& s) {
                read_table(c, v, p, business_case_table(), &s);
              })
              .or_else("none"),
          top("evaluation", table_type(evaluation_table()),
              "impact evaluations to emulate on the simulated families",
              [](LoadContext& c, const sim::YamlNode& v, const std::string& p, Scenario& s) {
                EvaluationSpec e;
                e.option = s.main_option();
                e.designs = {Design::before_after, Design::rct, Design::matched,
                             Design::true_effect};
                if (read_table(c, v, p, evaluation_table(), &e)) s.evaluation = e;
              })
              .or_else("none"),
      }};
  return t;
}

}  // namespace placesim::models::detail
