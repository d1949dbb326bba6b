// FamilySimulation: the system as it stands at the start date — families
// already in care, serving sentences, on caseloads and on waiting lists.
#include <algorithm>
#include <cmath>

#include "models/family/family_sim.h"
#include "models/family/family_sim_impl.h"
#include "models/family/purposes.h"

namespace placesim::models {
namespace {

// Weighted sampling without replacement (Efraimidis and Spirakis): the n
// families with the largest u^(1/w). Zero weights are never chosen unless
// there is nobody else.
std::vector<std::uint32_t> choose(const std::vector<std::pair<double, std::uint32_t>>& weighted,
                                  std::uint32_t n, sim::RandomStream& rng) {
  std::vector<std::pair<double, std::uint32_t>> keys;
  for (const auto& [w, f] : weighted) {
    double u = rng.uniform();
    keys.emplace_back(w > 0.0 ? std::log(u) / w : -1e300 + u, f);
  }
  std::size_t take = std::min<std::size_t>(n, keys.size());
  std::partial_sort(keys.begin(), keys.begin() + static_cast<std::ptrdiff_t>(take), keys.end(),
                    [](const auto& a, const auto& b) { return a.first > b.first; });
  std::vector<std::uint32_t> out;
  for (std::size_t i = 0; i < take; ++i) out.push_back(keys[i].second);
  return out;
}

}  // namespace

void FamilySimulation::place_initial_state() {
  Impl& m = *m_;
  sim::RandomStream rng = sim_.stream(purpose::kReplicationAgent, purpose::initial);
  const std::uint32_t cohort = std::min(s_.families, families_.slots());
  // Episodes in progress (children in care, sentences being served) are
  // costs already committed: each is part-way through, and accrues what is
  // left of it. They attach to no family, since episodes change no hazard.
  for (const InitialEpisode& ie : s_.initial_episodes) {
    const EventSpec& ev = s_.events[ie.event];
    const double per_day = p_.events[ie.event].episode_cost_per_day;
    for (std::uint32_t i = 0; i < ie.families; ++i) {
      double left = ev.episode->duration.sample(rng) * rng.uniform();
      if (per_day > 0.0) spend_over(0.0, left, per_day, ev.episode->payer, ev.episode->cashable);
    }
  }
  // Caseloads and waiting lists: families who qualify, weighted by their need.
  m.initial_residual = true;
  for (const InitialService& is : s_.initial_services) {
    const ServiceSpec& spec = s_.services[is.service];
    std::vector<std::pair<double, std::uint32_t>> weighted;
    for (std::uint32_t f = 0; f < cohort; ++f) {
      if (spec.kind == ServiceKind::intervention && !eligible(f, is.service)) continue;
      const FamilyCore& c = families_.core(f);
      if ((c.in_service | c.waiting) >> is.service & 1ull) continue;
      double w = 1.0;
      for (Index d = 0; d < m.needs; ++d) w += families_.needs(f)[d];
      weighted.emplace_back(w, f);
    }
    auto chosen = choose(weighted, is.in_service + is.waiting, rng);
    for (std::size_t i = 0; i < chosen.size(); ++i) {
      std::uint32_t f = chosen[i];
      if (spec.kind == ServiceKind::intervention) {  // they were assessed to get there
        Index who = spec.agency == kNoIndex ? m.agencies : spec.agency;
        families_.assessed(f)[who] = 0.0f;
      }
      if (i == is.in_service) m.initial_residual = false;  // the rest wait from the start
      net_->arrive(families_.ref(f), is.service);
    }
    m.initial_residual = true;
  }
  m.initial_residual = false;
}

}  // namespace placesim::models
