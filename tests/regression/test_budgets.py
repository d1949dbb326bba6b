"""The shipped budgets are published figures, not the model's own spend.

Each budget of the national scenario and of every place is the published cost
a family a year times the cohort, split by the Early Intervention Foundation's
shares of late-intervention spend by payer (docs/calibration.md, "Budgets").
This test recomputes each from the figures in docs/sources.md, so a budget
edited by hand, or a figure changed in the sources but not in the scenarios,
fails here.
"""
import os
import unittest

import yaml

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
SOURCES = os.path.join(ROOT, "docs", "sources.md")

# eif-2015-late-intervention: £bn a year of late intervention by payer.
EIF_TOTAL = 16.6
EIF_LINES = {"council": 6.5, "dwp": 3.7, "nhs": 3.0, "justice": 1.3}
# dclg-2013-fiscal-case-cost and dclg-2013-cost-west-cheshire: £ a family a year.
NATIONAL_PER_FAMILY = 75000
PER_FAMILY = {"cheshire_west_and_chester": 76190}
PLACES = ["national_troubled_families", "cheshire_west_and_chester", "essex", "west_london_triborough",
          "westminster_family_recovery", "birmingham", "greater_manchester"]


def shares():
    """Each payer's share; police take what the EIF's four lines leave."""
    out = {payer: amount / EIF_TOTAL for payer, amount in EIF_LINES.items()}
    out["police"] = 1 - sum(out.values())
    return out


def load(name):
    with open(os.path.join(ROOT, "scenarios", name + ".yaml"), encoding="utf-8") as f:
        return yaml.safe_load(f)


class Budgets(unittest.TestCase):
    def test_sources_hold_the_figures_used_here(self):
        with open(SOURCES, encoding="utf-8") as f:
            text = f.read()
        eif = next(line for line in text.splitlines() if 'id="eif-2015-late-intervention"' in line)
        self.assertIn("£%sbn a year" % EIF_TOTAL, eif)
        for payer, label in (("council", "councils"), ("dwp", "welfare"), ("nhs", "NHS"), ("justice", "justice")):
            self.assertIn("%s £%sbn" % (label, EIF_LINES[payer]), eif)
        cost = next(line for line in text.splitlines() if 'id="dclg-2013-fiscal-case-cost"' in line)
        self.assertIn("£{:,}".format(NATIONAL_PER_FAMILY), cost)
        cheshire = next(line for line in text.splitlines() if 'id="dclg-2013-cost-west-cheshire"' in line)
        self.assertIn("£{:,}".format(PER_FAMILY["cheshire_west_and_chester"]), cheshire)

    def test_every_budget_is_the_published_cost_split_by_payer(self):
        for name in PLACES:
            scenario = load(name)
            families = scenario["population"]["families"]
            total = families * PER_FAMILY.get(name, NATIONAL_PER_FAMILY)
            for payer, share in shares().items():
                with self.subTest(scenario=name, payer=payer):
                    budget = float(scenario["agencies"][payer]["budget"])
                    # Written to four significant figures.
                    self.assertAlmostEqual(budget / (total * share), 1.0, delta=5e-4)

    def test_the_comments_state_the_cohort_the_budgets_use(self):
        for name in PLACES[1:]:
            with open(os.path.join(ROOT, "scenarios", name + ".yaml"), encoding="utf-8") as f:
                text = f.read()
            families = load(name)["population"]["families"]
            with self.subTest(scenario=name):
                self.assertIn("x {:,} families".format(families), text)
                self.assertIn("police the 2.1 left", text)


if __name__ == "__main__":
    unittest.main()
