#pragma once
// Parsing a command's options with Boost.Program_options, turning its errors
// into UsageErrors that name the command.

#include <boost/program_options.hpp>

#include <cstdint>
#include <iostream>
#include <string>
#include <vector>

#include "tools/cli/cli.h"

namespace placesim::cli {

namespace po = boost::program_options;

//! Most replications one command may run (bounded memory and time).
inline constexpr std::int64_t kMaxReplications = 10'000'000;

//! The option `name` (declared as a string) read as a whole number in [lo, hi];
//! anything else ("-1", "1e12", "ten") is a usage error that says what is allowed.
inline std::uint64_t count_option(const po::variables_map& vm, const std::string& name,
                                  std::int64_t lo, std::int64_t hi) {
  const std::string text = vm[name].as<std::string>();
  std::size_t used = 0;
  long long v = 0;
  bool ok = !text.empty() && text.find_first_not_of("0123456789") == std::string::npos;
  if (ok) {
    try {
      v = std::stoll(text, &used);
    } catch (const std::exception&) {
      ok = false;
    }
  }
  if (!ok || used != text.size() || v < lo || v > hi)
    throw UsageError("--" + name + ": '" + text + "' is not a whole number from " +
                     std::to_string(lo) + " to " + std::to_string(hi));
  return static_cast<std::uint64_t>(v);
}

//! The --set overrides, each checked to look like PATH=VALUE.
inline std::vector<std::string> set_options(const po::variables_map& vm) {
  auto sets =
      vm.count("set") ? vm["set"].as<std::vector<std::string>>() : std::vector<std::string>{};
  for (const std::string& s : sets) {
    if (s.find('=') == std::string::npos || s.front() == '=')
      throw UsageError("--set " + s +
                       ": an override must look like PATH=VALUE, with no spaces around '=' " +
                       "(e.g. --set services.key_worker.capacity=80)");
  }
  return sets;
}

// Parses args; prints help and returns false when --help was given.
inline bool parse_options(const std::string& command, const std::string& usage,
                          const po::options_description& visible,
                          const po::options_description& all,
                          const po::positional_options_description& positional,
                          const std::vector<std::string>& args, po::variables_map& vm) {
  try {
    po::store(po::command_line_parser(args).options(all).positional(positional).run(), vm);
    if (vm.count("help")) {
      std::cout << "Usage: placesim " << command << " " << usage << "\n\n" << visible << "\n";
      return false;
    }
    po::notify(vm);
  } catch (const po::error& e) {
    throw UsageError(command + ": " + e.what() + " (see 'placesim " + command + " --help')");
  }
  return true;
}

}  // namespace placesim::cli
