// Excel workbooks: cell names, what is refused, and files Excel can open.
#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>

#include "sim/io/xlsx.h"

using namespace placesim::sim;
namespace fs = std::filesystem;

TEST_CASE("cell names follow Excel's A1 notation", "[xlsx]") {
  CHECK(xlsx::cell_name(0, 0) == "A1");
  CHECK(xlsx::cell_name(4, 1) == "B5");
  CHECK(xlsx::cell_name(0, 25) == "Z1");
  CHECK(xlsx::cell_name(0, 26) == "AA1");
  CHECK(xlsx::cell_name(9, 51) == "AZ10");
  CHECK(xlsx::cell_name(0, 52) == "BA1");
  CHECK(xlsx::cell_name(1048575, 16383) == "XFD1048576");  // Excel's last cell
}

TEST_CASE("a workbook is a zip file Excel can open, whatever its cells hold", "[xlsx]") {
  const fs::path dir = fs::temp_directory_path() / "placesim-test-xlsx";
  fs::remove_all(dir);
  fs::create_directories(dir);
  const fs::path path = dir / "book.xlsx";
  {
    xlsx::Workbook book(path, 1700000000);
    xlsx::Sheet s = book.add_sheet("Numbers");
    s.number(0, 0, 1.5, xlsx::Style::money);
    s.number(0, 1, NAN, xlsx::Style::money);  // an empty cell, not "nan"
    s.number(0, 2, INFINITY);
    s.formula(0, 3, "=SUM(A1:C1)", 1.5, xlsx::Style::money);
    // Longer than a cell may be, with a two-byte character across the cut.
    std::string long_text(32766, 'x');
    long_text += "£";
    s.text(1, 0, long_text, xlsx::Style::note);
    s.width(0, 3, 12);
    s.freeze(1, 1);
    book.close();
  }
  std::ifstream in(path, std::ios::binary);
  char magic[2] = {};
  in.read(magic, 2);
  CHECK(std::string(magic, 2) == "PK");
  fs::remove_all(dir);
}

TEST_CASE("a workbook that cannot be written says where and why", "[xlsx]") {
  const fs::path path = fs::temp_directory_path() / "placesim-no-such-folder" / "book.xlsx";
  fs::remove_all(path.parent_path());
  xlsx::Workbook book(path, 0);
  (void)book.add_sheet("Sheet");
  try {
    book.close();
    FAIL("closing a workbook in a missing folder succeeded");
  } catch (const std::runtime_error& e) {
    CHECK_THAT(e.what(), Catch::Contains(path.string()));
  }
  CHECK_FALSE(fs::exists(path));
}

TEST_CASE("a workbook never closed writes nothing", "[xlsx]") {
  const fs::path path = fs::temp_directory_path() / "placesim-test-unclosed.xlsx";
  fs::remove(path);
  {
    xlsx::Workbook book(path, 0);
    xlsx::Sheet s = book.add_sheet("Sheet");
    s.text(0, 0, "never written");
  }
  CHECK_FALSE(fs::exists(path));
}
