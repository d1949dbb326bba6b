#include "models/results/atomic_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <fstream>
#include <stdexcept>

namespace placesim::models {

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
  commit_file(tmp, path);
}

void commit_file(const std::filesystem::path& tmp, const std::filesystem::path& path) {
  // Make the bytes durable before the rename makes them visible.
  int fd = ::open(tmp.c_str(), O_RDONLY);
  if (fd >= 0) {
    ::fsync(fd);
    ::close(fd);
  }
  std::filesystem::rename(tmp, path);
}

}  // namespace placesim::models
