#pragma once
//! Which families the evaluation measures and the year each entered, in a
//! bit a family and two bytes a measured one: the baseline's history finds a
//! family's years by its rank among the measured.

#include <bit>
#include <cstdint>
#include <vector>

namespace placesim::models {

//! The measured families among all identities of a run, by rank in identity order.
class MeasuredIndex {
 public:
  MeasuredIndex() = default;
  //! From `entry_years[uid]`: the year family uid entered when measured, else negative.
  explicit MeasuredIndex(const std::vector<std::int16_t>& entry_years);

  //! Family uid's rank among the measured (0 for the first), or kNot.
  [[nodiscard]] std::uint32_t rank(std::uint64_t uid) const {
    const std::uint64_t w = uid / 64;
    if (w >= bits_.size()) return kNot;
    const std::uint64_t bit = std::uint64_t{1} << (uid % 64);
    if ((bits_[w] & bit) == 0) return kNot;
    return before_[w] + static_cast<std::uint32_t>(std::popcount(bits_[w] & (bit - 1)));
  }
  //! The entry year of the measured family of rank r.
  [[nodiscard]] int year(std::uint32_t r) const { return years_[r]; }
  //! How many families are measured.
  [[nodiscard]] std::uint32_t size() const { return static_cast<std::uint32_t>(years_.size()); }
  //! Bytes it takes.
  [[nodiscard]] std::uint64_t bytes() const {
    return bits_.size() * sizeof(std::uint64_t) + before_.size() * sizeof(std::uint32_t) +
           years_.size() * sizeof(std::int16_t);
  }
  static constexpr std::uint32_t kNot = 0xffffffffu;  //!< rank(): not measured

 private:
  std::vector<std::uint64_t> bits_;    // bit uid % 64 of word uid / 64: measured
  std::vector<std::uint32_t> before_;  // [word] measured families in the words before it
  std::vector<std::int16_t> years_;    // [rank] entry year
};

}  // namespace placesim::models
