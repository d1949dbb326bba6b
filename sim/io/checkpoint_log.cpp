#include "sim/io/checkpoint_log.h"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>

#include "sim/io/diagnostics.h"
#include "sim/io/fnv1a.h"

namespace placesim::sim {
namespace fs = std::filesystem;

namespace {

constexpr char kMagic[16] = "placesim-units1";

struct Header {
  char magic[16];
  std::uint64_t hash;
  std::uint64_t width;  // two fields once (measures, detail): their sum is the width
  std::uint64_t unused;
};
static_assert(sizeof(Header) == 40, "the log header is 40 bytes on every platform");

[[noreturn]] void cannot(const std::string& what, const fs::path& p) {
  throw std::runtime_error("cannot " + what + " the checkpoint log " + p.string() + ": " +
                           std::strerror(errno));
}

}  // namespace

CheckpointLog::CheckpointLog(const fs::path& path, std::uint64_t hash, std::size_t width)
    : path_(path), width_(width) {
  fs::create_directories(path.parent_path());
  file_ = std::fopen(path.c_str(), "ab");
  if (!file_) cannot("create", path);
  if (std::ftell(file_) == 0) {
    Header h{};
    std::memcpy(h.magic, kMagic, sizeof kMagic);
    h.hash = hash;
    h.width = width;
    if (std::fwrite(&h, sizeof h, 1, file_) != 1 || std::fflush(file_) != 0 ||
        ::fsync(::fileno(file_)) != 0) {
      std::fclose(file_);
      file_ = nullptr;
      cannot("write", path);
    }
  }
}

CheckpointLog::~CheckpointLog() {
  if (file_) std::fclose(file_);
}

void CheckpointLog::append(std::uint64_t unit, std::span<const double> values) {
  if (values.size() != width_) throw std::logic_error("checkpoint log: record of the wrong size");
  std::uint64_t sum = fnv1a(&unit, sizeof unit);
  sum = fnv1a(values.data(), values.size() * sizeof(double), sum);
  std::lock_guard lock(mutex_);
  const bool ok =
      std::fwrite(&unit, sizeof unit, 1, file_) == 1 &&
      std::fwrite(values.data(), sizeof(double), values.size(), file_) == values.size() &&
      std::fwrite(&sum, sizeof sum, 1, file_) == 1 && std::fflush(file_) == 0 &&
      ::fdatasync(::fileno(file_)) == 0;
  if (!ok) cannot("append to", path_);
}

std::vector<CheckpointRecord> CheckpointLog::read_dir(const fs::path& dir, std::uint64_t hash,
                                                      std::size_t width, std::uint64_t units) {
  std::vector<CheckpointRecord> out;
  if (!fs::is_directory(dir)) return out;
  std::vector<fs::path> logs;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.path().extension() == ".units") logs.push_back(e.path());
  }
  std::sort(logs.begin(), logs.end());
  for (const fs::path& p : logs) {
    std::FILE* f = std::fopen(p.c_str(), "rb");
    if (!f) cannot("read", p);
    Header h{};
    if (std::fread(&h, sizeof h, 1, f) != 1) {  // cut short before its header: nothing in it
      std::fclose(f);
      continue;
    }
    if (std::memcmp(h.magic, kMagic, sizeof kMagic) != 0 || h.hash != hash ||
        h.width + h.unused != width) {
      std::fclose(f);
      throw BadInput("the checkpoint " + p.string() +
                     " belongs to a different job; remove it, or use --force to start again");
    }
    std::vector<double> v(width);
    for (;;) {
      CheckpointRecord r;
      std::uint64_t sum = 0;
      if (std::fread(&r.unit, sizeof r.unit, 1, f) != 1 ||
          std::fread(v.data(), sizeof(double), width, f) != width ||
          std::fread(&sum, sizeof sum, 1, f) != 1)
        break;  // the end, or a record cut short
      if (fnv1a(v.data(), width * sizeof(double), fnv1a(&r.unit, sizeof r.unit)) != sum) break;
      if (r.unit >= units) {
        std::fclose(f);
        throw BadInput("the checkpoint " + p.string() + " holds unit " + std::to_string(r.unit) +
                       " of a job with " + std::to_string(units) +
                       "; it is damaged: remove it, or use --force");
      }
      r.values = v;
      out.push_back(std::move(r));
    }
    std::fclose(f);
  }
  return out;
}

}  // namespace placesim::sim
