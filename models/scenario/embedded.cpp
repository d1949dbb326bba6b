// Access to the texts compiled into the binary (see tools/cmake/embed.cmake).
#include "models/scenario/load.h"

namespace placesim::embedded {
extern const std::string_view default_scenario;
}  // namespace placesim::embedded

namespace placesim::models {

std::string_view default_scenario_text() { return embedded::default_scenario; }

}  // namespace placesim::models
