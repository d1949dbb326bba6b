// The checksum that guards a results or sweep file against damage: a line in
// the HDF5 user block, over every byte after it.
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "sim/io/fnv1a.h"
#include "sim/io/h5.h"

namespace placesim::sim::h5 {

namespace {

constexpr std::string_view kSealMark = "placesim-checksum fnv1a64=";
constexpr std::string_view kHdf5Signature = "\x89HDF\r\n\x1a\n";

}  // namespace

std::string File::seal_block(std::uint64_t sum, std::size_t bytes) {
  std::string block(kUserBlock, '\0');
  const int n = std::snprintf(block.data(), kUserBlock, "%.*s%016llx bytes=%zu\n",
                              static_cast<int>(kSealMark.size()), kSealMark.data(),
                              static_cast<unsigned long long>(sum), bytes);
  block[static_cast<std::size_t>(n)] = '\0';  // snprintf's terminator is not part of the line
  return block;
}

void File::seal(std::string& image) {
  // HDF5's image of a file with a user block starts at its superblock; the
  // block itself goes in front, holding the checksum.
  if (image.compare(0, kHdf5Signature.size(), kHdf5Signature) != 0)
    throw Error("HDF5: the file image does not start with a superblock");
  const std::uint64_t sum = fnv1a(image.data(), image.size());
  image.insert(0, seal_block(sum, image.size()));
}

void File::seal_file(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDWR | O_CLOEXEC);
  auto fail = [&](const char* what) {
    const int err = errno ? errno : EIO;
    if (fd >= 0) ::close(fd);
    throw Error("cannot write " + path + ": " + what + ": " + std::strerror(err));
  };
  if (fd < 0) fail("open");
  // The checksum is read back from the disk, over what HDF5 wrote there.
  std::vector<char> buf(std::size_t{1} << 20);
  std::uint64_t sum = fnv1a(nullptr, 0);
  std::size_t bytes = 0;
  for (;;) {
    const ssize_t n = ::pread(fd, buf.data(), buf.size(), static_cast<off_t>(kUserBlock + bytes));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) fail("read back");
    if (n == 0) break;
    if (bytes == 0 && (static_cast<std::size_t>(n) < kHdf5Signature.size() ||
                       std::string_view(buf.data(), kHdf5Signature.size()) != kHdf5Signature)) {
      errno = EIO;
      fail("read back its superblock");
    }
    sum = fnv1a(buf.data(), static_cast<std::size_t>(n), sum);
    bytes += static_cast<std::size_t>(n);
  }
  const std::string block = seal_block(sum, bytes);
  for (std::size_t done = 0; done < block.size();) {
    const ssize_t n =
        ::pwrite(fd, block.data() + done, block.size() - done, static_cast<off_t>(done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) fail("seal");
    done += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0) fail("finish");
  if (::close(fd) != 0) {
    errno = errno ? errno : EIO;
    throw Error("cannot write " + path + ": finish: " + std::strerror(errno));
  }
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
