#pragma once
//! The comments written at the end of lines that hold keys: where an input
//! file says where a value comes from ("# survey 2013 [V]"), read back so it can be
//! listed beside the value.

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/io/yaml_document.h"

namespace placesim::sim {

//! A comment at the end of the line of a key or list element.
struct LineNote {
  std::string path;     //!< key path of the outermost key or element that starts on the line
  std::string value;    //!< the text after the key, before the comment ("" when it is below)
  std::string comment;  //!< the comment, without '#', trimmed
  Origin where;         //!< the file, line and column of the key
};

//! Every key or list element of `doc` whose line ends in a comment, one per
//! line, depth first in document order. `text_of(file)` gives the text of each
//! file named by doc.file_of (nothing: that file's comments are not read).
//! Values set by overrides are skipped: their line is not in any file.
std::vector<LineNote> line_notes(
    const YamlDocument& doc,
    const std::function<std::optional<std::string_view>(const std::string&)>& text_of);

}  // namespace placesim::sim
