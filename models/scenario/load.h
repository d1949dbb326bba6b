#pragma once
//! Loading scenarios: from a file, from text, or the embedded default.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "models/scenario/scenario.h"
#include "sim/io/diagnostics.h"
#include "sim/io/reader.h"
#include "sim/io/yaml_document.h"

namespace placesim::models {

// A scenario's problems are reported through the framework's diagnostics.
using sim::Diagnostic;
using sim::Diagnostics;
using sim::InputError;
using sim::Origin;

//! The scenario format version this build reads.
inline constexpr int kScenarioFormatVersion = 1;

//! A loaded scenario with the warnings found while checking it.
struct Loaded {
  Scenario scenario;                  //!< immutable from here on
  std::vector<std::string> warnings;  //!< things that are legal but probably unintended
};

//! Loads and checks a scenario file, merging the files it `extends` and then
//! applying --set overrides; throws InputError listing every problem found.
Loaded load_scenario_file(const std::string& path, const std::vector<std::string>& overrides = {});
//! The same for scenario text; `file` names it in messages.
Loaded load_scenario_text(std::string_view text, const std::string& file,
                          const std::vector<std::string>& overrides = {});
//! A scenario file's text with every file it extends merged in (its own text
//! when it extends nothing); throws InputError as load_scenario_file does.
std::string effective_scenario_text(const std::string& path);
//! A scenario file (empty: the embedded default) as YAML, with every file it
//! extends merged in but nothing checked beyond that; throws InputError.
sim::YamlDocument scenario_document(const std::string& path);
//! The scenario file and every file it extends, nearest first (none built in);
//! outputs must not replace any of them. Throws InputError.
std::vector<std::string> scenario_files(const std::string& path);
//! How messages name a file's effective text: its path, noting when it merges
//! the files it extends (`files`: scenario_files of it), since the lines an
//! error names are then lines of the merged text.
std::string effective_scenario_name(const std::string& path, const std::vector<std::string>& files);
//! A scenario another input file names (a sweep's base, a calibration's
//! scenario): its name for messages and its text with every file it extends
//! merged in.
struct NamedScenario {
  std::string name;  //!< the path (noting a merge), or kDefaultScenarioName
  std::string text;  //!< the effective text
  std::string path;  //!< the file (empty for the embedded default)
};
//! Reads the scenario named at `n` (a path relative to `dir`, or 'default');
//! a problem is reported at `n` through `r` under `key_path`, naming
//! `relative_to` ("the sweep file") in what is allowed.
std::optional<NamedScenario> named_scenario(sim::Reader& r, const sim::YamlNode& n,
                                            const std::string& key_path, const std::string& dir,
                                            const std::string& relative_to);

//! The embedded default scenario, with its comments, as `placesim init` writes it.
std::string_view default_scenario_text();
//! Name used for the embedded default in messages and provenance.
inline constexpr const char* kDefaultScenarioName = "(embedded default scenario)";

}  // namespace placesim::models
