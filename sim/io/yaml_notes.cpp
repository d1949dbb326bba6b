#include "sim/io/yaml_notes.h"

#include <map>
#include <set>
#include <utility>

#include "sim/io/reader.h"

namespace placesim::sim {
namespace {

std::string trim(std::string_view s) {
  const auto b = s.find_first_not_of(" \t\r");
  if (b == std::string_view::npos) return "";
  const auto e = s.find_last_not_of(" \t\r");
  return std::string(s.substr(b, e - b + 1));
}

// Where the comment of a line starts ('#' after a space, outside quotes), or
// npos. A quote opens a quoted scalar only where a scalar starts (after ':',
// '-', a flow bracket or comma, or at the start): "Children's place" is plain.
std::size_t comment_start(std::string_view line) {
  char quote = 0;
  char before = ':';  // the last character that is not a space
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quote) {
      if (c == quote) quote = 0;
    } else if ((c == '"' || c == '\'') &&
               std::string_view(":-[{,").find(before) != std::string_view::npos) {
      quote = c;
    } else if (c == '#' && (i == 0 || line[i - 1] == ' ' || line[i - 1] == '\t')) {
      return i;
    }
    if (c != ' ' && c != '\t') before = c;
  }
  return std::string_view::npos;
}

class Walker {
 public:
  Walker(const YamlDocument& doc,
         const std::function<std::optional<std::string_view>(const std::string&)>& text_of)
      : doc_(doc), text_of_(text_of) {}

  void walk(const YamlNode& n, const std::string& path) {
    if (n.is_map()) {
      for (const auto& e : n.entries()) {
        const std::string p = join_path(path, e.key.scalar());
        note(p, e.key.mark(), true);
        walk(e.value, p);
      }
    } else if (n.is_list()) {
      for (std::size_t i = 0; i < n.size(); ++i) {
        const std::string p = join_path(path, std::to_string(i));
        note(p, n[i].mark(), false);
        walk(n[i], p);
      }
    }
  }
  std::vector<LineNote> notes;

 private:
  void note(const std::string& path, TextMark mark, bool is_key) {
    const Origin at = doc_.origin(YamlNode(), path);
    if (at.file != doc_.file_of(path) || mark.line <= 0) return;  // set by an override
    if (!seen_.insert({at.file, mark.line}).second) return;       // the outermost only
    const std::string_view line = line_of(at.file, mark.line);
    const std::size_t hash = comment_start(line);
    if (hash == std::string_view::npos) return;
    std::size_t from = std::min(static_cast<std::size_t>(mark.column - 1), line.size());
    if (is_key) {
      const std::size_t colon = line.find(':', from);
      from = colon == std::string_view::npos || colon > hash ? hash : colon + 1;
    }
    notes.push_back({path,
                     trim(line.substr(from, hash - std::min(from, hash))),
                     trim(line.substr(hash + 1)),
                     {at.file, mark.line, mark.column}});
  }
  std::string_view line_of(const std::string& file, int number) {
    auto it = lines_.find(file);
    if (it == lines_.end()) {
      std::vector<std::string_view> lines;
      if (auto text = text_of_(file)) {
        std::string_view t = *text;
        if (t.substr(0, 3) == "\xEF\xBB\xBF") t.remove_prefix(3);
        for (std::size_t at = 0; at <= t.size();) {
          const std::size_t end = std::min(t.find('\n', at), t.size());
          lines.push_back(t.substr(at, end - at));
          at = end + 1;
        }
      }
      it = lines_.emplace(file, std::move(lines)).first;
    }
    const auto k = static_cast<std::size_t>(number - 1);
    return k < it->second.size() ? it->second[k] : std::string_view();
  }

  const YamlDocument& doc_;
  const std::function<std::optional<std::string_view>(const std::string&)>& text_of_;
  std::set<std::pair<std::string, int>> seen_;
  std::map<std::string, std::vector<std::string_view>> lines_;
};

}  // namespace

std::vector<LineNote> line_notes(
    const YamlDocument& doc,
    const std::function<std::optional<std::string_view>(const std::string&)>& text_of) {
  Walker w(doc, text_of);
  w.walk(doc.root, "");
  return std::move(w.notes);
}

}  // namespace placesim::sim
