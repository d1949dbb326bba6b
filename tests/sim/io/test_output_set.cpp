// Output sets: written together or not at all, never over an input, locked.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "sim/io/output_set.h"

using namespace placesim;
namespace fs = std::filesystem;

namespace {

fs::path scratch(const std::string& name) {
  fs::path dir = fs::temp_directory_path() / ("placesim-test-out-" + name);
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::size_t entries(const fs::path& dir) {
  return static_cast<std::size_t>(
      std::distance(fs::directory_iterator(dir), fs::directory_iterator{}));
}

}  // namespace

TEST_CASE("a committed set puts every file in place and leaves nothing else", "[output_set]") {
  const fs::path d = scratch("commit");
  {
    sim::OutputSet set(false);
    sim::write_text(set.add(d / "a.txt", "first"), "A");
    const auto csv = set.add_folder(d / "csv", "CSV", {"x.csv", "y.csv"});
    sim::write_text(csv[0], "X");
    sim::write_text(csv[1], "Y");
    set.commit();
    CHECK(set.describe() == (d / "a.txt").string() + ", " + (d / "csv" / "x.csv").string() + ", " +
                                (d / "csv" / "y.csv").string());
  }
  CHECK(slurp(d / "a.txt") == "A");
  CHECK(slurp(d / "csv" / "y.csv") == "Y");
  CHECK(entries(d) == 2);
  CHECK(entries(d / "csv") == 2);
}

TEST_CASE("a set not committed removes its temporaries and keeps the old files", "[output_set]") {
  const fs::path d = scratch("abort");
  std::ofstream(d / "a.txt") << "old";
  {
    sim::OutputSet set(true);
    sim::write_text(set.add(d / "a.txt", "first"), "new");
    sim::write_text(set.add(d / "b.txt", "second"), "new");
    // a failure here: no commit
  }
  CHECK(slurp(d / "a.txt") == "old");
  CHECK_FALSE(fs::exists(d / "b.txt"));
  CHECK(entries(d) == 1);
}

TEST_CASE("refusals: existing without force, folders, inputs, duplicates, devices",
          "[output_set]") {
  const fs::path d = scratch("refuse");
  std::ofstream(d / "a.txt") << "old";
  sim::OutputSet keep(false);
  CHECK_THROWS_WITH(keep.add(d / "a.txt", "results file"),
                    Catch::Contains("already exists; use --force"));
  CHECK_THROWS_WITH(keep.add(d / "missing" / "a.txt", "results file"),
                    Catch::Contains("does not exist"));
  CHECK_THROWS_WITH(keep.add(d, "results file"), Catch::Contains("is a folder"));
  CHECK_THROWS_WITH(keep.add("", "results file"), Catch::Contains("needs a file name"));
  sim::OutputSet force(true);
  CHECK_THROWS_WITH(force.add(d / "a.txt", "report", {d / "a.txt"}),
                    Catch::Contains("is also an input"));
  force.add(d / "b.txt", "results file");
  CHECK_THROWS_WITH(force.add(d / "." / "b.txt", "report"), Catch::Contains("two outputs"));
  CHECK_THROWS_WITH(force.add("/dev/null", "results file"), Catch::Contains("not a regular file"));
  // A dangling symbolic link counts as an existing file.
  fs::create_symlink(d / "nowhere", d / "link.txt");
  CHECK_THROWS_WITH(keep.add(d / "link.txt", "results file"), Catch::Contains("already exists"));
}

TEST_CASE("two sets cannot claim the same file at once", "[output_set]") {
  const fs::path d = scratch("lock");
  sim::OutputSet first(true);
  first.add(d / "r.h5", "results file");
  sim::OutputSet second(true);
  CHECK_THROWS_WITH(second.add(d / "r.h5", "results file"),
                    Catch::Contains("another placesim process"));
}

TEST_CASE("without force, a file that appears while running is not replaced", "[output_set]") {
  const fs::path d = scratch("race");
  sim::OutputSet set(false);
  sim::write_text(set.add(d / "r.txt", "results file"), "mine");
  std::ofstream(d / "r.txt") << "theirs";  // another command finished first
  CHECK_THROWS_WITH(set.commit(), Catch::Contains("appeared while this command ran"));
  CHECK(slurp(d / "r.txt") == "theirs");
}
