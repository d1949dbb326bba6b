#pragma once
//! An open network of services with external Poisson arrivals and
//! probabilistic routing: the queueing core every model built on it contains.

#include <cstdint>
#include <string>
#include <vector>

#include "sim/core/simulation.h"
#include "sim/queueing/routing.h"
#include "sim/queueing/service.h"
#include "sim/random/distribution.h"

namespace placesim::sim {

//! One service of a network: servers, how long service takes, where agents go.
struct NetworkService {
  std::string name;                                        //!< for messages and output
  std::uint32_t capacity = 1;                              //!< servers
  Distribution duration = Distribution::exponential(1.0);  //!< days in service
  Routing on_exit;                                         //!< where agents go next
};

//! External Poisson arrivals of new agents into one service.
struct NetworkSource {
  std::uint32_t into = 0;  //!< index of the service they join
  double per_day = 0.0;    //!< arrival rate (per day)
};

//! The structure of an open queueing network.
struct NetworkSpec {
  std::vector<NetworkService> services;  //!< the services, indexed from 0
  std::vector<NetworkSource> sources;    //!< the external arrival streams
};

//! Purposes of the network's own random streams.
namespace network_purpose {
inline constexpr std::uint64_t arrivals = 0x4e45540000000001ull;
inline constexpr std::uint64_t duration = 0x4e45540000000002ull;
inline constexpr std::uint64_t routing = 0x4e45540000000003ull;
}  // namespace network_purpose

//! How an episode of service begins, as a model's hooks decide it: how long
//! it lasts and a note the hooks get back when it has started.
struct EpisodeStart {
  double days = 0.0;       //!< duration of the episode
  std::uint32_t note = 0;  //!< the hooks' own (for example: the agent will leave early)
};

//! Hooks that change nothing: agents are numbered in order of arrival.
struct PlainNetworkHooks {
  std::uint64_t next_agent = 0;  //!< id of the next external arrival
  //! Identity of a new agent arriving from `source`.
  std::uint64_t new_agent(std::uint32_t /*source*/, Time /*now*/) { return next_agent++; }
};

//! Runs a NetworkSpec on a Simulation. Hooks must provide
//!   std::uint64_t new_agent(std::uint32_t source, Time now)
//! and may provide any of (detected at compile time, so absent hooks cost nothing)
//!   bool admit(agent, service)                      refuse entry when false
//!   std::int32_t priority(agent, service)           queue priority (lower first)
//!   double duration(agent, service, const Distribution&)   own duration draws, or
//!   EpisodeStart begin_episode(agent, service, const Distribution&)  a duration and a note,
//!     passed back as started(agent, service, EventHandle, note)
//!   std::uint32_t route(agent, service, const Routing&)    own routing decisions
//!   void waiting(agent, service), started(agent, service, EventHandle),
//!   completed(agent, service), left(agent)          notifications
template <class Hooks>
class Network {
 public:
  static constexpr std::uint32_t kArrival = 0;     //!< kind offset: external arrival
  static constexpr std::uint32_t kCompletion = 1;  //!< kind offset: service completion

  //! A network on `sim`; its event kinds are kind_base and kind_base + 1.
  Network(const NetworkSpec& spec, Simulation& sim, Hooks& hooks, std::uint32_t kind_base = 0)
      : spec_(spec), sim_(sim), hooks_(hooks), kind_base_(kind_base) {
    for (std::uint32_t i = 0; i < spec.services.size(); ++i) {
      services_.emplace_back(spec.services[i].capacity, sim.now());
      duration_streams_.push_back(sim.stream(engine_agent(i), network_purpose::duration));
      routing_streams_.push_back(sim.stream(engine_agent(i), network_purpose::routing));
    }
    for (std::uint32_t i = 0; i < spec.sources.size(); ++i) {
      arrival_streams_.push_back(sim.stream(engine_agent(i), network_purpose::arrivals));
    }
  }

