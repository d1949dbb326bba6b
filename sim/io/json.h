#pragma once
//! JSON through nlohmann-json, and its one use that needs care here: data
//! embedded in an HTML page, where no text may close the <script> element.

#include <nlohmann/json.hpp>
#include <string>

namespace placesim::sim {

using Json = nlohmann::ordered_json;  //!< keys keep the order they were added in

//! The JSON text with <, > and & as \u escapes (so nothing in it can end a
//! <script> element or open a comment), NaN and infinities as null, and
//! invalid UTF-8 replaced.
std::string json_for_html(const Json& value);

}  // namespace placesim::sim
