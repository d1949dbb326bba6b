#pragma once
//! A scenario resized for another cohort: everything that grows with the
//! number of families (arrivals, service places, queue limits, places the
//! fund may buy, the starting state, budgets) scaled together, written as a
//! file that extends the source and holds only those values.

#include <cstdint>
#include <string>

namespace placesim::models {

//! The resized scenario.
struct ScaledScenario {
  std::string text;                   //!< YAML of a file that extends the source
  double factor = 1.0;                //!< new families / the source's
  std::uint32_t source_families = 0;  //!< the source's population.families
  std::size_t values_scaled = 0;      //!< how many values the file sets
};

//! Resizes the scenario file `source` (empty: the embedded default) to
//! `families`; the file written says `extends: extends_as` (the source's path
//! relative to where it is written, or "default"). Throws InputError when the
//! source is not a valid scenario.
ScaledScenario scaled_scenario(const std::string& source, const std::string& extends_as,
                               std::uint32_t families);

}  // namespace placesim::models
