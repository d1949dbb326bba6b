#include "sim/io/output_set.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <stdexcept>

namespace placesim::sim {
namespace fs = std::filesystem;

namespace {

// Temporaries of every set not yet committed, for the signal handler to
// remove. A signal handler can only reach process-wide state, so this one
// table is global; it holds plain characters, which the handler may read.
constexpr std::size_t kMaxTemporaries = 64;
constexpr std::size_t kMaxPath = 4096;
struct Pending {
  std::atomic<bool> used{false};
  char path[kMaxPath] = {};
};
std::array<Pending, kMaxTemporaries> g_pending;
const char* g_program = "placesim";
std::atomic<bool> g_quiet{false};

void remember(const fs::path& tmp) {
  const std::string s = tmp.string();
  if (s.size() >= kMaxPath) return;
  for (Pending& p : g_pending) {
    if (p.used.load()) continue;
    std::memcpy(p.path, s.c_str(), s.size() + 1);
    p.used.store(true);
    return;
  }
}

void forget(const fs::path& tmp) {
  const std::string s = tmp.string();
  for (Pending& p : g_pending) {
    if (p.used.load() && s == p.path) p.used.store(false);
  }
}

extern "C" void on_interrupt(int sig) {
  for (Pending& p : g_pending) {
    if (p.used.load()) ::unlink(p.path);
  }
  if (g_quiet.load()) ::_exit(128 + sig);
  const char* what = sig == SIGINT ? "interrupted (SIGINT)" : "terminated (SIGTERM)";
  char line[256];
  const int n =
      std::snprintf(line, sizeof line, "\n%s: error: %s; no output was written\n", g_program, what);
  if (n > 0) [[maybe_unused]]
    auto w = ::write(2, line, static_cast<std::size_t>(n));
  ::_exit(128 + sig);
}

[[noreturn]] void fail(const std::string& what, const fs::path& p) {
  throw std::runtime_error("cannot write " + p.string() + ": " + what + ": " +
                           std::strerror(errno));
}

void fsync_path(const fs::path& p, int flags) {
  const int fd = ::open(p.c_str(), flags);
  if (fd < 0) fail("open", p);
  const bool ok = ::fsync(fd) == 0;
  const int err = errno;
  ::close(fd);
  errno = err;
  if (!ok) fail("fsync", p);
}

// An exclusive lock on `target`.lock, or -1 when another process holds it.
int lock(const fs::path& target) {
  const fs::path lp = fs::path(target.string() + ".lock");
  for (int attempt = 0; attempt < 8; ++attempt) {
    const int fd = ::open(lp.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) fail("create the lock file", lp);
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
      ::close(fd);
      return -1;
    }
    // The holder before us may have removed the file after we opened it: then
    // our lock is on a file nobody else can see, so try again.
    struct stat a {
    }, b{};
    if (::fstat(fd, &a) == 0 && ::stat(lp.c_str(), &b) == 0 && a.st_ino == b.st_ino &&
        a.st_dev == b.st_dev) {
      remember(lp);  // an interrupt removes it with the temporaries
      return fd;
    }
    ::close(fd);
  }
  return -1;
}

void unlock(const fs::path& target, int fd) {
  if (fd < 0) return;
  forget(fs::path(target.string() + ".lock"));
  ::unlink((target.string() + ".lock").c_str());
  ::close(fd);
}

bool same_file(const fs::path& a, const fs::path& b) {
  std::error_code ec;
  if (fs::equivalent(a, b, ec)) return true;
  return fs::weakly_canonical(fs::absolute(a), ec) == fs::weakly_canonical(fs::absolute(b), ec);
}

}  // namespace

OutputSet::~OutputSet() {
  for (Entry& e : entries_) {
    if (!committed_) {
      std::error_code ec;
      fs::remove(e.tmp, ec);
    }
    forget(e.tmp);
    unlock(e.target, e.lock_fd);
  }
}

