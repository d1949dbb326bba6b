#pragma once
//! The scenario format described for people and editors, generated from the
//! tables the loader itself reads with: a JSON Schema and a key reference.

#include <string>

namespace placesim::models {

//! The JSON Schema of the scenario format, as `placesim schema` prints it.
std::string scenario_schema_text();
//! The key reference of docs/scenario-format.md (Markdown), as
//! `placesim schema --markdown` prints it.
std::string scenario_key_reference();

}  // namespace placesim::models
