// libFuzzer target for the scenario loader: any input must end in a loaded
// Scenario or an InputError. Anything else (another exception, a crash, a leak
// or a hang caught by the sanitizers and libFuzzer's timeouts) is a bug.
//
// An input whose first line starts with "#set " carries one --set override
// (the rest of that line), so the override parser is fuzzed together with
// the file it applies to.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "models/scenario/load.h"
#include "sim/io/diagnostics.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  std::vector<std::string> overrides;
  constexpr std::string_view kSet = "#set ";
  if (text.starts_with(kSet)) {
    const auto eol = text.find('\n');
    const auto line = text.substr(
        kSet.size(), eol == std::string_view::npos ? std::string_view::npos : eol - kSet.size());
    overrides.emplace_back(line);
  }
  try {
    (void)placesim::models::load_scenario_text(text, "fuzz.yaml", overrides);
  } catch (const placesim::models::InputError&) {
    // The expected outcome for almost every mutated input.
  }
  return 0;
}
