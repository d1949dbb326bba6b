// placesim report: the HTML report (and PNGs) of an existing results, sweep
// or posterior file.
#include <filesystem>
#include <iostream>

#include "models/report/report.h"
#include "models/results/results.h"
#include "models/results/workbook.h"
#include "models/studies/aggregate_file.h"
#include "sim/io/child_check.h"
#include "sim/io/h5.h"
#include "tools/cli/options.h"
#include "tools/cli/outputs.h"

namespace placesim::cli {
namespace fs = std::filesystem;

namespace {

// The file's type, from its root attribute ("" when it has none).
std::string filetype(const fs::path& in) {
  try {
    const sim::h5::File f = sim::h5::File::open(in.string());
    return f.has_attr("/", "filetype") ? f.string_attr("/", "filetype") : "";
  } catch (const sim::h5::Error& e) {
    throw UsageError(std::string("report: ") + e.what());
  }
}

}  // namespace

int report_command(const std::vector<std::string>& args) {
  po::options_description visible("Options");
  visible.add_options()("help,h", "show this help")(
      "output,o", po::value<std::string>(),
      "the HTML file (default: RESULTS with .html; with --xlsx and no -o, none)")(
      "xlsx", po::value<std::string>(), "write an Excel workbook of a results file (FILE.xlsx)")(
      "png", po::value<std::string>(), "also export each chart as a PNG into this folder")(
      "force,f", "overwrite existing files");
  po::options_description all;
  all.add(visible).add_options()("results", po::value<std::string>());
  po::positional_options_description pos;
  pos.add("results", 1);
  po::variables_map vm;
  if (!parse_options("report",
                     "RESULTS.h5|SWEEP.h5|POSTERIOR.h5|AGGREGATE.h5 [-o report.html] [--xlsx "
                     "book.xlsx] [--png DIR]",
                     visible, all, pos, args, vm))
    return kOk;
  if (!vm.count("results"))
    throw UsageError("report: give a results file (see 'placesim report --help')");
  const fs::path in = vm["results"].as<std::string>();
  if (!fs::exists(in)) throw UsageError("report: " + in.string() + " does not exist");
  if (!fs::is_regular_file(in)) throw UsageError("report: " + in.string() + " is not a file");
  // Rehearsed in a child first: a forged file can crash or hang HDF5 itself.
  try {
    sim::check_in_child(
        [&] {
          const sim::h5::File f = sim::h5::File::open(in.string());
          const std::string t = f.has_attr("/", "filetype") ? f.string_attr("/", "filetype") : "";
          if (t == models::kSweepFiletype) (void)models::read_sweep_h5(in.string());
          if (t == models::kResultsFiletype) (void)models::read_results_h5(in.string());
          if (t == models::kPosteriorFiletype) (void)models::read_posterior_h5(in.string());
          if (t == models::kAggregateFiletype) (void)models::read_aggregate_h5(in.string());
        },
        in.string(), sim::read_timeout_seconds());
  } catch (const sim::ChildCheckError& e) {
    throw UsageError(std::string("report: ") + e.what());
  }
  const std::string type =
      filetype(in);  // the input first: a wrong input is the first thing to say
  if (type == models::kAggregateShardFiletype)
    throw UsageError("report: " + in.string() +
                     " is one shard of an aggregate: join the shards with placesim merge -o "
                     "OUT.h5 SHARD.h5... and report on OUT.h5");
  if (type != models::kResultsFiletype && type != models::kSweepFiletype &&
      type != models::kPosteriorFiletype && type != models::kAggregateFiletype)
    throw UsageError("report: " + in.string() +
                     " is not a placesim results, sweep, posterior or aggregate file");
  if (type != models::kResultsFiletype && vm.count("png"))
    throw UsageError("report: --png is for results files, not sweeps, posteriors or aggregates");
  if (type != models::kResultsFiletype && vm.count("xlsx"))
    throw UsageError("report: --xlsx is for results files, not sweeps, posteriors or aggregates");
  const fs::path out_path = vm.count("output") ? fs::path(vm["output"].as<std::string>())
                                               : fs::path(in).replace_extension(".html");
  Outputs out(vm.count("force") > 0);
  // A workbook asked for alone is all that is written.
  if (vm.count("output") || !vm.count("xlsx")) out.report = out.set.add(out_path, "report", {in});
  if (vm.count("xlsx")) out.xlsx = claim_workbook(out.set, vm["xlsx"].as<std::string>(), {in});
  if (vm.count("png")) {
    if (auto why = models::png_export_problem()) throw UsageError("report: --png: " + *why);
  }
  try {
    if (type == models::kSweepFiletype) {  // a finished sweep: its sensitivity report
      sim::write_text(*out.report, models::sweep_report_html(models::read_sweep_h5(in.string())));
    } else if (type == models::kAggregateFiletype) {  // places added up, against the naive figure
      sim::write_text(*out.report,
                      models::aggregate_report_html(models::read_aggregate_h5(in.string())));
    } else if (type == models::kPosteriorFiletype) {  // a calibration: priors against posteriors
      sim::write_text(*out.report,
                      models::calibration_report_html(models::read_posterior_h5(in.string())));
    } else {
      const models::Results r = models::read_results_h5(in.string());
      std::vector<models::ReportLink> links = {{"results (HDF5)", link_from(out_path, in)}};
      if (vm.count("xlsx"))
        links.push_back({"workbook (Excel)", link_from(out_path, vm["xlsx"].as<std::string>())});
      if (out.report) sim::write_text(*out.report, models::report_html(r, links));
      if (out.xlsx) models::write_workbook(r, *out.xlsx);
      if (vm.count("png")) {
        std::vector<std::string> files;
        for (const std::string& id : models::chart_ids(r)) files.push_back(id + ".png");
        models::export_pngs(r, out.set.add_folder(vm["png"].as<std::string>(), "PNG", files));
      }
    }
  } catch (const sim::h5::Error& e) {
    throw UsageError(std::string("report: ") + e.what());
  }
  out.set.commit();
  std::cerr << "placesim: wrote " << out.set.describe() << "\n";
  return kOk;
}

}  // namespace placesim::cli