fs::path OutputSet::add(const fs::path& target, const std::string& what,
                        const std::vector<fs::path>& inputs) {
  if (target.empty()) throw OutputConflict("the " + what + " needs a file name");
  if (target.filename().empty() || target.filename() == "." || target.filename() == "..")
    throw OutputConflict("the " + what + " " + target.string() + " is a folder; give a file name");
  const fs::path parent = target.parent_path().empty() ? fs::path(".") : target.parent_path();
  bool folder_planned = false;
  for (const fs::path& f : folders_) folder_planned = folder_planned || same_file(f, parent);
  if (!folder_planned && !fs::is_directory(parent))
    throw OutputConflict("cannot write the " + what + " " + target.string() + ": the folder " +
                         parent.string() + " does not exist");
  std::error_code ec;
  const auto st = fs::symlink_status(target, ec);
  if (!ec && fs::exists(st)) {
    if (fs::is_directory(fs::status(target, ec)))
      throw OutputConflict("the " + what + " " + target.string() +
                           " is a folder; give a file name");
    if (!fs::is_regular_file(st) && !fs::is_symlink(st))
      throw OutputConflict("the " + what + " " + target.string() +
                           " is not a regular file (a device or pipe?); " +
                           "give the name of a file to write");
    if (!force_)
      throw OutputConflict(target.string() + " already exists; use --force to replace it");
  }
  for (const fs::path& in : inputs) {
    if (same_file(in, target))
      throw OutputConflict("the " + what + " " + target.string() +
                           " is also an input; give another name");
  }
  for (const Entry& e : entries_) {
    if (same_file(e.target, target))
      throw OutputConflict("two outputs would be written to " + target.string() +
                           "; give each its own name");
  }
  Entry e;
  e.target = target;
  // A file of a folder made at commit waits beside the folder (the same file
  // system, so the rename at commit is still atomic).
  e.tmp = folder_planned ? parent.parent_path() /
                               ("." + parent.filename().string() + "-" +
                                target.filename().string() + ".tmp." + std::to_string(::getpid()))
                         : fs::path(target.string() + ".tmp." + std::to_string(::getpid()));
  if (!folder_planned) {
    e.lock_fd = lock(target);
    if (e.lock_fd < 0)
      throw OutputConflict("another placesim process is writing " + target.string() +
                           "; wait for it or choose another name");
  }
  fs::remove(e.tmp, ec);
  remember(e.tmp);
  entries_.push_back(e);
  return e.tmp;
}

std::vector<fs::path> OutputSet::add_folder(const fs::path& folder, const std::string& what,
                                            const std::vector<std::string>& files) {
  if (folder.empty()) throw OutputConflict("the " + what + " folder needs a name");
  std::error_code ec;
  if (fs::exists(folder, ec) && !fs::is_directory(folder, ec))
    throw OutputConflict("the " + what + " folder " + folder.string() + " is a file");
  const fs::path parent = fs::absolute(folder).parent_path();
  if (!fs::is_directory(parent))
    throw OutputConflict("cannot make the " + what + " folder " + folder.string() + ": " +
                         parent.string() + " does not exist");
  if (!fs::exists(folder, ec)) folders_.push_back(folder);
  std::vector<fs::path> out;
  for (const std::string& f : files) out.push_back(add(folder / f, what + " file"));
  return out;
}

void OutputSet::commit() {
  for (const fs::path& f : folders_) fs::create_directories(f);
  for (const Entry& e : entries_) {
    if (!fs::exists(e.tmp))
      throw std::logic_error("output " + e.target.string() + " was never written");
    fsync_path(e.tmp, O_RDONLY);
  }
  for (const Entry& e : entries_) {
    if (force_) {
      if (::rename(e.tmp.c_str(), e.target.c_str()) != 0) fail("rename into place", e.target);
    } else if (::renameat2(AT_FDCWD, e.tmp.c_str(), AT_FDCWD, e.target.c_str(), RENAME_NOREPLACE) !=
               0) {
      if (errno == EEXIST)
        throw OutputConflict(e.target.string() +
                             " appeared while this command ran; it was not replaced " +
                             "(use --force to replace it)");
      fail("rename into place", e.target);
    }
    forget(e.tmp);
  }
  committed_ = true;
  for (const Entry& e : entries_) {
    const fs::path parent = e.target.parent_path().empty() ? fs::path(".") : e.target.parent_path();
    fsync_path(parent, O_RDONLY | O_DIRECTORY);
  }
}

std::string OutputSet::describe() const {
  std::string s;
  for (const Entry& e : entries_) s += (s.empty() ? "" : ", ") + e.target.string();
  return s;
}

void write_text(const fs::path& tmp, std::string_view text) {
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) fail("create", tmp);
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      const int err = errno;
      ::close(fd);
      errno = err ? err : ENOSPC;
      fail("write", tmp);
    }
    done += static_cast<std::size_t>(n);
  }
  const bool synced = ::fsync(fd) == 0;
  const int err = errno;
  const bool closed = ::close(fd) == 0;
  errno = synced ? errno : err;
  if (!synced || !closed) fail("finish", tmp);
}

void write_file_atomically(const fs::path& path, std::string_view text) {
  OutputSet set(true);
  write_text(set.add(path, "file"), text);
  set.commit();
}

void quiet_interrupts() { g_quiet.store(true); }

void install_interrupt_cleanup(const char* program) {
  g_program = program;
  struct sigaction sa {};
  sa.sa_handler = on_interrupt;
  sigemptyset(&sa.sa_mask);
  ::sigaction(SIGINT, &sa, nullptr);
  ::sigaction(SIGTERM, &sa, nullptr);
}

}  // namespace placesim::sim
