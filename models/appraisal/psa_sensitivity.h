#pragma once
//! What the probabilistic sensitivity analysis says matters: a standardised
//! tornado of the optimism-adjusted NPV on the parameters drawn per
//! replication, and each parameter's partial value of information.

#include <cstddef>
#include <string>
#include <vector>

namespace placesim::models {

//! Per uncertain parameter, its pull on the headline NPV.
struct PsaSensitivity {
  std::vector<double> effect;       //!< [parameter] £ change in mean NPV per sd of the parameter
  std::vector<double> se;           //!< [parameter] its standard error (NaN: none)
  std::vector<double> evppi;        //!< [parameter] partial EVPI from the linear fit (£ PV)
  double r_squared = 0.0;           //!< the joint fit's adjusted R² (0 when not joint)
  bool joint = false;               //!< false: one slope a parameter (too few replications)
  std::vector<std::string> groups;  //!< [group] parameter_group of the parameters that varied
  std::vector<double> group_evppi;  //!< [group] partial EVPI of the group's parameters together
};

//! The group a parameter belongs to, by its key path: the object it describes
//! (`services.key_worker`, `events.arrest`, `needs.dimensions.crime`,
//! `regimes.pooled`, `agencies.council`, `arrivals.0`), or its section for
//! values of the place as a whole (`population`, `money`). What one study
//! would measure together: a trial of a service, a costing of an event.
std::string parameter_group(const std::string& path);

//! Fills s.groups and s.group_evppi: for each group of `names` (one per
//! column of `drawn`, else nothing is done) with a parameter that varied, the
//! EVPI of mean + the sum of the group's tornado effects × z over those that
//! stand out from chance (0 when none does), capped at the EVPI. The same fit
//! as each parameter's EVPPI, so a group is worth at least its members that
//! stand out; an upper estimate for the same reason.
void add_group_evppi(PsaSensitivity& s, const std::vector<double>& drawn,
                     const std::vector<std::string>& names, const std::vector<double>& net_benefit);

//! Regresses `net_benefit` [rep] on the standardised draws `drawn` [rep][P]
//! (sim::tornado, TornadoScale::sd). A parameter's EVPPI is the EVPI of the
//! fit's prediction from that parameter alone, mean + effect * z: the value
//! of learning it before deciding, under the linear fit; capped at the EVPI.
//! It takes the fitted effect as exact, so noise in the fit raises it: an
//! upper estimate, of use where the effect stands out.
PsaSensitivity psa_sensitivity(const std::vector<double>& drawn, std::size_t parameters,
                               const std::vector<double>& net_benefit);

//! The parameters that move the NPV, largest |effect| first (ties in
//! parameter order); parameters that never varied are left out.
std::vector<std::size_t> ranked(const PsaSensitivity& s);

//! True when parameter j's effect is at least three times its standard error:
//! one that stands out from chance. Three, not two: with tens of inputs, two
//! standard errors would flag about one in twenty that plays no part.
bool stands_out(const PsaSensitivity& s, std::size_t j);

}  // namespace placesim::models
