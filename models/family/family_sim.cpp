// FamilySimulation: construction, the event loop and financial-year boundaries.
#include "models/family/family_sim.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <limits>

#include "models/family/family_sim_impl.h"
#include "models/family/purposes.h"

namespace {
constexpr double kNever = std::numeric_limits<double>::infinity();
}  // namespace

namespace placesim::models {
namespace {

sim::NetworkSpec network_of(const Scenario& s) {
  sim::NetworkSpec net;
  for (const ServiceSpec& sv : s.services) {
    sim::NetworkService ns{sv.key, sv.capacity.empty() ? 0 : sv.capacity[0], sv.duration, {}};
    for (const Referral& r : sv.on_exit) ns.on_exit.add(r.service, r.p);
    net.services.push_back(std::move(ns));
  }
  return net;  // no sources: the model schedules arrivals itself, so they pass through referrals
}

std::uint32_t need_mask(const std::vector<Index>& needs) {
  std::uint32_t m = 0;
  for (Index d : needs) {
    assert(d < kMaxNeeds);  // the loader refuses more needs than the set holds
    m |= 1u << d;
  }
  return m;
}

}  // namespace

std::vector<RegimeVariant> regime_variants(const Scenario& s, bool decompose) {
  std::vector<RegimeVariant> out{{"siloed", 0, false, {}}};
  if (!s.has_pooled()) return out;
  out.push_back({"pooled", 1, true, s.regimes[1].mechanisms});
  if (!decompose) return out;
  const Mechanisms& all = s.regimes[1].mechanisms;
  const std::pair<const char*, bool Mechanisms::*> switches[] = {
      {"investment", &Mechanisms::investment},
      {"single_assessment", &Mechanisms::single_assessment},
      {"handoffs", &Mechanisms::handoffs},
      {"rationing", &Mechanisms::rationing},
      {"setup", &Mechanisms::setup}};
  for (const auto& [name, field] : switches) {
    if (!(all.*field)) continue;
    Mechanisms one{};
    one.*field = true;
    out.push_back({std::string("pooled_only_") + name, 1, true, one});
  }
  return out;
}

FamilySimulation::FamilySimulation(const Scenario& s, const ModelParams& params,
                                   const RegimeVariant& variant, sim::StreamKey key)
    : s_(s),
      p_(params),
      variant_(variant),
      sim_(key),
      net_spec_(network_of(s)),
      families_(static_cast<std::uint32_t>(s.needs.size()),
                params.event_clocks + static_cast<std::uint32_t>(s.needs.size()) + 1,
                static_cast<std::uint32_t>(s.events.size() + s.needs.size() + 1),
                static_cast<std::uint32_t>(s.agencies.size() + 1)),
      ledger_(s.simulated_years(), s.agencies.size(), kDaysPerYear),
      m_(std::make_unique<Impl>()) {
  Impl& m = *m_;
  m.events = static_cast<std::uint32_t>(s.events.size());
  m.needs = static_cast<std::uint32_t>(s.needs.size());
  m.agencies = static_cast<std::uint32_t>(s.agencies.size());
  m.services = static_cast<std::uint32_t>(s.services.size());
  m.need_clock0 = params.event_clocks;
  m.leave_clock = params.event_clocks + m.needs;
  m.clocks = m.leave_clock + 1;
  m.clock_event.resize(params.event_clocks);
  for (Index k = 0; k < m.events; ++k) {
    if (params.events[k].clock != kNoIndex) m.clock_event[params.events[k].clock] = k;
  }
  const std::uint32_t all_needs = m.needs >= 32 ? ~0u : (1u << m.needs) - 1;
  for (Index sv = 0; sv < m.services; ++sv) {
    std::vector<float> keep(m.events, 1.0f);
    for (auto [k, r] : params.services[sv].reduction) keep[k] *= static_cast<float>(1.0 - r);
    m.keep.push_back(std::move(keep));
    const ServiceSpec& spec = s.services[sv];
    m.target_mask.push_back(need_mask(spec.effect.needs));
    std::uint32_t assess = need_mask(spec.assesses);
    if (spec.kind == ServiceKind::assessment && spec.assesses.empty()) {
      if (spec.agency == kNoIndex || (s.regimes.size() > 1 && s.regimes[1].assessment == sv)) {
        assess = all_needs;  // the joint assessment looks at everything
      } else {
        for (Index d = 0; d < m.needs; ++d) {
          if (s.needs[d].owner == spec.agency) assess |= 1u << d;
        }
      }
    }
    m.assess_mask.push_back(spec.kind == ServiceKind::assessment ? assess : all_needs);
    const std::uint32_t eligible = need_mask(spec.eligible.needs);
    m.priority_mask.push_back(
        spec.kind == ServiceKind::intervention && eligible ? eligible : m.assess_mask.back());
  }
  for (const NeedSpec& n : s.needs)
    m.level_cut.push_back({sim::normal_quantile(n.prevalence[0]),
                           sim::normal_quantile(n.prevalence[0] + n.prevalence[1])});
  m.cost_view.assign(m.events, std::vector<double>(m.agencies + 1, 0.0));
  for (Index k = 0; k < m.events; ++k) {
    for (Index v = 0; v <= m.agencies; ++v) m.cost_view[k][v] = expected_cost(k, v);
  }
  for (std::size_t i = 0; i < s.arrivals.size(); ++i)
    m.arrivals.push_back(sim_.stream(purpose::kReplicationAgent, purpose::arrivals, i));
  m.rationing.assign(m.agencies, 0);
  m.threshold.assign(m.agencies, 0.0);
  m.rationing_since.assign(m.agencies, std::numeric_limits<double>::infinity());
  m.purchased.assign(m.services, 0);
  m.turned_away.assign(m.services, 0.0);
  m.fund_weight.assign(m.agencies, 0.0);
  // The joint assessment team replaces the agencies' own teams, so each pays
  // for it in proportion to the assessment staff it used to fund.
  m.joint_weight.assign(m.agencies, 0.0);
  double old_teams = 0.0;
  for (Index sv = 0; sv < m.services; ++sv) {
    const ServiceSpec& spec = s.services[sv];
    if (spec.kind != ServiceKind::assessment || spec.agency == kNoIndex ||
        (s.has_pooled() && s.regimes[1].assessment == sv))
      continue;
    const double cost = spec.cost_per_place_year.value * spec.capacity[0];
    m.joint_weight[spec.agency] += cost;
    old_teams += cost;
  }
  for (double& w : m.joint_weight)
    w = old_teams > 0 ? w / old_teams : 1.0 / std::max<Index>(1, m.agencies);
  compile_clock_masks();
  net_ = std::make_unique<sim::Network<FamilySimulation>>(net_spec_, sim_, *this, 0);
  const auto years = static_cast<std::size_t>(s.years);
  rec_.spend.assign(years * m.agencies * kCategories, 0.0);
  rec_.events.assign(years * m.events, 0.0);
  rec_.prevalence.assign(years * m.needs * kLevels, 0.0);
  rec_.families.assign(years, 0.0);
  rec_.turned_around.assign(years, 0.0);
  rec_.places_bought.assign(years * m.services, 0.0);
  rec_.rationing_days.assign(years * m.agencies, 0.0);
  set_thresholds(0);  // the cohort's costs are committed before year 0 starts
  // Room for every family the run may ever hold: growing a vector of a
  // national cohort copies it and doubles its footprint at that moment, while
  // capacity that is never touched costs address space, not memory.
  double arriving = 0.0;
  for (const ArrivalSpec& a : s.arrivals) arriving += a.per_day;
  const auto most =
      s.families + static_cast<std::size_t>(arriving * kDaysPerYear * s.simulated_years()) + 1024;
  families_.reserve(most);
  sim_.reserve(2 * most);
}

FamilySimulation::~FamilySimulation() = default;

bool FamilySimulation::active_pooled() const {
  return variant_.pooled && m_->year >= s_.warmup_years;
}

RegimeRecord FamilySimulation::run() {
  for (std::uint32_t i = 0; i < s_.families; ++i) create_family();
  for (std::size_t i = 0; i < s_.arrivals.size(); ++i) {
    double gap = sim::sample_exponential(m_->arrivals[i], 1.0 / s_.arrivals[i].per_day);
    sim_.after(gap, sim::Priority::seize, kArrival, 0, static_cast<std::uint32_t>(i));
  }
  start_year(0);
  flush();
  const double horizon = s_.simulated_years() * kDaysPerYear;
  m_->events_processed += sim_.run_until(horizon, [this](const sim::Event& e) { handle(e); });
  observe_year(s_.simulated_years() - 1);
  rec_.turned_away = m_->turned_away;
  for (Index sv = 0; sv < m_->services; ++sv) {
    rec_.wait_days.push_back(net_->service(sv).mean_wait());
    rec_.utilisation.push_back(net_->service(sv).utilisation(horizon));
  }
  for (int t = 0; t < s_.years; ++t) {
    for (Index a = 0; a < m_->agencies; ++a) {
      for (int c = 0; c < kCategories; ++c)
        rec_.spend[(static_cast<std::size_t>(t) * m_->agencies + a) * kCategories + c] =
            ledger_.at(t + s_.warmup_years, a, c);
    }
  }
  rec_.events_processed = m_->events_processed;
  rec_.peak_families = m_->peak_families;
  return std::move(rec_);
}

void FamilySimulation::handle(const sim::Event& e) {
  dispatch(e);
  flush();
}

void FamilySimulation::dispatch(const sim::Event& e) {
  if (net_->owns(e)) {
    net_->handle(e);
    return;
  }
  switch (e.kind) {
    case kYearStart:
      start_year(static_cast<int>(e.arg));
      return;
    case kArrival: {
      const auto& src = s_.arrivals[e.arg];
      std::uint32_t f = create_family();
      double gap = sim::sample_exponential(m_->arrivals[e.arg], 1.0 / src.per_day);
      sim_.after(gap, sim::Priority::seize, kArrival, 0, e.arg);
      refer(f, src.into, kNoIndex);
      maybe_retire(f);
      return;
    }
    default:
      break;
  }
  std::uint32_t f = families_.resolve(e.target);
  if (f == FamilyStore::kStale) return;
  switch (e.kind) {
    case kClock:
      fire_clock(f);
      break;
    case kFollowOn:
      if (!families_.core(f).departed) occur(f, e.arg);
      break;
    case kHandoff:
      --families_.core(f).pending;
      send(f, e.arg, kNoIndex);
      maybe_retire(f);
      break;
    case kEffectEnd:
      end_effect(f, e.arg);
      break;
    default:
      break;
  }
}

void FamilySimulation::start_year(int y) {
  Impl& m = *m_;
  if (y > 0) observe_year(y - 1);
  m.year = y;
  if (y == s_.warmup_years && y > 0) {  // the appraisal window opens
    net_->reset_stats();
    std::fill(m.turned_away.begin(), m.turned_away.end(), 0.0);
  }
  m.mech = active_pooled() ? variant_.mechanisms : Mechanisms{};
  std::fill(m.rationing.begin(), m.rationing.end(), 0);
  set_thresholds(y);
  std::fill(m.rationing_since.begin(), m.rationing_since.end(), kNever);
  m.pooled_rationing = false;
  m.pooled_since = kNever;
  // The fund's spend falls on agencies in proportion to the money they put in.
  double fund = 0.0;
  for (Index a = 0; a < m.agencies; ++a) {
    double c = s_.has_pooled() ? s_.regimes[1].contributions[a] : 0.0;
    m.fund_weight[a] = c * s_.agencies[a].budget[y];
    fund += m.fund_weight[a];
  }
  for (double& w : m.fund_weight) w = fund > 0 ? w / fund : 1.0 / m.agencies;
  std::fill(m.purchased.begin(), m.purchased.end(), 0);
  if (y > 0) {  // ongoing costs of need are committed a year at a time, summed by need
    std::vector<double> per_need(m.needs, 0.0);
    for (std::uint32_t f = 0; f < families_.slots(); ++f) {
      if (!families_.core(f).alive || families_.core(f).departed) continue;
      const std::uint8_t* lv = families_.needs(f);
      for (Index d = 0; d < m.needs; ++d) {
        if (lv[d] > 0) per_need[d] += p_.needs[d].cost_per_day[lv[d] - 1];
      }
    }
    for (Index d = 0; d < m.needs; ++d)
      charge(s_.needs[d].payer, s_.needs[d].cashable, per_need[d] * kDaysPerYear);
  }
  apply_capacity(y, false);  // base capacity first: the starting state and decisions see it
  if (y == 0) place_initial_state();
  commission(y);
  apply_capacity(y, true);
  charge_year(y);
  if (y + 1 < s_.simulated_years())
    sim_.at((y + 1) * kDaysPerYear, sim::Priority::boundary, kYearStart, 0,
            static_cast<std::uint32_t>(y + 1));
}

std::uint32_t FamilySimulation::base_capacity(Index sv, int y) const {
  const ServiceSpec& spec = s_.services[sv];
  const Index joint = s_.has_pooled() ? s_.regimes[1].assessment : kNoIndex;
  const bool joint_on = m_->mech.single_assessment;
  if (sv == joint) return joint_on ? spec.capacity[static_cast<std::size_t>(y)] : 0;  // pooled only
  // Old assessment teams are wound down once the double running ends.
  if (joint_on && spec.kind == ServiceKind::assessment &&
      appraisal_year(y) >= std::lround(s_.regimes[1].double_running_years))
    return 0;
  return spec.capacity[static_cast<std::size_t>(y)];
}

void FamilySimulation::apply_capacity(int y, bool with_purchases) {
  for (Index sv = 0; sv < m_->services; ++sv)
    net_->set_capacity(sv, base_capacity(sv, y) + (with_purchases ? m_->purchased[sv] : 0));
}

void FamilySimulation::charge_year(int y) {
  Impl& m = *m_;
  const int t = appraisal_year(y);
  const Index joint = s_.has_pooled() ? s_.regimes[1].assessment : kNoIndex;
  for (Index sv = 0; sv < m.services; ++sv) {
    const ServiceSpec& spec = s_.services[sv];
    if (t >= 0) rec_.places_bought[static_cast<std::size_t>(t) * m.services + sv] = m.purchased[sv];
    double place = p_.services[sv].cost_per_place_year;
    if (place <= 0.0 || spec.agency == kNoIndex) continue;
    // Places are committed for the whole year at its start, busy or not.
    int cat = spec.kind == ServiceKind::assessment     ? kAssessment
              : spec.kind == ServiceKind::intervention ? kPreventive
                                                       : kReactive;
    if (sv == joint) {
      spend_shared(m.joint_weight, cat, place * base_capacity(sv, y));
    } else {
      spend(spec.agency, cat, place * base_capacity(sv, y));
    }
    if (m.purchased[sv] > 0) spend(spec.agency, cat, place * m.purchased[sv], m.mech.investment);
  }
  if (m.mech.setup && t >= 0 && static_cast<std::size_t>(t) < p_.setup_costs.size())
    spend(0, kSetup, p_.setup_costs[static_cast<std::size_t>(t)], true);
}

void FamilySimulation::observe_year(int y) {
  const int t = appraisal_year(y);
  if (t < 0 || t >= s_.years) return;
  Impl& m = *m_;
  const bool pooled = m.mech.rationing;
  for (Index a = 0; a < m.agencies; ++a) {
    const double since =
        pooled ? (s_.agencies[a].rationing_at > 0 ? m.pooled_since : kNever) : m.rationing_since[a];
    rec_.rationing_days[static_cast<std::size_t>(t) * m.agencies + a] =
        std::max(0.0, (y + 1) * kDaysPerYear - since);
  }
  const auto base = static_cast<std::size_t>(t) * m.needs * kLevels;
  double alive = 0.0, turned = 0.0;
  for (std::uint32_t f = 0; f < families_.slots(); ++f) {
    const FamilyCore& c = families_.core(f);
    if (!c.alive || c.departed || m.needs == 0) continue;
    alive += 1.0;
    bool high = false;
    const std::uint8_t* lv = families_.needs(f);
    for (Index d = 0; d < m.needs; ++d) {
      rec_.prevalence[base + std::size_t{d} * kLevels + lv[d]] += 1.0;
      high = high || lv[d] == 2;
    }
    if (!high) turned += 1.0;
  }
  if (alive > 0) {
    for (std::size_t i = 0; i < static_cast<std::size_t>(m.needs) * kLevels; ++i)
      rec_.prevalence[base + i] /= alive;
  }
  rec_.families[static_cast<std::size_t>(t)] = alive;
  rec_.turned_around[static_cast<std::size_t>(t)] = turned;
}

}  // namespace placesim::models
