// Runs fuzz inputs through a fuzz target without libFuzzer, so that any
// compiler (and the sanitizer build in CI) replays the seed corpus and every
// crash ever found: `fuzz_replay [--mutate N] FILE_OR_DIR...`. With --mutate,
// each input is also replayed with N single bytes flipped and N truncations,
// at positions spread evenly through it: a deterministic small fuzz in every
// build.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

std::size_t replay(const std::string& bytes, std::size_t mutations) {
  auto run = [](const std::string& b) {
    LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(b.data()), b.size());
  };
  run(bytes);
  std::size_t n = 1;
  for (std::size_t i = 0; i < mutations && !bytes.empty(); ++i) {
    const std::size_t at = i * bytes.size() / mutations;
    std::string flipped = bytes;
    flipped[at] = static_cast<char>(flipped[at] ^ 0xFF);
    run(flipped);
    run(bytes.substr(0, at));
    n += 2;
  }
  return n;
}

std::string slurp(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace

int main(int argc, char** argv) {
  std::size_t n = 0, files = 0, mutations = 0;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--mutate" && i + 1 < argc) {
      mutations = static_cast<std::size_t>(std::strtoul(argv[++i], nullptr, 10));
      continue;
    }
    const std::filesystem::path p(arg);
    std::vector<std::filesystem::path> inputs;
    if (std::filesystem::is_directory(p)) {
      for (const auto& e : std::filesystem::recursive_directory_iterator(p))
        if (e.is_regular_file()) inputs.push_back(e.path());
      std::sort(inputs.begin(), inputs.end());
    } else if (std::filesystem::exists(p)) {
      inputs.push_back(p);
    }
    for (const auto& f : inputs) {
      n += replay(slurp(f), mutations);
      ++files;
    }
  }
  std::printf("fuzz_replay: %zu files, %zu inputs, no crash\n", files, n);
  return files > 0 ? 0 : 1;
}
