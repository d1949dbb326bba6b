#pragma once
//! Probabilistic routing on completion: to one of several places, or away.

#include <cstdint>
#include <vector>

namespace placesim::sim {

//! Destinations with probabilities summing to at most 1; the rest leave.
class Routing {
 public:
  static constexpr std::uint32_t kLeave = 0xffffffffu;  //!< the agent leaves

  //! Adds a destination reached with probability p.
  void add(std::uint32_t to, double p);
  //! Where a uniform draw u in (0, 1) sends the agent.
  [[nodiscard]] std::uint32_t route(double u) const {
    for (std::size_t i = 0; i < cumulative_.size(); ++i) {
      if (u < cumulative_[i]) return targets_[i];
    }
    return kLeave;
  }
  //! Probability of going to `to` (0 when it is not a destination).
  [[nodiscard]] double probability(std::uint32_t to) const;
  //! Probability of leaving.
  [[nodiscard]] double leave_probability() const {
    return cumulative_.empty() ? 1.0 : 1.0 - cumulative_.back();
  }
  //! Destinations in the order they were added.
  [[nodiscard]] const std::vector<std::uint32_t>& targets() const { return targets_; }
  //! True when every agent leaves.
  [[nodiscard]] bool empty() const { return targets_.empty(); }

 private:
  std::vector<std::uint32_t> targets_;
  std::vector<double> cumulative_;
};

}  // namespace placesim::sim
