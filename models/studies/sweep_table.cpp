// Sweep tables and their HDF5 files (layout: docs/sweeps.md).
#include "models/studies/sweep_table.h"

#include <cmath>
#include <cstdio>
#include <limits>

#include "sim/io/h5.h"
#include "sim/stats/summary.h"

namespace placesim::models {
namespace {

namespace h5 = sim::h5;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::string hex(std::uint64_t h) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

void write_common(const h5::File& f, const SweepTable& t, const char* filetype) {
  f.set_attr("filetype", std::string(filetype));
  f.set_attr("format_version", kSweepFormatVersion);
  f.set_attr("placesim_version", t.version);
  f.set_attr("sweep_name", t.name);
  f.set_attr("sweep_yaml", t.sweep_yaml);
  f.set_attr("sweep_source", t.sweep_source);
  f.set_attr("base_yaml", t.base_yaml);
  f.set_attr("base_source", t.base_source);
  f.set_attr("design", t.design);
  f.set_attr("sweep_hash", hex(t.hash));
  f.set_attr("seed", static_cast<std::int64_t>(t.seed));
  f.set_attr("replications", static_cast<std::int64_t>(t.replications));
  f.set_attr("points", static_cast<std::int64_t>(t.points()));
  f.set_attr("sobol_base", static_cast<std::int64_t>(t.sobol_base));
  f.set_attr("detail", static_cast<std::int64_t>(t.detail));
  f.set_attr("created", h5::utc_timestamp());
  h5::Group dims = f.create_group("dims");
  dims.write_strings("parameters", t.parameters, "key paths varied by the sweep");
  dims.write_strings("measures", t.measures, "per-replication measures (see docs/sweeps.md)");
  dims.write_strings("years", t.years, "financial years of the appraisal window");
  dims.write_strings("agencies", t.agencies, "agencies");
  for (const auto& [name, dim] :
       {std::pair{"parameters", "parameter"}, std::pair{"measures", "measure"},
        std::pair{"years", "year"}, std::pair{"agencies", "agency"}})
    f.register_scale(std::string("/dims/") + name, dim);
  f.index_scale("/dims/point", "point", t.points());
  f.index_scale("/dims/replication", "replication", t.replications);
  f.create_group("points").write("values", {t.points(), t.parameters.size()}, t.point_values,
                                 {"point", "parameter"}, "as in the scenario",
                                 "the parameter values of each point");
}

std::vector<double> rows(const std::vector<double>& all, std::size_t width,
                         const std::vector<std::uint64_t>& which) {
  std::vector<double> out;
  for (std::uint64_t u : which)
    out.insert(out.end(), all.begin() + static_cast<std::ptrdiff_t>(u * width),
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
    for (std::uint64_t r = 0; r < replications; ++r)
      v.push_back(unit_measures[(p * replications + r) * m + measure]);
    out[p] = sim::summarize(v).mean;
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
  for (const auto& point : w.plan.values)
    t.point_values.insert(t.point_values.end(), point.begin(), point.end());
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
  s.tornado = sim::tornado(x, y);
  if (t.sobol_base > 0) s.sobol = sim::sobol_indices(y, t.sobol_base, k);
  return s;
}

void write_sweep_h5(const SweepTable& t, const std::filesystem::path& tmp) {
  h5::File f = h5::File::create(tmp.string());
  write_common(f, t, kSweepFiletype);
  const std::uint64_t P = t.points(), R = t.replications, M = t.measures.size(),
                      K = t.parameters.size();
  static const std::vector<std::string> stats = {"mean", "sd",     "ci_low", "ci_high", "p5",
                                                 "p25",  "median", "p75",    "p95"};
  std::vector<double> summary;
  for (std::uint64_t p = 0; p < P; ++p) {
    for (std::uint64_t m = 0; m < M; ++m) {
      std::vector<double> v;
      for (std::uint64_t r = 0; r < R; ++r) v.push_back(t.unit_measures[(p * R + r) * M + m]);
      sim::Summary s = sim::summarize(v);
      for (double x : {s.mean, s.sd, s.ci_low, s.ci_high, s.p5, s.p25, s.median, s.p75, s.p95})
        summary.push_back(x);
    }
  }
  f.open_group("dims").write_strings("statistics", stats, "summaries over replications");
  f.register_scale("/dims/statistics", "statistic");
  f.open_group("points").write("summary", {P, M, stats.size()}, summary,
                               {"point", "measure", "statistic"}, "as the measure",
                               "each measure summarised over the replications of each point");
  h5::Group reps = f.create_group("replications");
  reps.write("measures", {P, R, M}, t.unit_measures, {"point", "replication", "measure"},
             "as the measure", "each replication's measures");
  if (t.detail)
    reps.write("net_saving", {P, R, t.years.size(), t.agencies.size()}, t.unit_detail,
               {"point", "replication", "year", "agency"}, "GBP, real, undiscounted",
               "siloed spend minus pooled spend");
  const SweepSensitivity s = sweep_sensitivity(t);
  h5::Group sens = f.create_group("sensitivity");
  sens.write("tornado_effect", {K}, s.tornado.effect, {"parameter"}, "GBP, discounted",
             "change in mean NPV across each parameter's range, from a linear fit over all points");
  sens.set_double_attr("tornado_r_squared", s.tornado.r_squared);
  if (t.sobol_base) {
    sens.write("sobol_first", {K}, s.sobol.first, {"parameter"}, "share of variance",
               "first-order Sobol indices of mean NPV (Saltelli 2010)");
    sens.write("sobol_total", {K}, s.sobol.total, {"parameter"}, "share of variance",
               "total-effect Sobol indices of mean NPV (Jansen 1999)");
  }
  f.close();
}

void write_shard_h5(const SweepTable& t, const std::filesystem::path& tmp, std::uint64_t k,
                    std::uint64_t n) {
  h5::File f = h5::File::create(tmp.string());
  write_common(f, t, kShardFiletype);
  f.set_attr("shard", static_cast<std::int64_t>(k));
  f.set_attr("shards", static_cast<std::int64_t>(n));
  std::vector<std::uint64_t> mine;
  std::vector<double> index;
  for (std::uint64_t u = 0; u < t.units(); ++u) {
    if (in_shard(u, k, n)) {
      if (!t.done[u]) throw std::logic_error("shard written before all its units were done");
      mine.push_back(u);
      index.push_back(static_cast<double>(u));
    }
  }
  h5::Group g = f.create_group("units");
  g.write("index", {mine.size()}, index, {"unit"}, "unit index",
          "point * replications + replication");
  g.write("measures", {mine.size(), t.measures.size()},
          rows(t.unit_measures, t.measures.size(), mine), {"unit", "measure"}, "as the measure",
          "measures of this shard's units");
  g.write("detail", {mine.size(), t.detail}, rows(t.unit_detail, t.detail, mine),
          {"unit", "detail"}, "GBP", "net saving by year and agency, when asked for");
  f.close();
}

SweepTable read_sweep_h5(const std::string& path, std::uint64_t* k, std::uint64_t* n) {
  h5::File f = h5::File::open(path);
  const std::string type = h5::check_filetype(f, {kSweepFiletype, kShardFiletype},
                                              kSweepFormatVersion, "placesim sweep or shard file");
  SweepTable t;
  t.version = f.string_attr("/", "placesim_version");
  t.name = f.string_attr("/", "sweep_name");
  t.sweep_yaml = f.string_attr("/", "sweep_yaml");
  t.sweep_source = f.string_attr("/", "sweep_source");
  t.base_yaml = f.string_attr("/", "base_yaml");
  t.base_source = f.string_attr("/", "base_source");
  t.design = f.string_attr("/", "design");
  const std::string hash = f.string_attr("/", "sweep_hash");
  if (hash.size() != 16 || hash.find_first_not_of("0123456789abcdef") != std::string::npos)
    throw h5::Error(path + ": the sweep_hash attribute is not 16 hexadecimal digits");
  t.hash = std::stoull(hash, nullptr, 16);
  t.seed = static_cast<std::uint64_t>(f.int_attr("/", "seed", 0));
  t.replications = static_cast<std::uint64_t>(f.int_attr("/", "replications", 1, kMaxSweepUnits));
  t.parameters = f.read_strings("/dims/parameters");
  t.measures = f.read_strings("/dims/measures");
  t.years = f.read_strings("/dims/years");
  t.agencies = f.read_strings("/dims/agencies");
  if (t.parameters.empty() || t.measures.empty())
    throw h5::Error(path + ": no parameters or no measures");
  const auto points = static_cast<std::uint64_t>(f.int_attr("/", "points", 1, kMaxSweepUnits));
  if (points * t.replications > static_cast<std::uint64_t>(kMaxSweepUnits))
    throw h5::Error(path + ": more units than any sweep can hold");
  t.sobol_base = static_cast<std::uint64_t>(f.int_attr("/", "sobol_base", 0, kMaxSweepUnits));
  if (t.sobol_base && t.sobol_base * (t.parameters.size() + 2) != points)
    throw h5::Error(path + ": the sobol_base attribute does not match the number of points");
  t.detail = static_cast<std::size_t>(f.int_attr("/", "detail", 0, 1'000'000));
  if (t.detail != 0 && t.detail != t.years.size() * t.agencies.size())
    throw h5::Error(path + ": the detail attribute does not match its years and agencies");
  t.point_values = f.read("/points/values", {points, t.parameters.size()});
  const std::size_t units = points * t.replications, M = t.measures.size();
  t.done.assign(units, 0);
  t.unit_measures.assign(units * M, kNaN);
  t.unit_detail.assign(units * t.detail, kNaN);
  if (type == kSweepFiletype) {
    t.unit_measures = f.read("/replications/measures", {points, t.replications, M});
    if (t.detail)
      t.unit_detail = f.read("/replications/net_saving",
                             {points, t.replications, t.years.size(), t.agencies.size()});
    t.done.assign(units, 1);
    if (k) *k = 0;
    if (n) *n = 0;
    return t;
  }
  const auto shards = static_cast<std::uint64_t>(f.int_attr("/", "shards", 1, kMaxSweepUnits));
  const auto shard =
      static_cast<std::uint64_t>(f.int_attr("/", "shard", 1, static_cast<std::int64_t>(shards)));
  if (k) *k = shard;
  if (n) *n = shards;
  std::uint64_t expected = 0;
  for (std::uint64_t u = 0; u < units; ++u) expected += in_shard(u, shard, shards);
  const auto index = f.read("/units/index", {expected});
  const auto measures = f.read("/units/measures", {expected, M});
  const auto detail = f.read("/units/detail", {expected, t.detail});
  for (std::size_t i = 0; i < index.size(); ++i) {
    UnitResult r;
    if (!(index[i] >= 0.0 && index[i] < static_cast<double>(units)) ||
        index[i] != std::floor(index[i]))
      throw h5::Error(path + ": holds a unit outside its sweep");
    r.unit = static_cast<std::uint64_t>(index[i]);
    if (!in_shard(r.unit, shard, shards) || t.done[r.unit])
      throw h5::Error(path + ": holds unit " + std::to_string(r.unit) +
                      " twice or outside its shard");
    r.measures.assign(measures.begin() + static_cast<std::ptrdiff_t>(i * M),
                      measures.begin() + static_cast<std::ptrdiff_t>((i + 1) * M));
    r.detail.assign(detail.begin() + static_cast<std::ptrdiff_t>(i * t.detail),
                    detail.begin() + static_cast<std::ptrdiff_t>((i + 1) * t.detail));
    t.put(r);
  }
  return t;
}

}  // namespace placesim::models
