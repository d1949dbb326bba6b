"""Bad input: every problem reported with its place, exit status 2, nothing written.

The corpus in bad_scenarios/ holds one mistake (or a few) per file, each file
stating the text its messages must contain in '# expect:' lines. Hostile
inputs (binary, UTF-16, deep nesting, alias bombs, huge scalars) are made here.
"""
import glob
import os
import unittest

from helpers import ERROR_LINE, TempDir, run, source

CORPUS = sorted(glob.glob(source("tests", "cli", "bad_scenarios", "*.yaml")))


def expectations(path):
    with open(path, encoding="utf-8") as f:
        return [line[len("# expect: "):].rstrip("\n") for line in f if line.startswith("# expect: ")]


class Corpus(unittest.TestCase):
    def test_corpus_is_large_enough(self):
        self.assertGreaterEqual(len(CORPUS), 40)

    def test_validate_reports_each_problem_where_it_is(self):
        for path in CORPUS:
            with self.subTest(os.path.basename(path)):
                r = run(["validate", path])
                self.assertEqual(r.returncode, 2, r.stderr)
                lines = [l for l in r.stderr.splitlines() if l and "warning" not in l]
                self.assertTrue(lines)
                for line in lines:
                    self.assertRegex(line, ERROR_LINE)
                    self.assertIn(path + ":", line)
                for text in expectations(path):
                    self.assertIn(text, r.stderr)
                self.assertEqual(r.stdout, "")

    def test_run_writes_nothing(self):
        for path in CORPUS:
            with self.subTest(os.path.basename(path)), TempDir() as d:
                r = run(["run", path, "-o", "out.h5", "--csv", "csv", "--report", "r.html"], cwd=d)
                self.assertEqual(r.returncode, 2, r.stderr)
                self.assertEqual(os.listdir(d), [])


class Hostile(unittest.TestCase):
    """Each must end in a clear error, quickly and in bounded memory."""

    def check(self, content, expect, binary=False):
        with TempDir() as d:
            path = os.path.join(d, "hostile.yaml")
            with open(path, "wb" if binary else "w") as f:
                f.write(content)
            r = run(["run", path, "-o", os.path.join(d, "out.h5")], timeout=60, memory_gb=3)
            self.assertEqual(r.returncode, 2, r.stderr[:500])
            # file:line:column, or file: alone for a problem with the whole file
            self.assertRegex(r.stderr.splitlines()[0], r"^placesim: error: .+hostile\.yaml:(\d+:\d+:)? ")
            self.assertIn(expect, r.stderr)
            self.assertFalse(os.path.exists(os.path.join(d, "out.h5")))

    def test_binary_garbage(self):
        self.check(bytes(range(256)) * 64, "control character", binary=True)

    def test_utf16_with_and_without_bom(self):
        with open(source("tests", "cli", "good", "base.yaml")) as f:
            text = f.read()
        self.check(text.encode("utf-16"), "UTF-16", binary=True)
        self.check(text.encode("utf-16-le"), "UTF-16", binary=True)

    def test_invalid_utf8(self):
        self.check(b"placesim: 1\nname: \xff\xfe bad\n", "invalid UTF-8", binary=True)

    def test_deep_nesting(self):
        self.check("placesim: 1\nname: deep\nx: " + "[" * 100000 + "]" * 100000 + "\n", "nested deeper than 64 levels")
        self.check("placesim: 1\nname: deep\nx: " + "{a: " * 100 + "1" + "}" * 100 + "\n", "nested deeper than 64 levels")

    def test_deep_block_nesting(self):
        lines = ["placesim: 1", "name: deep"] + ["  " * i + "k%d:" % i for i in range(200)]
        self.check("\n".join(lines) + " 1\n", "nested deeper than 64 levels")

    def test_alias_bomb(self):
        bomb = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
        for i in range(1, 10):
            bomb.append("a%d: &a%d [%s]" % (i, i, ", ".join(["*a%d" % (i - 1)] * 9)))
        self.check("placesim: 1\nname: bomb\n" + "\n".join(bomb) + "\n", "alias/anchor bomb")

    def test_fifty_megabyte_scalar(self):
        self.check("placesim: 1\nname: " + "x" * (50 * 1024 * 1024) + "\n", "limited to 16 MiB")

    def test_empty_and_whitespace(self):
        self.check("", "the file is empty")
        self.check("\n\n   \n", "the file is empty")

    def test_top_level_scalar(self):
        self.check("just a sentence\n", "the top level is not a mapping")


def validate_text(text):
    """placesim validate on a scenario given as text."""
    with TempDir() as d:
        path = os.path.join(d, "s.yaml")
        with open(path, "w") as f:
            f.write(text)
        return run(["validate", path])


