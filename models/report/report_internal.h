#pragma once
// Private to models/report: pieces of the report page.

#include <string>

#include "models/results/results.h"

namespace placesim::models {

// The JSON object the page's script draws from.
std::string report_data_json(const Results& r);
// The page; with `only` set to a chart id, a page with that chart alone.
std::string report_page(const Results& r, const std::string& only);

}  // namespace placesim::models
