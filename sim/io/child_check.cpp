#include "sim/io/child_check.h"

#include <poll.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>

namespace placesim::sim {
namespace {

constexpr int kThrew = 3;  // the child's exit status when `work` threw

void close_fd(int& fd) {
  if (fd >= 0) ::close(fd);
  fd = -1;
}

int wait_for(pid_t pid) {
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return status;
}

[[noreturn]] void child(const std::function<void()>& work, int out) {
  const rlimit no_core{0, 0};
  ::setrlimit(RLIMIT_CORE, &no_core);  // a crash here is expected, not worth a core file
  // Handlers inherited from the parent (a sanitizer's or a fuzzer's) would
  // report the crash the parent is about to absorb as if it were its own.
  for (int sig : {SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT}) std::signal(sig, SIG_DFL);
  std::string message;
  int code = 0;
  try {
    work();
  } catch (const std::exception& e) {
    message = e.what();
    code = kThrew;
  } catch (...) {
    message = "an unknown error";
    code = kThrew;
  }
  for (std::size_t done = 0; done < message.size();) {
    const ssize_t n = ::write(out, message.data() + done, message.size() - done);
    if (n <= 0) break;
    done += static_cast<std::size_t>(n);
  }
  ::_exit(code);  // no atexit handlers, no destructors of the parent's objects
}

}  // namespace

double read_timeout_seconds() {
  const char* v = std::getenv("PLACESIM_READ_TIMEOUT");
  if (v) {
    char* end = nullptr;
    const double s = std::strtod(v, &end);
    if (end != v && *end == '\0' && s > 0.0) return s;
  }
  return 120.0;
}

void check_in_child(const std::function<void()>& work, const std::string& what,
                    double timeout_seconds) {
  int fds[2] = {-1, -1};
  if (::pipe(fds) != 0) return;
  std::cout.flush();
  std::cerr.flush();
  std::fflush(nullptr);  // nothing buffered is written twice
  const pid_t pid = ::fork();
  if (pid < 0) {
    close_fd(fds[0]);
    close_fd(fds[1]);
    return;
  }
  if (pid == 0) {
    close_fd(fds[0]);
    child(work, fds[1]);
  }
  close_fd(fds[1]);
  std::string message;
  bool timed_out = false;
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::duration<double>(timeout_seconds);
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      timed_out = true;
      break;
    }
    pollfd p{fds[0], POLLIN, 0};
    const int r = ::poll(&p, 1, static_cast<int>(std::min<long long>(left.count(), 1 << 30)));
    if (r < 0 && errno == EINTR) continue;
    if (r == 0) {
      timed_out = true;
      break;
    }
    char buf[4096];
    const ssize_t n = ::read(fds[0], buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;  // the child closed its end: it has finished
    message.append(buf, static_cast<std::size_t>(n));
  }
  close_fd(fds[0]);
  if (timed_out) {
    ::kill(pid, SIGKILL);
    wait_for(pid);
    char secs[32];
    std::snprintf(secs, sizeof secs, "%g", timeout_seconds);
    throw ChildCheckError(what + " is damaged: reading it did not finish in " + secs +
                          " s (set PLACESIM_READ_TIMEOUT to allow longer)");
  }
  const int status = wait_for(pid);
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return;
  if (WIFEXITED(status) && WEXITSTATUS(status) == kThrew) throw ChildCheckError(message);
  if (WIFSIGNALED(status))
    throw ChildCheckError(what + " is damaged: reading it crashed the HDF5 library (signal " +
                          std::to_string(WTERMSIG(status)) + ", " + ::strsignal(WTERMSIG(status)) +
                          ")");
  throw ChildCheckError(what + " is damaged: reading it failed (exit status " +
                        std::to_string(WIFEXITED(status) ? WEXITSTATUS(status) : -1) + ")");
}

}  // namespace placesim::sim
