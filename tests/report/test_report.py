"""The HTML report in headless Chromium: no console errors, no network
requests, and a screenshot with something on it. Also the PNG export."""
import glob
import json
import os
import re
import shutil
import subprocess
import sys
import unittest
from urllib.parse import urlparse

from PIL import Image

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "cli"))
from helpers import TempDir, run, source  # noqa: E402

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
# Chromium's own background traffic (updates, accounts), not the page's.
BROWSER_HOSTS = ("google.com", "googleapis.com", "gstatic.com", "gvt1.com")


def open_in_chromium(html, workdir, height=3000):
    """Loads a page headless; returns (console messages, page URLs requested, screenshot)."""
    shot, netlog = os.path.join(workdir, "shot.png"), os.path.join(workdir, "net.json")
    r = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars",
         "--user-data-dir=" + os.path.join(workdir, "profile"), "--enable-logging=stderr", "--v=0",
         "--log-net-log=" + netlog, "--window-size=1200,%d" % height, "--screenshot=" + shot, "file://" + html],
        capture_output=True, text=True, timeout=120)
    console = [line for line in r.stderr.splitlines() if ":CONSOLE" in line]
    with open(netlog) as f:
        events = json.load(f)["events"]
    urls = {e["params"]["url"] for e in events if "url" in e.get("params", {})}
    page = {u for u in urls if not urlparse(u).hostname or not urlparse(u).hostname.endswith(BROWSER_HOSTS)}
    page = {u for u in page if not u.startswith(("file:", "data:", "blob:", "chrome:", "about:"))}
    return console, page, shot


def not_blank(png):
    """Data drawn in colour: axes, titles and grid lines are grey, and a legend's
    outlined boxes alone colour a few hundred pixels; two thin lines colour thousands."""
    image = Image.open(png).convert("RGB")
    coloured = sum(n for n, (r, g, b) in image.getcolors(maxcolors=1 << 20) or []
                   if max(r, g, b) - min(r, g, b) > 60)
    return coloured > 2000


@unittest.skipUnless(CHROMIUM, "Chromium is not installed (tools/setup --test installs it)")
class Report(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = TempDir()
        cls.dir = cls.tmp.__enter__()
        cls.html = os.path.join(cls.dir, "report.html")
        r = run(["run", source("tests", "cli", "good", "base.yaml"), "-r", "6", "-q", "--decompose",
                 "-o", os.path.join(cls.dir, "out.h5"), "--report", cls.html])
        assert r.returncode == 0, r.stderr

    @classmethod
    def tearDownClass(cls):
        cls.tmp.__exit__(None, None, None)

    def test_opens_cleanly_offline(self):
        console, requests, shot = open_in_chromium(self.html, self.dir)
        self.assertEqual(console, [])
        self.assertEqual(requests, set())
        self.assertTrue(not_blank(shot))
        with open(self.html) as f:
            page = f.read()
        self.assertNotIn("<script src", page)
        self.assertNotIn("<link", page)

    def test_the_checks_can_fail(self):
        bad = os.path.join(self.dir, "bad.html")
        with open(bad, "w") as f:
            f.write("<html><body><script>console.error('boom'); fetch('http://example.com/x');</script></body></html>")
        console, requests, shot = open_in_chromium(bad, self.dir, height=400)
        self.assertTrue(any("boom" in line for line in console))
        self.assertIn("http://example.com/x", requests)
        self.assertFalse(not_blank(shot))

    def test_prints_a_one_page_summary(self):
        # Printed, the report keeps what it ran, in brief, the headline figures
        # and how to read them: one A4 page. Without its print styles the same
        # page runs to several, so the count can fail.
        def pages(html):
            pdf = os.path.join(self.dir, "print.pdf")
            subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                            "--user-data-dir=" + os.path.join(self.dir, "profile"), "--no-pdf-header-footer",
                            "--print-to-pdf=" + pdf, "file://" + html], capture_output=True, timeout=120)
            with open(pdf, "rb") as f:
                return len(re.findall(rb"/Type\s*/Page[^s]", f.read()))
        self.assertEqual(pages(self.html), 1)
        with open(self.html) as f:
            page = f.read()
        self.assertIn("Print a one-page summary", page)
        unstyled = os.path.join(self.dir, "unstyled.html")
        with open(unstyled, "w") as f:
            f.write(page.replace("@media print {", "@media speech {"))
        self.assertGreater(pages(unstyled), 2)

    def test_png_export(self):
        with TempDir() as d:
            r = run(["report", os.path.join(self.dir, "out.h5"), "-o", os.path.join(d, "r.html"),
                     "--png", os.path.join(d, "png")], timeout=600)
            self.assertEqual(r.returncode, 0, r.stderr)
            pngs = sorted(os.path.basename(p) for p in glob.glob(os.path.join(d, "png", "*.png")))
            for chart in ["fan_chart.png", "net_by_agency.png", "who_pays_gains.png", "claim_1.png",
                          "mechanisms.png", "spend_by_regime.png", "service_waits.png"]:
                self.assertIn(chart, pngs)
            for p in pngs:
                self.assertTrue(not_blank(os.path.join(d, "png", p)), p)


CALIBRATION = """placesim_calibration: 1
scenario: base.yaml
regime: siloed
parameters:
  events.arrest.rate_per_year: {dist: uniform, min: 0.01, max: 0.5}
  services.support.capacity: {dist: uniform, min: 4, max: 30, integer: true}
targets:
  - {name: arrests, metric: events_per_family_year.arrest, value: 0.1, sd: 0.02, source: synthetic}
  - {name: cost, metric: cost_per_family_year, value: 900, sd: 100, source: synthetic}
particles: 20
simulations: 80
"""


@unittest.skipUnless(CHROMIUM, "Chromium is not installed (tools/setup --test installs it)")
class CalibrationReport(unittest.TestCase):
    def test_opens_cleanly_offline(self):
        with TempDir() as d:
            shutil.copy(source("tests", "cli", "good", "base.yaml"), d)
            cal, html = os.path.join(d, "cal.yaml"), os.path.join(d, "cal.html")
            with open(cal, "w") as f:
                f.write(CALIBRATION)
            r = run(["calibrate", cal, "-o", os.path.join(d, "post.h5"), "-q", "--report", html])
            self.assertEqual(r.returncode, 0, r.stderr)
            console, requests, shot = open_in_chromium(html, d)
            self.assertEqual(console, [])
            self.assertEqual(requests, set())
            self.assertTrue(not_blank(shot))
            with open(html) as f:
                page = f.read()
            self.assertIn("Each parameter: prior against posterior", page)
            self.assertNotIn("<script src", page)


if __name__ == "__main__":
    unittest.main()
