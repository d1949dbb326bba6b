// HDF5 files: round trips, dimension scales, and readers that check before reading.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "sim/io/h5.h"

using namespace placesim;
namespace fs = std::filesystem;

namespace {

fs::path scratch(const std::string& name) {
  fs::path p = fs::temp_directory_path() / ("placesim-test-h5io-" + name);
  fs::remove(p);
  return p;
}

}  // namespace

TEST_CASE("datasets, strings and attributes read back exactly", "[h5]") {
  const fs::path p = scratch("roundtrip.h5");
  {
    auto f = sim::h5::File::create(p.string());
    f.set_attr("filetype", std::string("test"));
    f.set_attr("format_version", std::int64_t{3});
    f.set_double_attr("x", 0.1);
    auto g = f.create_group("dims");
    g.write_strings("colours", {"red", "green", "blue"}, "colours");
    f.register_scale("/dims/colours", "colour");
    f.index_scale("/dims/replication", "replication", 2);
    f.create_group("a/b").write("v", {2, 3}, {1, 2, 3, 4, 5, 6}, {"replication", "colour"}, "count",
                                "values");
    f.close();
  }
  auto f = sim::h5::File::open(p.string());
  CHECK(sim::h5::check_filetype(f, {"test"}, 3, "test file") == "test");
  CHECK_THROWS_WITH(sim::h5::check_filetype(f, {"test"}, 4, "test file"),
                    Catch::Contains("format version 3"));
  CHECK(f.double_attr("/", "x") == 0.1);
  CHECK(f.read_strings("/dims/colours", 3) == std::vector<std::string>{"red", "green", "blue"});
  std::vector<std::uint64_t> shape;
  CHECK(f.read("/a/b/v", {2, 0}, &shape) == std::vector<double>{1, 2, 3, 4, 5, 6});
  CHECK(shape == std::vector<std::uint64_t>{2, 3});
  CHECK(f.string_attr("/a/b/v", "dims") == "replication,colour");
  CHECK(f.has_attr("/a/b/v", "DIMENSION_LIST"));  // attached to the scales
  CHECK(f.has_attr("/dims/colours", "CLASS"));    // a dimension scale
  CHECK(f.children("/a") == std::vector<std::string>{"b"});
  CHECK(f.children("/nothing").empty());
}

TEST_CASE("readers refuse wrong shapes, types and out-of-range attributes", "[h5][tamper]") {
  const fs::path p = scratch("tamper.h5");
  {
    auto f = sim::h5::File::create(p.string());
    f.set_attr("count", std::int64_t{-1});
    f.set_attr("name", std::string("n"));
    f.create_group("g").write("v", {4}, {1, 2, 3, 4}, {"x"}, "", "");
    f.create_group("s").write_strings("labels", {"a"}, "");
    f.close();
  }
  auto f = sim::h5::File::open(p.string());
  CHECK_THROWS_WITH(f.read("/g/v", {5}), Catch::Contains("has shape [4] where [5] is expected"));
  CHECK_THROWS_WITH(f.read("/g/v", {2, 2}), Catch::Contains("where [2, 2] is expected"));
  CHECK_THROWS_WITH(f.read("/g/missing"), Catch::Contains("no such dataset"));
  CHECK_THROWS_WITH(f.read("/s/labels"), Catch::Contains("not a dataset of numbers"));
  CHECK_THROWS_WITH(f.read_strings("/g/v"), Catch::Contains("not a dataset of text"));
  CHECK_THROWS_WITH(f.read_strings("/s/labels", 2), Catch::Contains("not a list of 2 labels"));
  CHECK_THROWS_WITH(f.int_attr("/", "count", 0, 10), Catch::Contains("outside 0 to 10"));
  CHECK_THROWS_WITH(f.int_attr("/", "name"), Catch::Contains("not a whole number"));
  CHECK_THROWS_WITH(f.string_attr("/", "count"), Catch::Contains("not text"));
  CHECK_THROWS_WITH(f.double_attr("/", "absent"), Catch::Contains("no attribute absent"));
}

TEST_CASE("a written file carries a checksum: any changed byte or cut is refused", "[h5][tamper]") {
  const fs::path p = scratch("sealed.h5");
  {
    auto f = sim::h5::File::create(p.string());
    f.create_group("g").write("v", {3}, {1, 2, 3}, {"x"}, "", "");
    f.close();
  }
  CHECK_NOTHROW(sim::h5::File::open(p.string()));
  std::string bytes;
  {
    std::ifstream in(p, std::ios::binary);
    bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  CHECK(bytes.rfind("placesim-checksum fnv1a64=", 0) == 0);
  CHECK(bytes.compare(sim::h5::kUserBlock, 4, "\x89HDF") == 0);  // HDF5 readers skip the block
  auto write = [&](const std::string& b) {
    std::ofstream(p, std::ios::binary | std::ios::trunc) << b;
  };
  for (std::size_t at : {sim::h5::kUserBlock + 100, bytes.size() - 5}) {
    std::string flipped = bytes;
    flipped[at] = static_cast<char>(flipped[at] ^ 0x01);
    write(flipped);
    CHECK_THROWS_WITH(sim::h5::File::open(p.string()), Catch::Contains("is damaged"));
  }
  write(bytes.substr(0, bytes.size() - 1));
  CHECK_THROWS_WITH(sim::h5::File::open(p.string()), Catch::Contains("cut short"));
  std::string unsealed = bytes;
  unsealed[0] = 'X';
  write(unsealed);
  CHECK_THROWS_WITH(sim::h5::File::open(p.string()), Catch::Contains("checksum is missing"));
}

TEST_CASE("a file that is not HDF5 is refused with a sentence", "[h5][tamper]") {
  const fs::path p = scratch("text.h5");
  {
    std::FILE* f = std::fopen(p.c_str(), "w");
    std::fputs("plain text", f);
    std::fclose(f);
  }
  CHECK_THROWS_WITH(sim::h5::File::open(p.string()),
                    Catch::Contains("cannot open") && Catch::Contains("HDF5"));
  CHECK_THROWS(sim::h5::File::create(p.string()));  // never over an existing file
}