  //! Schedules the first external arrival of every source.
  void start() {
    for (std::uint32_t i = 0; i < spec_.sources.size(); ++i) schedule_arrival(i);
  }
  //! True when the event is one of this network's.
  [[nodiscard]] bool owns(const Event& e) const { return e.kind - kind_base_ < 2; }
  //! Handles one of this network's events.
  void handle(const Event& e) {
    if (e.kind == kind_base_ + kArrival) {
      auto src = static_cast<std::uint32_t>(e.target);
      std::uint64_t agent = hooks_.new_agent(src, sim_.now());
      schedule_arrival(src);
      arrive(agent, spec_.sources[src].into);
    } else {
      complete(e.target, e.arg);
    }
  }
  //! An agent arrives at a service now: it starts, queues or is refused.
  //! Returns false when the hooks refused it.
  bool arrive(std::uint64_t agent, std::uint32_t s) {
    ++events_;
    if constexpr (requires { hooks_.admit(agent, s); }) {
      if (!hooks_.admit(agent, s)) return false;
    }
    std::int32_t prio = 0;
    if constexpr (requires { hooks_.priority(agent, s); }) prio = hooks_.priority(agent, s);
    if (services_[s].try_start(sim_.now(), prio)) {
      begin(agent, s);
    } else {
      services_[s].enqueue(sim_.now(), agent, prio);
      if constexpr (requires { hooks_.waiting(agent, s); }) hooks_.waiting(agent, s);
    }
    return true;
  }
  //! Changes a service's number of servers now, starting waiting agents if it grew.
  void set_capacity(std::uint32_t s, std::uint32_t capacity) {
    services_[s].set_capacity(sim_.now(), capacity);
    start_waiting(s);
  }
  //! Takes every waiting agent out of service s's queue (it is closing) and
  //! returns them in the order they would have been served; their waits are
  //! not counted.
  std::vector<std::uint64_t> drain(std::uint32_t s) {
    std::vector<std::uint64_t> out;
    while (auto e = services_[s].pop_waiting(sim_.now())) out.push_back(e->agent);
    return out;
  }
  //! Server-time of service s above its capacity since the last call (see
  //! Service::take_over_capacity).
  double take_over_capacity(std::uint32_t s) { return services_[s].take_over_capacity(sim_.now()); }
  //! Frees a server now without routing (the agent left service early).
  void abandon(std::uint32_t s) {
    services_[s].release(sim_.now());
    start_waiting(s);
  }
  //! Takes a waiting agent out of a queue (it gave up or left); false if absent.
  bool withdraw(std::uint64_t agent, std::uint32_t s) {
    return services_[s].remove_waiting(sim_.now(), agent);
  }
  //! Restarts every service's statistics now (ends a warm-up).
  void reset_stats() {
    for (auto& sv : services_) sv.reset_stats(sim_.now());
  }
  //! The service with index s.
  [[nodiscard]] const Service& service(std::uint32_t s) const { return services_[s]; }
  //! Arrivals at services plus departures so far: the peers' event count.
  [[nodiscard]] std::uint64_t counted_events() const { return events_; }

 private:
  static std::uint64_t engine_agent(std::uint32_t i) { return (1ull << 63) | i; }

  void schedule_arrival(std::uint32_t src) {
    if (!(spec_.sources[src].per_day > 0.0)) return;  // a closed source never fires
    double gap = sample_exponential(arrival_streams_[src], 1.0 / spec_.sources[src].per_day);
    sim_.again(sim_.now() + gap, Priority::seize, kind_base_ + kArrival, src);
  }
  void begin(std::uint64_t agent, std::uint32_t s) {
    const Distribution& dist = spec_.services[s].duration;
    EpisodeStart e;
    if constexpr (requires { hooks_.begin_episode(agent, s, dist); }) {
      e = hooks_.begin_episode(agent, s, dist);
    } else if constexpr (requires { hooks_.duration(agent, s, dist); }) {
      e.days = hooks_.duration(agent, s, dist);
    } else {
      e.days = dist.sample(duration_streams_[s]);
    }
    // The completion that freed this server becomes the new one's, in place.
    EventHandle h =
        sim_.again(sim_.now() + e.days, Priority::release, kind_base_ + kCompletion, agent, s);
    if constexpr (requires { hooks_.started(agent, s, h, e.note); }) {
      hooks_.started(agent, s, h, e.note);
    } else if constexpr (requires { hooks_.started(agent, s, h); }) {
      hooks_.started(agent, s, h);
    }
  }
  void start_waiting(std::uint32_t s) {
    while (auto next = services_[s].start_next(sim_.now())) begin(next->agent, s);
  }
  void complete(std::uint64_t agent, std::uint32_t s) {
    ++events_;
    services_[s].release(sim_.now());
    start_waiting(s);  // capacity is released before anyone else seizes it
    if constexpr (requires { hooks_.completed(agent, s); }) hooks_.completed(agent, s);
    const Routing& r = spec_.services[s].on_exit;
    std::uint32_t to;
    if constexpr (requires { hooks_.route(agent, s, r); }) {
      to = hooks_.route(agent, s, r);
    } else {
      to = r.empty() ? Routing::kLeave : r.route(routing_streams_[s].uniform());
    }
    if (to == Routing::kLeave) {
      if constexpr (requires { hooks_.left(agent); }) hooks_.left(agent);
    } else {
      arrive(agent, to);
    }
  }

  const NetworkSpec& spec_;
  Simulation& sim_;
  Hooks& hooks_;
  std::uint32_t kind_base_;
  std::vector<Service> services_;
  std::vector<RandomStream> duration_streams_;
  std::vector<RandomStream> routing_streams_;
  std::vector<RandomStream> arrival_streams_;
  std::uint64_t events_ = 0;
};

}  // namespace placesim::sim
