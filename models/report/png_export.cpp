// PNG charts for slides: each chart of the report rendered alone by headless
// Chromium (Debian's chromium package), so the PNGs match the report exactly.
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <stdexcept>
#include <thread>

#include "models/report/report.h"
#include "models/report/report_internal.h"

namespace placesim::models {
namespace fs = std::filesystem;

namespace {

std::string find_chromium() {
  if (const char* env = std::getenv("PLACESIM_CHROMIUM"); env && *env) return env;
  const char* path = std::getenv("PATH");
  std::string dirs = path ? path : "/usr/bin:/bin";
  for (const char* name : {"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"}) {
    std::size_t start = 0;
    while (start <= dirs.size()) {
      std::size_t end = dirs.find(':', start);
      if (end == std::string::npos) end = dirs.size();
      fs::path p = fs::path(dirs.substr(start, end - start)) / name;
      if (::access(p.c_str(), X_OK) == 0) return p.string();
      start = end + 1;
    }
  }
  return "";
}

// Runs a program without a shell, output discarded; kills it after `limit`.
int run_quietly(const std::vector<std::string>& argv, std::chrono::seconds limit) {
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error("cannot start " + argv[0]);
  if (pid == 0) {
    int null = ::open("/dev/null", O_RDWR);
    ::dup2(null, 1);
    ::dup2(null, 2);
    ::setpgid(0, 0);  // its own group, so a timeout kills its helpers too
    ::execv(args[0], args.data());
    ::_exit(127);
  }
  const auto deadline = std::chrono::steady_clock::now() + limit;
  int status = 0;
  while (::waitpid(pid, &status, WNOHANG) == 0) {
    if (std::chrono::steady_clock::now() > deadline) {
      ::kill(-pid, SIGKILL);
      ::waitpid(pid, &status, 0);
      return -1;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace

std::optional<std::string> png_export_problem() {
  if (find_chromium().empty())
    return std::string("PNG export needs Chromium (Debian: apt-get install chromium), or PLACESIM_CHROMIUM set to a browser");
  return std::nullopt;
}

void export_pngs(const Results& r, const fs::path& dir) {
  const std::string browser = find_chromium();
  if (browser.empty()) throw std::runtime_error(*png_export_problem());
  fs::create_directories(dir);
  const fs::path work = fs::temp_directory_path() / ("placesim-png-" + std::to_string(::getpid()));
  fs::create_directories(work / "profile");
  try {
    for (const std::string& id : chart_ids(r)) {
      const fs::path page = work / (id + ".html");
      std::ofstream(page) << report_page(r, id);
      const fs::path tmp = dir / (id + ".tmp.png");  // Chromium picks the format by extension
      int rc = run_quietly({browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                            "--disable-background-networking", "--disable-component-update", "--disable-sync",
                            "--hide-scrollbars", "--user-data-dir=" + (work / "profile").string(),
                            "--window-size=960,560", "--screenshot=" + tmp.string(), "file://" + page.string()},
                           std::chrono::seconds(120));
      if (rc != 0 || !fs::exists(tmp)) throw std::runtime_error("Chromium could not render the chart " + id);
      fs::rename(tmp, dir / (id + ".png"));
    }
  } catch (...) {
    fs::remove_all(work);
    throw;
  }
  fs::remove_all(work);
}

}  // namespace placesim::models
