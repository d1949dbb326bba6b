// Results files go to disk as HDF5 writes them (sim/io/h5_disk.h): a write
// the disk refuses is an error with its cause when the file is closed, and
// HDF5, which is never told, carries on unharmed.
#include <catch2/catch.hpp>

#include <sys/resource.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "sim/io/h5.h"

using namespace placesim;
namespace fs = std::filesystem;

namespace {

fs::path scratch(const std::string& name) {
  fs::path p = fs::temp_directory_path() / ("placesim-test-h5disk-" + name);
  fs::remove(p);
  return p;
}

void write_file(const fs::path& p, std::size_t values) {
  auto f = sim::h5::File::create(p.string());
  f.set_attr("filetype", std::string("test"));
  f.write("big", {values}, std::vector<double>(values, 1.5), {{"x"}, "count", "many values"});
  // HDF5 goes on building the file after the refusal, reading back what it wrote.
  for (int i = 0; i < 20; ++i)
    f.create_group("after/g" + std::to_string(i)).write("v", {1}, {2.0}, {{"x"}, "count", "one"});
  f.close();
}

}  // namespace

TEST_CASE("a write the disk refuses throws its cause at close, and HDF5 carries on", "[h5][disk]") {
  // A file size limit makes the disk refuse past 64 KiB (EFBIG), as a full one would (ENOSPC).
  rlimit old{};
  REQUIRE(getrlimit(RLIMIT_FSIZE, &old) == 0);
  const auto previous = std::signal(SIGXFSZ, SIG_IGN);
  rlimit small = old;
  small.rlim_cur = 64 << 10;
  REQUIRE(setrlimit(RLIMIT_FSIZE, &small) == 0);
  const fs::path p = scratch("refused.h5");
  std::string what;
  try {
    write_file(p, 100000);  // 800 kB
  } catch (const sim::h5::Error& e) {
    what = e.what();
  }
  setrlimit(RLIMIT_FSIZE, &old);
  std::signal(SIGXFSZ, previous);
  CHECK_THAT(what,
             Catch::Contains("cannot write " + p.string()) && Catch::Contains("File too large"));
  // What is on disk is not a file placesim wrote: it carries no checksum.
  CHECK_THROWS_AS(sim::h5::File::open(p.string()), sim::h5::Error);
  fs::remove(p);
  // The library is whole: the same file written with room is sealed and reads back.
  write_file(p, 100000);
  auto f = sim::h5::File::open(p.string());
  CHECK(f.read("/big").size() == 100000);
  CHECK(f.read("/after/g19/v") == std::vector<double>{2.0});
  fs::remove(p);
}

TEST_CASE("a refused write is known as soon as it happens, before the file is closed",
          "[h5][disk]") {
  rlimit old{};
  REQUIRE(getrlimit(RLIMIT_FSIZE, &old) == 0);
  const auto previous = std::signal(SIGXFSZ, SIG_IGN);
  const fs::path p = scratch("early.h5");
  auto f = sim::h5::File::create(p.string());
  f.write("small", {4}, {1, 2, 3, 4}, {{"x"}, "count", "a few values"});
  CHECK_NOTHROW(f.check_disk());
  rlimit small = old;
  small.rlim_cur = 64 << 10;
  REQUIRE(setrlimit(RLIMIT_FSIZE, &small) == 0);
  f.write("big", {100000}, std::vector<double>(100000, 1.5), {{"x"}, "count", "many values"});
  setrlimit(RLIMIT_FSIZE, &old);
  std::signal(SIGXFSZ, previous);
  CHECK_THROWS_WITH(f.check_disk(), Catch::Contains("File too large"));
  CHECK_THROWS_WITH(f.close(), Catch::Contains("File too large"));
  fs::remove(p);
}

TEST_CASE("a file that cannot be created says why", "[h5][disk]") {
  const fs::path p = fs::temp_directory_path() / "placesim-no-such-folder" / "x.h5";
  CHECK_THROWS_WITH(sim::h5::File::create(p.string()),
                    Catch::Contains("cannot create the HDF5 file") &&
                        Catch::Contains("No such file or directory"));
}
