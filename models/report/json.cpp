#include "models/report/json.h"

#include <cmath>
#include <cstdio>

namespace placesim::models::json {

std::string number(double v) {
  if (!std::isfinite(v)) return "null";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.10g", v);
  return buf;
}

std::string string(const std::string& s) {
  std::string o = "\"";
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    switch (c) {
      case '"': o += "\\\""; break;
      case '\\': o += "\\\\"; break;
      case '\n': o += "\\n"; break;
      case '\r': o += "\\r"; break;
      case '\t': o += "\\t"; break;
      case '/': o += (i > 0 && s[i - 1] == '<') ? "\\/" : "/"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          o += buf;
        } else {
          o += c;
        }
    }
  }
  return o + "\"";
}

std::string numbers(const std::vector<double>& v) {
  std::string o = "[";
  for (std::size_t i = 0; i < v.size(); ++i) o += (i ? "," : "") + number(v[i]);
  return o + "]";
}

std::string strings(const std::vector<std::string>& v) {
  std::string o = "[";
  for (std::size_t i = 0; i < v.size(); ++i) o += (i ? "," : "") + string(v[i]);
  return o + "]";
}

std::string array(const std::vector<std::string>& encoded) {
  std::string o = "[";
  for (std::size_t i = 0; i < encoded.size(); ++i) o += (i ? "," : "") + encoded[i];
  return o + "]";
}

Object& Object::raw(const std::string& key, const std::string& json) {
  body_ += (body_.empty() ? "" : ",") + string(key) + ":" + json;
  return *this;
}

}  // namespace placesim::models::json
