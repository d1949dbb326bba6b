"""Runs one unittest module (or one class of it: module.Class) for ctest.

Exit status: 0 when every test passed, 1 when any failed, and 77 (ctest's
SKIP_RETURN_CODE) when none failed but some were skipped, so that a test that
could not run here (no Chromium, no mpirun, no Slurm) shows as skipped, never
as passed. Tests that can be skipped live in ctest entries of their own.
"""
import sys
import unittest


def main():
    name = sys.argv[1]
    sys.path.insert(0, ".")
    suite = unittest.defaultTestLoader.loadTestsFromName(name)
    result = unittest.TextTestRunner(verbosity=2).run(suite)
    if not result.wasSuccessful():
        return 1
    if result.skipped:
        for test, reason in result.skipped:
            print("SKIPPED %s: %s" % (test.id(), reason))
        return 77
    return 0


if __name__ == "__main__":
    sys.exit(main())
