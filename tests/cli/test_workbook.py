"""The Excel workbook (--xlsx on run and report), read back with openpyxl.

Every number is checked against the results file or summary.csv of the same
run: the workbook is another view of the results, never other figures.
"""
import csv
import math
import os
import unittest

import h5py
import numpy as np
import openpyxl

from helpers import TempDir, run, sha256

SHEETS = ["Summary", "Cash flows", "Claims", "Outcomes", "Subgroups", "Inputs", "Replications"]


def rows(ws):
    return [list(r) for r in ws.iter_rows(values_only=True)]


def find_row(table, first):
    """The index of the first row whose first cell is `first`."""
    return next(i for i, r in enumerate(table) if r and r[0] == first)


class Workbook(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = TempDir()
        cls.d = cls.tmp.__enter__()
        r = run(["run", "-r", "3", "--seed", "11", "-q", "-o", "out.h5", "--csv", "csv", "--xlsx", "out.xlsx"],
                cwd=cls.d)
        assert r.returncode == 0, r.stderr
        cls.book = openpyxl.load_workbook(os.path.join(cls.d, "out.xlsx"), data_only=True)
        cls.formulas = openpyxl.load_workbook(os.path.join(cls.d, "out.xlsx"))
        cls.h5 = h5py.File(os.path.join(cls.d, "out.h5"), "r")
        with open(os.path.join(cls.d, "csv", "summary.csv"), newline="") as f:
            cls.summary = {r["measure"]: r for r in csv.DictReader(f)}

    @classmethod
    def tearDownClass(cls):
        cls.h5.close()
        cls.tmp.__exit__(None, None, None)

    def test_sheets_in_order(self):
        self.assertEqual(self.book.sheetnames, SHEETS)

    def test_summary_puts_the_adjusted_figures_first_and_equals_the_csv(self):
        table = rows(self.book["Summary"])
        head = find_row(table, "Measure")
        measures = [r[0] for r in table[head + 1:] if r[0]]
        self.assertEqual(measures[:3], ["npv_optimism_adjusted", "npv_optimism_adjusted_positive",
                                        "bcr_optimism_adjusted"])
        self.assertEqual(sorted(measures), sorted(self.summary))
        for r in table[head + 1:]:
            want = self.summary[r[0]]
            for col, key in ((2, "mean"), (3, "ci95_low"), (4, "ci95_high"), (5, "p5"), (9, "p95"), (11, "mc_se")):
                with self.subTest(measure=r[0], column=key):
                    if want[key] == "":
                        self.assertIsNone(r[col])
                    else:  # a number, not text, and the CSV's to the last digit
                        self.assertIsInstance(r[col], (int, float))
                        # The workbook keeps 16 significant digits (Excel shows 15).
                        self.assertAlmostEqual(r[col], float(want[key]), delta=1e-15 * abs(float(want[key])))
        npv = table[head + 1]
        self.assertEqual(self.book["Summary"].cell(head + 2, 3).number_format, "£#,##0;[Red]-£#,##0")
        self.assertAlmostEqual(npv[2], self.h5["appraisal/npv_optimism_adjusted"][:].mean(), delta=1e-6)

    def test_cash_flows_are_the_mean_spend_and_totals_are_formulas(self):
        ws = self.book["Cash flows"]
        table = rows(ws)
        agencies = [a.decode() for a in self.h5["dims/agencies"][:]]
        years = [y.decode() for y in self.h5["dims/years"][:]]
        spend = self.h5["runs/siloed/spend_by_category"][:].sum(axis=3).mean(axis=0)  # [year][agency]
        top = find_row(table, "Spend under siloed, by agency")
        self.assertEqual(table[top + 1][1:1 + len(years)], years)
        for a, name in enumerate(agencies):
            r = table[top + 2 + a]
            self.assertEqual(r[0], name)
            np.testing.assert_allclose(r[1:1 + len(years)], spend[:, a], rtol=1e-12)
        total = top + 2 + len(agencies)
        self.assertEqual(table[total][0], "All")
        np.testing.assert_allclose(table[total][1:1 + len(years)], spend.sum(axis=1), rtol=1e-12)
        formula = self.formulas["Cash flows"].cell(total + 1, 2).value
        self.assertEqual(formula, "=SUM(B%d:B%d)" % (top + 3, total))

    def test_discounted_net_saving_adds_up_to_the_npv(self):
        table = rows(self.book["Cash flows"])
        at = find_row(table, "Net saving: siloed minus pooled (positive: the option spends less)")
        pv = next(r for r in table[at:] if r[0] == "Discounted net saving (before optimism bias)")
        years = len(self.h5["dims/years"])
        self.assertAlmostEqual(pv[1 + years] / self.h5["appraisal/npv"][:].mean(), 1.0, delta=1e-12)
        factor = next(r for r in table[at:] if r[0] == "Discount factor")
        np.testing.assert_allclose(factor[1:1 + years], self.h5["appraisal/discount_factor"][:], rtol=1e-15)

    def test_net_saving_in_cash_is_the_real_one_times_the_deflator(self):
        table = rows(self.book["Cash flows"])
        at = find_row(table, "Net saving: siloed minus pooled (positive: the option spends less)")
        agencies = len(self.h5["dims/agencies"])
        years = len(self.h5["dims/years"])
        index = self.h5["provenance/price_index"][:]
        self.assertEqual(index[0], 1.0)  # the default's first year is its price base
        self.assertTrue(np.all(np.diff(index) > -0.01), index)
        row = next(i for i in range(at, len(table)) if str(table[i][0]).startswith("Price index"))
        np.testing.assert_allclose(table[row][1:1 + years], index, rtol=1e-15)
        self.assertEqual(table[row + 1][0], "Net saving in cash (nominal £, undiscounted)")
        real = np.array([table[at + 2 + a][1:1 + years] for a in range(agencies)])
        cash = np.array([table[row + 2 + a][1:1 + years] for a in range(agencies)])
        np.testing.assert_allclose(cash, real * index, rtol=1e-12)
        self.assertEqual(table[row + 2 + agencies][0], "All")
        np.testing.assert_allclose(table[row + 2 + agencies][1:1 + years], cash.sum(axis=0), rtol=1e-12)
        formula = self.formulas["Cash flows"].cell(row + 3, 2).value
        self.assertEqual(formula, "=B%d*B%d" % (at + 3, row + 1))

    def test_years_past_the_deflator_have_no_cash_figures(self):
        with TempDir() as d:
            r = run(["run", "-r", "1", "-q", "--set", "time.start_year=2022", "-o", "o.h5", "--xlsx", "o.xlsx"],
                    cwd=d)
            self.assertEqual(r.returncode, 0, r.stderr)
            table = rows(openpyxl.load_workbook(os.path.join(d, "o.xlsx"), data_only=True)["Cash flows"])
            row = find_row(table, "Price index: GDP deflator over 2011/12's")
            self.assertEqual(table[row + 1][1:4], ["2022/23", "2023/24", "2024/25"])
            self.assertTrue(all(isinstance(v, float) for v in table[row][1:4]), table[row])
            self.assertEqual(table[row][4:11], [None] * 7)
            self.assertIn("no deflator for the empty years", table[row][12])
            self.assertEqual(table[row + 2][4:12], [None] * 8)  # no cash and no total
            with h5py.File(os.path.join(d, "o.h5"), "r") as f:
                self.assertEqual(int(np.isnan(f["provenance/price_index"][:]).sum()), 7)

    def test_replications_hold_each_npv_and_never_as_empty(self):
        table = rows(self.book["Replications"])
        head = find_row(table, "Replication")
        body = table[head + 1:]
        self.assertEqual([r[0] for r in body], [0, 1, 2])
        np.testing.assert_allclose([r[2] for r in body], self.h5["appraisal/npv"][:], rtol=1e-15)
        np.testing.assert_allclose([r[1] for r in body], self.h5["appraisal/npv_optimism_adjusted"][:], rtol=1e-15)
        for r, year in zip(body, self.h5["appraisal/payback_year"][:]):
            self.assertEqual(r[6], None if year < 0 else year)

    def test_claims_and_inputs(self):
        claims = rows(self.book["Claims"])
        head = find_row(claims, "Claim")
        n = len(self.h5["appraisal/claims"])
        self.assertEqual(len([r for r in claims[head + 1:] if r[0]]), n)
        for k in range(n):
            sim = self.h5["appraisal/claims/%d/simulated" % k][:]
            self.assertAlmostEqual(claims[head + 1 + k][2], sim.mean(), delta=1e-9 * max(1, abs(sim.mean())))
        inputs = rows(self.book["Inputs"])
        log = [i for i, r in enumerate(inputs) if r[:3] == ["Key path", "Value", "Tag"]]
        self.assertEqual(len(log), 1)
        body = inputs[log[0] + 1:]
        keys = [k.decode() for k in self.h5["provenance/assumptions/key"][:]]
        self.assertEqual([r[0] for r in body], keys)
        values = [v.decode() for v in self.h5["provenance/assumptions/value"][:]]
        for r, v in zip(body, values):
            if isinstance(r[1], (int, float)):  # a number in the log is a number in the sheet
                self.assertEqual(r[1], float(v))
            else:
                self.assertEqual(r[1] or "", v)

    def test_outcomes_by_year(self):
        table = rows(self.book["Outcomes"])
        head = find_row(table, "Regime")
        self.assertEqual(table[head + 1][0], "siloed")
        by_year = find_row(table[head + 1:], "Regime") + head + 1
        families = self.h5["runs/siloed/families"][:].mean(axis=0)
        np.testing.assert_allclose([table[by_year + 1 + t][2] for t in range(len(families))], families, rtol=1e-12)

    def test_subgroups_equal_the_csv(self):
        table = rows(self.book["Subgroups"])
        head = find_row(table, "Option")
        with open(os.path.join(self.d, "csv", "subgroups.csv"), newline="") as f:
            want = list(csv.DictReader(f))
        got = [r for r in table[head + 1:] if r[0]]
        self.assertEqual(len(got), len(want))
        for r, w in zip(got, want):
            self.assertEqual((r[0], r[1]), (w["option"], w["dimension"]))
            for col, key in ((3, "families"), (5, "reactive_avoided_pv"), (7, "saving_pv"), (8, "saving_pv_p5"),
                             (10, "saving_pv_per_family")):
                with self.subTest(row=r[2], column=key):
                    if w[key] == "":
                        self.assertIsNone(r[col])
                    else:
                        self.assertAlmostEqual(r[col], float(w[key]), delta=1e-15 * abs(float(w[key])))


class WorkbookCli(unittest.TestCase):
    def test_report_writes_the_same_workbook_from_the_results_file(self):
        with TempDir() as d:
            self.assertEqual(run(["run", "-r", "2", "-q", "-o", "a.h5", "--xlsx", "a.xlsx"], cwd=d).returncode, 0)
            r = run(["report", "a.h5", "--xlsx", "b.xlsx"], cwd=d)
            self.assertEqual(r.returncode, 0, r.stderr)
            # Only the workbook was asked for: no HTML beside it.
            self.assertFalse(os.path.exists(os.path.join(d, "a.html")))
            # The workbook is stamped with the results' time: one file, one workbook.
            self.assertEqual(sha256(os.path.join(d, "a.xlsx")), sha256(os.path.join(d, "b.xlsx")))
            r = run(["report", "a.h5", "--xlsx", "c.xlsx", "-o", "a.html"], cwd=d)
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertTrue(os.path.exists(os.path.join(d, "a.html")))

    def test_one_replication_a_large_seed_and_bytes_that_are_not_utf8(self):
        with TempDir() as d:
            seed = 2 ** 53 + 1  # no spreadsheet number holds it
            r = run(["run", "-r", "1", "--seed", str(seed), "-q", "-o", "a.h5", "--csv", "csv", "--xlsx", "a.XLSX",
                     "--set", "name=caf\udce9 \u00e9"], cwd=d)
            self.assertEqual(r.returncode, 0, r.stderr)
            book = openpyxl.load_workbook(os.path.join(d, "a.XLSX"), data_only=True)  # readable at all
            table = rows(book["Summary"])
            self.assertEqual(table[find_row(table, "Seed")][1], str(seed))
            self.assertEqual(table[find_row(table, "Scenario")][1], "caf\ufffd \u00e9")
            with open(os.path.join(d, "csv", "summary.csv"), newline="") as f:
                want = {r["measure"]: r for r in csv.DictReader(f)}
            head = find_row(table, "Measure")
            for r in table[head + 1:]:
                # At one replication too, the sheet holds what summary.csv holds.
                for col, key in ((5, "p5"), (7, "median"), (9, "p95")):
                    if want[r[0]][key] == "":
                        self.assertIsNone(r[col])
                    else:
                        self.assertAlmostEqual(r[col], float(want[r[0]][key]), delta=1e-15 * abs(float(want[r[0]][key])))

    def test_refusals_write_nothing(self):
        with TempDir() as d:
            r = run(["run", "-r", "2", "-q", "-o", "a.h5", "--xlsx", "a.csv"], cwd=d)
            self.assertEqual(r.returncode, 2)
            self.assertIn("a.csv: a workbook's name must end in .xlsx", r.stderr)
            self.assertEqual(os.listdir(d), [])
            open(os.path.join(d, "taken.xlsx"), "w").close()
            r = run(["run", "-r", "2", "-q", "-o", "a.h5", "--xlsx", "taken.xlsx"], cwd=d)
            self.assertEqual(r.returncode, 2)
            self.assertIn("taken.xlsx already exists", r.stderr)
            self.assertEqual(sorted(os.listdir(d)), ["taken.xlsx"])
            self.assertEqual(os.path.getsize(os.path.join(d, "taken.xlsx")), 0)

    def test_no_workbook_of_a_sweep_or_posterior(self):
        with TempDir() as d:
            with h5py.File(os.path.join(d, "p.h5"), "w") as f:
                f.attrs["filetype"] = "placesim-sweep"
            r = run(["report", "p.h5", "--xlsx", "p.xlsx"], cwd=d)
            self.assertEqual(r.returncode, 2)
            self.assertFalse(os.path.exists(os.path.join(d, "p.xlsx")))


if __name__ == "__main__":
    unittest.main()
