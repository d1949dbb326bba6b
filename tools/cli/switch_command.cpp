// placesim switch: the value of one input at which the NPV (or a claim's
// gap) crosses zero — a switching value, as the Green Book asks for.
#include <cmath>
#include <cstdlib>
#include <iomanip>
#include <iostream>
#include <sstream>

#include "models/results/summary_text.h"
#include "models/scenario/load.h"
#include "models/studies/switching.h"
#include "placesim/version.h"
#include "sim/io/h5.h"
#include "sim/io/output_set.h"
#include "sim/io/yaml_document.h"
#include "tools/cli/options.h"

namespace placesim::cli {
namespace {

// The number at a key path of the scenario, if it holds a plain number.
std::optional<double> number_at(const std::string& yaml, const std::string& path) {
  sim::Diagnostics d;
  auto doc = sim::parse_yaml(yaml, "scenario", d);
  if (!doc) return std::nullopt;
  return sim::scalar_number(sim::node_at_path(doc->root, path));
}

std::pair<double, double> range_option(const po::variables_map& vm, const std::string& yaml,
                                       const std::string& param) {
  if (vm.count("range")) {
    const std::string text = vm["range"].as<std::string>();
    const auto comma = text.find(',');
    char* e1 = nullptr;
    char* e2 = nullptr;
    const std::string a = text.substr(0, comma),
                      b = comma == text.npos ? "" : text.substr(comma + 1);
    const double lo = std::strtod(a.c_str(), &e1), hi = std::strtod(b.c_str(), &e2);
    if (comma == text.npos || a.empty() || b.empty() || *e1 || *e2 || !std::isfinite(lo) ||
        !std::isfinite(hi) || !(lo < hi))
      throw UsageError("switch: --range must be LOW,HIGH with LOW < HIGH, e.g. --range 0,2 (got '" +
                       text + "')");
    return {lo, hi};
  }
  const auto now = number_at(yaml, param);
  if (!now || *now <= 0.0)
    throw UsageError("switch: the scenario gives no positive number at " + param +
                     " to search around; give --range LOW,HIGH");
  return {0.0, 2.0 * *now};
}

// What a switching-value file records beside the search.
struct SwitchContext {
  std::string param;
  models::SwitchTarget target;
  std::pair<double, double> range;
  std::string yaml, source;
  models::RunPlan plan;
  std::string units;
};

void write_switch_h5(const std::filesystem::path& tmp, const models::SwitchResult& r,
                     const SwitchContext& c) {
  namespace h5 = sim::h5;
  h5::File f = h5::File::create(tmp.string());
  f.set_attr("filetype", std::string(kSwitchFiletype));
  f.set_attr("format_version", kSwitchFormatVersion);
  f.set_attr("placesim_version", std::string(PLACESIM_VERSION));
  f.set_attr("scenario_yaml", c.yaml);
  f.set_attr("scenario_source", c.source);
  f.set_attr("seed", static_cast<std::int64_t>(c.plan.seed));
  f.set_attr("replications", static_cast<std::int64_t>(c.plan.replications));
  f.set_attr("created", h5::utc_timestamp());
  h5::Group g = f.create_group("switch");
  g.set_attr("param", c.param);
  g.set_attr("target", c.target.name());
  g.set_attr("found", static_cast<std::int64_t>(r.value.has_value()));
  g.set_double_attr("range_low", c.range.first);
  g.set_double_attr("range_high", c.range.second);
  if (r.value)
    g.write("value", {}, {*r.value},
            {{}, "", "the input's value at which the target's mean crosses zero"});
  // A side of the interval beyond the range is written as that end of it,
  // and flagged, never as NaN.
  g.set_attr("interval_known", static_cast<std::int64_t>(r.has_interval));
  if (r.has_interval) {  // none at one replication
    g.write("interval", {2}, {r.low.value_or(c.range.first), r.high.value_or(c.range.second)},
            {{"bound"}, "", "where the target's 95% interval contains zero (low, high)"});
    g.set_attr("interval_low_open", static_cast<std::int64_t>(!r.low.has_value()));
    g.set_attr("interval_high_open", static_cast<std::int64_t>(!r.high.has_value()));
  }
  std::vector<double> x, mean, se;
  for (const auto& p : r.points) {
    x.push_back(p.x);
    mean.push_back(p.mean);
    se.push_back(p.se);
  }
  const auto n = static_cast<std::uint64_t>(x.size());
  h5::Group points = g.create_group("points");
  points.write("x", {n}, x, {{"point"}, "", "values of the input tried, in order"});
  points.write("mean", {n}, mean, {{"point"}, c.units, "the target's mean at each value"});
  points.write("se", {n}, se,
               {{"point"}, c.units, "its Monte Carlo standard error (0 at one replication)"});
  f.close();
}

std::string value_text(const std::optional<double>& v, const char* beyond) {
  if (!v) return beyond;
  std::ostringstream o;
  o << std::setprecision(4) << *v;
  return o.str();
}

std::string figure_text(double v, bool share) {
  if (!share) return models::format_money(v);
  std::ostringstream o;
  o << std::setprecision(3) << 100.0 * v << "%";
  return o.str();
}

}  // namespace

int switch_command(const std::vector<std::string>& args) {
  po::options_description visible("Options");
  visible.add_options()("help,h", "show this help")(
      "param,p", po::value<std::string>(),
      "the input to vary, by key path, e.g. services.key_worker.effect.scale (required)")(
      "target", po::value<std::string>()->default_value("npv"),
      "npv, npv_adjusted (after optimism bias) or claim:N (the Nth claim's simulated saving "
      "less the claim)")("range", po::value<std::string>(),
                         "LOW,HIGH to search (default: 0 to twice the scenario's value)")(
      "replications,r", po::value<std::string>(),
      "replications at each value (default: the scenario's)")(
      "seed", po::value<std::string>(),
      "master seed, the same at every value (default: the scenario's)")(
      "threads,t", po::value<std::string>()->default_value("0"), "threads (0: all cores)")(
      "set", po::value<std::vector<std::string>>()->composing(),
      "override a value by key path first (repeatable)")(
      "whole",
      "the input takes whole numbers (a capacity, a queue limit): values tried are rounded")(
      "output,o", po::value<std::string>(), "also write the search to this HDF5 file")(
      "force,f", "overwrite the output file")("quiet,q", "print nothing but errors");
  po::options_description all;
  all.add(visible).add_options()("scenario", po::value<std::string>());
  po::positional_options_description pos;
  pos.add("scenario", 1);
  po::variables_map vm;
  if (!parse_options("switch", "[SCENARIO.yaml] --param PATH [--target npv|npv_adjusted|claim:N]",
                     visible, all, pos, args, vm))
    return kOk;
  if (!vm.count("param"))
    throw UsageError(
        "switch: give the input to vary with --param PATH (see 'placesim switch --help')");
  const std::string param = vm["param"].as<std::string>();
  const auto target = models::parse_switch_target(vm["target"].as<std::string>());
  if (!target)
    throw UsageError("switch: --target must be npv, npv_adjusted or claim:N with N from 1 (got '" +
                     vm["target"].as<std::string>() + "')");
  const std::string file = vm.count("scenario") ? vm["scenario"].as<std::string>() : "";
  auto sets = set_options(vm);
  sim::OutputSet out(vm.count("force") > 0);
  std::filesystem::path tmp;
  const std::vector<std::string> files =
      file.empty() ? std::vector<std::string>{} : models::scenario_files(file);
  if (vm.count("output")) {
    const std::vector<std::filesystem::path> inputs(files.begin(), files.end());
    tmp = out.add(vm["output"].as<std::string>(), "switching-value file", inputs);
  }
  // Checked once from its files, so a bad scenario or --set is named where it
  // was written before any run; the runs then read the merged text.
  const models::Scenario s = file.empty()
                                 ? models::load_scenario_text(models::default_scenario_text(),
                                                              models::kDefaultScenarioName, sets)
                                       .scenario
                                 : models::load_scenario_file(file, sets).scenario;
  if (!s.has_options())
    throw UsageError(
        "switch: the scenario has no option regime (such as regimes.pooled) to appraise");
  const std::string text = file.empty() ? std::string(models::default_scenario_text())
                                        : models::effective_scenario_text(file);
  const std::string name = file.empty() ? std::string(models::kDefaultScenarioName)
                                        : models::effective_scenario_name(file, files);
  models::RunPlan plan;
  const RunCounts counts = run_counts(vm, s.replications, s.seed);
  plan.replications = counts.replications;
  plan.seed = counts.seed;
  plan.threads = counts.threads;
  const auto range = range_option(vm, s.effective_yaml, param);
  models::SwitchResult r;
  try {
    r = models::find_switching_value(
        models::scenario_switch_figure(text, name, sets, param, *target, plan,
                                       vm.count("whole") > 0),
        range.first, range.second);
  } catch (const std::invalid_argument& e) {
    throw UsageError(std::string("switch: ") + e.what());
  }
  const bool share = target->kind == models::SwitchTarget::Kind::claim &&
                     target->claim < s.claims.size() && s.claims[target->claim].is_share;
  if (!tmp.empty()) {
    write_switch_h5(tmp, r,
                    {param, *target, range, s.effective_yaml, name, plan,
                     share ? "share of baseline spend" : "GBP"});
    out.commit();
  }
  if (vm.count("quiet")) return kOk;
  std::cout << "Switching value of " << param << " for " << target->name() << " ("
            << plan.replications << (plan.replications == 1 ? " replication" : " replications")
            << " a value, seed " << plan.seed << ", searched " << range.first << " to "
            << range.second << ", " << r.points.size() << " values tried):\n";
  if (r.value) {
    std::cout << "  " << target->name() << " crosses zero at " << value_text(r.value, "");
    if (r.has_interval)
      std::cout << "; 95% interval " << value_text(r.low, "below the range") << " to "
                << value_text(r.high, "above the range") << "\n";
    else
      std::cout << "; no interval from one replication\n";
  } else {
    const auto& a = r.points.front();
    const auto& b = r.points.size() > 1 ? r.points[1] : a;
    std::cout << "  no switching value in the range: the mean " << target->name() << " is "
              << (a.mean > 0 ? "positive" : "negative") << " throughout ("
              << figure_text(a.mean, share) << " at " << a.x << ", " << figure_text(b.mean, share)
              << " at " << b.x << "); widen it with --range\n";
    if (r.has_interval && (r.low || r.high))
      std::cout << "  zero is within its 95% interval from " << value_text(r.low, "below the range")
                << " to " << value_text(r.high, "above the range") << "\n";
  }
  return kOk;
}

}  // namespace placesim::cli
