// HDF5's virtual file layer calls these with C linkage: nothing may throw
// through them, and a failure of the disk is latched, never returned.
#include "sim/io/h5_disk.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <exception>
#include <memory>
#include <new>
#include <utility>
#include <vector>

#include "sim/io/h5.h"

namespace placesim::sim::h5::detail {
namespace {

// Offsets are off_t: the largest address the driver can write.
constexpr haddr_t kMaxAddr = (haddr_t{1} << (8 * sizeof(off_t) - 1)) - 1;

// What a file access property list carries to the driver (HDF5 copies it).
struct DriverInfo {
  DiskStatus* status;
};

struct State {
  int fd = -1;
  haddr_t eoa = 0;  // end of the space HDF5 has allocated
  haddr_t eof = 0;  // end of what has been written (or was on disk)
  dev_t dev = 0;
  ino_t ino = 0;
  std::shared_ptr<DiskStatus> status;
  // Writes the disk refused, and every write after the first refusal, in
  // order: reads see them as HDF5 expects, so it finishes the file unaware.
  std::vector<std::pair<haddr_t, std::vector<unsigned char>>> kept;
};

// HDF5 fills in pub; the driver's own state lives apart so that this stays
// a standard-layout type whose first member HDF5 points at.
struct DiskFile {
  H5FD_t pub;
  State* state;
};

State& state_of(const H5FD_t* f) {
  return *reinterpret_cast<const DiskFile*>(f)->state;  // NOLINT: HDF5 owns pub
}

void latch(State& s, const char* call, int err) {
  if (s.status && s.status->error == 0) {
    s.status->error = err ? err : EIO;
    s.status->call = call;
  }
}

H5FD_t* open_file(const char* name, unsigned flags, hid_t fapl, haddr_t maxaddr) {
  if (!name || !*name || maxaddr == 0 || maxaddr == HADDR_UNDEF || maxaddr > kMaxAddr)
    return nullptr;
  const auto* info = static_cast<const DriverInfo*>(H5Pget_driver_info(fapl));
  DiskStatus* status = info ? info->status : nullptr;
  if (!status) return nullptr;  // a failure would go unreported: refused
  int o = (flags & H5F_ACC_RDWR) ? O_RDWR : O_RDONLY;
  if (flags & H5F_ACC_TRUNC) o |= O_TRUNC;
  if (flags & H5F_ACC_CREAT) o |= O_CREAT;
  if (flags & H5F_ACC_EXCL) o |= O_EXCL;
  const int fd = ::open(name, o | O_CLOEXEC, 0644);
  // HDF5 first tries to open a file it is about to create, and expects that
  // to fail: only a failure to create is the disk's.
  if (fd < 0) {
    if ((flags & H5F_ACC_CREAT) && status->error == 0) {
      status->error = errno;
      status->call = "create";
    }
    return nullptr;
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    ::close(fd);
    return nullptr;
  }
  auto* state = new (std::nothrow) State;
  auto* file = new (std::nothrow) DiskFile{};
  if (!state || !file) {
    delete state;
    delete file;
    ::close(fd);
    return nullptr;
  }
  state->fd = fd;
  state->eof = static_cast<haddr_t>(st.st_size);
  state->dev = st.st_dev;
  state->ino = st.st_ino;
  try {
    state->status = status->shared_from_this();
  } catch (const std::exception&) {
    // not owned by a shared_ptr: failures go unreported, so refuse
    delete state;
    delete file;
    ::close(fd);
    return nullptr;
  }
  file->state = state;
  return &file->pub;
}

herr_t close_file(H5FD_t* f) {
  auto* file = reinterpret_cast<DiskFile*>(f);  // NOLINT: HDF5 owns pub
  if (::close(file->state->fd) != 0) latch(*file->state, "close", errno);
  delete file->state;
  delete file;
  return 0;
}

int compare(const H5FD_t* a, const H5FD_t* b) {
  const State& x = state_of(a);
  const State& y = state_of(b);
  if (x.dev != y.dev) return x.dev < y.dev ? -1 : 1;
  if (x.ino != y.ino) return x.ino < y.ino ? -1 : 1;
  return 0;
}

herr_t query(const H5FD_t*, unsigned long* flags) {
  if (flags)
    *flags = H5FD_FEAT_AGGREGATE_METADATA | H5FD_FEAT_ACCUMULATE_METADATA | H5FD_FEAT_DATA_SIEVE |
             H5FD_FEAT_AGGREGATE_SMALLDATA;
  return 0;
}

haddr_t get_eoa(const H5FD_t* f, H5FD_mem_t) { return state_of(f).eoa; }

herr_t set_eoa(H5FD_t* f, H5FD_mem_t, haddr_t addr) {
  if (addr > kMaxAddr) return -1;
  state_of(f).eoa = addr;
  return 0;
}

haddr_t get_eof(const H5FD_t* f, H5FD_mem_t) { return state_of(f).eof; }

herr_t read(H5FD_t* f, H5FD_mem_t, hid_t, haddr_t addr, size_t size, void* buffer) {
  State& s = state_of(f);
  if (addr == HADDR_UNDEF || addr > kMaxAddr || size > kMaxAddr - addr || addr + size > s.eoa)
    return -1;
  auto* out = static_cast<unsigned char*>(buffer);
  std::size_t done = 0;
  while (done < size) {
    const ssize_t n = ::pread(s.fd, out + done, size - done, static_cast<off_t>(addr + done));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      latch(s, "read back", errno);  // the cause, for close(); HDF5 sees a failed read
      return -1;
    }
    if (n == 0) break;  // past the end of the file: zeros, as HDF5 expects
    done += static_cast<std::size_t>(n);
  }
  std::fill(out + done, out + size, 0);
  for (const auto& [at, bytes] : s.kept) {
    const haddr_t lo = std::max(at, addr);
    const haddr_t hi = std::min<haddr_t>(at + bytes.size(), addr + size);
    if (lo < hi) std::copy_n(bytes.data() + (lo - at), hi - lo, out + (lo - addr));
  }
  return 0;
}

herr_t write(H5FD_t* f, H5FD_mem_t, hid_t, haddr_t addr, size_t size, const void* buffer) {
  State& s = state_of(f);
  if (addr == HADDR_UNDEF || addr > kMaxAddr || size > kMaxAddr - addr || addr + size > s.eoa)
    return -1;
  const auto* in = static_cast<const unsigned char*>(buffer);
  std::size_t done = 0;
  while (s.kept.empty() && done < size) {
    const ssize_t n = ::pwrite(s.fd, in + done, size - done, static_cast<off_t>(addr + done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      latch(s, "write", n < 0 ? errno : ENOSPC);
      break;
    }
    done += static_cast<std::size_t>(n);
  }
  if (done < size) {
    try {
      s.kept.emplace_back(addr + done, std::vector<unsigned char>(in + done, in + size));
    } catch (const std::bad_alloc&) {
      return -1;  // out of memory as well as disk: HDF5 is told, as for any allocation
    }
  }
  s.eof = std::max(s.eof, addr + size);
  return 0;
}

herr_t truncate(H5FD_t* f, hid_t, hbool_t) {
  State& s = state_of(f);
  if (s.eoa == s.eof) return 0;
  if (s.kept.empty() && ::ftruncate(s.fd, static_cast<off_t>(s.eoa)) != 0)
    latch(s, "truncate", errno);
  s.eof = s.eoa;
  return 0;
}

H5FD_class_t make_class() {
  H5FD_class_t c{};
  c.name = "placesim-disk";
  c.maxaddr = kMaxAddr;
  c.fc_degree = H5F_CLOSE_WEAK;
  c.fapl_size = sizeof(DriverInfo);
  c.open = open_file;
  c.close = close_file;
  c.cmp = compare;
  c.query = query;
  c.get_eoa = get_eoa;
  c.set_eoa = set_eoa;
  c.get_eof = get_eof;
  c.read = read;
  c.write = write;
  c.truncate = truncate;
  const H5FD_mem_t map[] = H5FD_FLMAP_DICHOTOMY;
  std::copy(std::begin(map), std::end(map), std::begin(c.fl_map));
  return c;
}

}  // namespace

hid_t disk_driver() {
  static const H5FD_class_t cls = make_class();
  static const hid_t id = H5FDregister(&cls);
  if (id < 0) throw Error("HDF5: cannot register placesim's file driver");
  return id;
}

namespace {

// HDF5's metadata cache grows by itself, up to 32 MiB of its own accounting,
// as a file's chunk indexes grow, and a run's file gains chunks with its
// replications: a run's memory grew with them. It is held at a fixed size
// instead, and writes out what does not fit. The cache counts an index node
// at its size on disk; in memory the node's keys take several times that.
// It must still hold the path to the last chunk of every dataset being
// appended to: a quarter of this size thrashed (read back what it had just
// written) in a run of one-row chunks (docs/performance.md, "A run's memory").
constexpr std::size_t kMetadataCache = std::size_t{1} << 20;

void fixed_metadata_cache(hid_t fapl) {
  H5AC_cache_config_t c{};
  c.version = H5AC__CURR_CACHE_CONFIG_VERSION;
  if (H5Pget_mdc_config(fapl, &c) < 0) throw Error("HDF5: cannot read the metadata cache's size");
  c.set_initial_size = true;
  c.initial_size = c.min_size = c.max_size = kMetadataCache;
  c.incr_mode = H5C_incr__off;
  c.flash_incr_mode = H5C_flash_incr__off;
  c.decr_mode = H5C_decr__off;
  if (H5Pset_mdc_config(fapl, &c) < 0) throw Error("HDF5: cannot size the metadata cache");
}

}  // namespace

hid_t disk_access(DiskStatus* status) {
  const hid_t fapl = H5Pcreate(H5P_FILE_ACCESS);
  if (fapl < 0) throw Error("HDF5: cannot make a property list");
  const DriverInfo info{status};
  if (H5Pset_driver(fapl, disk_driver(), &info) < 0) {
    H5Pclose(fapl);
    throw Error("HDF5: cannot use placesim's file driver");
  }
  try {
    fixed_metadata_cache(fapl);
  } catch (...) {
    H5Pclose(fapl);
    throw;
  }
  return fapl;
}

}  // namespace placesim::sim::h5::detail
