#pragma once
//! Just enough JSON writing for the report's data block: numbers (NaN and
//! infinities become null), strings (escaped, and "</" so the data can never
//! close its <script> tag), arrays and objects.

#include <sstream>
#include <string>
#include <vector>

namespace placesim::models::json {

//! A JSON number, or null when not finite.
std::string number(double v);
//! A JSON string.
std::string string(const std::string& s);
//! A JSON array of numbers.
std::string numbers(const std::vector<double>& v);
//! A JSON array of strings.
std::string strings(const std::vector<std::string>& v);

//! Builds {"key": value, ...} from already-encoded values.
class Object {
 public:
  //! Adds a member whose value is already JSON.
  Object& raw(const std::string& key, const std::string& json);
  //! Adds a number.
  Object& num(const std::string& key, double v) { return raw(key, number(v)); }
  //! Adds a string.
  Object& str(const std::string& key, const std::string& v) { return raw(key, string(v)); }
  //! The object's text.
  [[nodiscard]] std::string text() const { return "{" + body_ + "}"; }

 private:
  std::string body_;
};

//! Builds [v, ...] from already-encoded values.
std::string array(const std::vector<std::string>& encoded);

}  // namespace placesim::models::json
