"""The built binary still prefetches what the next event will read.

A prefetch is a hint that changes no result, so no other test can see it
go: g++ 12 at -O2 deleted every prefetch of a family's block and history
row (it takes a function made only of prefetches for one without effects,
and drops its call) and all tests passed. This reads the machine code of
`placesim` and asks for a prefetch instruction where each hint is made, or
in the out-of-line helper where the compiler did not inline it
(sim/core/prefetch.h says why the hints are written the way they are).
"""
import os
import platform
import re
import shutil
import subprocess
import unittest

BIN = os.environ.get("PLACESIM_BIN", "")

# Where each hint must leave a prefetch instruction: a function whose
# demangled name holds the function that makes the hint (so its lambdas, and
# `run_until` instantiated for them, count), or the helper itself when it
# stays a function of its own. (A helper left out of line with its call
# deleted would pass; at -O2 the helpers are inlined and that cannot be.)
HINTS = {
    "a family's block, before its event": (
        "placesim::models::FamilySimulation::run()",
        "placesim::models::FamilyStore::prefetch(",
    ),
    "a family's history entry, as its event starts": (
        "placesim::models::FamilySimulation::Parts::handle(",
        "placesim::models::FamilyHistories::prefetch(",
    ),
    "the calendar slot of the event after the top": (
        "placesim::sim::EventCalendar::next_hint(",
    ),
}
# In a build without optimisation each hint calls this out of line, and no
# call is deleted there: nothing to check.
UNOPTIMISED = "placesim::sim::prefetch(void const*)"


def prefetching_functions(binary):
    """Demangled names of the functions whose code holds a prefetch."""
    out = subprocess.run(["objdump", "-d", "--no-show-raw-insn", "-C", binary],
                         check=True, capture_output=True, text=True).stdout
    found, current = set(), None
    for line in out.splitlines():
        head = re.match(r"^[0-9a-f]+ <(.*)>:$", line)
        if head:
            current = head.group(1)
        elif current and "\tprefetch" in line:
            found.add(current)
    return found


class PrefetchesInTheBinary(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        if platform.machine() not in ("x86_64", "AMD64"):
            raise unittest.SkipTest("reads x86-64 machine code; this is %s"
                                    % platform.machine())
        if not shutil.which("objdump"):
            raise unittest.SkipTest("objdump (binutils) is not installed")
        if not os.path.isfile(BIN):
            raise unittest.SkipTest("PLACESIM_BIN names no built binary")
        if os.environ.get("PLACESIM_SANITIZED") == "1":
            # The sanitizers' build is compiled otherwise; what must keep its
            # prefetches is the build users run.
            raise unittest.SkipTest("a sanitizer build: its code is not the one users run")
        cls.found = prefetching_functions(BIN)
        if UNOPTIMISED in cls.found:
            raise unittest.SkipTest("an unoptimised build: every hint is a call of its own")

    def test_each_hint_leaves_a_prefetch_instruction(self):
        for hint, places in HINTS.items():
            with self.subTest(hint=hint):
                self.assertTrue(
                    any(p in f for f in self.found for p in places),
                    "no prefetch instruction for %s in any of %s; functions "
                    "with one: %s" % (hint, places, sorted(self.found)[:10]))

    def test_the_reader_finds_prefetches_at_all(self):
        # The calendar's sift_down prefetches inside a function with effects,
        # which no compiler drops: if this fails, the reader is what broke.
        self.assertTrue(any("EventCalendar::sift_down" in f for f in self.found),
                        sorted(self.found)[:10])


if __name__ == "__main__":
    unittest.main()
