#include "models/scenario/mechanism.h"

namespace placesim::models {
namespace {

struct Entry {
  Mechanism m;
  std::string_view name;
  std::string_view doc;
};

constexpr std::array<Entry, kMechanisms> kTable = {{
    {Mechanism::view, "view",
     "commissioners count savings to the whole pool, not to their own agency (the wrong pocket)"},
    {Mechanism::horizon, "horizon",
     "commissioners count savings over the option's decision horizon, not the baseline's"},
    {Mechanism::money, "money",
     "prevention is bought from the pooled fund, not from each agency's own invest share"},
    {Mechanism::single_assessment, "single_assessment",
     "one joint assessment replaces each agency's own"},
    {Mechanism::handoffs, "handoffs",
     "referrals between agencies take the option's delays and losses"},
    {Mechanism::rationing, "rationing",
     "agencies in the pool ration on the pooled budget, not each on its own"},
    {Mechanism::setup, "setup",
     "set-up costs are paid and old assessment teams run on beside the joint one"},
    {Mechanism::payment_by_results, "payment_by_results",
     "a payer pays an agency per family started and per family turned around, and its "
     "commissioners count the payments they expect"},
}};

}  // namespace

std::string_view mechanism_name(Mechanism m) { return kTable[static_cast<std::size_t>(m)].name; }
std::string_view mechanism_doc(Mechanism m) { return kTable[static_cast<std::size_t>(m)].doc; }

std::optional<Mechanism> mechanism_of(std::string_view name) {
  for (const Entry& e : kTable) {
    if (e.name == name) return e.m;
  }
  return std::nullopt;
}

}  // namespace placesim::models
