"""What placesim run writes: refused overwrites, crash safety, CSV, reports."""
import csv
import json
import os
import signal
import subprocess
import time
import unittest

import h5py
import numpy as np
import pandas

from helpers import BIN, TempDir, run, sha256, source

BASE = source("tests", "cli", "good", "base.yaml")


def complete(path):
    """True when the file is a finished results file."""
    try:
        with h5py.File(path, "r") as f:
            return f.attrs["filetype"] == "placesim-results" and "appraisal/npv" in f
    except OSError:
        return False


class Overwrite(unittest.TestCase):
    def test_refuses_without_force(self):
        with TempDir() as d:
            self.assertEqual(run(["run", BASE, "-r", "2", "-q", "-o", "out.h5"], cwd=d).returncode, 0)
            before = sha256(os.path.join(d, "out.h5"))
            r = run(["run", BASE, "-r", "3", "-q", "-o", "out.h5"], cwd=d)
            self.assertEqual(r.returncode, 2)
            self.assertIn("out.h5 already exists; use --force to replace it", r.stderr)
            self.assertEqual(sha256(os.path.join(d, "out.h5")), before)
            self.assertEqual(run(["run", BASE, "-r", "3", "-q", "-o", "out.h5", "--force"], cwd=d).returncode, 0)
            with h5py.File(os.path.join(d, "out.h5"), "r") as f:
                self.assertEqual(f.attrs["replications"], 3)

    def test_default_name_is_the_scenario_stem(self):
        with TempDir() as d:
            self.assertEqual(run(["run", BASE, "-r", "2", "-q"], cwd=d).returncode, 0)
            self.assertTrue(complete(os.path.join(d, "base.h5")))


class KilledWrite(unittest.TestCase):
    def test_a_killed_run_leaves_the_old_file_or_a_complete_new_one(self):
        # A run that takes a few seconds and writes a file of some megabytes;
        # kill -9 it at many moments, from start-up to the final rename.
        with TempDir() as d:
            out = os.path.join(d, "out.h5")
            self.assertEqual(run(["run", BASE, "-r", "2", "-q", "-o", out]).returncode, 0)
            old = sha256(out)
            args = [BIN, "run", BASE, "-r", "3000", "-q", "-o", out, "--force", "--set", "time.years=2"]
            start = time.monotonic()
            subprocess.run(args, check=True, capture_output=True)
            whole = time.monotonic() - start
            new_seen = old_seen = 0
            # Kill moments from mid-simulation to past the end; on a loaded
            # machine the run may be slower than measured, so keep stretching
            # the delay until a run has also finished (or been killed after
            # its rename). Every kill must leave the old or a complete file.
            delays = [whole * (0.4 + 0.9 * i / 15) for i in range(16)]
            while delays:
                delay = delays.pop(0)
                self.assertEqual(run(["run", BASE, "-r", "2", "-q", "-o", out, "--force"]).returncode, 0)
                old = sha256(out)
                p = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                time.sleep(delay)
                p.send_signal(signal.SIGKILL)
                p.wait()
                if sha256(out) == old:
                    old_seen += 1
                else:
                    self.assertTrue(complete(out), "a killed run left a partial file")
                    new_seen += 1
                if not delays and new_seen == 0 and delay < 8 * whole:
                    delays.append(delay * 1.5)
            self.assertGreater(old_seen, 0)  # killed before the rename
            self.assertGreater(new_seen, 0)  # finished, or killed after it


