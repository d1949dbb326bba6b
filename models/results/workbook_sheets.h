#pragma once
// Private to models/results: the sheets of the workbook (workbook.h).

#include "models/results/results.h"
#include "sim/io/xlsx.h"

namespace placesim::models {

// £ in the price base, undiscounted; by regime, agency, category and year.
void write_cash_flows(sim::xlsx::Sheet& s, const Results& r);
// The business case's claims against the simulated figures.
void write_claims(sim::xlsx::Sheet& s, const Results& r);
// What happens to families under each regime, and what evaluations would find.
void write_outcomes(sim::xlsx::Sheet& s, const Results& r);
// Each option's NPV by subgroup of families (subgroups.h), as subgroups.csv.
void write_subgroups(sim::xlsx::Sheet& s, const Results& r);
// The style that suits a measure in `unit` ("GBP discounted", "ratio", ...).
sim::xlsx::Style style_for_unit(const std::string& unit);

}  // namespace placesim::models
