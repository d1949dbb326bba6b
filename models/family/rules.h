#pragma once
//! What one run of the family model does, concretely: the regime's choices
//! resolved to plain settings per agency, so the simulation never asks which
//! regime it is in or which mechanism is on (models/regimes builds these).

#include <string>
#include <vector>

#include "models/scenario/scenario.h"

namespace placesim::models {

//! The settings of one regime, in force from the start of the appraisal
//! window (before it, the baseline's).
struct RegimeRules {
  std::string name;                    //!< the regime's name in outputs
  Index handoffs = 0;                  //!< whose handoff delay and loss apply (a regime index)
  double assessment_valid_days = 365;  //!< how long an assessment stays current
  std::vector<char> pooled_view;       //!< [agency] its buyers count savings to every pool member
  std::vector<char> pool;             //!< [agency] in the pool (whose savings a pooled view counts)
  std::vector<double> horizon_years;  //!< [agency] its buyers' decision horizon
  std::vector<char> buys_from_fund;   //!< [agency] its buyers spend the fund, not its own pot
  std::vector<double> own_share;      //!< [agency] share of its budget in its own pot
  std::vector<double> fund_share;     //!< [agency] share of its budget paid into the fund
  std::vector<char> rations_on_pool;  //!< [agency] rations when the pool's budget is committed
  Index joint_assessment = kNoIndex;  //!< the one assessment for everyone, when there is one
  std::vector<char> joint_members;    //!< [agency] its team: referrals among them are not handoffs
  double double_running_years = 0;    //!< old assessment teams run on this long beside it
  Index setup_costs = kNoIndex;       //!< whose set-up costs are paid (a regime index)
  Index payment = kNoIndex;           //!< whose payment by results applies (a regime index)
  Index evaluated = kNoIndex;         //!< the intervention a trial randomises families away from
  double trial = 0.0;                 //!< the share randomised away (0: no trial)
  bool operator==(const RegimeRules&) const = default;
};

}  // namespace placesim::models