class Csv(unittest.TestCase):
    def test_tidy_csv_opens_in_pandas(self):
        with TempDir() as d:
            self.assertEqual(run(["run", BASE, "-r", "3", "-q", "-o", "out.h5", "--csv", "csv"], cwd=d).returncode, 0)
            rows = pandas.read_csv(os.path.join(d, "csv", "results.csv"), float_precision="round_trip")
            self.assertEqual(list(rows.columns),
                             ["scenario", "replication", "regime", "year", "agency", "measure", "value"])
            self.assertEqual(set(rows.scenario), {"base"})
            # 3 reps x 2 regimes x 2 years x 2 agencies x (7 categories + total), net savings,
            # per regime and year what happens to families (5 measures and 2 event types), and
            # per replication the appraisal: 6 measures, NPV by each of 2 agencies and 1 claim
            self.assertEqual(len(rows), 3 * 2 * 2 * 2 * 8 + 3 * 2 * 2 + 3 * 2 * 2 * (5 + 2) + 3 * (6 + 2 + 1))
            self.assertEqual(set(rows.year.dropna()), {"2011/12", "2012/13"})
            summary = pandas.read_csv(os.path.join(d, "csv", "summary.csv"))
            self.assertIn("npv", set(summary.measure))
            with h5py.File(os.path.join(d, "out.h5"), "r") as f:
                npv = f["appraisal/npv"][:]
                payback = f["appraisal/payback_year"][:]
                claim = f["appraisal/claims/0/simulated"][:]
            self.assertAlmostEqual(float(summary[summary.measure == "npv"]["mean"].iloc[0]), float(npv.mean()), places=6)
            # the saving per family the option worked with, recomputed from the h5
            with h5py.File(os.path.join(d, "out.h5"), "r") as f:
                per_family = f["appraisal/npv_optimism_adjusted"][:] / f["runs/pooled/worked_with"][:].sum(axis=1)
            row = summary[summary.measure == "npv_optimism_adjusted_per_family_worked_with"].iloc[0]
            self.assertAlmostEqual(float(row["mean"]), float(per_family.mean()), delta=1e-9 * abs(per_family.mean()))
            appraisal = rows[rows.regime == "siloed minus pooled"]
            per_rep = appraisal[(appraisal.measure == "npv_gbp") & appraisal.agency.isna()].sort_values("replication")
            self.assertEqual(list(per_rep.value), list(npv))  # %.17g: exact
            self.assertEqual(list(appraisal[appraisal.measure == "claim_1_gbp"].value), list(claim))
            # "never" is empty, not -1, in both files
            pay = appraisal[appraisal.measure == "payback_year_index"].sort_values("replication").value
            for p, h in zip(pay, payback):
                self.assertTrue(pandas.isna(p) if h < 0 else p == h)
            never = summary[summary.measure == "payback_never"].iloc[0]
            self.assertAlmostEqual(float(never["mean"]), float((payback < 0).mean()))
            paying = summary[summary.measure == "payback_year_index"].iloc[0]
            self.assertEqual(int(paying["replications"]), int((payback >= 0).sum()))
            self.assertAlmostEqual(float(summary[summary.measure == "npv_positive"]["mean"].iloc[0]),
                                   float((npv > 0).mean()))
            self.assertIn("claim_probability: two-year saving", set(summary.measure))
            # subgroups.csv recomputed from the file's arrays: the reactive spend
            # each need profile avoids, discounted, and its families
            groups = pandas.read_csv(os.path.join(d, "csv", "subgroups.csv"), float_precision="round_trip")
            with h5py.File(os.path.join(d, "out.h5"), "r") as f:
                df = f["appraisal/discount_factor"][:]
                own = [f["runs/%s/subgroup_spend" % g][:, :, :, :, 0] for g in ("siloed", "pooled")]
                families = f["runs/pooled/subgroup_families"][:].sum(axis=1)  # [rep][profile]
            avoided = np.einsum("rtcp,t->rp", own[0] - own[1], df).mean(axis=0)
            rows = groups[(groups.option == "pooled") & (groups.dimension == "need_profile")]
            np.testing.assert_allclose(rows.reactive_avoided_pv, avoided, rtol=1e-9, atol=1e-6)
            np.testing.assert_allclose(rows.families, families.mean(axis=0), rtol=1e-12)
            for name in ["npv_positive", "npv_optimism_adjusted_positive", "payback_never"]:
                row = summary[summary.measure == name].iloc[0]  # a share: Wilson, inside [0, 1]
                self.assertTrue(0 <= row["ci95_low"] < row["ci95_high"] <= 1, name)
                self.assertTrue(pandas.isna(row["p5"]), name)
            for name in ["results.csv", "summary.csv"]:
                with open(os.path.join(d, "csv", name), newline="") as f:
                    for fields in csv.reader(f):
                        self.assertNotIn("nan", [x.lower() for x in fields], name)

    def test_one_replication_prints_no_nan(self):
        with TempDir() as d:
            r = run(["run", "-r", "1", "-o", "out.h5"], cwd=d)
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertIn("What happens to families", r.stdout)
            self.assertNotIn("nan", r.stdout.lower())
            self.assertIn("[n/a]", r.stdout)
            with h5py.File(os.path.join(d, "out.h5"), "r") as f:
                self.assertNotIn("tornado", f["appraisal"])  # nothing to rank from one draw

    def test_the_psa_tornado_is_written_and_read_back(self):
        with TempDir() as d:
            r = run(["run", "-r", "30", "--seed", "3", "-o", "out.h5", "--report", "out.html", "--csv", "csv"],
                    cwd=d)
            self.assertEqual(r.returncode, 0, r.stderr)
            with h5py.File(os.path.join(d, "out.h5"), "r") as f:
                a = f["appraisal"]
                names = [p.decode() for p in f["dims/parameters"][:]]
                tornado, evppi = a["tornado"][:], a["evppi"][:]
                self.assertEqual(tornado.shape, (len(names),))
                # 30 replications: too few for a joint fit of the default's inputs (2k + 11)
                self.assertEqual(a.attrs["tornado_fit"], "one slope a parameter")
                se = a["tornado_se"][:]
                self.assertTrue(0.0 <= a.attrs["tornado_r_squared"] <= 1.0)
                self.assertTrue((evppi >= 0).all() and (evppi <= a["evpi"][()] + 1e-9).all())
                # by group: every drawn parameter's group, once, each within [0, EVPI]
                groups = [g.decode() for g in f["dims/parameter_groups"][:]]
                self.assertEqual(len(groups), len(set(groups)))
                self.assertIn("services.key_worker", groups)
                self.assertTrue(all(any(n == g or n.startswith(g + ".") for g in groups) for n in names))
                by_group = a["evppi_groups"][:]
                self.assertEqual(by_group.shape, (len(groups),))
                self.assertTrue((by_group >= 0).all() and (by_group <= a["evpi"][()] + 1e-9).all())
                top = names[int(abs(tornado).argmax())]
                out = abs(tornado) >= 3 * se
            self.assertIn("What moves the NPV after optimism bias most", r.stdout)
            if out.any():  # the terminal lists only effects of three standard errors or more
                self.assertIn("1. " + names[int(abs(tornado * out).argmax())], r.stdout)
            else:
                self.assertIn("no input's effect reaches three standard errors", r.stdout)
            # every summary line has its Monte Carlo standard error; the terminal, what the NPV needs
            summary = pandas.read_csv(os.path.join(d, "csv", "summary.csv"), float_precision="round_trip")
            with h5py.File(os.path.join(d, "out.h5"), "r") as f:
                npv = f["appraisal/npv_optimism_adjusted"][:]
            row = summary[summary.measure == "npv_optimism_adjusted"].iloc[0]
            self.assertAlmostEqual(row.mc_se, npv.std(ddof=1) / len(npv) ** 0.5, delta=1e-9 * abs(row.mc_se))
            # a share's from its Wilson interval: not 0 when every replication falls one way
            for share in summary[summary.measure.str.endswith("_positive")].itertuples():
                self.assertAlmostEqual(share.mc_se, (share.ci95_high - share.ci95_low) / (2 * 1.96), delta=1e-12)
                self.assertGreater(share.mc_se, 0.0)
            # Student's t, as the interval printed: a little more than the normal approximation
            line = next(l for l in r.stdout.splitlines() if l.strip().startswith("Replications the NPV needs"))
            need = int(line.split(" for its 95% interval to exclude zero, ")[1].split(" ")[0])
            normal = (1.96 * npv.std(ddof=1) / (0.1 * abs(npv.mean()))) ** 2
            self.assertTrue(normal <= need <= 1.1 * normal + 5, (need, normal))
            # the assumptions log ranks the line that sets it first
            log = pandas.read_csv(os.path.join(d, "csv", "assumptions.csv"), dtype=str)
            first = log[log.tornado_rank == "1"].key.tolist()
            sets_top = [k for k in log.key if top == k or top.startswith(k + ".") or k.startswith(top + ".")]
            self.assertEqual(first, sets_top)  # empty when no tagged line sets it
            # report re-reads the file: the same table
            self.assertEqual(run(["report", "out.h5", "-o", "again.html"], cwd=d).returncode, 0)
            with open(os.path.join(d, "again.html")) as f:
                self.assertIn(top, f.read())

    def test_the_report_links_to_the_files_written_with_it(self):
        def links(path):
            with open(path) as f:
                text = f.read()
            at = text.index("const LINKS = ") + len("const LINKS = ")
            return [(l["label"], l["href"]) for l in json.loads(text[at:text.index(";\n", at)])]
        with TempDir() as d:
            os.makedirs(os.path.join(d, "out"))
            r = run(["run", BASE, "-r", "2", "-q", "-o", "out/r 1.h5", "--report", "out/page.html",
                     "--csv", "out/csv", "--xlsx", "w.xlsx"], cwd=d)
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertEqual(links(os.path.join(d, "out", "page.html")),
                             [("results (HDF5)", "r 1.h5"), ("results.csv", "csv/results.csv"),
                              ("summary.csv", "csv/summary.csv"), ("assumptions.csv", "csv/assumptions.csv"),
                              ("subgroups.csv", "csv/subgroups.csv"), ("workbook (Excel)", "../w.xlsx")])
            # through a symlinked folder, links are from the folder as typed
            os.symlink(os.path.join(d, "out"), os.path.join(d, "via"))
            self.assertEqual(run(["report", "out/r 1.h5", "-o", "via/through.html"], cwd=d).returncode, 0)
            self.assertEqual(links(os.path.join(d, "via", "through.html")), [("results (HDF5)", "../out/r 1.h5")])
            # report links back to the results file it read
            r = run(["report", "out/r 1.h5", "-o", "again.html"], cwd=d)
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertEqual(links(os.path.join(d, "again.html")), [("results (HDF5)", "out/r 1.h5")])

    def test_text_is_never_a_formula(self):
        with TempDir() as d:
            # the default scenario's assumptions hold negative numbers (budget cuts)
            r = run(["run", "-r", "1", "-q", "-o", "out.h5", "--csv", "csv", "--set", "name==1+1"], cwd=d)
            self.assertEqual(r.returncode, 0, r.stderr)
            rows = pandas.read_csv(os.path.join(d, "csv", "results.csv"))
            self.assertEqual(set(rows.scenario), {"'=1+1"})
            log = pandas.read_csv(os.path.join(d, "csv", "assumptions.csv"), dtype=str)
            self.assertIn("-0.02", set(log.value))  # a number stays a number

    def test_csv_holds_the_decomposition(self):
        with TempDir() as d:
            self.assertEqual(run(["run", BASE, "-r", "2", "-q", "-o", "out.h5", "--csv", "csv", "--decompose"],
                                 cwd=d).returncode, 0)
            rows = pandas.read_csv(os.path.join(d, "csv", "results.csv"), float_precision="round_trip")
            with h5py.File(os.path.join(d, "out.h5"), "r") as f:
                shapley = f["decomposition/shapley_npv"][:]
                mechanisms = [m.decode() for m in f["decomposition/mechanisms"][:]]
            for k, m in enumerate(mechanisms):
                got = rows[rows.measure == "shapley_npv_%s_gbp" % m].sort_values("replication").value
                self.assertEqual(list(got), list(shapley[:, k]))


