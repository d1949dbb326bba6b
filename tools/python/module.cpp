// placesim._placesim: the placesim commands run inside Python. The Python
// package (tools/python/placesim) builds each command's arguments, and reads
// the files it writes, so a run from Python is the CLI's run: the same code,
// the same numbers, the same errors.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <iostream>
#include <mutex>
#include <sstream>
#include <string>
#include <vector>

#include "placesim/version.h"
#include "tools/cli/cli.h"

namespace py = pybind11;

namespace {

// Sends a stream to a buffer for as long as it lives.
class Capture {
 public:
  Capture(std::ostream& stream, std::ostringstream& into)
      : stream_(stream), old_(stream.rdbuf(into.rdbuf())) {}
  Capture(const Capture&) = delete;
  Capture& operator=(const Capture&) = delete;
  ~Capture() { stream_.rdbuf(old_); }

 private:
  std::ostream& stream_;
  std::streambuf* old_;
};

// One command at a time: std::cout and std::cerr are redirected while it runs.
std::mutex one_command;

py::tuple command(const std::vector<std::string>& args) {
  std::ostringstream out, err;
  int status = 0;
  {
    py::gil_scoped_release release;  // a long run leaves other Python threads free
    const std::lock_guard<std::mutex> lock(one_command);
    const Capture capture_out(std::cout, out), capture_err(std::cerr, err);
    status = placesim::cli::dispatch(args);
  }
  return py::make_tuple(status, out.str(), err.str());
}

}  // namespace

PYBIND11_MODULE(_placesim, m) {
  m.doc() = "placesim's commands, run in this process (use the placesim package, not this)";
  m.def("command", &command, py::arg("args"),
        "Runs `placesim ARGS...`; returns (exit status, stdout, stderr).");
  m.attr("version") = PLACESIM_VERSION;
  py::dict formats;
  for (const placesim::cli::FileFormat& f : placesim::cli::file_formats())
    formats[py::str(f.filetype)] = py::make_tuple(f.oldest, f.version);
  m.attr("format_versions") = formats;  // filetype -> (oldest, newest) format version read
}
