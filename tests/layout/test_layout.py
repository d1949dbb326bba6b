"""The house rules of the tree, checked: dependencies run one way, the
framework knows no policy words, files stay small, the tour matches the tree."""
import os
import re
import unittest

SOURCE = os.environ.get("PLACESIM_SOURCE", os.path.join(os.path.dirname(__file__), "..", ".."))
CODE = (".h", ".cpp")
# Libraries that only sim/ may include: the domain reaches them through it.
# (sim/io/yaml_cpp.h and h5_detail.h are sim's own wrappers of yaml-cpp and HDF5.)
FORBIDDEN_IN_MODELS = re.compile(
    r'#include\s*[<"](hdf5|H5\w+|mpi|yaml-cpp/|tbb/|oneapi/|xlsxwriter|sim/io/yaml_cpp\.h|sim/io/h5_detail\.h)')
# Words of the policy domain, which the framework must not use.
POLICY = re.compile(r"\b(council|police|probation|nhs|pooled|siloed|agenc\w*|treasury|green book|"
                    r"famil(y|ies)|budget\w*|scenario\w*|intervention\w*)\b", re.IGNORECASE)
MAX_LINES = 400


def files(top, exts=CODE):
    for root, _, names in os.walk(os.path.join(SOURCE, top)):
        for n in sorted(names):
            if n.endswith(exts):
                yield os.path.join(root, n)


def rel(path):
    return os.path.relpath(path, SOURCE)


class Layout(unittest.TestCase):
    def test_models_reach_libraries_through_sim(self):
        bad = [rel(p) for p in files("models") if FORBIDDEN_IN_MODELS.search(open(p).read())]
        self.assertEqual(bad, [], "models/ includes HDF5, MPI, yaml-cpp or TBB directly")

    def test_sim_never_includes_models(self):
        bad = [rel(p) for p in files("sim") if '#include "models/' in open(p).read()]
        self.assertEqual(bad, [])

    def test_sim_knows_no_policy_words(self):
        found = []
        for p in list(files("sim")) + list(files("sim", ("CMakeLists.txt", ".md"))):
            for i, line in enumerate(open(p), 1):
                if POLICY.search(line):
                    found.append("%s:%d: %s" % (rel(p), i, line.strip()))
        self.assertEqual(found, [], "\n".join(found))

    def test_no_source_file_over_400_lines(self):
        long = []
        for top in ("sim", "models", "tools", "tests"):
            for p in files(top):
                n = sum(1 for _ in open(p))
                if n > MAX_LINES:
                    long.append("%s: %d lines" % (rel(p), n))
        self.assertEqual(long, [], "\n".join(long))

    def test_the_tour_names_every_folder(self):
        tour = open(os.path.join(SOURCE, "docs", "layout.md")).read()
        missing = []
        for top in ("sim", "models"):
            for name in sorted(os.listdir(os.path.join(SOURCE, top))):
                if os.path.isdir(os.path.join(SOURCE, top, name)) and name + "/" not in tour:
                    missing.append(top + "/" + name)
        self.assertEqual(missing, [], "docs/layout.md does not describe these folders")
        for top in ("sim", "models", "tools", "tests", "scenarios", "docs"):
            self.assertTrue(os.path.exists(os.path.join(SOURCE, top, "README.md")), top + "/README.md is missing")


if __name__ == "__main__":
    unittest.main()
