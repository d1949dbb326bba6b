#include "sim/io/diagnostics.h"

#include <algorithm>
#include <cstdio>
#include <sstream>

namespace placesim::sim {

void Diagnostics::error(Origin where, std::string path, std::string problem, std::string allowed) {
  // The same problem found twice (two checks reading one value) is said once.
  std::string key = where.file + '\0' + std::to_string(where.line) + ':' +
                    std::to_string(where.column) + '\0' + path + '\0' + problem;
  if (!seen_.insert(std::move(key)).second) return;
  list_.push_back({std::move(where), std::move(path), std::move(problem), std::move(allowed)});
}

std::string printable(const std::string& text) {
  std::string out;
  for (unsigned char c : text) {
    if (c < 0x20 || c == 0x7f) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      out += buf;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

std::string Diagnostics::format(std::size_t limit) const {
  std::vector<const Diagnostic*> sorted;
  for (const auto& d : list_) sorted.push_back(&d);
  std::stable_sort(sorted.begin(), sorted.end(), [](const Diagnostic* a, const Diagnostic* b) {
    if (a->where.file != b->where.file) return false;  // keep files in the order found
    if (a->where.line != b->where.line) return a->where.line < b->where.line;
    return a->where.column < b->where.column;
  });
  std::ostringstream o;
  std::size_t n = 0;
  for (const Diagnostic* d : sorted) {
    if (n++ == limit) {
      o << "placesim: error: ... and " << sorted.size() - limit << " more problems\n";
      break;
    }
    // Line 0: a problem with the file as a whole (missing, a folder, too big).
    std::string line = "placesim: error: " + d->where.file + ":";
    if (d->where.line > 0)
      line += std::to_string(d->where.line) + ":" + std::to_string(d->where.column) + ": " +
              (d->path.empty() ? "(document)" : d->path) + ":";
    line += " ";
    line += d->problem;
    if (!d->allowed.empty()) line += " (" + d->allowed + ")";
    o << printable(line) << "\n";
  }
  return o.str();
}

std::size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diag = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0u : 1u)});
      diag = up;
    }
  }
  return row[b.size()];
}

std::string closest_match(const std::string& word, const std::vector<std::string>& candidates) {
  std::string best;
  std::size_t best_d = std::max<std::size_t>(2, word.size() / 3) + 1;
  for (const auto& c : candidates) {
    std::size_t d = edit_distance(word, c);
    if (d < best_d) {
      best_d = d;
      best = c;
    }
  }
  return best;
}

std::string join_names(const std::vector<std::string>& names) {
  if (names.empty()) return "(none)";
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i) out += (i ? ", " : "") + names[i];
  return out;
}

}  // namespace placesim::sim
