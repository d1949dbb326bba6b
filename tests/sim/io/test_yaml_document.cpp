// Reading YAML safely: encodings, files, overrides and where values came from.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "sim/io/json.h"
#include "sim/io/reader.h"
#include "sim/io/yaml_document.h"

using namespace placesim;
namespace fs = std::filesystem;

TEST_CASE("nodes know their place, kind and entries", "[yaml]") {
  sim::Diagnostics d;
  auto doc = sim::parse_yaml("a: 1\nb: [x, y]\nc: {k: v}\n", "t.yaml", d);
  REQUIRE(doc);
  CHECK(doc->root.get("a").scalar() == "1");
  CHECK(doc->root.get("b").is_list());
  CHECK(doc->root.get("b")[1].scalar() == "y");
  CHECK_FALSE(doc->root.get("b")[5].defined());
  CHECK(doc->root.get("c").mark().line == 3);
  CHECK(doc->root.get("c").mark().column == 4);
  CHECK(doc->root.entries().size() == 3);
  CHECK_FALSE(doc->root.get("missing").defined());
  CHECK(sim::describe_node(doc->root.get("c")) == "a mapping");
}

TEST_CASE("overrides replace values and are blamed for what they set", "[yaml]") {
  sim::Diagnostics d;
  auto doc = sim::parse_yaml("a:\n  b: 1\n  list: [1, 2]\n", "t.yaml", d);
  REQUIRE(doc);
  sim::apply_overrides(*doc, {"a.b=7", "a.list.1=9", "a.bb.c=1", "nokey"}, d);
  CHECK(doc->root.get("a").get("b").scalar() == "7");
  CHECK(doc->root.get("a").get("list")[1].scalar() == "9");
  CHECK(doc->origin(doc->root.get("a").get("b"), "a.b").file == "--set a.b=7");
  REQUIRE(d.size() == 2);
  CHECK(d.all()[0].problem.find("did you mean 'b'") != std::string::npos);
  CHECK(d.all()[1].problem.find("PATH=VALUE") != std::string::npos);
}

TEST_CASE("files that are missing, folders or too large are refused with the reason", "[yaml]") {
  sim::Diagnostics d;
  CHECK_FALSE(sim::read_text_file("/no/such/file.yaml", d));
  CHECK(d.all().back().problem.find("No such file") != std::string::npos);
  CHECK_FALSE(sim::read_text_file(fs::temp_directory_path().string(), d));
  CHECK(d.all().back().problem == "is a folder, not a file");
  const fs::path big = fs::temp_directory_path() / "placesim-test-big.yaml";
  fs::remove(big);
  std::ofstream(big).close();
  fs::resize_file(big, sim::kMaxYamlBytes + 1);
  CHECK_FALSE(sim::read_text_file(big.string(), d));
  CHECK(d.all().back().problem == "the file is 17 MiB");
  fs::remove(big);
}

TEST_CASE("text that is not UTF-8 YAML is refused at the right place", "[yaml]") {
  sim::Diagnostics d;
  CHECK_FALSE(sim::parse_yaml("a: 1\nb: \x01\n", "t.yaml", d));
  CHECK(d.all().back().where.line == 2);
  CHECK_FALSE(sim::parse_yaml("a: [1, 2\n", "t.yaml", d));
  CHECK(d.all().back().problem.find("YAML syntax error") != std::string::npos);
  CHECK_FALSE(sim::parse_yaml("", "t.yaml", d, "what it should be"));
  CHECK(d.all().back().allowed == "what it should be");
}

TEST_CASE("JSON for a page cannot close a script element or open a comment", "[json]") {
  const sim::Json j = {{"label", "</script><!--<script>&"},
                       {"x", std::numeric_limits<double>::quiet_NaN()}};
  const std::string text = sim::json_for_html(j);
  CHECK(text.find('<') == std::string::npos);
  CHECK(text.find('>') == std::string::npos);
  CHECK(text.find("\"x\":null") != std::string::npos);
  CHECK(sim::Json::parse(text)["label"] == "</script><!--<script>&");
}
