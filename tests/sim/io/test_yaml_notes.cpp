// Comments at the ends of lines, read back beside the values they describe.
#include <catch2/catch.hpp>

#include "sim/io/yaml_notes.h"

using namespace placesim;

namespace {

std::vector<sim::LineNote> notes_of(const sim::YamlDocument& doc, const std::string& text) {
  return sim::line_notes(doc, [&](const std::string& file) -> std::optional<std::string_view> {
    if (file == doc.file) return std::string_view(text);
    return std::nullopt;
  });
}

}  // namespace

TEST_CASE("a comment belongs to the outermost key or element on its line", "[yaml][notes]") {
  const std::string text =
      "a: 1            # source one [V]\n"
      "b:              # a block below [U]\n"
      "  c: 'x # not a comment'   # after a quoted hash\n"
      "  d: 2\n"
      "l:\n"
      "  - {p: 1, q: 2}  # one element [S]\n"
      "# a comment on its own line\n"
      "e: \"#x\"\n";
  sim::Diagnostics d;
  auto doc = sim::parse_yaml(text, "t.yaml", d);
  REQUIRE(doc);
  const auto notes = notes_of(*doc, text);
  REQUIRE(notes.size() == 4);
  CHECK(notes[0].path == "a");
  CHECK(notes[0].value == "1");
  CHECK(notes[0].comment == "source one [V]");
  CHECK(notes[0].where.line == 1);
  CHECK(notes[1].path == "b");
  CHECK(notes[1].value.empty());
  CHECK(notes[2].path == "b.c");
  CHECK(notes[2].value == "'x # not a comment'");
  CHECK(notes[2].comment == "after a quoted hash");
  CHECK(notes[3].path == "l.0");
  CHECK(notes[3].value == "{p: 1, q: 2}");
  CHECK(notes[3].where.line == 6);
}

TEST_CASE("values set by an override have no line to read", "[yaml][notes]") {
  const std::string text = "a: 1   # [U]\nb: 2   # [V]\n";
  sim::Diagnostics d;
  auto doc = sim::parse_yaml(text, "t.yaml", d);
  REQUIRE(doc);
  sim::apply_overrides(*doc, {"a=5"}, d);
  REQUIRE(d.empty());
  const auto notes = notes_of(*doc, text);
  REQUIRE(notes.size() == 1);
  CHECK(notes[0].path == "b");
}

TEST_CASE("an apostrophe inside a plain value does not hide the comment", "[yaml][notes]") {
  const std::string text = "name: Children's place   # local [V]\nq: ['a # b', 2]   # list [U]\n";
  sim::Diagnostics d;
  auto doc = sim::parse_yaml(text, "t.yaml", d);
  REQUIRE(doc);
  const auto notes = notes_of(*doc, text);
  REQUIRE(notes.size() == 2);
  CHECK(notes[0].value == "Children's place");
  CHECK(notes[0].comment == "local [V]");
  CHECK(notes[1].value == "['a # b', 2]");
  CHECK(notes[1].comment == "list [U]");
}
