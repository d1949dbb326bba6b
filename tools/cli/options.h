#pragma once
// Parsing a command's options with Boost.Program_options, turning its errors
// into UsageErrors that name the command.

#include <boost/program_options.hpp>

#include <iostream>
#include <string>
#include <vector>

#include "tools/cli/cli.h"

namespace placesim::cli {

namespace po = boost::program_options;

// Parses args; prints help and returns false when --help was given.
inline bool parse_options(const std::string& command, const std::string& usage,
                          const po::options_description& visible, const po::options_description& all,
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
