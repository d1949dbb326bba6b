#pragma once
// Parsing a command's options with Boost.Program_options, turning its errors
// into UsageErrors that name the command.

#include <boost/program_options.hpp>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <iostream>
#include <string>
#include <utility>
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

//! --shard K/N read as (K, N), 1 <= K <= N; anything else is a usage error of `command`.
inline std::pair<std::uint64_t, std::uint64_t> parse_shard(const std::string& command,
                                                           const std::string& text) {
  unsigned long long k = 0, n = 0;
  char slash = 0, extra = 0;
  if (std::sscanf(text.c_str(), "%llu%c%llu%c", &k, &slash, &n, &extra) != 3 || slash != '/' ||
      k < 1 || k > n)
    throw UsageError(command + ": --shard takes K/N with 1 <= K <= N, e.g. --shard 3/8 (got '" +
                     text + "')");
  return {k, n};
}

//! How many replications to run, from which seed, on how many threads.
struct RunCounts {
  std::uint64_t replications = 1;  //!< -r, else the scenario's
  std::uint64_t seed = 0;          //!< --seed, else the scenario's
  int threads = 0;                 //!< --threads (0: all cores)
};

//! -r, --seed and --threads, each checked, defaulting to the scenario's values.
inline RunCounts run_counts(const po::variables_map& vm, std::uint64_t replications,
                            std::uint64_t seed) {
  RunCounts c;
  c.replications = vm.count("replications") ? count_option(vm, "replications", 1, kMaxReplications)
                                            : replications;
  c.seed = vm.count("seed") ? count_option(vm, "seed", 0, INT64_MAX) : seed;
  c.threads = static_cast<int>(count_option(vm, "threads", 0, 4096));
  return c;
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

//! The declared long option nearest to `given` ("--reps" finds "--replications"):
//! one whose name holds the given letters in order from the same first letter,
//! else one at most two edits away; empty when none is close.
inline std::string nearest_option(const po::options_description& all, std::string given) {
  while (!given.empty() && given.front() == '-') given.erase(0, 1);
  given = given.substr(0, given.find('='));
  if (given.empty()) return {};
  auto in_order = [&](const std::string& name) {
    std::size_t k = 0;
    for (char ch : name) k += k < given.size() && ch == given[k] ? 1 : 0;
    return name.front() == given.front() && k == given.size();
  };
  auto edits = [&](const std::string& name) {
    std::vector<std::size_t> row(name.size() + 1);
    for (std::size_t j = 0; j <= name.size(); ++j) row[j] = j;
    for (std::size_t i = 1; i <= given.size(); ++i) {
      std::size_t diag = row[0];
      row[0] = i;
      for (std::size_t j = 1; j <= name.size(); ++j) {
        const std::size_t up = row[j];
        row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (given[i - 1] != name[j - 1])});
        diag = up;
      }
    }
    return row[name.size()];
  };
  std::string best;
  std::size_t best_edits = 3;
  for (const auto& o : all.options()) {
    std::string name = o->long_name();
    if (name.empty() || name == given) continue;
    if (in_order(name)) return name;
    if (const std::size_t e = edits(name); e < best_edits) {
      best_edits = e;
      best = name;
    }
  }
  return best;
}

// Parses args; prints help and returns false when --help was given.
inline bool parse_options(const std::string& command, const std::string& usage,
                          const po::options_description& visible,
                          const po::options_description& all,
                          const po::positional_options_description& positional,
                          const std::vector<std::string>& args, po::variables_map& vm) {
  // "--set KEY VALUE" (a space for '=') would otherwise read VALUE as a file.
  for (std::size_t i = 0; i + 1 < args.size(); ++i) {
    if (args[i] == "--set" && args[i + 1].find('=') == std::string::npos)
      throw UsageError("--set " + args[i + 1] +
                       ": an override must look like PATH=VALUE, with no spaces around '=' " +
                       "(e.g. --set " + args[i + 1] +
                       (i + 2 < args.size() ? "=" + args[i + 2] : std::string("=VALUE")) + ")");
  }
  try {
    po::store(po::command_line_parser(args).options(all).positional(positional).run(), vm);
    if (vm.count("help")) {
      std::cout << "Usage: placesim " << command << " " << usage << "\n\n" << visible << "\n";
      return false;
    }
    po::notify(vm);
  } catch (const po::unknown_option& e) {
    const std::string near = nearest_option(all, e.get_option_name());
    throw UsageError(command + ": " + e.what() +
                     (near.empty() ? "" : "; did you mean --" + near + "?") + " (see 'placesim " +
                     command + " --help')");
  } catch (const po::error& e) {
    throw UsageError(command + ": " + e.what() + " (see 'placesim " + command + " --help')");
  }
  return true;
}

}  // namespace placesim::cli