class Report(unittest.TestCase):
    def test_report_command_matches_run_report(self):
        with TempDir() as d:
            self.assertEqual(run(["run", BASE, "-r", "3", "-q", "-o", "out.h5", "--report", "a.html"], cwd=d).returncode, 0)
            self.assertEqual(run(["report", "out.h5", "-o", "b.html"], cwd=d).returncode, 0)
            self.assertEqual(sha256(os.path.join(d, "a.html")), sha256(os.path.join(d, "b.html")))
            r = run(["report", "out.h5", "-o", "b.html"], cwd=d)
            self.assertEqual(r.returncode, 2)
            self.assertIn("already exists", r.stderr)

    def test_report_refuses_other_files(self):
        with TempDir() as d:
            with open(os.path.join(d, "x.h5"), "w") as f:
                f.write("not hdf5")
            r = run(["report", "x.h5", "-o", "x.html"], cwd=d)
            self.assertEqual(r.returncode, 2)
            self.assertIn("cannot open", r.stderr)
            self.assertFalse(os.path.exists(os.path.join(d, "x.html")))


class UntilCi(unittest.TestCase):
    """--until-ci adds batches of replications until the NPV interval is tight."""

    # Student's t, 97.5% quantile, by degrees of freedom (as the appraisal uses).
    T975 = [None, 12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160,
            2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052,
            2.048, 2.045, 2.042]

    def half_width(self, npv):
        n = len(npv)
        return self.T975[n - 1] * npv.std(ddof=1) / n ** 0.5

    def npv(self, d, *args):
        out = os.path.join(d, "u.h5")
        r = run(["run", BASE, "-q", "--force", "-o", out] + list(args))
        self.assertEqual(r.returncode, 0, r.stderr)
        with h5py.File(out, "r") as f:
            return f["appraisal/npv"][:], int(f.attrs["replications"])

    def test_stops_at_the_first_batch_that_meets_the_target(self):
        target = 2500.0
        with TempDir() as d:
            npv, n = self.npv(d, "-r", "4", "--until-ci", str(target))
            self.assertEqual(n, len(npv))
            self.assertEqual(n % 4, 0)
            self.assertGreater(n, 4)
            self.assertLessEqual(n, 30)  # the t table above
            self.assertLessEqual(self.half_width(npv), target * 1.001)
            self.assertGreater(self.half_width(npv[:n - 4]), target * 0.999)
            # The same replications as a plain run of that many, on any thread count.
            plain, _ = self.npv(d, "-r", str(n))
            self.assertEqual(npv.tobytes(), plain.tobytes())
            two, n2 = self.npv(d, "-r", "4", "--until-ci", str(target), "--threads", "2")
            self.assertEqual((n2, two.tobytes()), (n, npv.tobytes()))

    def test_batches_of_one_stop_where_one_at_a_time_would(self):
        # -r 1 runs several batches at once (so both threads work) and drops
        # the records past the batch that met the target: what it keeps is
        # what one batch at a time would keep, on any number of threads. The
        # target is chosen from a plain run's intervals so that it is first
        # met at an odd count, inside a round of batches run at once.
        with TempDir() as d:
            plain, _ = self.npv(d, "-r", "30")
            widths = [self.half_width(plain[:k]) for k in range(2, 31)]  # widths[k - 2]: k kept
            stop = next(k for k in range(5, 31, 2) if widths[k - 2] < min(widths[:k - 2]))
            target = (widths[stop - 2] + min(widths[:stop - 2])) / 2
            for threads in ("1", "2"):
                npv, n = self.npv(d, "-r", "1", "--until-ci", str(target), "--threads", threads)
                self.assertEqual(n, stop, threads)
                self.assertEqual(npv.tobytes(), plain[:stop].tobytes(), threads)

    def test_stops_at_the_cap(self):
        with TempDir() as d:
            npv, n = self.npv(d, "-r", "4", "--until-ci", "1", "--max-replications", "10")
            self.assertEqual(n, 10)
            self.assertGreater(self.half_width(npv), 1.0)


if __name__ == "__main__":
    unittest.main()
