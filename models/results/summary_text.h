#pragma once
//! The short table `placesim run` prints at the end: the headline figures
//! with their intervals, the payback year, the claims and who pays and gains.

#include <string>

#include "models/results/results.h"

namespace placesim::models {

//! The summary, ready to print (several lines, ending in a newline).
std::string summary_text(const Results& r);
//! Money in words for tables: "£2.31m", "-£450k", "£6,300".
std::string format_money(double gbp);
//! printf into a string as long as it needs to be (labels come from users).
std::string formatted(const char* format, ...) __attribute__((format(printf, 1, 2)));

}  // namespace placesim::models
