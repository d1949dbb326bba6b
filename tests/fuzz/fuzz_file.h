#pragma once
// Fuzz inputs that are files: the bytes written to a private temporary file
// (in /dev/shm when it exists) for a reader that takes a path.
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "sim/io/child_check.h"
#include "sim/io/h5.h"

// Declared weak: present only when a sanitizer runtime is linked in.
extern "C" __attribute__((weak)) void __sanitizer_set_death_callback(void (*)());

namespace placesim::fuzz {

//! Inputs are resealed (given a valid checksum) when PLACESIM_FUZZ_RESEAL is
//! set, so mutations reach HDF5 and the readers' own checks as a forged file
//! would; otherwise the checksum refuses nearly every mutation of a sealed seed.
inline bool reseal_inputs() {
  static const bool on = std::getenv("PLACESIM_FUZZ_RESEAL") != nullptr;
  return on;
}

//! With resealed inputs, reads the file in a child first, as `report` and
//! `merge` do: an input that crashes or hangs HDF5 itself is refused there
//! (true), so the fuzzer goes on to explore what placesim's own code does.
template <class Read>
bool refused_in_child(Read read, const std::string& path) {
  if (!reseal_inputs()) return false;
  // In the child, a sanitizer's report ends in a plain exit: libFuzzer's own
  // death callback would save the input as a crash the guard has absorbed.
  auto quiet_read = [&read] {
    if (__sanitizer_set_death_callback) __sanitizer_set_death_callback([] { ::_exit(86); });
    read();
  };
  try {
    placesim::sim::check_in_child(quiet_read, path, 5.0);
    return false;
  } catch (const placesim::sim::ChildCheckError&) {
    return true;
  }
}

//! A temporary file holding the input, removed when this goes.
class InputFile {
 public:
  InputFile(const std::uint8_t* data, std::size_t size, const char* suffix, bool reseal = false) {
    std::string bytes(reinterpret_cast<const char*>(data), size);
    if (reseal) placesim::sim::h5::File::reseal(bytes);
    const std::filesystem::path dir = std::filesystem::exists("/dev/shm") ? "/dev/shm" : "/tmp";
    path_ = (dir / ("placesim-fuzz-" + std::to_string(::getpid()) + suffix)).string();
    std::FILE* f = std::fopen(path_.c_str(), "wb");
    if (f) {
      std::fwrite(bytes.data(), 1, bytes.size(), f);
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
