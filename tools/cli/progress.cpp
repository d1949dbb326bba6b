#include "tools/cli/progress.h"

#include <unistd.h>

#include <cstdio>

namespace placesim::cli {

ProgressBar::ProgressBar(std::string what, std::size_t total, bool enabled)
    : what_(std::move(what)),
      total_(total),
      enabled_(enabled && ::isatty(STDERR_FILENO)),
      start_(std::chrono::steady_clock::now()),
      last_(start_ - std::chrono::seconds(1)) {}

void ProgressBar::update(std::size_t done) {
  if (!enabled_) return;
  auto now = std::chrono::steady_clock::now();
  if (done < total_ && now - last_ < std::chrono::milliseconds(100)) return;
  last_ = now;
  const int width = 30;
  const int filled = total_ ? static_cast<int>(width * done / total_) : width;
  std::string bar(static_cast<std::size_t>(filled), '#');
  bar.resize(width, '.');
  double secs = std::chrono::duration<double>(now - start_).count();
  std::fprintf(stderr, "\r  [%s] %zu/%zu %s, %.1f s ", bar.c_str(), done, total_, what_.c_str(),
               secs);
  std::fflush(stderr);
}

void ProgressBar::finish() {
  if (!enabled_) return;
  std::fprintf(stderr, "\r%*s\r", 79, "");
  std::fflush(stderr);
}

}  // namespace placesim::cli
