#include "tools/cli/outputs.h"

#include <cctype>

#include "models/report/report.h"
#include "models/results/csv_writer.h"
#include "models/results/workbook.h"

namespace placesim::cli {
namespace fs = std::filesystem;

std::string link_from(const fs::path& report, const fs::path& target) {
  // Paths as typed, not through symlinks: the browser resolves a link from
  // the folder the report was opened in.
  const fs::path from = fs::absolute(report).lexically_normal().parent_path();
  return fs::absolute(target).lexically_normal().lexically_relative(from).generic_string();
}

void plan_outputs(Outputs& out, const po::variables_map& vm, const std::string& default_stem,
                  const std::vector<fs::path>& inputs) {
  const fs::path h5 = vm.count("output") ? fs::path(vm["output"].as<std::string>())
                                         : fs::path(default_stem + ".h5");
  out.h5 = out.set.add(h5, "results file", inputs);
  if (vm.count("csv"))
    out.csv = out.set.add_folder(vm["csv"].as<std::string>(), "CSV", models::kCsvFiles);
  if (vm.count("report"))
    out.report = out.set.add(vm["report"].as<std::string>(), "report", inputs);
  if (vm.count("xlsx")) out.xlsx = claim_workbook(out.set, vm["xlsx"].as<std::string>(), inputs);
  if (vm.count("report")) {
    const fs::path report = vm["report"].as<std::string>();
    out.links.push_back({"results (HDF5)", link_from(report, h5)});
    if (vm.count("csv")) {
      for (const std::string& name : models::kCsvFiles)
        out.links.push_back(
            {name, link_from(report, fs::path(vm["csv"].as<std::string>()) / name)});
    }
    if (vm.count("xlsx"))
      out.links.push_back({"workbook (Excel)", link_from(report, vm["xlsx"].as<std::string>())});
  }
  if (vm.count("png")) {
    if (auto why = models::png_export_problem()) throw UsageError("--png: " + *why);
    out.png_wanted = true;
    out.png_folder = fs::path(vm["png"].as<std::string>());
    std::error_code ec;
    if (fs::exists(*out.png_folder, ec) && !fs::is_directory(*out.png_folder, ec))
      throw UsageError("the PNG folder " + out.png_folder->string() + " is a file");
  }
}

fs::path claim_workbook(sim::OutputSet& set, const std::string& target,
                        const std::vector<fs::path>& inputs) {
  std::string ext = fs::path(target).extension().string();
  for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (ext != ".xlsx")
    throw UsageError("--xlsx " + target +
                     ": a workbook's name must end in .xlsx (Excel opens it by that name)");
  return set.add(target, "workbook", inputs);
}

void write_outputs(Outputs& out, const models::Results& r) {
  if (!out.h5_written) models::write_results_h5(r, out.h5);
  if (!out.csv.empty()) {
    const std::vector<std::string> texts = models::csv_texts(r);
    for (std::size_t i = 0; i < texts.size(); ++i) sim::write_text(out.csv[i], texts[i]);
  }
  if (out.report) sim::write_text(*out.report, models::report_html(r, out.links));
  if (out.xlsx) models::write_workbook(r, *out.xlsx);
  if (out.png_wanted) {
    std::vector<std::string> files;
    for (const std::string& id : models::chart_ids(r)) files.push_back(id + ".png");
    out.png = out.set.add_folder(*out.png_folder, "PNG", files);
    models::export_pngs(r, out.png);
  }
  out.set.commit();
}

}  // namespace placesim::cli
