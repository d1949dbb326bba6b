// Checkpoint logs: records survive a kill, damage and foreign logs are refused.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "sim/io/checkpoint_log.h"
#include "sim/io/fnv1a.h"

using namespace placesim;
namespace fs = std::filesystem;

TEST_CASE("checkpoints keep every intact record and drop one cut short", "[checkpoint]") {
  fs::path dir = fs::temp_directory_path() / "placesim-test-units";
  fs::remove_all(dir);
  {
    sim::CheckpointLog log(dir / "a.units", 42, 3);
    for (std::uint64_t u = 0; u < 5; ++u) {
      const auto x = static_cast<double>(u);
      const std::vector<double> v{1.0 * x, 2.0 * x, 3.0 * x};
      log.append(u, v);
    }
  }
  // Cut the last record short, as a kill -9 in mid-write would.
  fs::resize_file(dir / "a.units", fs::file_size(dir / "a.units") - 5);
  auto back = sim::CheckpointLog::read_dir(dir, 42, 3, 100);
  REQUIRE(back.size() == 4);
  CHECK(back[3].unit == 3);
  CHECK(back[3].values == std::vector<double>{3.0, 6.0, 9.0});
  // Another job's checkpoints are refused, not mixed in.
  CHECK_THROWS_WITH(sim::CheckpointLog::read_dir(dir, 43, 3, 100),
                    Catch::Contains("different job"));
  CHECK_THROWS_WITH(sim::CheckpointLog::read_dir(dir, 42, 2, 100),
                    Catch::Contains("different job"));
  fs::remove_all(dir);
}

TEST_CASE("a record with a valid checksum but a unit outside the job is refused",
          "[checkpoint][tamper]") {
  fs::path dir = fs::temp_directory_path() / "placesim-test-units-tamper";
  fs::remove_all(dir);
  {
    sim::CheckpointLog log(dir / "a.units", 7, 1);
    const std::vector<double> v{1.5};
    log.append(1'000'000, v);  // a forged record: the checksum is right, the unit is not
  }
  CHECK_THROWS_WITH(sim::CheckpointLog::read_dir(dir, 7, 1, 10), Catch::Contains("damaged"));
  CHECK(sim::CheckpointLog::read_dir(dir, 7, 1, 2'000'000).size() == 1);
  fs::remove_all(dir);
}

TEST_CASE("a record of the wrong width is a programming error", "[checkpoint]") {
  fs::path dir = fs::temp_directory_path() / "placesim-test-units-width";
  fs::remove_all(dir);
  sim::CheckpointLog log(dir / "a.units", 7, 2);
  const std::vector<double> v{1.0};
  CHECK_THROWS_AS(log.append(0, v), std::logic_error);
  fs::remove_all(dir);
}

TEST_CASE("FNV-1a matches its published test vectors", "[checkpoint]") {
  CHECK(sim::fnv1a("", 0) == 0xcbf29ce484222325ull);
  CHECK(sim::fnv1a("a", 1) == 0xaf63dc4c8601ec8cull);
  CHECK(sim::fnv1a("foobar", 6) == 0x85944171f73967e8ull);
}
