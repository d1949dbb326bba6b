#pragma once
//! Input errors with their place in the file, collected so that one pass
//! reports every problem.

#include <stdexcept>
#include <string>
#include <unordered_set>
#include <vector>

namespace placesim::sim {

//! Where a value came from: a file position (1-based) or an override.
struct Origin {
  std::string file;  //!< file name, or the override, e.g. "--set PATH=VALUE"
  int line = 1;      //!< 1-based line
  int column = 1;    //!< 1-based column
};

//! One problem with the input.
struct Diagnostic {
  Origin where;         //!< its place
  std::string path;     //!< key path, e.g. services.key_worker.capacity
  std::string problem;  //!< what is wrong
  std::string allowed;  //!< what would be right (may be empty)
};

//! Collects problems; formats them one per line for stderr.
class Diagnostics {
 public:
  //! Records a problem (once: a repeat at the same place is dropped).
  void error(Origin where, std::string path, std::string problem, std::string allowed = {});
  //! True when nothing is wrong.
  [[nodiscard]] bool empty() const { return list_.empty(); }
  //! Number of problems.
  [[nodiscard]] std::size_t size() const { return list_.size(); }
  //! Every problem in the order found.
  [[nodiscard]] const std::vector<Diagnostic>& all() const { return list_; }
  //! "placesim: error: FILE:LINE:COL: path: problem (allowed)", one per line,
  //! sorted by position, at most `limit` lines then a count of the rest.
  [[nodiscard]] std::string format(std::size_t limit = 100) const;

 private:
  std::vector<Diagnostic> list_;
  std::unordered_set<std::string> seen_;  // place and problem of each, to drop repeats
};

//! Bad input that is not a YAML document: a command-line value, a results or
//! shard file that is not what it should be. Reported in one line, exit 2.
class BadInput : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

//! Thrown when input is invalid; carries every diagnostic.
class InputError : public std::runtime_error {
 public:
  //! Wraps the collected diagnostics.
  explicit InputError(Diagnostics d) : std::runtime_error(d.format()), diagnostics_(std::move(d)) {}
  //! The problems found.
  [[nodiscard]] const Diagnostics& diagnostics() const { return diagnostics_; }

 private:
  Diagnostics diagnostics_;
};

//! The text with control characters (escape sequences, NUL, line breaks)
//! written as \xNN, safe to print on a terminal in one line.
std::string printable(const std::string& text);
//! Levenshtein distance, for "did you mean" suggestions.
std::size_t edit_distance(const std::string& a, const std::string& b);
//! The closest candidate to `word`, or "" when none is close enough.
std::string closest_match(const std::string& word, const std::vector<std::string>& candidates);
//! "a, b, c" (or "(none)") for listing valid names in messages.
std::string join_names(const std::vector<std::string>& names);

}  // namespace placesim::sim
