#pragma once
// The scenario format as data: one table per kind of mapping, each key with
// its type, bounds, unit, default and meaning. The same tables check and read
// a scenario, print its JSON Schema (placesim schema) and write the key
// reference of docs/scenario-format.md, so the four can never disagree.
// Private to models/scenario.

#include <functional>
#include <string>
#include <vector>

#include "models/scenario/load_context.h"
#include "sim/io/json.h"

namespace placesim::models::detail {

//! How a value is described: words for the docs and a JSON Schema fragment.
struct ValueType {
  std::string words;  //!< e.g. "number > 0", "agency name"
  sim::Json schema;   //!< e.g. {"type": "number", "exclusiveMinimum": 0}
};

struct Table;

//! One key of a mapping: how it is read, checked and documented.
struct Field {
  std::string key;               //!< as written
  ValueType type;                //!< what it takes
  std::string doc;               //!< what it means, one line
  std::string unit;              //!< e.g. "£ a year" ("" when none)
  std::string default_text;      //!< the value when absent ("" when none)
  bool required = false;         //!< absence is an error
  std::string example;           //!< shown when a required key is missing
  const Table* table = nullptr;  //!< a nested mapping, documented in its own section
  //! Reads the value at `node` (present) into the object `target`.
  std::function<void(LoadContext&, const sim::YamlNode& node, const std::string& path,
                     void* target)>
      read;

