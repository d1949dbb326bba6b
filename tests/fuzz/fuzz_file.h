#pragma once
// Fuzz inputs that are files: the bytes written to a private temporary file
// (in /dev/shm when it exists) for a reader that takes a path.
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <string>

namespace placesim::fuzz {

//! A temporary file holding the input, removed when this goes.
class InputFile {
 public:
  InputFile(const std::uint8_t* data, std::size_t size, const char* suffix) {
    const std::filesystem::path dir = std::filesystem::exists("/dev/shm") ? "/dev/shm" : "/tmp";
    path_ = (dir / ("placesim-fuzz-" + std::to_string(::getpid()) + suffix)).string();
    std::FILE* f = std::fopen(path_.c_str(), "wb");
    if (f) {
      std::fwrite(data, 1, size, f);
      std::fclose(f);
    }
  }
  ~InputFile() { std::remove(path_.c_str()); }
  InputFile(const InputFile&) = delete;
  InputFile& operator=(const InputFile&) = delete;
  //! Where the input is.
  [[nodiscard]] const std::string& path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace placesim::fuzz
