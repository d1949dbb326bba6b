#pragma once
// The tables of the scenario format, one accessor per kind of mapping, and the
// checks that span several keys (private to models/scenario).

#include "models/scenario/bounds.h"
#include "models/scenario/fields.h"

namespace placesim::models::detail {

const Table& top_table();              //!< the top level of a scenario
const Table& time_table();             //!< time
const Table& money_table();            //!< money
const Table& agency_table();           //!< agencies.NAME
const Table& needs_table();            //!< needs
const Table& need_table();             //!< needs.dimensions.NAME
const Table& population_table();       //!< population
const Table& targeting_table();        //!< targeting
const Table& arrival_table();          //!< arrivals[i]
const Table& event_table();            //!< events.NAME
const Table& episode_table();          //!< events.NAME.episode
const Table& replaces_table();         //!< events.NAME.episode.replaces
const Table& follow_on_table();        //!< events.NAME.follow_on[i]
const Table& service_table();          //!< services.NAME
const Table& eligible_table();         //!< services.NAME.eligible
const Table& effect_table();           //!< services.NAME.effect
const Table& initial_table();          //!< initial
const Table& initial_service_table();  //!< initial.services.NAME
const Table& regime_table();           //!< regimes.NAME
//! Reads the regimes block: the baseline first, then the options in file order.
void read_regimes(LoadContext& c, const sim::YamlNode& n, const std::string& p, Scenario& s);
const Table& mechanisms_table();     //!< regimes.NAME.mechanisms
const Table& payment_table();        //!< regimes.NAME.payment_by_results
const Table& appraisal_table();      //!< appraisal
const Table& optimism_table();       //!< appraisal.optimism_bias
const Table& grades_table();         //!< appraisal.optimism_bias.costs or .benefits by grade
const Table& band_table();           //!< appraisal.discount[i]
const Table& business_case_table();  //!< business_case
const Table& claim_table();          //!< business_case.claims[i]
const Table& scope_table();          //!< business_case.claims[i].scope
const Table& evaluation_table();     //!< evaluation
const Table& results_rule_table();   //!< evaluation.results_rule
const Table& referral_table();       //!< a {to, p} referral

//! Reads {name: mapping} entries, named in c.names(which) order, into `out`;
//! each entry starts as `fresh(name)`.
template <class T, class Fresh>
void read_named(LoadContext& c, const sim::YamlNode& n, const std::string& path, Names which,
                const Table& t, std::vector<T>& out, Fresh&& fresh) {
  if (!n.is_map()) return;  // reported when the names were collected
  for (const std::string& name : c.names(which)) {
    T item = fresh(name);
    read_table(c, n.get(name), sim::join_path(path, name), t, &item);
    out.push_back(std::move(item));
  }
}

//! Reads a list of mappings into `out`.
template <class T>
void read_list(LoadContext& c, const sim::YamlNode& n, const std::string& path, const Table& t,
               const char* of_what, std::vector<T>& out, T fresh = T{}) {
  if (!c.r.list(n, path, of_what)) return;
  for (std::size_t i = 0; i < n.size(); ++i) {
    T item = fresh;
    if (read_table(c, n[i], sim::join_path(path, std::to_string(i)), t, &item))
      out.push_back(std::move(item));
  }
}

// Checks that span keys, after everything is read (models/scenario/checks.cpp).
void check_scenario(LoadContext& c);

}  // namespace placesim::models::detail
