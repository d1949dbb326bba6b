// The system as it stands at the start date: families already in care,
// serving sentences, on caseloads and on waiting lists.
#include "models/family/starting_state.h"

#include <algorithm>
#include <cmath>

#include "models/family/purposes.h"

namespace placesim::models::family {
namespace {

// Weighted sampling without replacement (Efraimidis and Spirakis): the n
// families with the largest u^(1/w). Zero weights are never chosen unless
// there is nobody else.
std::vector<std::uint32_t> choose(const std::vector<std::pair<double, std::uint32_t>>& weighted,
                                  std::uint32_t n, sim::RandomStream& rng) {
  std::vector<std::pair<double, std::uint32_t>> keys;
  for (const auto& [w, f] : weighted) {
    const double u = rng.uniform();
    keys.emplace_back(w > 0.0 ? std::log(u) / w : -1e300 + u, f);
  }
  const std::size_t take = std::min<std::size_t>(n, keys.size());
  std::partial_sort(keys.begin(), keys.begin() + static_cast<std::ptrdiff_t>(take), keys.end(),
                    [](const auto& a, const auto& b) { return a.first > b.first; });
  std::vector<std::uint32_t> out;
  for (std::size_t i = 0; i < take; ++i) out.push_back(keys[i].second);
  return out;
}

}  // namespace

void place_starting_state(World& w, Referrals& referrals, Network& net, Budgets& budgets) {
  sim::RandomStream rng = w.sim.stream(purpose::kReplicationAgent, purpose::initial);
  const std::uint32_t cohort = std::min(w.s.families, w.families.slots());
  // Episodes in progress are costs already committed: each is part-way
  // through, and accrues what is left of it. They attach to no family.
  for (const InitialEpisode& ie : w.s.initial_episodes) {
    const EventSpec& ev = w.s.events[ie.event];
    const double per_day = w.p.events[ie.event].episode_cost_per_day;
    for (std::uint32_t i = 0; i < ie.families; ++i) {
      const double left = ev.episode->duration.sample(rng) * rng.uniform();
      if (per_day > 0.0)
        budgets.accrue(0.0, left, per_day, ev.episode->payer, ev.episode->cashable,
                       w.t.episode_evidence[ie.event]);
    }
  }
  // Caseloads and waiting lists: families who qualify, weighted by their need.
  for (const InitialService& is : w.s.initial_services) {
    const ServiceSpec& spec = w.s.services[is.service];
    std::vector<std::pair<double, std::uint32_t>> weighted;
    for (std::uint32_t f = 0; f < cohort; ++f) {
      if (spec.kind == ServiceKind::intervention && !referrals.eligible(f, is.service)) continue;
      const FamilyCore& c = w.families.core(f);
      if ((c.in_service | c.waiting) >> is.service & 1ull) continue;
      double weight = 1.0;
      for (Index d = 0; d < w.t.needs; ++d) weight += w.families.needs(f)[d];
      weighted.emplace_back(weight, f);
    }
    const auto chosen = choose(weighted, is.in_service + is.waiting, rng);
    for (std::size_t i = 0; i < chosen.size(); ++i) {
      const std::uint32_t f = chosen[i];
      if (spec.kind == ServiceKind::intervention) {  // they were assessed to get there
        const Index who = spec.agency == kNoIndex ? w.t.agencies : spec.agency;
        w.families.assessed(f)[who] = 0.0f;
      }
      w.initial_state =
          i < is.in_service;  // those in service are part-way through; the rest wait from the start
      net.arrive(w.families.ref(f), is.service);
    }
    w.initial_state = false;
  }
}

}  // namespace placesim::models::family
