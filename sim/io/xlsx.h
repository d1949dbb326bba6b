#pragma once
//! Writing an Excel workbook (.xlsx) through libxlsxwriter: sheets of text,
//! numbers with formats and formulas with their values, nothing else. Numbers
//! stay numbers (a spreadsheet can add them up); a value that is not finite is
//! left as an empty cell, never written as text.

#include <cstddef>
#include <ctime>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

struct lxw_workbook;
struct lxw_worksheet;
struct lxw_format;

namespace placesim::sim::xlsx {

//! How a cell looks: its font and its number format.
enum class Style : std::size_t {
  plain,    //!< text or a number as it is
  title,    //!< a sheet's heading
  header,   //!< a table's column heading
  note,     //!< a grey italic explanation
  money,    //!< £ with thousands separators, no pence
  ratio,    //!< two decimals
  percent,  //!< a share as a percentage, one decimal
  count,    //!< a whole number with thousands separators
  decimal,  //!< thousands separators, two decimals
};

class Workbook;

//! One worksheet of a Workbook (rows and columns count from 0).
class Sheet {
 public:
  //! Writes text: bytes that are not UTF-8 become U+FFFD, and it is cut to
  //! 32,767 bytes (Excel's limit) at a character boundary.
  void text(std::size_t row, std::size_t col, std::string_view s, Style style = Style::plain);
  //! Writes a number; NaN or infinity leaves the cell empty.
  void number(std::size_t row, std::size_t col, double v, Style style = Style::plain);
  //! Writes a formula ("=SUM(B2:B9)") with the value it gives, so readers
  //! that do not calculate see the number too.
  void formula(std::size_t row, std::size_t col, const std::string& f, double value,
               Style style = Style::plain);
  //! Sets the width of columns first..last, in characters.
  void width(std::size_t first, std::size_t last, double chars);
  //! Keeps rows above `row` and columns left of `col` in view when scrolling.
  void freeze(std::size_t row, std::size_t col);

 private:
  friend class Workbook;
  Sheet(lxw_worksheet* ws, Workbook* book) : ws_(ws), book_(book) {}
  lxw_worksheet* ws_;
  Workbook* book_;
};

//! A workbook being written; close() writes the file.
class Workbook {
 public:
  //! A workbook that close() writes to `path`, stamped as created at `created`.
  Workbook(const std::filesystem::path& path, std::time_t created);
  Workbook(const Workbook&) = delete;
  Workbook& operator=(const Workbook&) = delete;
  //! Frees the workbook if close() was never called (writing nothing).
  ~Workbook();
  //! Adds a sheet; `name` is at most 31 characters, none of []:*?/\ .
  Sheet add_sheet(const std::string& name);
  //! Writes the file; throws std::runtime_error naming the path and the cause.
  void close();

 private:
  friend class Sheet;
  [[nodiscard]] lxw_format* format(Style s) const { return formats_[static_cast<std::size_t>(s)]; }
  void check(int error, const std::string& what) const;
  std::filesystem::path path_;
  lxw_workbook* wb_ = nullptr;
  std::vector<lxw_format*> formats_;
};

//! The A1 name of a cell ("B5" for row 4, column 1).
std::string cell_name(std::size_t row, std::size_t col);

}  // namespace placesim::sim::xlsx
