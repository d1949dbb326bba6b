#include "models/sweep/unit_log.h"

#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <stdexcept>

namespace placesim::models {
namespace fs = std::filesystem;

namespace {

constexpr char kMagic[16] = "placesim-units1";

struct Header {
  char magic[16];
  std::uint64_t hash;
  std::uint64_t measures;
  std::uint64_t detail;
};

}  // namespace

UnitLog::UnitLog(const fs::path& path, std::uint64_t hash, std::size_t measures, std::size_t detail)
    : values_(measures + detail) {
  fs::create_directories(path.parent_path());
  file_ = std::fopen(path.c_str(), "ab");
  if (!file_) throw std::runtime_error("cannot write the checkpoint log " + path.string());
  if (std::ftell(file_) == 0) {
    Header h{};
    std::memcpy(h.magic, kMagic, sizeof kMagic);
    h.hash = hash;
    h.measures = measures;
    h.detail = detail;
    std::fwrite(&h, sizeof h, 1, file_);
    std::fflush(file_);
    ::fsync(::fileno(file_));
  }
}

UnitLog::~UnitLog() {
  if (file_) std::fclose(file_);
}

void UnitLog::append(const UnitResult& r) {
  std::vector<double> v = r.measures;
  v.insert(v.end(), r.detail.begin(), r.detail.end());
  if (v.size() != values_) throw std::logic_error("unit log: record of the wrong size");
  std::uint64_t sum = fnv1a(&r.unit, sizeof r.unit);
  sum = fnv1a(v.data(), v.size() * sizeof(double), sum);
  std::lock_guard lock(mutex_);
  std::fwrite(&r.unit, sizeof r.unit, 1, file_);
  std::fwrite(v.data(), sizeof(double), v.size(), file_);
  std::fwrite(&sum, sizeof sum, 1, file_);
  std::fflush(file_);
  ::fdatasync(::fileno(file_));
}

std::vector<UnitResult> UnitLog::read_dir(const fs::path& dir, std::uint64_t hash, std::size_t measures,
                                          std::size_t detail) {
  std::vector<UnitResult> out;
  if (!fs::is_directory(dir)) return out;
  std::vector<fs::path> logs;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.path().extension() == ".units") logs.push_back(e.path());
  }
  std::sort(logs.begin(), logs.end());
  const std::size_t n = measures + detail;
  for (const fs::path& p : logs) {
    std::FILE* f = std::fopen(p.c_str(), "rb");
    if (!f) throw std::runtime_error("cannot read the checkpoint log " + p.string());
    Header h{};
    if (std::fread(&h, sizeof h, 1, f) != 1) {  // cut short before its header: nothing in it
      std::fclose(f);
      continue;
    }
    if (std::memcmp(h.magic, kMagic, sizeof kMagic) != 0 || h.hash != hash || h.measures != measures ||
        h.detail != detail) {
      std::fclose(f);
      throw std::runtime_error("the checkpoint " + p.string() +
                               " belongs to a different sweep; remove it, or use --force to start again");
    }
    std::vector<double> v(n);
    for (;;) {
      UnitResult r;
      std::uint64_t sum = 0;
      if (std::fread(&r.unit, sizeof r.unit, 1, f) != 1 || std::fread(v.data(), sizeof(double), n, f) != n ||
          std::fread(&sum, sizeof sum, 1, f) != 1)
        break;  // the end, or a record cut short
      std::uint64_t check = fnv1a(v.data(), n * sizeof(double), fnv1a(&r.unit, sizeof r.unit));
      if (check != sum) break;
      r.measures.assign(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(measures));
      r.detail.assign(v.begin() + static_cast<std::ptrdiff_t>(measures), v.end());
      out.push_back(std::move(r));
    }
    std::fclose(f);
  }
  return out;
}

}  // namespace placesim::models
