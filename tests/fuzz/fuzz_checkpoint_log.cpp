// libFuzzer target for checkpoint logs, as `placesim sweep --resume` reads
// them: the job's identity and record width are taken from the input's own
// header (so mutations get past it), and every record read must be one the
// job could hold; damage is refused with sim::BadInput.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <string>

#include "fuzz_file.h"
#include "sim/io/checkpoint_log.h"
#include "sim/io/diagnostics.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace fs = std::filesystem;
  std::uint64_t hash = 0, width = 0;
  if (size >= 32) {
    std::memcpy(&hash, data + 16, 8);
    std::memcpy(&width, data + 24, 8);
  }
  width = width % 64;  // a job's records are a few dozen values
  // One folder a process: a replay test and a fuzzer running at once must not
  // remove each other's input between listing and opening it.
  const fs::path dir =
      fs::temp_directory_path() / ("placesim-fuzz-units-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  {
    std::FILE* f = std::fopen((dir / "a.units").c_str(), "wb");
    if (f) {
      std::fwrite(data, 1, size, f);
      std::fclose(f);
    }
  }
  constexpr std::uint64_t kUnits = 1000;
  try {
    for (const auto& r : placesim::sim::CheckpointLog::read_dir(dir, hash, width, kUnits)) {
      if (r.unit >= kUnits || r.values.size() != width)
        __builtin_trap();  // the reader's own promise
    }
  } catch (const placesim::sim::BadInput&) {
  }
  fs::remove(dir / "a.units");
  fs::remove(dir);
  return 0;
}
