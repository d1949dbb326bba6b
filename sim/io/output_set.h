#pragma once
//! Writing a command's output files as one transaction: each file goes to a
//! temporary beside its target, and only when every write, flush, fsync and
//! close has succeeded are they renamed into place together. A failure, an
//! exception or a SIGINT/SIGTERM leaves the old files intact and no temporary.

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "sim/io/diagnostics.h"

namespace placesim::sim {

//! Thrown when an output cannot be planned (exists without --force, folder
//! missing, two outputs with one path): a usage error, nothing written.
class OutputConflict : public BadInput {
 public:
  using BadInput::BadInput;
};

//! The output files of one command.
class OutputSet {
 public:
  //! A set that may replace existing files when `force` is true.
  explicit OutputSet(bool force) : force_(force) {}
  OutputSet(const OutputSet&) = delete;
  OutputSet& operator=(const OutputSet&) = delete;
  //! Removes every temporary not yet committed, and releases the locks.
  ~OutputSet();

  //! Claims `target` for writing: checks its folder exists, that it is not a
  //! folder, device or other non-regular file, that it does not exist (or
  //! `force`), that no other output of the set or `inputs` is the same file,
  //! and locks it against other placesim processes. Returns the temporary path
  //! to write it to. `what` names it in messages ("results file").
  std::filesystem::path add(const std::filesystem::path& target, const std::string& what,
                            const std::vector<std::filesystem::path>& inputs = {});
  //! Claims a folder of files: the folder (created at commit if missing) and
  //! the named files in it.
  std::vector<std::filesystem::path> add_folder(const std::filesystem::path& folder,
                                                const std::string& what,
                                                const std::vector<std::string>& files);
  //! Makes each temporary durable and renames all into place; throws (and
  //! removes what it can) if any step fails. Without `force`, a target that
  //! appeared meanwhile is not replaced.
  void commit();
  //! The targets, for messages ("wrote a.h5, b.html").
  [[nodiscard]] std::string describe() const;

 private:
  struct Entry {
    std::filesystem::path target, tmp;
    int lock_fd = -1;
  };
  bool force_;
  bool committed_ = false;
  std::vector<Entry> entries_;
  std::vector<std::filesystem::path> folders_;  // created at commit
};

//! Writes text to `path` as a set of one file (replacing it).
void write_file_atomically(const std::filesystem::path& path, std::string_view text);
//! Writes text to an already-claimed temporary, checking every step.
void write_text(const std::filesystem::path& tmp, std::string_view text);
//! After this, SIGINT and SIGTERM still remove temporaries and exit, but print
//! nothing: for an MPI rank whose job another rank is ending with its reason.
void quiet_interrupts();
//! Installs SIGINT and SIGTERM handlers that remove every open set's
//! temporaries, print a line and exit 130 or 143. Call once from main.
void install_interrupt_cleanup(const char* program);

}  // namespace placesim::sim
