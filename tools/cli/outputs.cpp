#include "tools/cli/outputs.h"

#include "models/report/report.h"
#include "models/results/csv_writer.h"

namespace placesim::cli {
namespace fs = std::filesystem;

namespace {

void check_file(const fs::path& p, bool force, const char* what) {
  const fs::path parent = p.parent_path().empty() ? fs::path(".") : p.parent_path();
  if (!fs::is_directory(parent))
    throw UsageError("run: cannot write the " + std::string(what) + " " + p.string() + ": the folder " +
                     parent.string() + " does not exist");
  if (fs::exists(p) && fs::is_directory(p))
    throw UsageError("run: the " + std::string(what) + " " + p.string() + " is a folder; give a file name");
  if (fs::exists(p) && !force)
    throw UsageError("run: " + p.string() + " already exists; use --force to replace it");
}

void check_folder(const fs::path& p, bool force, const char* what, const char* first_file) {
  if (fs::exists(p) && !fs::is_directory(p))
    throw UsageError("run: the " + std::string(what) + " folder " + p.string() + " is a file");
  if (fs::exists(p / first_file) && !force)
    throw UsageError("run: " + (p / first_file).string() + " already exists; use --force to replace it");
}

}  // namespace

std::string Outputs::describe() const {
  std::string s = h5.string();
  if (csv) s += ", " + (*csv / "results.csv").string() + ", " + (*csv / "summary.csv").string();
  if (report) s += ", " + report->string();
  if (png) s += ", PNG charts in " + png->string();
  return s;
}

Outputs plan_outputs(const po::variables_map& vm, const std::string& default_stem) {
  const bool force = vm.count("force") > 0;
  Outputs o;
  o.h5 = vm.count("output") ? fs::path(vm["output"].as<std::string>()) : fs::path(default_stem + ".h5");
  check_file(o.h5, force, "results file");
  if (vm.count("csv")) {
    o.csv = vm["csv"].as<std::string>();
    check_folder(*o.csv, force, "CSV", "results.csv");
  }
  if (vm.count("report")) {
    o.report = vm["report"].as<std::string>();
    check_file(*o.report, force, "report");
  }
  if (vm.count("png")) {
    o.png = vm["png"].as<std::string>();
    check_folder(*o.png, force, "PNG", models::kFirstChartFile);
    if (auto why = models::png_export_problem()) throw UsageError("run: --png: " + *why);
  }
  return o;
}

void write_outputs(const Outputs& out, const models::Results& r) {
  models::write_results_h5(r, out.h5.string());
  if (out.csv) models::write_csv(r, *out.csv);
  if (out.report) models::write_report_html(r, *out.report);
  if (out.png) models::export_pngs(r, *out.png);
}

}  // namespace placesim::cli
