// PNG charts for slides: each chart of the report rendered alone by headless
// Chromium (Debian's chromium package), so the PNGs match the report exactly.
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <iterator>
#include <stdexcept>

#include "models/report/report.h"
#include "models/report/report_internal.h"
#include "sim/io/output_set.h"
#include "sim/io/process.h"

namespace placesim::models {
namespace fs = std::filesystem;

namespace {

std::string find_chromium() {
  return sim::find_program(
      {"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"},
      "PLACESIM_CHROMIUM");
}

}  // namespace

std::optional<std::string> png_export_problem() {
  if (find_chromium().empty())
    return std::string(
        "PNG export needs Chromium (Debian: apt-get install chromium), or PLACESIM_CHROMIUM set to "
        "a browser");
  return std::nullopt;
}

void export_pngs(const Results& r, const std::vector<fs::path>& outputs) {
  const std::string browser = find_chromium();
  if (browser.empty()) throw std::runtime_error(*png_export_problem());
  const std::vector<std::string> ids = chart_ids(r);
  if (outputs.size() != ids.size()) throw std::logic_error("export_pngs: one output per chart");
  const fs::path work = fs::temp_directory_path() / ("placesim-png-" + std::to_string(::getpid()));
  fs::create_directories(work / "profile");
  try {
    for (std::size_t i = 0; i < ids.size(); ++i) {
      const fs::path page = work / (ids[i] + ".html");
      std::ofstream(page) << report_page(r, ids[i]);
      const fs::path png = work / (ids[i] + ".png");  // Chromium picks the format by extension
      const int rc = sim::run_program(
          {browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
           "--no-first-run", "--disable-background-networking", "--disable-component-update",
           "--disable-sync", "--hide-scrollbars", "--user-data-dir=" + (work / "profile").string(),
           "--window-size=960,560", "--screenshot=" + png.string(), "file://" + page.string()},
          std::chrono::seconds(120));
      if (rc != 0 || !fs::exists(png))
        throw std::runtime_error("Chromium could not render the chart " + ids[i]);
      std::ifstream in(png, std::ios::binary);
      const std::string bytes((std::istreambuf_iterator<char>(in)),
                              std::istreambuf_iterator<char>());
      sim::write_text(outputs[i], bytes);
    }
  } catch (...) {
    fs::remove_all(work);
    throw;
  }
  fs::remove_all(work);
}

}  // namespace placesim::models