class UsageErrors(unittest.TestCase):
    def test_missing_file(self):
        r = run(["validate", "/no/such/file.yaml"])
        self.assertEqual(r.returncode, 2)
        self.assertIn("placesim: error: /no/such/file.yaml: cannot open the file", r.stderr)

    def test_bad_overrides(self):
        base = source("tests", "cli", "good", "base.yaml")
        for sets, expect in [("services.front_door.capacity=-1", "--set services.front_door.capacity=-1:1:"),
                             ("services.frontdoor.capacity=3", "did you mean 'front_door'"),
                             ("seed", "PATH=VALUE"),
                             ("replications=[1, 2", "not valid YAML")]:
            with self.subTest(sets), TempDir() as d:
                r = run(["run", base, "--set", sets, "-o", "out.h5"], cwd=d)
                self.assertEqual(r.returncode, 2, r.stderr)
                self.assertIn(expect, r.stderr)
                self.assertEqual(os.listdir(d), [])

    def test_set_with_a_space_and_misspelt_options(self):
        base = source("tests", "cli", "good", "base.yaml")
        for args, expect in [(["--set", "services.front_door.capacity", "3"],
                              "--set services.front_door.capacity: an override must look like PATH=VALUE"),
                             (["--reps", "2"], "unrecognised option '--reps'; did you mean --replications?"),
                             (["--seeed", "2"], "did you mean --seed?")]:
            with self.subTest(args), TempDir() as d:
                r = run(["run", base] + args + ["-o", "out.h5"], cwd=d)
                self.assertEqual(r.returncode, 2, r.stderr)
                self.assertIn(expect, r.stderr)
                self.assertEqual(os.listdir(d), [])

    def test_an_unreadable_cohort_is_reported_once(self):
        base = source("tests", "cli", "good", "base.yaml")
        r = run(["validate", base, "--set", "population.families=1e3"])
        self.assertEqual(r.returncode, 2)
        self.assertIn("population.families: expected a whole number, got '1e3'", r.stderr)
        self.assertNotIn("the starting state places", r.stderr)
        r = run(["validate", base, "--set", "population.families=0"])
        self.assertEqual(r.returncode, 2)
        self.assertIn("the starting state places", r.stderr)  # a cohort of 0 that was read is checked

    def test_removing_an_agency_says_each_real_problem_once(self):
        with open(source("tests", "cli", "good", "base.yaml")) as f:
            text = f.read()
        text = text.replace("  police: {budget: 5.0e+5}\n", "")
        text = text.replace("    rate_per_year: 0\n    payer: police\n",
                            "    rate_per_year: 0\n    payer: {council: 0.3, police: 0.7}\n")
        text = text.replace("  joint:\n    agency: council\n", "  joint:\n    agency: police\n    cost_per_place_year: 100\n")
        r = validate_text(text)
        self.assertEqual(r.returncode, 2)
        lines = r.stderr.strip().splitlines()
        self.assertEqual(len(lines), len(set(lines)), "no problem said twice")
        paths = [line.split(": ")[3] for line in lines if line.startswith("placesim: error: ")]
        self.assertEqual(sorted(paths), sorted([
            "needs.dimensions.crime.owner", "events.arrest.payer", "events.custody.payer.police",
            "services.joint.agency", "regimes.pooled.contributions.police"]), r.stderr)
        self.assertIn("unknown agency 'police': its share 0.7 must move to the payers that remain", r.stderr)
        self.assertNotIn("add up to", r.stderr)  # the sum is a knock-on of the removed agency
        self.assertNotIn("needs an agency to pay", r.stderr)  # so is a service's unpaid cost
        # a misspelt payer is a typo, not a removed agency; a bad share beside it is said too
        typo = text.replace("payer: {council: 0.3, police: 0.7}", "payer: {councl: 0.3, council: abc}")
        r = validate_text(typo)
        self.assertIn("unknown agency 'councl'; did you mean 'council'?", r.stderr)
        self.assertIn("events.custody.payer.council", r.stderr)

    def test_bad_numbers_and_paths(self):
        base = source("tests", "cli", "good", "base.yaml")
        for args, expect in [(["-r", "0"], "--replications: '0' is not a whole number from 1 to 10000000"),
                             (["-r", "-1"], "--replications: '-1' is not a whole number"),
                             (["-r", "1e12"], "--replications: '1e12' is not a whole number"),
                             (["--seed", "-1"], "--seed: '-1' is not a whole number from 0"),
                             (["-t", "-1"], "--threads"),
                             (["-o", ""], "needs a file name"),
                             (["-o", "/dev/null"], "not a regular file"),
                             (["--until-ci", "nan"], "--until-ci"),
                             (["-o", "/no/such/folder/out.h5"], "does not exist"),
                             (["--until-ci", "-5"], "--until-ci")]:
            with self.subTest(args), TempDir() as d:
                r = run(["run", base] + args, cwd=d)
                self.assertEqual(r.returncode, 2, r.stderr)
                self.assertIn(expect, r.stderr)
                self.assertEqual(os.listdir(d), [])


if __name__ == "__main__":
    unittest.main()
