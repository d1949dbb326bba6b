// Sweep tables and their HDF5 files (layout: docs/sweeps.md).
#include "models/sweep/sweep_table.h"

#include <cmath>
#include <cstdio>
#include <limits>

#include "models/appraisal/statistics.h"
#include "models/results/h5_io.h"

namespace placesim::models {
namespace {

using hs = std::vector<hsize_t>;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::string hex(std::uint64_t h) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

void write_common(hid_t f, const SweepTable& t, const char* filetype) {
  h5::set_attr(f, "filetype", std::string(filetype));
  h5::set_attr(f, "format_version", kSweepFormatVersion);
  h5::set_attr(f, "placesim_version", t.version);
  h5::set_attr(f, "sweep_name", t.name);
  h5::set_attr(f, "sweep_yaml", t.sweep_yaml);
  h5::set_attr(f, "sweep_source", t.sweep_source);
  h5::set_attr(f, "base_yaml", t.base_yaml);
  h5::set_attr(f, "base_source", t.base_source);
  h5::set_attr(f, "design", t.design);
  h5::set_attr(f, "sweep_hash", hex(t.hash));
  h5::set_attr(f, "seed", static_cast<std::int64_t>(t.seed));
  h5::set_attr(f, "replications", static_cast<std::int64_t>(t.replications));
  h5::set_attr(f, "points", static_cast<std::int64_t>(t.points()));
  h5::set_attr(f, "sobol_base", static_cast<std::int64_t>(t.sobol_base));
  h5::set_attr(f, "detail", static_cast<std::int64_t>(t.detail));
  h5::set_attr(f, "created", h5::utc_timestamp());
  h5::Handle dims = h5::create_group(f, "dims");
  h5::write_strings(dims.id(), "parameters", t.parameters, "key paths varied by the sweep");
  h5::write_strings(dims.id(), "measures", t.measures, "per-replication measures (see docs/sweeps.md)");
  h5::write_strings(dims.id(), "years", t.years, "financial years of the appraisal window");
  h5::write_strings(dims.id(), "agencies", t.agencies, "agencies");
  h5::Handle pts = h5::create_group(f, "points");
  h5::write_doubles(pts.id(), "values", {t.points(), t.parameters.size()}, t.point_values, {"point", "parameter"},
                    "as in the scenario", "the parameter values of each point");
}

std::vector<double> rows(const std::vector<double>& all, std::size_t width, const std::vector<std::uint64_t>& which) {
  std::vector<double> out;
  for (std::uint64_t u : which) out.insert(out.end(), all.begin() + static_cast<std::ptrdiff_t>(u * width),
                                           all.begin() + static_cast<std::ptrdiff_t>((u + 1) * width));
  return out;
}

}  // namespace

void SweepTable::put(const UnitResult& r) {
  const std::size_t m = measures.size();
  for (std::size_t i = 0; i < m; ++i) unit_measures[r.unit * m + i] = r.measures[i];
  for (std::size_t i = 0; i < detail; ++i) unit_detail[r.unit * detail + i] = r.detail[i];
  done[r.unit] = 1;
}

std::vector<std::uint64_t> SweepTable::todo(std::uint64_t k, std::uint64_t n) const {
  std::vector<std::uint64_t> out;
  for (std::uint64_t u = 0; u < done.size(); ++u) {
    if (!done[u] && in_shard(u, k, n)) out.push_back(u);
  }
  return out;
}

std::vector<double> SweepTable::point_means(std::size_t measure) const {
  std::vector<double> out(points(), 0.0);
  const std::size_t m = measures.size();
  for (std::size_t p = 0; p < points(); ++p) {
    std::vector<double> v;
    for (std::uint64_t r = 0; r < replications; ++r) v.push_back(unit_measures[(p * replications + r) * m + measure]);
    out[p] = summarize(v).mean;
  }
  return out;
}

SweepTable empty_table(const SweepWork& w, const std::string& version) {
  SweepTable t;
  t.name = w.spec.name;
  t.design = design_name(w.spec.design);
  t.version = version;
  t.sweep_yaml = w.spec.text;
  t.sweep_source = w.spec.source;
  t.base_yaml = w.spec.base_text;
  t.base_source = w.spec.base_name;
  t.hash = w.hash;
  t.seed = w.spec.seed;
  t.replications = w.spec.replications;
  t.sobol_base = w.plan.sobol_base;
  for (const auto& p : w.spec.parameters) t.parameters.push_back(p.path);
  t.measures = w.measures;
  t.years = w.years;
  t.agencies = w.agencies;
  for (const auto& point : w.plan.values) t.point_values.insert(t.point_values.end(), point.begin(), point.end());
  t.detail = w.detail_size();
  t.unit_measures.assign(w.units() * t.measures.size(), kNaN);
  t.unit_detail.assign(w.units() * t.detail, kNaN);
  t.done.assign(w.units(), 0);
  return t;
}

SweepSensitivity sweep_sensitivity(const SweepTable& t) {
  SweepSensitivity s;
  const std::vector<double> y = t.point_means(0);  // mean NPV
  std::vector<std::vector<double>> x;
  const std::size_t k = t.parameters.size();
  for (std::size_t p = 0; p < t.points(); ++p)
    x.emplace_back(t.point_values.begin() + static_cast<std::ptrdiff_t>(p * k),
                   t.point_values.begin() + static_cast<std::ptrdiff_t>((p + 1) * k));
  s.tornado = tornado(x, y);
  if (t.sobol_base > 0) s.sobol = sobol_indices(y, t.sobol_base, k);
  return s;
}

void write_sweep_h5(const SweepTable& t, const std::string& path) {
  h5::write_file_safely(path, [&](hid_t f) {
    write_common(f, t, kSweepFiletype);
    const hsize_t P = t.points(), R = t.replications, M = t.measures.size(), K = t.parameters.size();
    static const std::vector<std::string> stats = {"mean", "sd", "ci_low", "ci_high", "p5", "p25", "median", "p75", "p95"};
    std::vector<double> summary;
    for (hsize_t p = 0; p < P; ++p) {
      for (hsize_t m = 0; m < M; ++m) {
        std::vector<double> v;
        for (hsize_t r = 0; r < R; ++r) v.push_back(t.unit_measures[(p * R + r) * M + m]);
        Summary s = summarize(v);
        for (double x : {s.mean, s.sd, s.ci_low, s.ci_high, s.p5, s.p25, s.median, s.p75, s.p95}) summary.push_back(x);
      }
    }
    h5::Handle dims(H5Gopen2(f, "dims", H5P_DEFAULT), H5Gclose);
    h5::write_strings(dims.id(), "statistics", stats, "summaries over replications");
    h5::Handle pts(H5Gopen2(f, "points", H5P_DEFAULT), H5Gclose);
    h5::write_doubles(pts.id(), "summary", {P, M, stats.size()}, summary, {"point", "measure", "statistic"},
                      "as the measure", "each measure summarised over the replications of each point");
    h5::Handle reps = h5::create_group(f, "replications");
    h5::write_doubles(reps.id(), "measures", {P, R, M}, t.unit_measures, {"point", "replication", "measure"},
                      "as the measure", "each replication's measures");
    if (t.detail)
      h5::write_doubles(reps.id(), "net_saving", {P, R, t.years.size(), t.agencies.size()}, t.unit_detail,
                        {"point", "replication", "year", "agency"}, "GBP, real, undiscounted",
                        "siloed spend minus pooled spend");
    const SweepSensitivity s = sweep_sensitivity(t);
    h5::Handle sens = h5::create_group(f, "sensitivity");
    h5::write_doubles(sens.id(), "tornado_effect", {K}, s.tornado.effect, {"parameter"}, "GBP, discounted",
                      "change in mean NPV across each parameter's range, from a linear fit over all points");
    h5::set_double_attr(sens.id(), "tornado_r_squared", s.tornado.r_squared);
    if (t.sobol_base) {
      h5::write_doubles(sens.id(), "sobol_first", {K}, s.sobol.first, {"parameter"}, "share of variance",
                        "first-order Sobol indices of mean NPV (Saltelli 2010)");
      h5::write_doubles(sens.id(), "sobol_total", {K}, s.sobol.total, {"parameter"}, "share of variance",
                        "total-effect Sobol indices of mean NPV (Jansen 1999)");
    }
  });
}

void write_shard_h5(const SweepTable& t, const std::string& path, std::uint64_t k, std::uint64_t n) {
  h5::write_file_safely(path, [&](hid_t f) {
    write_common(f, t, kShardFiletype);
    h5::set_attr(f, "shard", static_cast<std::int64_t>(k));
    h5::set_attr(f, "shards", static_cast<std::int64_t>(n));
    std::vector<std::uint64_t> mine;
    std::vector<double> index;
    for (std::uint64_t u = 0; u < t.units(); ++u) {
      if (in_shard(u, k, n)) {
        if (!t.done[u]) throw std::logic_error("shard written before all its units were done");
        mine.push_back(u);
        index.push_back(static_cast<double>(u));
      }
    }
    h5::Handle g = h5::create_group(f, "units");
    h5::write_doubles(g.id(), "index", {mine.size()}, index, {"unit"}, "unit index", "point * replications + replication");
    h5::write_doubles(g.id(), "measures", {mine.size(), t.measures.size()}, rows(t.unit_measures, t.measures.size(), mine),
                      {"unit", "measure"}, "as the measure", "measures of this shard's units");
    h5::write_doubles(g.id(), "detail", {mine.size(), t.detail}, rows(t.unit_detail, t.detail, mine),
                      {"unit", "detail"}, "GBP", "net saving by year and agency, when asked for");
  });
}

SweepTable read_sweep_h5(const std::string& path, std::uint64_t* k, std::uint64_t* n) {
  h5::Handle file = h5::open_file(path);
  const hid_t f = file.id();
  const std::string type = h5::check_filetype(f, path, {kSweepFiletype, kShardFiletype}, kSweepFormatVersion,
                                              "placesim sweep or shard file");
  SweepTable t;
  t.version = h5::get_string_attr(f, "/", "placesim_version");
  t.name = h5::get_string_attr(f, "/", "sweep_name");
  t.sweep_yaml = h5::get_string_attr(f, "/", "sweep_yaml");
  t.sweep_source = h5::get_string_attr(f, "/", "sweep_source");
  t.base_yaml = h5::get_string_attr(f, "/", "base_yaml");
  t.base_source = h5::get_string_attr(f, "/", "base_source");
  t.design = h5::get_string_attr(f, "/", "design");
  t.hash = std::stoull(h5::get_string_attr(f, "/", "sweep_hash"), nullptr, 16);
  t.seed = static_cast<std::uint64_t>(h5::get_int_attr(f, "/", "seed"));
  t.replications = static_cast<std::uint64_t>(h5::get_int_attr(f, "/", "replications"));
  t.sobol_base = static_cast<std::uint64_t>(h5::get_int_attr(f, "/", "sobol_base"));
  t.detail = static_cast<std::size_t>(h5::get_int_attr(f, "/", "detail"));
  t.parameters = h5::read_strings(f, "/dims/parameters");
  t.measures = h5::read_strings(f, "/dims/measures");
  t.years = h5::read_strings(f, "/dims/years");
  t.agencies = h5::read_strings(f, "/dims/agencies");
  t.point_values = h5::read_doubles(f, "/points/values");
  const std::size_t units = t.points() * t.replications;
  t.done.assign(units, 0);
  t.unit_measures.assign(units * t.measures.size(), kNaN);
  t.unit_detail.assign(units * t.detail, kNaN);
  if (type == kSweepFiletype) {
    t.unit_measures = h5::read_doubles(f, "/replications/measures");
    if (t.detail) t.unit_detail = h5::read_doubles(f, "/replications/net_saving");
    t.done.assign(units, 1);
    return t;
  }
  if (k) *k = static_cast<std::uint64_t>(h5::get_int_attr(f, "/", "shard"));
  if (n) *n = static_cast<std::uint64_t>(h5::get_int_attr(f, "/", "shards"));
  const auto index = h5::read_doubles(f, "/units/index");
  const auto measures = h5::read_doubles(f, "/units/measures");
  const auto detail = h5::read_doubles(f, "/units/detail");
  for (std::size_t i = 0; i < index.size(); ++i) {
    UnitResult r;
    r.unit = static_cast<std::uint64_t>(index[i]);
    if (r.unit >= units) throw h5::Error(path + " holds a unit outside its sweep");
    r.measures.assign(measures.begin() + static_cast<std::ptrdiff_t>(i * t.measures.size()),
                      measures.begin() + static_cast<std::ptrdiff_t>((i + 1) * t.measures.size()));
    r.detail.assign(detail.begin() + static_cast<std::ptrdiff_t>(i * t.detail),
                    detail.begin() + static_cast<std::ptrdiff_t>((i + 1) * t.detail));
    t.put(r);
  }
  return t;
}

}  // namespace placesim::models
