// Reading a mapping by its table, and the value types of the scenario format.
#include "models/scenario/fields.h"

#include <cmath>
#include <limits>

namespace placesim::models::detail {
namespace {

using sim::Json;

// Numbers as YAML 1.1 readers (PyYAML) may see them: 6.8e6 has no dot, so it
// arrives as text; the schema must accept what the loader accepts.
Json numeric_text() {
  return {{"type", "string"},
          {"pattern", "^[-+]?([0-9]+([.][0-9]*)?|[.][0-9]+)([eE][-+]?[0-9]+)?$"}};
}

Json bounded_number(const sim::Bounds& b) {
  Json n = {{"type", "number"}};
  if (std::isfinite(b.lo)) n[b.lo_open ? "exclusiveMinimum" : "minimum"] = b.lo;
  if (std::isfinite(b.hi)) n[b.hi_open ? "exclusiveMaximum" : "maximum"] = b.hi;
  return n;
}

Json ref(const std::string& definition) { return {{"$ref", "#/definitions/" + definition}}; }

}  // namespace

std::vector<std::string> Table::keys() const {
  std::vector<std::string> out;
  for (const Field& f : fields) out.push_back(f.key);
  return out;
}

bool read_table(LoadContext& c, const sim::YamlNode& node, const std::string& path, const Table& t,
                void* target) {
  if (!c.r.keys(node, path, t.keys())) return false;
  for (const Field& f : t.fields) {
    const sim::YamlNode v = node.get(f.key);
    if (!v.defined()) {
      if (f.required)
        c.r.error(node, sim::join_path(path, f.key), "missing required key '" + f.key + "'",
                  f.example.empty() ? f.doc : f.doc + ", e.g. " + f.example);
      continue;
    }
    f.read(c, v, sim::join_path(path, f.key), target);
  }
  return true;
}

ValueType number_type(const sim::Bounds& b) {
  return {b.words, {{"oneOf", {bounded_number(b), numeric_text()}}}};
}

ValueType integer_type(std::int64_t lo, std::int64_t hi) {
  return {"whole number from " + std::to_string(lo) + " to " + std::to_string(hi),
          {{"type", "integer"}, {"minimum", lo}, {"maximum", hi}}};
}

ValueType text_type() { return {"text", {{"type", "string"}}}; }
ValueType boolean_type() { return {"true or false", {{"type", "boolean"}}}; }

ValueType choice_type(const std::vector<std::string>& options) {
  return {"one of: " + sim::join_names(options), {{"enum", options}}};
}

ValueType name_type(const std::string& what) { return {what + " name", ref("name")}; }

ValueType param_type(const sim::Bounds& b) {
  return {std::string(b.words) + ", or a distribution",
          {{"oneOf", {bounded_number(b), numeric_text(), ref("distribution")}}}};
}

ValueType money_type() { return {"money: £, {gbp, price_year} or a distribution", ref("money")}; }
ValueType duration_type() { return {"days, or a distribution in days", ref("duration")}; }
ValueType payer_type() { return {"agency name, or {agency: share} summing to 1", ref("payer")}; }
ValueType year_type() { return {"financial year: 2011 or \"2011/12\"", ref("financial_year")}; }

ValueType by_year_type(const sim::Bounds& b) {
  const Json one = {{"oneOf", {bounded_number(b), numeric_text()}}};
  return {std::string(b.words) + ", or a list with one per simulated year",
          {{"oneOf", {one, {{"type", "array"}, {"items", one}}}}}};
}

ValueType table_type(const Table& t) { return {"mapping (see " + t.where + ")", ref(t.name)}; }

ValueType named_type(const Table& t) {
  return {
      "mapping from names to " + t.where + " mappings",
      {{"type", "object"}, {"propertyNames", ref("name")}, {"additionalProperties", ref(t.name)}}};
}

ValueType list_type(const ValueType& element, std::size_t exactly) {
  Json a = {{"type", "array"}, {"items", element.schema}};
  std::string words = "list of " + element.words;
  if (exactly) {
    a["minItems"] = exactly;
    a["maxItems"] = exactly;
    words = "list of " + std::to_string(exactly) + ": " + element.words;
  }
  return {words, a};
}

ValueType keyed_type(const std::string& what, const ValueType& value) {
  return {
      "mapping from " + what + " names to " + value.words,
      {{"type", "object"}, {"propertyNames", ref("name")}, {"additionalProperties", value.schema}}};
}

const char* names_word(Names which) {
  switch (which) {
    case Names::agency:
      return "agency";
    case Names::need:
      return "need";
    case Names::event:
      return "event";
    case Names::service:
      return "service";
  }
  return "name";
}

}  // namespace placesim::models::detail
