#include "sim/io/xlsx.h"

#include <xlsxwriter.h>

#include <cmath>
#include <stdexcept>

namespace placesim::sim::xlsx {
namespace {

// Excel refuses longer cells (libxlsxwriter counts bytes).
constexpr std::size_t kMaxCellBytes = 32767;

// The length of the valid UTF-8 character at s[i], or 0 when none starts there.
std::size_t utf8_length(std::string_view s, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char b = byte(i);
  if (b < 0x80) return 1;
  // The lead byte gives the length; the shortest form is the only valid one.
  const std::size_t n = (b & 0xE0) == 0xC0   ? 2
                        : (b & 0xF0) == 0xE0 ? 3
                        : (b & 0xF8) == 0xF0 ? 4
                                             : 0;
  if (n == 0) return 0;
  const unsigned min = n == 2 ? 0x80 : n == 3 ? 0x800 : 0x10000;
  if (i + n > s.size()) return 0;
  unsigned cp = b & (0x7F >> n);
  for (std::size_t k = 1; k < n; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (byte(i + k) & 0x3F);
  }
  const bool surrogate = cp >= 0xD800 && cp <= 0xDFFF;
  return cp < min || cp > 0x10FFFF || surrogate ? 0 : n;
}

// `s` as a cell holds it: a byte that is not part of valid UTF-8 (a file name
// in Latin-1) becomes U+FFFD, since one such byte makes the whole workbook
// unreadable; cut to kMaxCellBytes at a character boundary.
std::string cell_text(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t n = utf8_length(s, i);
    const std::string_view c = n > 0 ? s.substr(i, n) : std::string_view("\xEF\xBF\xBD");
    if (out.size() + c.size() > kMaxCellBytes) break;
    out += c;
    i += n > 0 ? n : 1;
  }
  return out;
}

}  // namespace

std::string cell_name(std::size_t row, std::size_t col) {
  std::string letters;
  for (std::size_t c = col + 1; c > 0; c = (c - 1) / 26)
    letters.insert(letters.begin(), static_cast<char>('A' + (c - 1) % 26));
  return letters + std::to_string(row + 1);
}

Workbook::Workbook(const std::filesystem::path& path, std::time_t created) : path_(path) {
  wb_ = workbook_new(path.c_str());
  if (wb_ == nullptr) throw std::runtime_error("cannot start the workbook " + path.string());
  lxw_doc_properties props{};
  props.created = created;  // the results' time, so one results file gives one workbook
  check(workbook_set_properties(wb_, &props), "set its properties");
  auto add = [this](auto&& set) {
    lxw_format* f = workbook_add_format(wb_);
    set(f);
    formats_.push_back(f);
  };
  add([](lxw_format*) {});  // plain
  add([](lxw_format* f) {   // title
    format_set_bold(f);
    format_set_font_size(f, 14);
  });
  add([](lxw_format* f) {  // header
    format_set_bold(f);
    format_set_text_wrap(f);
    format_set_bottom(f, LXW_BORDER_THIN);
    format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
  });
  add([](lxw_format* f) {  // note
    format_set_italic(f);
    format_set_font_color(f, 0x595959);
  });
  add([](lxw_format* f) { format_set_num_format(f, "£#,##0;[Red]-£#,##0"); });  // money
  add([](lxw_format* f) { format_set_num_format(f, "0.00"); });                 // ratio
  add([](lxw_format* f) { format_set_num_format(f, "0.0%"); });                 // percent
  add([](lxw_format* f) { format_set_num_format(f, "#,##0"); });                // count
  add([](lxw_format* f) { format_set_num_format(f, "#,##0.00"); });             // decimal
}

Workbook::~Workbook() {
  if (wb_ != nullptr) lxw_workbook_free(wb_);
}

Sheet Workbook::add_sheet(const std::string& name) {
  lxw_worksheet* ws = workbook_add_worksheet(wb_, name.c_str());
  if (ws == nullptr)
    throw std::runtime_error("cannot add the sheet '" + name + "' to the workbook");
  return Sheet(ws, this);
}

void Workbook::check(int error, const std::string& what) const {
  if (error != LXW_NO_ERROR)
    throw std::runtime_error("cannot " + what + " in the workbook " + path_.string() + ": " +
                             lxw_strerror(static_cast<lxw_error>(error)));
}

void Workbook::close() {
  lxw_workbook* wb = wb_;
  wb_ = nullptr;  // workbook_close frees it, whatever it returns
  check(workbook_close(wb), "write the file");
}

void Sheet::text(std::size_t row, std::size_t col, std::string_view s, Style style) {
  const std::string t = cell_text(s);
  book_->check(worksheet_write_string(ws_, static_cast<lxw_row_t>(row), static_cast<lxw_col_t>(col),
                                      t.c_str(), book_->format(style)),
               "write " + cell_name(row, col));
}

void Sheet::number(std::size_t row, std::size_t col, double v, Style style) {
  const auto r = static_cast<lxw_row_t>(row);
  const auto c = static_cast<lxw_col_t>(col);
  const int e = std::isfinite(v) ? worksheet_write_number(ws_, r, c, v, book_->format(style))
                                 : worksheet_write_blank(ws_, r, c, book_->format(style));
  book_->check(e, "write " + cell_name(row, col));
}

void Sheet::formula(std::size_t row, std::size_t col, const std::string& f, double value,
                    Style style) {
  book_->check(worksheet_write_formula_num(
                   ws_, static_cast<lxw_row_t>(row), static_cast<lxw_col_t>(col), f.c_str(),
                   book_->format(style), std::isfinite(value) ? value : 0.0),
               "write " + cell_name(row, col));
}

void Sheet::width(std::size_t first, std::size_t last, double chars) {
  book_->check(worksheet_set_column(ws_, static_cast<lxw_col_t>(first),
                                    static_cast<lxw_col_t>(last), chars, nullptr),
               "set column widths");
}

void Sheet::freeze(std::size_t row, std::size_t col) {
  worksheet_freeze_panes(ws_, static_cast<lxw_row_t>(row), static_cast<lxw_col_t>(col));
}

}  // namespace placesim::sim::xlsx
