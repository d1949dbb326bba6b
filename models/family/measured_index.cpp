#include "models/family/measured_index.h"

#include <bit>
#include <limits>
#include <stdexcept>

namespace placesim::models {

MeasuredIndex::MeasuredIndex(const std::vector<std::int16_t>& entry_years)
    : bits_((entry_years.size() + 63) / 64, 0), before_(bits_.size(), 0) {
  for (std::uint64_t uid = 0; uid < entry_years.size(); ++uid) {
    if (entry_years[uid] < 0) continue;
    if (years_.size() == std::numeric_limits<std::uint32_t>::max() - 1)
      throw std::length_error("MeasuredIndex: more than 2^32 - 1 families measured");
    bits_[uid / 64] |= std::uint64_t{1} << (uid % 64);
    years_.push_back(entry_years[uid]);
  }
  std::uint32_t n = 0;
  for (std::size_t w = 0; w < bits_.size(); ++w) {
    before_[w] = n;
    n += static_cast<std::uint32_t>(std::popcount(bits_[w]));
  }
}

}  // namespace placesim::models
