#pragma once
//! What the probabilistic sensitivity analysis says matters: a standardised
//! tornado of the optimism-adjusted NPV on the parameters drawn per
//! replication, and each parameter's partial value of information.

#include <cstddef>
#include <vector>

namespace placesim::models {

//! Per uncertain parameter, its pull on the headline NPV.
struct PsaSensitivity {
  std::vector<double> effect;  //!< [parameter] £ change in mean NPV per sd of the parameter
  std::vector<double> evppi;   //!< [parameter] partial EVPI from the linear fit (£ PV)
  double r_squared = 0.0;      //!< the joint fit's adjusted R² (0 when not joint)
  bool joint = false;          //!< false: one slope a parameter (too few replications)
};

//! Regresses `net_benefit` [rep] on the standardised draws `drawn` [rep][P]
//! (sim::tornado, TornadoScale::sd). A parameter's EVPPI is the EVPI of the
//! fit's prediction from that parameter alone, mean + effect * z: the value
//! of learning it before deciding, under the linear fit; capped at the EVPI.
PsaSensitivity psa_sensitivity(const std::vector<double>& drawn, std::size_t parameters,
                               const std::vector<double>& net_benefit);

//! The parameters that move the NPV, largest |effect| first (ties in
//! parameter order); parameters that never varied are left out.
std::vector<std::size_t> ranked(const PsaSensitivity& s);

}  // namespace placesim::models
