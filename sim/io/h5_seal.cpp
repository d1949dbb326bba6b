// The checksum that guards a results or sweep file against damage: a line in
// the HDF5 user block, over every byte after it.
#include <algorithm>
#include <cstdio>
#include <string>
#include <string_view>

#include "sim/io/fnv1a.h"
#include "sim/io/h5.h"

namespace placesim::sim::h5 {

namespace {

constexpr std::string_view kSealMark = "placesim-checksum fnv1a64=";
constexpr std::string_view kHdf5Signature = "\x89HDF\r\n\x1a\n";

}  // namespace

void File::seal(std::string& image) {
  // HDF5's image of a file with a user block starts at its superblock; the
  // block itself goes in front, holding the checksum.
  if (image.compare(0, kHdf5Signature.size(), kHdf5Signature) != 0)
    throw Error("HDF5: the file image does not start with a superblock");
  image.insert(0, kUserBlock, '\0');
  const std::uint64_t sum = fnv1a(image.data() + kUserBlock, image.size() - kUserBlock);
  char line[128];
  const int n = std::snprintf(line, sizeof line, "%.*s%016llx bytes=%zu\n",
                              static_cast<int>(kSealMark.size()), kSealMark.data(),
                              static_cast<unsigned long long>(sum), image.size() - kUserBlock);
  std::fill(image.begin(), image.begin() + kUserBlock, '\0');
  image.replace(0, static_cast<std::size_t>(n), line, static_cast<std::size_t>(n));
}

void File::reseal(std::string& image) {
  if (image.size() < kUserBlock + kHdf5Signature.size() ||
      image.compare(kUserBlock, kHdf5Signature.size(), kHdf5Signature) != 0)
    return;  // no user block of ours to rewrite
  image.erase(0, kUserBlock);
  seal(image);
}

void File::check_seal(const std::string& image, const std::string& path) {
  const bool has_block = image.size() >= kUserBlock + kHdf5Signature.size() &&
                         image.compare(kUserBlock, kHdf5Signature.size(), kHdf5Signature) == 0;
  if (image.compare(0, kSealMark.size(), kSealMark) != 0) {
    if (has_block)
      throw Error(path +
                  " is damaged: its placesim checksum is missing (the file was changed after it "
                  "was written)");
    // Another program's file, or none: HDF5 is never given a file placesim did
    // not write, since a file built to crash HDF5 would otherwise reach it.
    throw Error("cannot open " + path +
                ": it is not an HDF5 file placesim wrote (it has no placesim checksum)");
  }
  unsigned long long sum = 0;
  std::size_t bytes = 0;
  const std::string header = image.substr(0, std::min<std::size_t>(image.size(), 128));
  if (std::sscanf(header.c_str() + kSealMark.size(), "%16llx bytes=%zu", &sum, &bytes) != 2 ||
      !has_block || bytes != image.size() - kUserBlock ||
      fnv1a(image.data() + kUserBlock, bytes) != sum)
    throw Error(path +
                " is damaged: its checksum does not match its contents (the file was changed or "
                "cut short)");
}

}  // namespace placesim::sim::h5
