#include "sim/io/process.h"

#include <boost/process.hpp>
#include <cstdlib>
#include <stdexcept>

namespace placesim::sim {
namespace bp = boost::process;

std::string find_program(const std::vector<std::string>& names, const char* override_env) {
  if (override_env) {
    if (const char* env = std::getenv(override_env); env && *env) return env;
  }
  for (const std::string& name : names) {
    const auto found = bp::search_path(name);
    if (!found.empty()) return found.string();
  }
  return "";
}

int run_program(const std::vector<std::string>& argv, std::chrono::seconds limit) {
  if (argv.empty()) throw std::invalid_argument("run_program: no program");
  std::error_code ec;
  bp::group group;
  bp::child child(argv[0], std::vector<std::string>(argv.begin() + 1, argv.end()),
                  bp::std_out > bp::null, bp::std_err > bp::null, bp::std_in < bp::null, group, ec);
  if (ec) throw std::runtime_error("cannot start " + argv[0] + ": " + ec.message());
  if (!child.wait_for(limit, ec)) {
    group.terminate(ec);
    child.wait(ec);
    return -1;
  }
  return child.exit_code();
}

}  // namespace placesim::sim
