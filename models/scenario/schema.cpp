// The JSON Schema and the key reference of the scenario format, both
// generated from the loader's tables (models/scenario/tables_*.cpp).
#include "models/scenario/schema.h"

#include <sstream>

#include "models/scenario/load.h"
#include "models/scenario/tables.h"

namespace placesim::models {
namespace {

using sim::Json;

Json number() {
  return {{"oneOf",
           {{{"type", "number"}},
            {{"type", "string"}, {"pattern", "^[-+]?[0-9.]+([eE][-+]?[0-9]+)?$"}}}}};
}

Json positive() { return {{"type", "number"}, {"exclusiveMinimum", 0}}; }

// One object per kind of distribution, its parameter keys ending in `unit`
// ("_days" for durations), with the bounds the loader checks.
Json distributions(const std::string& unit, const Json& extra) {
  struct Kind {
    const char* name;
    std::vector<std::pair<std::string, Json>> params;
  };
  const std::string value = unit.empty() ? "value" : unit.substr(1);
  const Kind kinds[] = {
      {"constant", {{value, number()}}},
      {"exponential", {{"mean" + unit, positive()}}},
      {"gamma", {{"mean" + unit, positive()}, {"sd" + unit, positive()}}},
      {"lognormal", {{"mean" + unit, positive()}, {"sd" + unit, positive()}}},
      {"normal", {{"mean" + unit, number()}, {"sd" + unit, {{"type", "number"}, {"minimum", 0}}}}},
      {"beta",
       {{"mean" + unit, {{"type", "number"}, {"exclusiveMinimum", 0}, {"exclusiveMaximum", 1}}},
        {"sd" + unit, positive()}}},
      {"uniform", {{"min" + unit, number()}, {"max" + unit, number()}}},
      {"triangular",
       {{"min" + unit, number()}, {"mode" + unit, number()}, {"max" + unit, number()}}},
  };
  // Each kind once as itself; in a mixture's components, each with its p
  // (and a constant also as 'point').
  auto kind_objects = [&](const Json& more, bool point) {
    Json any = Json::array();
    for (const Kind& k : kinds) {
      Json props = {{"dist", {{"const", k.name}}}};
      if (point && std::string(k.name) == "constant")
        props["dist"] = {{"enum", {"constant", "point"}}};
      Json required = {"dist"};
      for (const auto& [key, type] : k.params) {
        props[key] = type;
        required.push_back(key);
      }
      for (const auto& [key, type] : more.items()) {
        props[key] = type;
        if (key == "p") required.push_back(key);
      }
      any.push_back({{"type", "object"},
                     {"properties", props},
                     {"required", required},
                     {"additionalProperties", false}});
    }
    return any;
  };
  Json any = kind_objects(extra, true);
  Json component = extra;
  component["p"] = {{"type", "number"}, {"exclusiveMinimum", 0}, {"maximum", 1}};
  Json mixture = {{"dist", {{"const", "mixture"}}},
                  {"components",
                   {{"type", "array"},
                    {"minItems", 2},
                    {"items", {{"oneOf", kind_objects(component, true)}}}}}};
  for (const auto& [key, type] : extra.items()) mixture[key] = type;
  any.push_back(
      {{"type", "object"},
       {"properties", mixture},
       {"required", {"dist", "components"}},
       {"additionalProperties", false},
       {"description",
        "A mixture: each component with its probability p (summing to 1); a 'point' "
        "(constant) component is a point mass, e.g. the chance that an effect is null."}});
  return {{"oneOf", any}};
}

// Financial years written "2011/12": the second year must follow the first.
std::string year_pattern() {
  std::string alternatives;
  for (int y = 0; y < 100; ++y) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "%02d/%02d", y, (y + 1) % 100);
    alternatives += (alternatives.empty() ? "" : "|") + std::string(buf);
  }
  return "^((19|20|21)(" + alternatives + ")|2200/01)$";
}

