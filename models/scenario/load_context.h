#pragma once
// Shared state of one scenario load (private to the loader).

#include <string>
#include <vector>

#include "models/scenario/scenario_reader.h"
#include "models/scenario/scenario.h"

namespace placesim::models::detail {

struct LoadContext {
  ScenarioReader& r;
  Scenario& s;
  const sim::YamlNode& root;
  std::vector<std::string> agency_names;
  std::vector<std::string> need_names;
  std::vector<std::string> event_names;
  std::vector<std::string> service_names;
  std::vector<std::string> warnings;

  // The section at `key` of the top level (undefined when absent).
  sim::YamlNode section(const std::string& key) { return r.child(root, "", key); }
  // A payer: one agency name, or {agency: share, ...} with shares summing to 1.
  std::optional<PayerSplit> payer(const sim::YamlNode& n, const std::string& path);
  // A list of {to: service, p: probability} with p summing to at most 1.
  std::vector<Referral> referrals(const sim::YamlNode& n, const std::string& path, const char* to_key);
  // A list of need names.
  std::vector<Index> need_list(const sim::YamlNode& n, const std::string& path);
};

void load_agencies(LoadContext& c);
void load_needs(LoadContext& c);
void load_events(LoadContext& c);
void load_services(LoadContext& c);
void load_initial(LoadContext& c);
void load_regimes(LoadContext& c);
void load_appraisal(LoadContext& c);
void load_business_case(LoadContext& c);
void check_network(LoadContext& c);

}  // namespace placesim::models::detail
