#pragma once
//! Purposes of the model's random streams. A draw's identity is (seed,
//! replication, agent, purpose, substream, index): families are agents by
//! their creation id, and the substream is an occurrence count, so a family
//! draws the same numbers in every regime for as long as its history agrees.

#include <cstdint>

namespace placesim::models::purpose {

inline constexpr std::uint64_t needs_init = 0x10;  //!< need levels of a new family
inline constexpr std::uint64_t service = 0x11;     //!< duration and drop-out of an episode
inline constexpr std::uint64_t routing = 0x12;     //!< on_exit routing after an episode
inline constexpr std::uint64_t handoff = 0x13;     //!< delay and loss of a referral
inline constexpr std::uint64_t effect = 0x14;      //!< how long an effect persists
inline constexpr std::uint64_t initial = 0x15;     //!< choosing families for the starting state
inline constexpr std::uint64_t parameters = 0x16;  //!< per-replication parameter draws
inline constexpr std::uint64_t arrivals = 0x17;    //!< external arrivals, substream = source
inline constexpr std::uint64_t decomposition =
    0x18;  //!< orders of mechanisms sampled for Shapley values
inline constexpr std::uint64_t targeting = 0x19;  //!< commissioners' noisy view of a family's risk
inline constexpr std::uint64_t trial = 0x1a;      //!< randomisation of an emulated trial
inline constexpr std::uint64_t posterior = 0x1b;  //!< which posterior draw a replication takes
inline constexpr std::uint64_t prior_sample = 0x1c;   //!< a calibration's sample of its priors
inline constexpr std::uint64_t place_seed = 0x1d;     //!< an aggregate's seed for each place
inline constexpr std::uint64_t place_effects = 0x1e;  //!< a place's random effects, agent = place
inline constexpr std::uint64_t shared_parameters =
    0x1f;  //!< parameters places share, substream = hash of the key path
inline constexpr std::uint64_t clock =
    0x1000;  //!< + clock: its Exp(1) residuals (and a need's direction)
inline constexpr std::uint64_t consequence = 0x2000;  //!< + event type: what an event leads to

//! Agent id of draws that belong to the replication rather than to a family.
inline constexpr std::uint64_t kReplicationAgent = 0xFFFF'FFFF'FFFF'0000ull;

}  // namespace placesim::models::purpose
