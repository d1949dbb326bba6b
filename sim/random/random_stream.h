#pragma once
//! Counter-based random streams: every draw is a pure function of its identity.

#include <Random123/philox.h>

#include <cstdint>

namespace placesim::sim {

//! The part of a stream's identity shared by a whole replication.
struct StreamKey {
  std::uint64_t seed = 0;         //!< the run's master seed
  std::uint64_t replication = 0;  //!< replication index (not the thread or rank)
};

//! A sequence of 64-bit draws from Philox4x64-10 with key (seed, replication)
//! and counter (block, substream, agent, purpose). Draw n of a stream is word
//! n mod 4 of block n / 4, so it depends only on (seed, replication, agent,
//! purpose, substream, n): never on threads, ranks or the order of replications.
class RandomStream {
 public:
  using Engine = r123::Philox4x64;

  RandomStream() = default;
  //! A stream identified by the replication key, the agent, the purpose of its
  //! draws and a substream (for example the n-th occurrence of something).
  RandomStream(StreamKey key, std::uint64_t agent, std::uint64_t purpose,
               std::uint64_t substream = 0) {
    key_ = {{key.seed, key.replication}};
    ctr_ = {{0, substream, agent, purpose}};
  }

  //! The next 64 random bits.
  std::uint64_t bits() {
    if (lane_ == 4) {
      block_ = Engine{}(ctr_, key_);
      ++ctr_.v[0];
      lane_ = 0;
    }
    return block_.v[lane_++];
  }

  //! A uniform draw on the open interval (0, 1): never 0, never 1, 53 bits.
  double uniform() { return (static_cast<double>(bits() >> 11) + 0.5) * 0x1.0p-53; }

  //! How many 64-bit draws this stream has handed out.
  [[nodiscard]] std::uint64_t drawn() const { return ctr_.v[0] * 4 - (4 - lane_); }

 private:
  Engine::key_type key_{};
  Engine::ctr_type ctr_{};
  Engine::ctr_type block_{};
  unsigned lane_ = 4;
};

//! A single 64-bit draw by full identity, for callers that keep no stream.
inline std::uint64_t random_bits(StreamKey key, std::uint64_t agent, std::uint64_t purpose,
                                 std::uint64_t substream, std::uint64_t index) {
  RandomStream::Engine::ctr_type ctr = {{index / 4, substream, agent, purpose}};
  RandomStream::Engine::key_type k = {{key.seed, key.replication}};
  return RandomStream::Engine{}(ctr, k).v[index % 4];
}

}  // namespace placesim::sim
