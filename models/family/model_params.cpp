#include "models/family/model_params.h"

#include "models/family/purposes.h"
#include "sim/io/fnv1a.h"

namespace placesim::models {
namespace {

// Visits every Param of a scenario in one fixed order: the order gives each
// uncertain parameter its stream (unless draws are shared, when its key path
// does), so it must not depend on anything else.
class ParamDrawer {
 public:
  ParamDrawer(sim::StreamKey key, std::optional<std::uint64_t> shared, ModelParams* out)
      : key_(key), shared_(shared), out_(out) {}
  double operator()(const Param& p) {
    if (!p.uncertain()) return p.value;
    sim::RandomStream s =
        shared_ ? sim::RandomStream(sim::StreamKey{*shared_, key_.replication},
                                    purpose::kReplicationAgent, purpose::shared_parameters,
                                    sim::fnv1a(p.path.data(), p.path.size()))
                : sim::RandomStream(key_, purpose::kReplicationAgent, purpose::parameters, next_);
    ++next_;
    double v = p.dist->sample(s);
    if (out_) {
      out_->drawn.push_back(v);
      out_->drawn_paths.push_back(p.path);
    }
    return v;
  }

 private:
  sim::StreamKey key_;
  std::optional<std::uint64_t> shared_;
  ModelParams* out_;
  std::uint64_t next_ = 0;
};

template <class Visit>
void visit_params(const Scenario& s, Visit&& v, ModelParams& m) {
  m.leave = v(s.leave_per_year) / kDaysPerYear;
  for (const NeedSpec& n : s.needs) {
    NeedParams np;
    for (int i = 0; i < 2; ++i) {
      np.escalate[i] = v(n.escalate[i]) / kDaysPerYear;
      np.improve[i] = v(n.improve[i]) / kDaysPerYear;
      np.cost_per_day[i] = v(n.cost_per_year[i]) / kDaysPerYear;
    }
    m.needs.push_back(np);
  }
  for (const EventSpec& e : s.events) {
    EventParams ep;
    ep.rate = v(e.rate) / kDaysPerYear;
    for (const NeedMultiplier& nm : e.needs)
      ep.mult.push_back({nm.need, {v(nm.at[0]), v(nm.at[1])}});
    ep.unit_cost = v(e.unit_cost);
    if (e.episode) ep.episode_cost_per_day = v(e.episode->cost_per_week) / 7.0;
    m.events.push_back(ep);
  }
  for (const ServiceSpec& sv : s.services) {
    ServiceParams sp;
    sp.cost_per_episode = v(sv.cost_per_episode);
    sp.cost_per_place_year = v(sv.cost_per_place_year);
    if (sv.kind == ServiceKind::intervention) {
      for (const auto& [ev, p] : sv.effect.events) {
        sp.reduction.emplace_back(ev, v(p));
        sp.belief.emplace_back(ev, std::min(1.0, sv.effect.belief_scale * p.value));
      }
      sp.improve = v(sv.effect.improve);
      sp.escalate = v(sv.effect.escalate);
      sp.persistence_days = v(sv.effect.persistence_years) * kDaysPerYear;
      sp.dropout = v(sv.effect.dropout);
      // The true effect, scaled (a null world at 0); belief stays as stated.
      scale_effect(sp, v(sv.effect.scale));
    }
    m.services.push_back(sp);
  }
  for (const RegimeSpec& g : s.regimes) {
    m.handoff_days.push_back(v(g.handoff_days));
    m.lost_referrals.push_back(v(g.lost_referrals));
    std::vector<double> setup;
    for (const Param& p : g.setup_costs) setup.push_back(v(p));
    m.setup_costs.push_back(std::move(setup));
  }
  // Last, so a scenario that adds them draws everything else as before.
  for (std::size_t d = 0; d < s.needs.size(); ++d) {
    for (std::size_t i = 0; i < 2; ++i)
      m.needs[d].social_per_day[i] = v(s.needs[d].social_cost_per_year[i]) / kDaysPerYear;
  }
}

}  // namespace

void scale_effect(ServiceParams& sp, double k) {
  if (k == 1.0) return;
  for (auto& [ev, r] : sp.reduction) r = std::min(1.0, r * k);
  sp.improve = std::max(0.0, 1.0 + (sp.improve - 1.0) * k);
  sp.escalate = std::max(0.0, 1.0 - (1.0 - sp.escalate) * k);
}

ModelParams draw_params(const Scenario& s, sim::StreamKey key,
                        std::optional<std::uint64_t> shared) {
  ModelParams m;
  ParamDrawer draw(key, shared, &m);
  visit_params(s, draw, m);
  // A clock for every event type that can happen on its own.
  for (std::size_t k = 0; k < s.events.size(); ++k) {
    if (s.events[k].rate.value > 0 || s.events[k].rate.uncertain())
      m.events[k].clock = m.event_clocks++;
  }
  return m;
}

std::vector<std::string> uncertain_paths(const Scenario& s) {
  return draw_params(s, sim::StreamKey{0, 0}).drawn_paths;
}

}  // namespace placesim::models
