#pragma once
//! Running another program (a headless browser) without a shell, with a time
//! limit, through Boost.Process.

#include <chrono>
#include <string>
#include <vector>

namespace placesim::sim {

//! The first of `names` found on PATH, or the value of the environment
//! variable `override_env` when it is set; "" when none is found.
std::string find_program(const std::vector<std::string>& names, const char* override_env = nullptr);
//! Runs argv[0] with the rest as arguments, output discarded, and returns its
//! exit status; kills it and everything it started after `limit` (and returns -1).
//! Throws when it cannot be started.
int run_program(const std::vector<std::string>& argv, std::chrono::seconds limit);

}  // namespace placesim::sim
