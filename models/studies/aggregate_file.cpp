#include "models/studies/aggregate_file.h"

#include <algorithm>
#include <cmath>

#include "sim/io/diagnostics.h"
#include "sim/io/h5.h"

namespace placesim::models {
namespace h5 = sim::h5;

namespace {
constexpr std::int64_t kMaxReplications = 100'000'000;
constexpr std::int64_t kMaxPlaces = 100'000;
}  // namespace

void write_aggregate_h5(const std::string& path, const AggregateResult& a,
                        const std::string& version) {
  h5::File f = h5::File::create(path);
  f.set_attr("filetype", std::string(a.shards ? kAggregateShardFiletype : kAggregateFiletype));
  f.set_attr("format_version", static_cast<std::int64_t>(kAggregateFormatVersion));
  f.set_attr("placesim_version", version);
  f.set_attr("aggregate_name", a.name);
  f.set_attr("aggregate_yaml", a.text);
  f.set_attr("aggregate_source", a.source);
  f.set_attr("seed", static_cast<std::int64_t>(a.seed));
  f.set_attr("replications", static_cast<std::int64_t>(a.replications));
  f.set_attr("first_replication", static_cast<std::int64_t>(a.first));
  f.set_attr("shard", static_cast<std::int64_t>(a.shard));
  f.set_attr("shards", static_cast<std::int64_t>(a.shards));
  f.set_attr("created", h5::utc_timestamp());
  h5::Group dims = f.create_group("dims");
  dims.write_strings("places", a.places, "places, in the aggregate file's order");
  dims.write_strings("agencies", a.agencies, "every place's agencies, first seen first");
  dims.write_strings("place_effects",
                     std::vector<std::string>(kPlaceEffectNames.begin(), kPlaceEffectNames.end()),
                     "what a place effect multiplies");
  for (const auto& [name, dim] : {std::pair{"places", "place"}, std::pair{"agencies", "agency"},
                                  std::pair{"place_effects", "place_effect"}})
    f.register_scale(std::string("/dims/") + name, dim);
  f.index_scale("/dims/replication", "replication", a.replications);
  const std::uint64_t n = a.replications, p = a.place_count(), g = a.agencies.size();
  h5::Group ag = f.create_group("aggregate");
  ag.set_attr("measure", a.measure);
  ag.set_double_attr("total", a.total);
  ag.set_attr("total_source", a.total_source);
  ag.set_attr("base_year", static_cast<std::int64_t>(a.base_year));
  ag.set_attr("naive_place", a.places[a.naive]);
  const char* pv = "GBP, real, discounted to 1 April of base_year, option against baseline";
  ag.write("npv", {n}, a.npv, {"replication"}, pv,
           "the total: the places' NPVs added and scaled up by their measure to the total, "
           "before optimism bias");
  ag.write("npv_adjusted", {n}, a.npv_adjusted, {"replication"}, pv,
           "the same after each place's optimism bias");
  ag.write("naive_npv", {n}, a.naive_npv, {"replication"}, pv,
           "one place (naive_place), without place effects, scaled up alone");
  ag.write("naive_npv_adjusted", {n}, a.naive_npv_adjusted, {"replication"}, pv,
           "the same after optimism bias");
  ag.write("agency_npv", {n, g}, a.agency_npv, {"replication", "agency"}, pv,
           "the total by agency: sums to npv");
  ag.write("place_npv", {n, p}, a.place_npv, {"replication", "place"}, pv,
           "each place's own NPV, with its place effects, not scaled");
  ag.write("place_npv_adjusted", {n, p}, a.place_npv_adjusted, {"replication", "place"}, pv,
           "the same after optimism bias");
  ag.write("place_agency_npv", {n, p, g}, a.place_agency_npv, {"replication", "place", "agency"},
           pv, "each place's own NPV by agency (0 where it has no such agency)");
  ag.write("naive_own_npv", {n}, a.naive_own_npv, {"replication"}, pv,
           "the naive place's own NPV without place effects, not scaled");
  ag.write("naive_own_npv_adjusted", {n}, a.naive_own_npv_adjusted, {"replication"}, pv,
           "the same after optimism bias");
  ag.write("place_effects", {n, p, kPlaceEffects}, a.place_effects,
           {"replication", "place", "place_effect"}, "multiplier",
           "each place's multipliers of hazards, costs and effects in each replication");
  ag.write("place_measure", {p}, a.place_measure, {"place"}, a.measure,
           "what each place is weighted by when scaled up");
  ag.write("place_families", {p}, a.place_families, {"place"}, "families",
           "each place's families at the start");
  std::vector<double> sd;
  std::vector<std::string> sources;
  for (const PlaceSpread& s : a.spreads) {
    sd.push_back(s.sd);
    sources.push_back(s.source);
  }
  ag.write("between_place_sd", {kPlaceEffects}, sd, {"place_effect"}, "log scale",
           "sd of each place effect's logarithm between places");
  ag.write_strings("between_place_source", sources, "where each sd comes from");
  ag.write_strings("place_sources", a.place_sources, "each place's scenario file");
  ag.write_strings(
      "place_yaml", a.place_yaml,
      "each place's scenario as it ran: the files it extends merged, overrides applied");
  f.close();
}

AggregateResult read_aggregate_h5(const std::string& path, bool shard) {
  h5::File f = h5::File::open(path);
  (void)h5::check_filetype(f, {shard ? kAggregateShardFiletype : kAggregateFiletype},
                           kAggregateFormatVersion,
                           shard ? "shard of a placesim aggregate" : "placesim aggregate file");
  AggregateResult a;
  a.name = f.string_attr("/", "aggregate_name");
  a.text = f.string_attr("/", "aggregate_yaml");
  a.source = f.string_attr("/", "aggregate_source");
  a.seed = static_cast<std::uint64_t>(f.int_attr("/", "seed", 0));
  a.replications = static_cast<std::uint64_t>(f.int_attr("/", "replications", 1, kMaxReplications));
  a.first = static_cast<std::uint64_t>(f.int_attr("/", "first_replication", 0, kMaxReplications));
  a.shards = static_cast<std::uint64_t>(f.int_attr("/", "shards", 0, kMaxReplications));
  a.shard = static_cast<std::uint64_t>(f.int_attr("/", "shard", 0, std::int64_t(a.shards)));
  if (shard != (a.shards > 0) || (a.shards > 0 && a.shard == 0))
    throw h5::Error(path + ": its shard attributes do not match its filetype");
  a.places = f.read_strings("/dims/places");
  a.agencies = f.read_strings("/dims/agencies");
  if (a.places.empty() || static_cast<std::int64_t>(a.places.size()) > kMaxPlaces)
    throw h5::Error(path + ": no places, or more than any aggregate holds");
  const std::uint64_t n = a.replications, p = a.places.size(), g = a.agencies.size();
  a.measure = f.string_attr("/aggregate", "measure");
  a.total = f.double_attr("/aggregate", "total");
  a.total_source = f.string_attr("/aggregate", "total_source");
  a.base_year = static_cast<int>(f.int_attr("/aggregate", "base_year", 1900, 2200));
  const std::string naive = f.string_attr("/aggregate", "naive_place");
  const auto at = std::find(a.places.begin(), a.places.end(), naive);
  if (at == a.places.end()) throw h5::Error(path + ": the naive place is not one of its places");
  a.naive = static_cast<std::size_t>(at - a.places.begin());
  a.npv = f.read("/aggregate/npv", {n});
  a.npv_adjusted = f.read("/aggregate/npv_adjusted", {n});
  a.naive_npv = f.read("/aggregate/naive_npv", {n});
  a.naive_npv_adjusted = f.read("/aggregate/naive_npv_adjusted", {n});
  a.agency_npv = f.read("/aggregate/agency_npv", {n, g});
  a.place_npv = f.read("/aggregate/place_npv", {n, p});
  a.place_npv_adjusted = f.read("/aggregate/place_npv_adjusted", {n, p});
  a.place_agency_npv = f.read("/aggregate/place_agency_npv", {n, p, g});
  a.naive_own_npv = f.read("/aggregate/naive_own_npv", {n});
  a.naive_own_npv_adjusted = f.read("/aggregate/naive_own_npv_adjusted", {n});
  a.place_effects = f.read("/aggregate/place_effects", {n, p, kPlaceEffects});
  a.place_measure = f.read("/aggregate/place_measure", {p});
  a.place_families = f.read("/aggregate/place_families", {p});
  const std::vector<double> sd = f.read("/aggregate/between_place_sd", {kPlaceEffects});
  const std::vector<std::string> sources =
      f.read_strings("/aggregate/between_place_source", kPlaceEffects);
  for (std::size_t k = 0; k < kPlaceEffects; ++k) a.spreads[k] = {sd[k], sources[k]};
  a.place_sources = f.read_strings("/aggregate/place_sources", p);
  a.place_yaml = f.read_strings("/aggregate/place_yaml", p);
  // What the scaling divides by, and what a report prints, must be numbers.
  const auto positive = [](double x) { return std::isfinite(x) && x > 0.0; };
  if (!positive(a.total) ||
      !std::all_of(a.place_measure.begin(), a.place_measure.end(), positive) ||
      !std::all_of(a.place_families.begin(), a.place_families.end(), positive))
    throw h5::Error(path + ": a total, measure or family count is not a positive number");
  const std::vector<const std::vector<double>*> figures = {
      &a.npv,        &a.npv_adjusted, &a.naive_npv,     &a.naive_npv_adjusted,
      &a.agency_npv, &a.place_npv,    &a.place_effects, &sd};
  for (const std::vector<double>* xs : figures) {
    if (!std::all_of(xs->begin(), xs->end(), [](double x) { return std::isfinite(x); }))
      throw h5::Error(path + ": an aggregate figure is not a finite number");
  }
  return a;
}

namespace {

// The per-replication arrays of an aggregate, in the order they are joined.
std::vector<std::vector<double>*> per_replication(AggregateResult& a) {
  return {&a.npv,
          &a.npv_adjusted,
          &a.naive_npv,
          &a.naive_npv_adjusted,
          &a.agency_npv,
          &a.place_npv,
          &a.place_npv_adjusted,
          &a.place_agency_npv,
          &a.naive_own_npv,
          &a.naive_own_npv_adjusted,
          &a.place_effects};
}

}  // namespace

AggregateResult merge_aggregate_shards(const std::vector<std::string>& paths) {
  std::vector<std::pair<AggregateResult, std::string>> parts;
  for (const std::string& p : paths) {
    try {
      parts.emplace_back(read_aggregate_h5(p, true), p);
    } catch (const h5::Error& e) {
      throw sim::BadInput(e.what());
    }
  }
  std::sort(parts.begin(), parts.end(),
            [](const auto& x, const auto& y) { return x.first.shard < y.first.shard; });
  AggregateResult out = parts.front().first;
  const std::uint64_t n = out.shards;
  for (std::size_t i = 1; i < parts.size(); ++i) {
    AggregateResult& s = parts[i].first;
    const AggregateResult& before = parts[i - 1].first;
    const std::string& name = parts[i].second;
    if (s.text != out.text || s.seed != out.seed || s.shards != n)
      throw sim::BadInput(name +
                          ": a shard of another aggregate (its file, seed or shard count differs "
                          "from " +
                          parts.front().second + "'s)");
    if (s.shard == before.shard)
      throw sim::BadInput(name + ": shard " + std::to_string(s.shard) + " of " + std::to_string(n) +
                          " is given twice");
    if (s.first != before.first + before.replications)
      throw sim::BadInput(name + ": it starts at replication " + std::to_string(s.first) +
                          ", not where shard " + std::to_string(before.shard) + " ends");
    const std::vector<std::vector<double>*> to = per_replication(out), from = per_replication(s);
    for (std::size_t k = 0; k < to.size(); ++k)
      to[k]->insert(to[k]->end(), from[k]->begin(), from[k]->end());
    out.replications += s.replications;
  }
  if (parts.size() != n || out.first != 0)
    throw sim::BadInput("the merge has " + std::to_string(parts.size()) + " of " +
                        std::to_string(n) + " shards of " + out.source + "; give every one");
  out.shard = out.shards = 0;
  return out;
}

}  // namespace placesim::models
