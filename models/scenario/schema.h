#pragma once
//! The JSON Schema of the scenario format (scenarios/placesim.schema.json).

#include <string_view>

namespace placesim::models {

//! The schema text, as `placesim schema` prints it.
std::string_view scenario_schema_text();

}  // namespace placesim::models
