#pragma once
//! Reading untrusted files in a child process first. A file forged with a
//! valid checksum can make HDF5 1.10 itself crash or hang (found by fuzzing:
//! its global heap reader), and no check of ours can run before HDF5 parses
//! it. Whatever reads such a file is rehearsed in a forked child: if the
//! child crashes or hangs, the file is reported as damaged and the program
//! goes on; only a rehearsal that finished is followed by the real read.

#include <functional>
#include <string>

#include "sim/io/diagnostics.h"

namespace placesim::sim {

//! What check_in_child throws: the file is damaged, or could not be read (bad input, exit 2).
class ChildCheckError : public BadInput {
 public:
  using BadInput::BadInput;
};

//! Runs `work` in a forked child and waits at most `timeout_seconds`. Returns
//! when it finished; when it threw, throws ChildCheckError with its message;
//! when it died by a signal, failed otherwise or ran out of time (it is
//! killed), throws ChildCheckError saying that `what` is damaged. Where the
//! system cannot fork, runs nothing and returns (the real read then decides).
void check_in_child(const std::function<void()>& work, const std::string& what,
                    double timeout_seconds);

//! The time a rehearsal may take: PLACESIM_READ_TIMEOUT seconds when set to a
//! positive number, else 120.
double read_timeout_seconds();

}  // namespace placesim::sim
