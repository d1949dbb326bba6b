// placesim validate, init and schema: working with scenario files.
#include <filesystem>
#include <fstream>
#include <iostream>

#include "models/scenario/load.h"
#include "models/scenario/scaling.h"
#include "models/scenario/schema.h"
#include "models/studies/aggregate_spec.h"
#include "models/studies/calibration_spec.h"
#include "sim/io/output_set.h"
#include "sim/io/yaml_document.h"
#include "tools/cli/options.h"

namespace placesim::cli {

namespace {

enum class FileKind { scenario, calibration, aggregate };

// Calibration and aggregate files start with their own version keys
// (placesim_calibration, placesim_aggregate); anything else is read as a
// scenario, whose loader says what is wrong with it.
FileKind file_kind(const std::string& file) {
  sim::Diagnostics d;
  const auto text = sim::read_text_file(file, d);
  if (!text) return FileKind::scenario;
  const auto doc = sim::parse_yaml(*text, file, d);
  if (!doc || !doc->root.is_map()) return FileKind::scenario;
  if (doc->root.get("placesim_calibration").defined()) return FileKind::calibration;
  if (doc->root.get("placesim_aggregate").defined()) return FileKind::aggregate;
  return FileKind::scenario;
}

}  // namespace

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
    throw UsageError(
        "validate: give at least one scenario, calibration or aggregate file (see 'placesim "
        "validate --help')");
  auto sets = set_options(vm);
  if (!sets.empty() || vm.count("effective")) {
    for (const std::string& file : vm["file"].as<std::vector<std::string>>()) {
      const FileKind kind = file_kind(file);
      if (kind == FileKind::calibration)  // not ignored in silence
        throw UsageError("validate: " + file +
                         " is a calibration file; --set and --effective apply to scenarios (a "
                         "calibration's overrides go in its 'set:')");
      if (kind == FileKind::aggregate)
        throw UsageError("validate: " + file +
                         " is an aggregate file; --set and --effective apply to scenarios (a "
                         "place's overrides go in its 'set:')");
    }
  }
  int status = kOk;
  for (const std::string& file : vm["file"].as<std::vector<std::string>>()) {
    try {
      const FileKind kind = file_kind(file);
      if (kind == FileKind::calibration) {  // checked as calibrate would, scenario and all
        const models::CalibrationSpec c = models::load_calibration_file(file);
        std::cout << file << ": ok (calibration: " << c.parameters.size() << " parameters, "
                  << c.targets.size() << " targets, regime " << c.regime << " of "
                  << c.scenario_name << ")\n";
        continue;
      }
      if (kind == FileKind::aggregate) {  // checked as aggregate would, every place and all
        const models::AggregateSpec a = models::load_aggregate_file(file);
        for (const std::string& w : a.warnings)
          std::cerr << "placesim: warning: " << file << ": " << w << "\n";
        std::cout << file << ": ok (aggregate: " << a.places.size() << " places scaled up by "
                  << models::measure_name(a.measure) << " to " << a.total << ", naive place "
                  << a.places[a.naive].key << ")\n";
        continue;
      }
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

namespace {

// placesim init NEW.yaml --families N [--from SCENARIO]: a file that extends
// the source with everything that grows with the cohort resized.
int init_resized(const po::variables_map& vm) {
  if (!vm.count("file"))
    throw UsageError("init: --families needs NEW.yaml, the file to write (it extends the source)");
  const auto families = static_cast<std::uint32_t>(count_option(vm, "families", 1, 100'000'000));
  const std::string file = vm["file"].as<std::string>();
  const std::string from = vm.count("from") ? vm["from"].as<std::string>() : "";
  if (from == "default" || from.empty()) {
    // the embedded default: `extends: default`
  } else if (!std::filesystem::is_regular_file(from)) {
    throw UsageError("init: --from " + from + ": no such scenario file");
  }
  const bool embedded = from.empty() || from == "default";
  const std::filesystem::path target = std::filesystem::absolute(file);
  const std::string extends_as =
      embedded ? "default"
               : std::filesystem::relative(std::filesystem::absolute(from), target.parent_path())
                     .generic_string();
  const models::ScaledScenario scaled =
      models::scaled_scenario(embedded ? "" : from, extends_as, families);
  sim::OutputSet out(vm.count("force") > 0);
  std::vector<std::filesystem::path> inputs;  // never replace a file it extends
  if (!embedded) {
    for (const std::string& f : models::scenario_files(from)) inputs.emplace_back(f);
  }
  const std::filesystem::path tmp = out.add(file, "scenario file", inputs);
  sim::write_text(tmp, scaled.text);
  // Checked where it lies, beside its target, so `extends` resolves the same.
  try {
    (void)models::load_scenario_file(tmp.string());
  } catch (const sim::InputError& e) {
    const sim::Diagnostic& first = e.diagnostics().all().front();
    throw UsageError("init: the source resized to " + std::to_string(families) +
                     " families is not a valid scenario: " + first.path + ": " + first.problem +
                     " (resize it by hand, or choose another --families)");
  }
  out.commit();
  std::cerr << "placesim: wrote " << file << ": " << (embedded ? "the default scenario" : from)
            << " resized from " << scaled.source_families << " to " << families << " families (x"
            << scaled.factor << ", " << scaled.values_scaled
            << " values); check it with 'placesim validate --effective " << file << "'\n";
  return kOk;
}

}  // namespace

int init_command(const std::vector<std::string>& args) {
  po::options_description visible("Options");
  visible.add_options()("help,h", "show this help")("force,f", "overwrite NEW.yaml if it exists")(
      "families", po::value<std::string>(),
      "write a scenario for this many families instead: arrivals, places, the starting state and "
      "budgets of the source scaled together, in a file that extends it")(
      "from", po::value<std::string>(),
      "with --families: the scenario to resize (default: the embedded default)");
  po::options_description all;
  all.add(visible).add_options()("file", po::value<std::string>());
  po::positional_options_description pos;
  pos.add("file", 1);
  po::variables_map vm;
  if (!parse_options("init", "[NEW.yaml] [--force] [--families N [--from SCENARIO.yaml]]", visible,
                     all, pos, args, vm))
    return kOk;
  if (vm.count("from") && !vm.count("families"))
    throw UsageError("init: --from goes with --families N (the cohort to resize it to)");
  if (vm.count("families")) return init_resized(vm);
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
