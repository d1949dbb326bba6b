#pragma once
// Referrals and interventions (private to models/family): how a family
// reaches a service — through an assessment, across agencies with a delay and
// a risk of loss, turned away at a full waiting list or by rationing — and
// what an intervention does to it while it acts and after.

#include <cstdint>
#include <memory>
#include <vector>

#include "models/family/budgets.h"
#include "models/family/clocks.h"
#include "models/family/world.h"
#include "sim/queueing/network.h"

namespace placesim::models::family {

class Referrals;
//! The network of services a family model runs, with Referrals as its hooks.
using Network = sim::Network<Referrals>;

//! Referrals, services and intervention effects of one simulation.
class Referrals {
 public:
  //! Referrals in world w, posting costs through `budgets` and touching `clocks`.
  Referrals(World& w, Budgets& budgets, Clocks& clocks);
  //! Attaches the network whose hooks this is (made after it).
  void attach(Network& net) { net_ = &net; }

  //! Refers family f to service sv, from agency `from` (kNoIndex: from no agency).
  //! A referral of need (not a commissioner's offer of a place) that is
  //! refused, lost or rationed away leaves the need unmet.
  void refer(std::uint32_t f, Index sv, Index from, bool of_need = true);
  //! A referral delayed in transit reaches service sv now.
  void arrive_after_handoff(std::uint32_t f, Index sv);
  //! Family f's assessment by assessment service sv is done: act on it.
  void after_assessment(std::uint32_t f, Index sv);
  //! True when family f qualifies for intervention sv now.
  [[nodiscard]] bool eligible(std::uint32_t f, Index sv) const;
  //! True when an effect of intervention sv acts on f now.
  [[nodiscard]] bool has_effect(std::uint32_t f, Index sv) const;
  //! Family f's event came for an effect's end: the effects due by now end; f is touched.
  void end_effects(std::uint32_t f);
  //! Service sv closed while family f waited for it: re-refer or leave unmet.
  void service_closed(std::uint32_t f, Index sv);
  //! Family f's event came for its lapse: its unmet marks lapse, unless set
  //! again since (then the lapse is later); either way f is touched.
  void end_unmet(std::uint32_t f);
  //! Family f leaves the place: it leaves every queue.
  void leave_queues(std::uint32_t f);
  //! The service the world's rules make the one assessment for everybody, or kNoIndex.
  [[nodiscard]] Index joint_service() const { return w_.rules().joint_assessment; }

  // Hooks called by sim::Network (see sim/queueing/network.h).
  std::uint64_t new_agent(std::uint32_t source,
                          sim::Time now);  //!< unused: the network has no sources
  std::int32_t priority(std::uint64_t agent, std::uint32_t sv);  //!< queue order
  sim::EpisodeStart begin_episode(std::uint64_t agent, std::uint32_t sv,
                                  const sim::Distribution& d);  //!< length, drop-out
  void waiting(std::uint64_t agent, std::uint32_t sv);          //!< joined a queue
  void started(std::uint64_t agent, std::uint32_t sv, sim::EventHandle h,
               std::uint32_t dropped);                    //!< began
  void completed(std::uint64_t agent, std::uint32_t sv);  //!< finished service
  std::uint32_t route(std::uint64_t agent, std::uint32_t sv,
                      const sim::Routing& r);  //!< onward referral
  void left(std::uint64_t agent);              //!< out of the network

 private:
  void send(std::uint32_t f, Index sv, Index from, bool of_need);
  void mark_unmet(std::uint32_t f, Index sv);
  [[nodiscard]] bool in_trial(std::uint32_t f);
  [[nodiscard]] bool eligible_at(std::uint32_t f, Index sv, int min_level) const;
  [[nodiscard]] Index assessor_of(Index sv) const;
  [[nodiscard]] std::size_t stamp_slot(Index who) const;
  [[nodiscard]] bool assessed_valid(std::uint32_t f, Index who) const;
  [[nodiscard]] bool high_need_in(std::uint32_t f, Index sv) const;
  void start_effect(std::uint32_t f, Index sv, bool dropped);

  static constexpr Index kJoint = 0xfffffffeu;  // "the joint assessment" as an assessor
  World& w_;
  Budgets& budgets_;
  Clocks& clocks_;
  Network* net_ = nullptr;
};

}  // namespace placesim::models::family
