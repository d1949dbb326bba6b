#pragma once
//! The placesim command line: commands, their options, exit statuses.

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace placesim::cli {

//! Exit statuses (DESIGN.md section 8).
enum Exit : int {
  kOk = 0,        //!< success
  kFailure = 1,   //!< failure while running
  kBadInput = 2,  //!< bad input or usage; nothing written
};

//! A mistake in how the command was called (exit 2).
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

//! The root filetype of `placesim switch` files.
inline constexpr const char* kSwitchFiletype = "placesim-switch";
//! Their format version (1 before optimism bias by grade of evidence).
inline constexpr std::int64_t kSwitchFormatVersion = 2;

//! An HDF5 file placesim writes: its root attribute filetype, the format
//! version this build writes, and the oldest it still reads.
struct FileFormat {
  const char* filetype;  //!< root attribute filetype
  std::int64_t version;  //!< root attribute format_version, as written
  std::int64_t oldest;   //!< the oldest format_version read
};
//! Every kind of HDF5 file placesim writes (the Python package checks them).
const std::vector<FileFormat>& file_formats();

//! One subcommand.
struct Command {
  const char* name;                                  //!< as typed
  const char* summary;                               //!< one line for placesim --help
  int (*run)(const std::vector<std::string>& args);  //!< runs it with the arguments after its name
};

//! Every subcommand, in the order --help lists them.
const std::vector<Command>& commands();
//! The program: installs the interrupt cleanup, sets the allocator
//! (sim::map_large_allocations), then dispatch().
int main(int argc, char** argv);
//! Runs the command `args` names (args[0] is the command) and maps errors to
//! exit statuses, printing them on std::cerr; what the Python module calls.
int dispatch(const std::vector<std::string>& args);
//! Prints "placesim: error: <message>" on stderr.
void print_error(const std::string& message);

int run_command(const std::vector<std::string>& args);        //!< placesim run
int switch_command(const std::vector<std::string>& args);     //!< placesim switch
int aggregate_command(const std::vector<std::string>& args);  //!< placesim aggregate
int calibrate_command(const std::vector<std::string>& args);  //!< placesim calibrate
int validate_command(const std::vector<std::string>& args);   //!< placesim validate
int init_command(const std::vector<std::string>& args);       //!< placesim init
int schema_command(const std::vector<std::string>& args);     //!< placesim schema
int report_command(const std::vector<std::string>& args);     //!< placesim report
int sweep_command(const std::vector<std::string>& args);      //!< placesim sweep
int merge_command(const std::vector<std::string>& args);      //!< placesim merge

}  // namespace placesim::cli
