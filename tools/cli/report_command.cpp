// placesim report: the HTML report (and PNGs) of an existing results file.
#include <filesystem>
#include <iostream>

#include "models/report/report.h"
#include "models/results/h5_io.h"
#include "models/results/results.h"
#include "tools/cli/options.h"

namespace placesim::cli {
namespace fs = std::filesystem;

int report_command(const std::vector<std::string>& args) {
  po::options_description visible("Options");
  visible.add_options()("help,h", "show this help")(
      "output,o", po::value<std::string>(), "the HTML file (default: RESULTS with .html)")(
      "png", po::value<std::string>(), "also export each chart as a PNG into this folder")(
      "force,f", "overwrite existing files");
  po::options_description all;
  all.add(visible).add_options()("results", po::value<std::string>());
  po::positional_options_description pos;
  pos.add("results", 1);
  po::variables_map vm;
  if (!parse_options("report", "RESULTS.h5 [-o report.html] [--png DIR]", visible, all, pos, args, vm)) return kOk;
  if (!vm.count("results")) throw UsageError("report: give a results file (see 'placesim report --help')");
  const fs::path in = vm["results"].as<std::string>();
  if (!fs::exists(in)) throw UsageError("report: " + in.string() + " does not exist");
  fs::path out = vm.count("output") ? fs::path(vm["output"].as<std::string>()) : fs::path(in).replace_extension(".html");
  if (fs::exists(out) && !vm.count("force")) throw UsageError("report: " + out.string() + " already exists; use --force");
  if (vm.count("png")) {
    if (auto why = models::png_export_problem()) throw UsageError("report: --png: " + *why);
  }
  std::string type;
  try {
    models::h5::Handle f = models::h5::open_file(in.string());
    if (models::h5::has_attr(f.id(), "/", "filetype")) type = models::h5::get_string_attr(f.id(), "/", "filetype");
  } catch (const models::h5::Error& e) {
    throw UsageError(std::string("report: ") + e.what());
  }
  if (type == models::kSweepFiletype) {  // a finished sweep: its sensitivity report
    if (vm.count("png")) throw UsageError("report: --png is for results files, not sweeps");
    models::write_sweep_report_html(models::read_sweep_h5(in.string()), out);
    std::cerr << "placesim: wrote " << out.string() << "\n";
    return kOk;
  }
  models::Results r;
  try {
    r = models::read_results_h5(in.string());
  } catch (const models::h5::Error& e) {
    throw UsageError(std::string("report: ") + e.what());
  }
  models::write_report_html(r, out);
  if (vm.count("png")) models::export_pngs(r, vm["png"].as<std::string>());
  std::cerr << "placesim: wrote " << out.string() << "\n";
  return kOk;
}

}  // namespace placesim::cli
