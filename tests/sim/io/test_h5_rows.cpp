// Datasets written a row at a time: what is read back is what was appended,
// across chunks, with the meaning and scales a dataset written whole has.
#include <catch2/catch.hpp>

#include <filesystem>
#include <vector>

#include "sim/io/h5.h"

using namespace placesim;
namespace fs = std::filesystem;

namespace {

fs::path scratch(const std::string& name) {
  fs::path p = fs::temp_directory_path() / ("placesim-test-h5rows-" + name);
  fs::remove(p);
  return p;
}

// Row k of a 3 x 2 row: distinct values, so a row out of place shows.
std::vector<double> row(std::uint64_t k) {
  std::vector<double> v(6);
  for (std::size_t i = 0; i < v.size(); ++i)
    v[i] = static_cast<double>(k) * 10.0 + static_cast<double>(i) / 8.0;
  return v;
}

}  // namespace

TEST_CASE("rows appended across many chunks read back in order, with their scales", "[h5]") {
  // 16 KiB chunks hold 341 rows of 48 bytes: 1,000 rows fill two and part of a third.
  for (const std::uint64_t expected : {std::uint64_t{0}, std::uint64_t{1000}, std::uint64_t{7}}) {
    INFO("expected rows " << expected);
    const fs::path p = scratch("rows.h5");
    const std::uint64_t n = 1000;
    {
      auto f = sim::h5::File::create(p.string());
      auto g = f.create_group("runs/a");
      auto rows = g.create_rows("v", {3, 2}, {{"replication", "colour", "side"}, "count", "values"},
                                expected);
      for (std::uint64_t k = 0; k < n; ++k) rows.append(row(k));
      CHECK(rows.rows() == n);
      f.create_group("dims").write_strings("colours", {"red", "green", "blue"}, "colours");
      f.register_scale("/dims/colours", "colour");
      f.index_scale("/dims/replication", "replication", n);
      rows.finish();
      CHECK_THROWS_WITH(rows.append(row(0)), Catch::Contains("finished"));
      f.close();
    }
    auto f = sim::h5::File::open(p.string());
    std::vector<std::uint64_t> shape;
    const std::vector<double> all = f.read("/runs/a/v", {n, 3, 2}, &shape);
    REQUIRE(shape == std::vector<std::uint64_t>{n, 3, 2});
    std::vector<double> want;
    for (std::uint64_t k = 0; k < n; ++k) {
      const auto r = row(k);
      want.insert(want.end(), r.begin(), r.end());
    }
    CHECK(all == want);
    CHECK(f.string_attr("/runs/a/v", "dims") == "replication,colour,side");
    CHECK(f.string_attr("/runs/a/v", "units") == "count");
    CHECK(f.has_attr("/runs/a/v", "DIMENSION_LIST"));  // attached to the scales
  }
}

TEST_CASE("rows refuse the wrong length, and rows of no values keep their shape", "[h5]") {
  const fs::path p = scratch("empty.h5");
  {
    auto f = sim::h5::File::create(p.string());
    auto rows = f.create_rows("v", {2}, {{"replication", "x"}, "count", "values"}, 4);
    CHECK_THROWS_WITH(rows.append(std::vector<double>{1.0}),
                      Catch::Contains("has 1 values where it has 2"));
    auto none = f.create_rows("none", {0, 3}, {{"replication", "x", "y"}, "count", "nothing"}, 4);
    for (int k = 0; k < 5; ++k) none.append(std::vector<double>{});
    CHECK_THROWS_WITH(f.create_rows("bad", {2}, {{"replication"}, "count", "values"}, 4),
                      Catch::Contains("names 1 dimensions for rows of rank 1"));
    rows.finish();
    none.finish();
    f.close();
  }
  auto f = sim::h5::File::open(p.string());
  CHECK(f.shape("/v") == std::vector<std::uint64_t>{0, 2});
  CHECK(f.shape("/none") == std::vector<std::uint64_t>{5, 0, 3});
  CHECK(f.read("/none").empty());
}

TEST_CASE("a file's metadata cache keeps its size as the chunk index grows", "[h5]") {
  // A chunk a row, so the chunk index has 20,000 entries: HDF5's own cache
  // (2 MiB at first) would grow to hold them; a file created here keeps a fixed limit.
  const fs::path p = scratch("cache.h5");
  {
    auto f = sim::h5::File::create(p.string());
    const auto [limit, before] = f.metadata_cache();
    CHECK(limit == std::size_t{1} << 20);
    auto rows = f.create_rows("v", {}, {{"replication"}, "count", "values"}, 1);
    for (int k = 0; k < 20000; ++k) {
      const double v = k;
      rows.append({&v, 1});
    }
    const auto [after_limit, held] = f.metadata_cache();
    CHECK(after_limit == limit);
    CHECK(held <= limit);
    CHECK(held > before);
    rows.finish();
    f.close();
  }
  const auto f = sim::h5::File::open(p.string());
  const std::vector<double> v = f.read("v", {20000});
  CHECK(v[19999] == 19999.0);
  fs::remove(p);
}