Json definitions() {
  Json d;
  d["name"] = {{"type", "string"},
               {"pattern", "^[a-z][a-z0-9_]*$"},
               {"description", "A name: a lower-case letter, then a-z, 0-9 and _."}};
  d["financial_year"] = {
      {"description", "A financial year, written 2011 or \"2011/12\" (it starts on 1 April)."},
      {"oneOf",
       {{{"type", "integer"}, {"minimum", 1900}, {"maximum", 2200}},
        {{"type", "string"}, {"pattern", year_pattern()}}}}};
  d["distribution"] = distributions("", Json::object());
  d["distribution"]["description"] =
      "A distribution: drawn once per replication, the same draw in every regime.";
  const Json price_year = {{"price_year", {{"$ref", "#/definitions/financial_year"}}}};
  d["money"] = {
      {"description",
       "Pounds: a number at base-year prices, {gbp: X, price_year: Y}, or a distribution "
       "with an optional price_year."},
      {"oneOf",
       {{{"type", "number"}, {"minimum", 0}},
        {{"type", "object"},
         {"properties",
          {{"gbp",
            {{"oneOf",
              {{{"type", "number"}, {"minimum", 0}}, {{"$ref", "#/definitions/distribution"}}}}}},
           {"price_year", {{"$ref", "#/definitions/financial_year"}}}}},
         {"required", {"gbp"}},
         {"additionalProperties", false}},
        distributions("", price_year)}}};
  d["duration"] = {
      {"description",
       "Days: a number, or a distribution such as {dist: exponential, mean_days: 2}."},
      {"oneOf", {{{"type", "number"}, {"minimum", 0}}, distributions("_days", Json::object())}}};
  d["payer"] = {
      {"description", "An agency name, or {agency: share, ...} with shares summing to 1."},
      {"oneOf",
       {{{"$ref", "#/definitions/name"}},
        {{"type", "object"},
         {"propertyNames", {{"$ref", "#/definitions/name"}}},
         {"additionalProperties", {{"type", "number"}, {"minimum", 0}, {"maximum", 1}}}}}}};
  for (const detail::Table* t : detail::scenario_tables()) {
    Json props = Json::object(), required = Json::array();
    for (const detail::Field& f : t->fields) {
      Json p = f.type.schema;
      p["description"] = f.doc + (f.unit.empty() ? "" : " (" + f.unit + ")");
      props[f.key] = p;
      if (f.required) required.push_back(f.key);
    }
    Json def = {{"type", "object"},
                {"description", t->doc},
                {"properties", props},
                {"additionalProperties", false}};
    if (!required.empty()) def["required"] = required;
    d[t->name] = def;
  }
  return d;
}

std::string cell(std::string s) {
  for (std::size_t i = 0; (i = s.find('|', i)) != std::string::npos; i += 2) s.replace(i, 1, "\\|");
  return s;
}

}  // namespace

std::string scenario_schema_text() {
  Json schema = {
      {"$schema", "http://json-schema.org/draft-07/schema#"},
      {"$id", "https://placesim.example/schema/scenario-" + std::to_string(kScenarioFormatVersion) +
                  ".json"},
      {"title", "placesim scenario, format version " + std::to_string(kScenarioFormatVersion)},
      {"description",
       "Scenario files for placesim, generated from the loader's own tables; see "
       "docs/scenario-format.md. Money is in pounds, real; time in days unless a key "
       "says years."},
      // A file that extends another holds only what differs, so its keys are
      // checked once merged (placesim validate), not here.
      {"if", {{"required", {"extends"}}}},
      {"then",
       {{"type", "object"},
        {"properties",
         {{"extends",
           {{"type", "string"},
            {"description",
             "The scenario file this one starts from, relative to this one; "
             "maps merge key by key; lists, values and distributions are replaced whole."}}}}}}},
      {"else", {{"$ref", "#/definitions/scenario"}}},
      {"definitions", definitions()}};
  return schema.dump(2) + "\n";
}

std::string scenario_key_reference() {
  std::ostringstream o;
  for (const detail::Table* t : detail::scenario_tables()) {
    o << "### `" << t->where << "`\n\n" << t->doc << "\n\n";
    o << "| Key | Takes | Unit | If absent | Meaning |\n|---|---|---|---|---|\n";
    for (const detail::Field& f : t->fields) {
      o << "| `" << f.key << "` | " << cell(f.type.words) << " | " << cell(f.unit) << " | "
        << (f.required ? "**required**" : cell(f.default_text)) << " | " << cell(f.doc) << " |\n";
    }
    o << "\n";
  }
  return o.str();
}

}  // namespace placesim::models

namespace placesim::models::detail {

const std::vector<const Table*>& scenario_tables() {
  static const std::vector<const Table*> all = {
      &top_table(),
      &time_table(),
      &money_table(),
      &agency_table(),
      &needs_table(),
      &need_table(),
      &population_table(),
      &targeting_table(),
      &arrival_table(),
      &service_table(),
      &eligible_table(),
      &effect_table(),
      &referral_table(),
      &event_table(),
      &episode_table(),
      &replaces_table(),
      &follow_on_table(),
      &initial_table(),
      &initial_service_table(),

      &regime_table(),
      &mechanisms_table(),
      &payment_table(),
      &appraisal_table(),
      &optimism_table(),
      &grades_table(),
      &band_table(),
      &business_case_table(),
      &claim_table(),
      &scope_table(),
      &evaluation_table(),
      &results_rule_table(),
  };
  return all;
}

}  // namespace placesim::models::detail
