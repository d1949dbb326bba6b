#pragma once
//! A progress bar on stderr, shown only on a terminal and never with --quiet.

#include <chrono>
#include <cstddef>
#include <string>

namespace placesim::cli {

//! Draws "[#####.....] 120/200 replications, 3.2 s" in place.
class ProgressBar {
 public:
  //! A bar for `total` steps; silent unless stderr is a terminal and `enabled`.
  ProgressBar(std::string what, std::size_t total, bool enabled);
  //! Shows `done` of the total (drawn at most ten times a second).
  void update(std::size_t done);
  //! Clears the line.
  void finish();
  //! Changes the total (when --until-ci adds replications).
  void set_total(std::size_t total) { total_ = total; }

 private:
  std::string what_;
  std::size_t total_;
  bool enabled_;
  std::chrono::steady_clock::time_point start_, last_;
};

}  // namespace placesim::cli