  //! Marks the key required.
  Field& must() {
    required = true;
    return *this;
  }
  //! Marks the key required, with an example for the message when it is missing.
  Field& must(std::string eg) {
    required = true;
    example = std::move(eg);
    return *this;
  }
  //! States the value used when the key is absent.
  Field& or_else(std::string text) {
    default_text = std::move(text);
    return *this;
  }
  //! States the unit.
  Field& in(std::string u) {
    unit = std::move(u);
    return *this;
  }
};

//! The keys of one kind of mapping.
struct Table {
  std::string name;           //!< schema definition name, e.g. "service"
  std::string where;          //!< where it occurs, e.g. "services.NAME"
  std::string doc;            //!< what it is
  std::vector<Field> fields;  //!< its keys, in documentation order
  //! The key names, in order.
  [[nodiscard]] std::vector<std::string> keys() const;
};

//! Checks `node` is a mapping of the table's keys (unknown, duplicate and
//! missing keys are errors) and reads every key present into `target`, in
//! table order. False when `node` is not a mapping.
bool read_table(LoadContext& c, const sim::YamlNode& node, const std::string& path, const Table& t,
                void* target);

//! Every table, the top level first, in the order the docs list them.
const std::vector<const Table*>& scenario_tables();

// ---- value types --------------------------------------------------------

ValueType number_type(const sim::Bounds& b);                     //!< a number within bounds
ValueType integer_type(std::int64_t lo, std::int64_t hi);        //!< a whole number
ValueType text_type();                                           //!< a line of text
ValueType boolean_type();                                        //!< true or false
ValueType choice_type(const std::vector<std::string>& options);  //!< one of some words
ValueType name_type(const std::string& what);                    //!< the name of an agency, need...
ValueType param_type(const sim::Bounds& b);                      //!< a number or a distribution
ValueType money_type();                        //!< £: number, {gbp, price_year} or distribution
ValueType duration_type();                     //!< days: number or distribution
ValueType by_year_type(const sim::Bounds& b);  //!< a number or one per simulated year
ValueType payer_type();                        //!< an agency or {agency: share}
ValueType year_type();                         //!< a financial year
ValueType table_type(const Table& t);          //!< a nested mapping
ValueType named_type(const Table& t);          //!< {name: mapping, ...}
ValueType list_type(const ValueType& element, std::size_t exactly = 0);  //!< a list
ValueType keyed_type(const std::string& what, const ValueType& value);   //!< {name of what: value}

// ---- fields bound to members --------------------------------------------

//! A field read by `fn(c, node, path, object)`.
template <class T>
Field custom(std::string key, ValueType type, std::string doc,
             std::function<void(LoadContext&, const sim::YamlNode&, const std::string&, T&)> fn) {
  Field f{std::move(key), std::move(type), std::move(doc), {}, {}, false, {}, nullptr, {}};
  f.read = [fn = std::move(fn)](LoadContext& c, const sim::YamlNode& n, const std::string& p,
                                void* t) { fn(c, n, p, *static_cast<T*>(t)); };
  return f;
}

//! A number within bounds.
template <class T>
Field number(std::string key, double T::*m, const sim::Bounds& b, std::string doc) {
  return custom<T>(std::move(key), number_type(b), std::move(doc),
                   [m, b](LoadContext& c, const sim::YamlNode& n, const std::string& p, T& t) {
                     if (auto v = c.r.number(n, p, b)) t.*m = *v;
                   });
}

//! A whole number in [lo, hi], stored in any integer member.
template <class T, class I>
Field integer(std::string key, I T::*m, std::int64_t lo, std::int64_t hi, std::string doc) {
  return custom<T>(std::move(key), integer_type(lo, hi), std::move(doc),
                   [m, lo, hi](LoadContext& c, const sim::YamlNode& n, const std::string& p, T& t) {
                     if (auto v = c.r.integer(n, p, lo, hi)) t.*m = static_cast<I>(*v);
                   });
}

//! A line of text.
template <class T>
Field text(std::string key, std::string T::*m, std::string doc) {
  return custom<T>(std::move(key), text_type(), std::move(doc),
                   [m](LoadContext& c, const sim::YamlNode& n, const std::string& p, T& t) {
                     if (auto v = c.r.text(n, p)) t.*m = *v;
                   });
}

//! true or false.
template <class T>
Field boolean(std::string key, bool T::*m, std::string doc) {
  return custom<T>(std::move(key), boolean_type(), std::move(doc),
                   [m](LoadContext& c, const sim::YamlNode& n, const std::string& p, T& t) {
                     if (auto v = c.r.boolean(n, p)) t.*m = *v;
                   });
}

//! One of `options`, stored as the enum value of its position.
template <class T, class E>
Field choice(std::string key, E T::*m, const std::vector<std::string>& options, std::string doc) {
  ValueType type = choice_type(options);
  return custom<T>(
      std::move(key), std::move(type), std::move(doc),
      [m, options](LoadContext& c, const sim::YamlNode& n, const std::string& p, T& t) {
        if (auto k = c.r.choice(n, p, options)) t.*m = static_cast<E>(*k);
      });
}

//! The name of an agency, need, event or service.
template <class T>
Field name_of(std::string key, Index T::*m, Names which, std::string doc) {
  return custom<T>(std::move(key), name_type(names_word(which)), std::move(doc),
                   [m, which](LoadContext& c, const sim::YamlNode& n, const std::string& p, T& t) {
                     if (auto i = c.r.ref(n, p, c.names(which), names_word(which))) t.*m = *i;
                   });
}

//! A number or a distribution drawn per replication, within bounds.
template <class T>
Field param(std::string key, Param T::*m, const sim::Bounds& b, std::string doc) {
  return custom<T>(std::move(key), param_type(b), std::move(doc),
                   [m, b](LoadContext& c, const sim::YamlNode& n, const std::string& p, T& t) {
                     if (auto v = c.r.param(n, p, b)) t.*m = *v;
                   });
}

//! Money in base-year pounds (converted from its price year).
template <class T>
Field money(std::string key, Param T::*m, std::string doc) {
  return custom<T>(std::move(key), money_type(), std::move(doc),
                   [m](LoadContext& c, const sim::YamlNode& n, const std::string& p, T& t) {
                     if (auto v = c.r.money(n, p)) t.*m = *v;
                   });
}

//! A duration in days.
template <class T>
Field duration(std::string key, sim::Distribution T::*m, std::string doc) {
  return custom<T>(std::move(key), duration_type(), std::move(doc),
                   [m](LoadContext& c, const sim::YamlNode& n, const std::string& p, T& t) {
                     if (auto v = c.r.duration(n, p)) t.*m = *v;
                   });
}

//! Who pays: an agency, or shares of several.
template <class T>
Field payer(std::string key, PayerSplit T::*m, std::string doc) {
  return custom<T>(std::move(key), payer_type(), std::move(doc),
                   [m](LoadContext& c, const sim::YamlNode& n, const std::string& p, T& t) {
                     if (auto v = c.payer(n, p)) t.*m = *v;
                   });
}

//! A nested mapping read into a member by its own table.
template <class T, class U>
Field section(std::string key, U T::*m, const Table& table, std::string doc) {
  Field f = custom<T>(std::move(key), table_type(table), std::move(doc),
                      [m, &table](LoadContext& c, const sim::YamlNode& n, const std::string& p,
                                  T& t) { read_table(c, n, p, table, &(t.*m)); });
  f.table = &table;
  return f;
}

}  // namespace placesim::models::detail
