#include "tools/cli/cli.h"

#include <exception>
#include <iostream>

#include "models/results/results.h"
#include "models/studies/aggregate_file.h"
#include "models/studies/posterior.h"
#include "models/studies/sweep_table.h"
#include "placesim/version.h"
#include "sim/core/allocator.h"
#include "sim/io/diagnostics.h"
#include "sim/io/output_set.h"

namespace placesim::cli {

const std::vector<FileFormat>& file_formats() {
  static const std::vector<FileFormat> formats{
      {models::kResultsFiletype, models::kResultsFormatVersion, models::kResultsFormatVersion},
      {models::kSweepFiletype, models::kSweepFormatVersion, models::kSweepFormatVersion},
      {models::kShardFiletype, models::kSweepFormatVersion, models::kSweepFormatVersion},
      // read_posterior_h5 still reads format 1 (before the prior sample).
      {models::kPosteriorFiletype, models::kPosteriorFormatVersion,
       models::kPosteriorOldestFormatVersion},
      {models::kAggregateFiletype, models::kAggregateFormatVersion,
       models::kAggregateFormatVersion},
      {models::kAggregateShardFiletype, models::kAggregateFormatVersion,
       models::kAggregateFormatVersion},
      {kSwitchFiletype, kSwitchFormatVersion, kSwitchFormatVersion},
  };
  return formats;
}

const std::vector<Command>& commands() {
  static const std::vector<Command> list = {
      {"run", "run a scenario (the embedded default when no file is given)", run_command},
      {"validate", "check scenario files and report every problem", validate_command},
      {"init", "write the default scenario, commented, to start from", init_command},
      {"sweep", "run a parameter sweep (MPI-aware, shardable, resumable)", sweep_command},
      {"switch", "find the value of an input at which the NPV crosses zero", switch_command},
      {"calibrate", "fit a scenario's parameters to published figures (ABC-SMC)",
       calibrate_command},
      {"aggregate", "a national or regional total from places, with between-place uncertainty",
       aggregate_command},
      {"merge", "combine sweep shards into one results file", merge_command},
      {"report", "write a self-contained HTML report from a results file", report_command},
      {"schema", "print the JSON Schema of the scenario format", schema_command},
  };
  return list;
}

void print_error(const std::string& message) {
  std::cerr << "placesim: error: " << message << "\n";
}

namespace {

void print_help() {
  std::cout << "placesim " PLACESIM_VERSION
               ": simulate pooled versus siloed public-service budgets\n\n"
               "Usage: placesim COMMAND [OPTIONS]\n\nCommands:\n";
  for (const Command& c : commands()) {
    std::string name = c.name;
    name.resize(10, ' ');
    std::cout << "  " << name << c.summary << "\n";
  }
  std::cout << "\nRun 'placesim COMMAND --help' for a command's options.\n"
               "Exit status: 0 success, 1 failure while running, 2 bad input or usage.\n";
}

}  // namespace

int main(int argc, char** argv) {
  sim::install_interrupt_cleanup("placesim");
  sim::map_large_allocations();
  return dispatch(std::vector<std::string>(argv + 1, argv + argc));
}

int dispatch(const std::vector<std::string>& args) {
  if (args.empty()) {
    print_help();
    return kBadInput;
  }
  const std::string& first = args[0];
  if (first == "--help" || first == "-h" || first == "help") {
    print_help();
    return kOk;
  }
  if (first == "--version" || first == "-V") {
    std::cout << "placesim " PLACESIM_VERSION "\n";
    return kOk;
  }
  std::vector<std::string> names;
  for (const Command& c : commands()) {
    names.emplace_back(c.name);
    if (first != c.name) continue;
    try {
      return c.run(std::vector<std::string>(args.begin() + 1, args.end()));
    } catch (const sim::InputError& e) {
      std::cerr << e.diagnostics().format();
      return kBadInput;
    } catch (const UsageError& e) {
      print_error(e.what());
      return kBadInput;
    } catch (const sim::BadInput& e) {
      print_error(std::string(c.name) + ": " + e.what());
      return kBadInput;
    } catch (const std::exception& e) {
      print_error(std::string(c.name) + ": " + e.what());
      return kFailure;
    }
  }
  std::string hint = sim::closest_match(first, names);
  print_error("unknown command '" + first + "'" +
              (hint.empty() ? "" : "; did you mean '" + hint + "'?") +
              " (commands: " + sim::join_names(names) + ")");
  return kBadInput;
}

}  // namespace placesim::cli
