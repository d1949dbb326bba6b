#include "models/family/subgroups.h"

namespace placesim::models {

NeedProfile need_profile(const std::uint8_t* levels, std::uint32_t needs) {
  int high = 0;
  bool moderate = false;
  for (std::uint32_t d = 0; d < needs; ++d) {
    high += levels[d] == 2 ? 1 : 0;
    moderate = moderate || levels[d] == 1;
  }
  if (high >= 2) return kSeveralHigh;
  if (high == 1) return kOneHigh;
  return moderate ? kModerateOnly : kNoNeed;
}

const char* need_profile_name(int profile) {
  static const char* names[kProfiles] = {"no_need", "moderate_only", "one_high", "several_high"};
  return profile >= 0 && profile < kProfiles ? names[profile] : "unknown";
}

const char* need_profile_label(int profile) {
  static const char* labels[kProfiles] = {"No need", "Moderate needs only", "One high need",
                                          "Two or more high needs"};
  return profile >= 0 && profile < kProfiles ? labels[profile] : "unknown";
}

}  // namespace placesim::models
