#pragma once
// Shared state of one scenario load (private to models/scenario).

#include <algorithm>
#include <string>
#include <vector>

#include "models/scenario/scenario.h"
#include "models/scenario/scenario_reader.h"

namespace placesim::models::detail {

//! The tables of names a value can refer to.
enum class Names { agency, need, event, service };
//! "agency", "need", "event" or "service", for messages.
const char* names_word(Names which);

//! Everything one load reads from and writes to.
struct LoadContext {
  ScenarioReader& r;                       //!< typed reads, with diagnostics
  Scenario& s;                             //!< what is being built
  const sim::YamlNode& root;               //!< the document's top level
  std::vector<std::string> agency_names;   //!< in file order
  std::vector<std::string> need_names;     //!< in file order
  std::vector<std::string> event_names;    //!< in file order
  std::vector<std::string> service_names;  //!< in file order
  std::vector<std::string> warnings;       //!< legal but probably unintended

  //! The names of one table.
  [[nodiscard]] const std::vector<std::string>& names(Names which) const;
  //! The section at `key` of the top level (undefined when absent).
  [[nodiscard]] sim::YamlNode section(const std::string& key) const { return root.get(key); }
  //! A payer: one agency name, or {agency: share, ...} with shares summing to 1.
  std::optional<PayerSplit> payer(const sim::YamlNode& n, const std::string& path);
  //! A list of {to: service, p: probability} with p summing to at most 1.
  std::vector<Referral> referrals(const sim::YamlNode& n, const std::string& path);
  //! A list of names from one table.
  std::vector<Index> name_list(const sim::YamlNode& n, const std::string& path, Names which);
  //! A mapping from names of one table to values read by `read(node, path)`;
  //! each entry's index and value go to `add`.
  template <class Read, class Add>
  void keyed(const sim::YamlNode& n, const std::string& path, Names which, Read&& read, Add&& add) {
    if (!r.keys(n, path, names(which))) return;  // reports unknown names, once each
    const auto& known = names(which);
    for (const auto& [key, value] : n.entries()) {
      const auto at = std::find(known.begin(), known.end(), key.scalar());
      if (at == known.end()) continue;
      auto v = read(value, sim::join_path(path, key.scalar()));
      if (v) add(static_cast<Index>(at - known.begin()), *v);
    }
  }
};

}  // namespace placesim::models::detail
