// Access to the texts compiled into the binary (see tools/cmake/embed.cmake).
#include "models/scenario/load.h"
#include "models/scenario/schema.h"

namespace placesim::embedded {
extern const std::string_view default_scenario;
extern const std::string_view scenario_schema;
}  // namespace placesim::embedded

namespace placesim::models {

std::string_view default_scenario_text() { return embedded::default_scenario; }
std::string_view scenario_schema_text() { return embedded::scenario_schema; }

}  // namespace placesim::models
