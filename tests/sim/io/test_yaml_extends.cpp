// Files that extend others: merge rules, where each value came from, and the
// chains that are refused.
#include <catch2/catch.hpp>

#include <unistd.h>
#include <filesystem>
#include <fstream>
#include <string>

#include "sim/io/yaml_extends.h"

using namespace placesim;
namespace fs = std::filesystem;

namespace {

// A private folder of small YAML files, removed at the end of a test.
class Folder {
 public:
  Folder() : dir_(fs::temp_directory_path() / ("placesim-extends-" + std::to_string(::getpid()))) {
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  ~Folder() { fs::remove_all(dir_); }
  Folder(const Folder&) = delete;
  Folder& operator=(const Folder&) = delete;
  std::string write(const std::string& name, const std::string& text) const {
    const fs::path p = dir_ / name;
    fs::create_directories(p.parent_path());
    std::ofstream(p) << text;
    return p.string();
  }
  // The file parsed, with what it extends merged in (nothing on failure).
  std::optional<sim::YamlDocument> read(const std::string& name, sim::Diagnostics& d) const {
    const std::string path = (dir_ / name).string();
    std::ifstream in(path);
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    auto doc = sim::parse_yaml(text, path, d);
    if (!doc || !sim::resolve_extends(*doc, d, "a YAML mapping")) return std::nullopt;
    return doc;
  }

 private:
  fs::path dir_;
};

std::vector<std::string> keys(const sim::YamlNode& map) {
  std::vector<std::string> out;
  for (const auto& e : map.entries()) out.push_back(e.key.scalar());
  return out;
}

}  // namespace

TEST_CASE("maps merge key by key, lists and values are replaced whole", "[yaml][extends]") {
  Folder f;
  const std::string base = f.write("base.yaml",
                                   "a: 1\n"
                                   "m:\n"
                                   "  x: 1\n"
                                   "  y: {p: 1, q: 2}\n"
                                   "  z: 3\n"
                                   "l: [1, 2, 3]\n"
                                   "v: {k: 1}\n");
  f.write("child.yaml",
          "extends: base.yaml\n"
          "m:\n"
          "  y: {q: 20}\n"
          "  new: 4\n"
          "  x: 10\n"
          "l: [9]\n"
          "v: 5\n"
          "b: 2\n");
  sim::Diagnostics d;
  auto doc = f.read("child.yaml", d);
  REQUIRE(doc);
  CHECK(d.empty());
  const sim::YamlNode& r = doc->root;
  // The parent's order, then the child's new keys; `extends` is gone.
  CHECK(keys(r) == std::vector<std::string>{"a", "m", "l", "v", "b"});
  CHECK(keys(r.get("m")) == std::vector<std::string>{"x", "y", "z", "new"});
  CHECK(r.get("a").scalar() == "1");
  CHECK(r.get("m").get("x").scalar() == "10");
  CHECK(r.get("m").get("y").get("p").scalar() == "1");
  CHECK(r.get("m").get("y").get("q").scalar() == "20");
  CHECK(r.get("m").get("z").scalar() == "3");
  CHECK(r.get("l").size() == 1);
  CHECK(r.get("l")[0].scalar() == "9");
  CHECK(r.get("v").scalar() == "5");
  CHECK(doc->extended == std::vector<std::string>{base});
}

TEST_CASE("a distribution is one value: replaced whole, not merged", "[yaml][extends]") {
  Folder f;
  f.write("base.yaml",
          "e: {dist: mixture, components: [{p: 0.5, dist: point, value: 0}, "
          "{p: 0.5, dist: beta, mean: 0.3, sd: 0.1}]}\n"
          "g: {dist: beta, mean: 0.3, sd: 0.1}\n");
  f.write("child.yaml",
          "extends: base.yaml\n"
          "e: {dist: beta, mean: 0.03, sd: 0.03}\n"
          "g: {gbp: 600, price_year: 2008}\n");
  sim::Diagnostics d;
  auto doc = f.read("child.yaml", d);
  REQUIRE(doc);
  const sim::YamlNode& r = doc->root;
  CHECK(keys(r.get("e")) == std::vector<std::string>{"dist", "mean", "sd"});
  CHECK(r.get("e").get("dist").scalar() == "beta");
  // Nor does a mapping without `dist` merge into one that has it: an amount
  // with a price year replaces a distribution whole.
  CHECK(keys(r.get("g")) == std::vector<std::string>{"gbp", "price_year"});
}

TEST_CASE("a mapping keyed by numbers is one value: replaced whole", "[yaml][extends]") {
  Folder f;
  f.write("base.yaml", "m: {series: {2002: 80.8, 2011: 100.0}, base: 2011}\n");
  f.write("child.yaml", "extends: base.yaml\nm: {series: {2012: 80.6, \"2013/14\": 82.0}}\n");
  sim::Diagnostics d;
  auto doc = f.read("child.yaml", d);
  REQUIRE(doc);
  // Two series on different bases must not mix; the section around them merges.
  CHECK(keys(doc->root.get("m").get("series")) == std::vector<std::string>{"2012", "2013/14"});
  CHECK(doc->root.get("m").get("base").scalar() == "2011");
}

TEST_CASE("each value is blamed on the file and line that wrote it", "[yaml][extends]") {
  Folder f;
  const std::string grand = f.write("places/grand.yaml", "g: 1\nm:\n  deep: {a: 1}\n  keep: 2\n");
  const std::string parent = f.write("places/parent.yaml",
                                     "extends: grand.yaml\n"
                                     "m:\n"
                                     "  keep: 3\n"
                                     "p: 4\n");
  const std::string child = f.write("child.yaml", "extends: places/parent.yaml\n\nm:\n  mine: 5\n");
  sim::Diagnostics d;
  auto doc = f.read("child.yaml", d);
  REQUIRE(doc);
  const sim::YamlNode m = doc->root.get("m");
  auto origin = [&](const sim::YamlNode& n, const std::string& path) {
    const sim::Origin o = doc->origin(n, path);
    return o.file + ":" + std::to_string(o.line) + ":" + std::to_string(o.column);
  };
  CHECK(origin(m.get("mine"), "m.mine") == child + ":4:9");
  CHECK(origin(m.get("keep"), "m.keep") == parent + ":3:9");
  CHECK(origin(m.get("deep").get("a"), "m.deep.a") == grand + ":3:13");
  CHECK(origin(doc->root.get("g"), "g") == grand + ":1:4");
  CHECK(origin(doc->root.get("p"), "p") == parent + ":4:4");
  CHECK(origin(m, "m") == child + ":4:3");
  CHECK(doc->extended.size() == 2);
}

TEST_CASE("loops, long chains, missing files and bad values are refused", "[yaml][extends]") {
  Folder f;
  sim::Diagnostics d;
  SECTION("a loop names every file in it") {
    f.write("a.yaml", "x: 1\nextends: b.yaml\n");
    f.write("b.yaml", "extends: c.yaml\n");
    f.write("c.yaml", "extends: a.yaml\n");
    CHECK_FALSE(f.read("a.yaml", d));
    REQUIRE(d.size() == 1);
    const sim::Diagnostic& e = d.all()[0];
    CHECK(e.path == "extends");
    CHECK(e.where.file.find("c.yaml") != std::string::npos);
    CHECK(e.problem.find("in a loop") != std::string::npos);
    CHECK(e.problem.find("a.yaml -> ") != std::string::npos);
  }
  SECTION("a file extending itself") {
    f.write("self.yaml", "extends: ./self.yaml\n");
    CHECK_FALSE(f.read("self.yaml", d));
    CHECK(d.all().at(0).problem.find("in a loop") != std::string::npos);
  }
  SECTION("a chain longer than the limit") {
    for (int i = 0; i <= sim::kMaxExtendsDepth + 1; ++i)
      f.write("c" + std::to_string(i) + ".yaml", "extends: c" + std::to_string(i + 1) + ".yaml\n");
    f.write("c" + std::to_string(sim::kMaxExtendsDepth + 2) + ".yaml", "end: 1\n");
    CHECK_FALSE(f.read("c0.yaml", d));
    CHECK(d.all().at(0).problem.find("more than 16 files") != std::string::npos);
  }
  SECTION("a file that is not there, at the line that names it") {
    const std::string child = f.write("child.yaml", "a: 1\nextends: nowhere.yaml\n");
    CHECK_FALSE(f.read("child.yaml", d));
    const sim::Diagnostic& e = d.all().at(0);
    CHECK(e.where.file == child);
    CHECK(e.where.line == 2);
    CHECK(e.where.column == 10);
    CHECK(e.problem.find("cannot read") != std::string::npos);
    CHECK(e.problem.find("nowhere.yaml") != std::string::npos);
  }
  SECTION("a value that is not a file name") {
    f.write("child.yaml", "extends: [a.yaml]\n");
    CHECK_FALSE(f.read("child.yaml", d));
    CHECK(d.all().at(0).problem.find("not a file name") != std::string::npos);
  }
  SECTION("a parent with a syntax error is blamed for it") {
    const std::string bad = f.write("bad.yaml", "a: [1, 2\n");
    f.write("child.yaml", "extends: bad.yaml\n");
    CHECK_FALSE(f.read("child.yaml", d));
    CHECK(d.all().at(0).where.file == bad);
  }
}

TEST_CASE("a built-in document may be extended by name", "[yaml][extends]") {
  Folder f;
  const std::vector<sim::BuiltinDocument> builtin = {{"base", "(built in)", "m: {x: 1, y: 1}\n"}};
  sim::Diagnostics d;
  const std::string path = f.write("child.yaml", "extends: base\nm: {y: 2}\n");
  std::ifstream in(path);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto doc = sim::parse_yaml(text, path, d);
  REQUIRE(doc);
  REQUIRE(sim::resolve_extends(*doc, d, "a YAML mapping", builtin));
  CHECK(doc->root.get("m").get("x").scalar() == "1");
  CHECK(doc->root.get("m").get("y").scalar() == "2");
  CHECK(doc->origin(doc->root.get("m").get("x"), "m.x").file == "(built in)");
  CHECK(doc->extended == std::vector<std::string>{"(built in)"});
}

TEST_CASE("extract_yaml keeps only the paths asked for, whole", "[yaml][extends]") {
  sim::Diagnostics d;
  auto doc = sim::parse_yaml("a: {b: 1, c: 2}\nl: [1, 2]\nz: 3\n", "t.yaml", d);
  REQUIRE(doc);
  const std::string out = sim::extract_yaml(doc->root, {"a.c", "l", "missing.key"});
  auto back = sim::parse_yaml(out, "out.yaml", d);
  REQUIRE(back);
  CHECK(back->root.entries().size() == 2);
  CHECK(back->root.get("a").entries().size() == 1);
  CHECK(back->root.get("a").get("c").scalar() == "2");
  CHECK(back->root.get("l").size() == 2);
  CHECK_FALSE(back->root.get("z").defined());
}
