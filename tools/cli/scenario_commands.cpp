// placesim validate, init and schema: working with scenario files.
#include <filesystem>
#include <fstream>
#include <iostream>

#include "models/scenario/load.h"
#include "models/scenario/schema.h"
#include "sim/io/output_set.h"
#include "tools/cli/options.h"

namespace placesim::cli {

int validate_command(const std::vector<std::string>& args) {
  po::options_description visible("Options");
  visible.add_options()("help,h", "show this help")(
      "set", po::value<std::vector<std::string>>()->composing(),
      "override a value by key path before checking, e.g. --set services.key_worker.capacity=80 "
      "(repeatable)")("effective",
                      "print each scenario as it will run: the files it extends merged in and the "
                      "overrides applied");
  po::options_description all;
  all.add(visible).add_options()("file", po::value<std::vector<std::string>>());
  po::positional_options_description pos;
  pos.add("file", -1);
  po::variables_map vm;
  if (!parse_options("validate", "FILE.yaml... [--set PATH=VALUE]... [--effective]", visible, all,
                     pos, args, vm))
    return kOk;
  if (!vm.count("file"))
    throw UsageError("validate: give at least one scenario file (see 'placesim validate --help')");
  auto sets = set_options(vm);
  int status = kOk;
  for (const std::string& file : vm["file"].as<std::vector<std::string>>()) {
    try {
      models::Loaded l = models::load_scenario_file(file, sets);
      const models::Scenario& s = l.scenario;
      for (const std::string& w : l.warnings)
        std::cerr << "placesim: warning: " << file << ": " << w << "\n";
      if (vm.count("effective")) {
        std::cout << "# " << file << ", as it will run\n" << s.effective_yaml;
        continue;
      }
      std::cout << file << ": ok (" << s.families << " families, " << s.needs.size()
                << " need dimensions, " << s.events.size() << " event types, " << s.services.size()
                << " services, " << s.regimes.size()
                << (s.regimes.size() == 1 ? " regime" : " regimes") << ", " << s.years
                << " years from " << s.year_label(0) << ")\n";
    } catch (const sim::InputError& e) {
      std::cerr << e.diagnostics().format();
      status = kBadInput;
    }
  }
  return status;
}

int init_command(const std::vector<std::string>& args) {
  po::options_description visible("Options");
  visible.add_options()("help,h", "show this help")("force,f", "overwrite NEW.yaml if it exists");
  po::options_description all;
  all.add(visible).add_options()("file", po::value<std::string>());
  po::positional_options_description pos;
  pos.add("file", 1);
  po::variables_map vm;
  if (!parse_options("init", "[NEW.yaml] [--force]", visible, all, pos, args, vm)) return kOk;
  const std::string_view text = models::default_scenario_text();
  if (!vm.count("file")) {
    std::cout << text;
    return kOk;
  }
  const std::string file = vm["file"].as<std::string>();
  sim::OutputSet out(vm.count("force") > 0);
  sim::write_text(out.add(file, "scenario file"), text);
  out.commit();
  std::cerr << "placesim: wrote the default scenario to " << file
            << "; edit it, then check it with 'placesim validate " << file << "'\n";
  return kOk;
}

int schema_command(const std::vector<std::string>& args) {
  po::options_description visible("Options");
  visible.add_options()("help,h", "show this help")(
      "markdown", "print the key reference of docs/scenario-format.md instead");
  po::variables_map vm;
  if (!parse_options("schema", "[--markdown]", visible, visible, {}, args, vm)) return kOk;
  std::cout << (vm.count("markdown") ? models::scenario_key_reference()
                                     : models::scenario_schema_text());
  return kOk;
}

}  // namespace placesim::cli
