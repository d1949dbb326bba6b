#include "tools/cli/atomic_file.h"

#include <unistd.h>

#include <fstream>
#include <stdexcept>

namespace placesim::cli {

std::filesystem::path temporary_beside(const std::filesystem::path& target) {
  std::filesystem::path p = target;
  p += ".tmp." + std::to_string(::getpid());
  return p;
}

void write_file_atomically(const std::filesystem::path& path, std::string_view text) {
  const auto tmp = temporary_beside(path);
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) throw std::runtime_error("cannot write " + tmp.string());
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
    out.flush();
    if (!out) {
      std::filesystem::remove(tmp);
      throw std::runtime_error("cannot write " + tmp.string());
    }
  }
  std::filesystem::rename(tmp, path);
}

}  // namespace placesim::cli
