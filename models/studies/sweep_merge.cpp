#include "models/studies/sweep_merge.h"

#include <filesystem>

#include "sim/io/diagnostics.h"

namespace placesim::models {

SweepTable merge_shards(const std::vector<std::string>& paths) {
  SweepTable merged;
  std::uint64_t count = 0;
  std::vector<std::string> seen;
  std::string first;
  for (const std::string& path : paths) {
    if (!std::filesystem::exists(path)) throw sim::BadInput(path + " does not exist");
    std::uint64_t k = 0, n = 0;
    SweepTable t;
    try {
      t = read_sweep_h5(path, &k, &n);
    } catch (const std::exception& e) {
      throw sim::BadInput(e.what());
    }
    if (n == 0) throw sim::BadInput(path + " is a finished sweep, not a shard");
    if (seen.empty()) {
      merged = t;
      count = n;
      seen.assign(n, "");
      first = path;
    } else if (t.hash != merged.hash || t.units() != merged.units() ||
               t.measures != merged.measures || t.detail != merged.detail ||
               t.point_values != merged.point_values) {
      throw sim::BadInput(path + " is a shard of a different sweep than " + first +
                          " (their sweep files, base scenarios or versions differ)");
    } else if (n != count) {
      throw sim::BadInput(path + " is shard " + std::to_string(k) + " of " + std::to_string(n) +
                          ", but " + first + " is one of " + std::to_string(count));
    }
    if (!seen[k - 1].empty())
      throw sim::BadInput(path + " and " + seen[k - 1] + " are both shard " + std::to_string(k) +
                          " of " + std::to_string(count));
    seen[k - 1] = path;
    const std::size_t M = t.measures.size();
    for (std::uint64_t u = 0; u < t.units(); ++u) {
      if (!t.done[u]) continue;
      UnitResult r{u, {}, {}};
      r.measures.assign(t.unit_measures.begin() + static_cast<std::ptrdiff_t>(u * M),
                        t.unit_measures.begin() + static_cast<std::ptrdiff_t>((u + 1) * M));
      r.detail.assign(t.unit_detail.begin() + static_cast<std::ptrdiff_t>(u * t.detail),
                      t.unit_detail.begin() + static_cast<std::ptrdiff_t>((u + 1) * t.detail));
      merged.put(r);
    }
  }
  std::string missing;
  for (std::uint64_t k = 1; k <= count; ++k) {
    if (seen[k - 1].empty()) missing += (missing.empty() ? "" : ", ") + std::to_string(k);
  }
  if (!missing.empty())
    throw sim::BadInput("shards missing: " + missing + " of " + std::to_string(count) +
                        " (every shard is needed)");
  if (!merged.todo().empty()) throw sim::BadInput("the shards do not hold every unit of the sweep");
  return merged;
}

}  // namespace placesim::models
