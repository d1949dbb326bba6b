// check_in_child: a rehearsal that crashes, hangs or throws is an error in
// the parent, which carries on; one that finishes changes nothing in it.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <csignal>
#include <stdexcept>

#include "sim/io/child_check.h"

using placesim::sim::check_in_child;
using placesim::sim::ChildCheckError;

TEST_CASE("a rehearsal that finishes returns, and changes nothing in the parent", "[child_check]") {
  int touched = 0;
  check_in_child([&] { touched = 1; }, "f.h5", 10.0);
  CHECK(touched == 0);  // the child's memory is its own
}

TEST_CASE("a rehearsal that throws is an error with its message", "[child_check]") {
  CHECK_THROWS_WITH(
      check_in_child([] { throw std::runtime_error("f.h5: bad labels"); }, "f.h5", 10.0),
      "f.h5: bad labels");
}

TEST_CASE("a rehearsal that crashes says the file is damaged", "[child_check]") {
  // The default action, as in a program without the test framework's handler.
  CHECK_THROWS_AS(check_in_child(
                      [] {
                        std::signal(SIGSEGV, SIG_DFL);
                        std::raise(SIGSEGV);
                      },
                      "f.h5", 10.0),
                  ChildCheckError);
  CHECK_THROWS_WITH(check_in_child([] { std::raise(SIGKILL); }, "f.h5", 10.0),
                    Catch::Contains("f.h5 is damaged: reading it crashed"));
}

TEST_CASE("a rehearsal that hangs is killed at the time limit", "[child_check]") {
  CHECK_THROWS_WITH(check_in_child([] { ::pause(); }, "f.h5", 0.3),
                    Catch::Contains("f.h5 is damaged: reading it did not finish in 0.3 s"));
}
