#pragma once
//! A family's intervention effects as its block holds them: a byte and a
//! float a slot, not a struct of both (padded to twice the bytes).

#include <cassert>
#include <cstdint>
#include <type_traits>

#include "models/scenario/scenario.h"

namespace placesim::models {

//! One intervention's effect on a family: during service, then until `until`.
struct ActiveEffect {
  std::uint16_t service = 0;  //!< the intervention
  std::uint8_t phase = 0;     //!< 0 none, 1 in service, 2 after exit
  std::uint8_t dropped = 0;   //!< left early: no effect after exit
  float until = 0.0f;         //!< end of the after-exit phase (days)
};

//! A family's effect slots: slot j's intervention and state in codes[j], the
//! end of its after-exit phase in until[j] (read in that phase alone). A
//! family that left early has no after-exit phase, so "dropped" is a state
//! of its own and the state takes two bits beside the service's six.
template <bool kMutable>
class BasicEffectSlots {
  using Byte = std::conditional_t<kMutable, std::uint8_t, const std::uint8_t>;
  using Float = std::conditional_t<kMutable, float, const float>;

 public:
  static constexpr std::uint32_t kServiceBits = 6;  //!< bits of a code that hold the service
  static_assert(kMaxServices <= (std::size_t{1} << kServiceBits),
                "a slot's code holds the service in its low six bits");

  //! The view of `n` slots: their codes and their ends.
  BasicEffectSlots(Byte* codes, Float* until, std::uint32_t n)
      : codes_(codes), until_(until), n_(n) {}
  //! A read-only view of the same slots.
  operator BasicEffectSlots<false>() const  // NOLINT(google-explicit-constructor)
      requires kMutable {
    return {codes_, until_, n_};
  }

  //! Slots a family has.
  [[nodiscard]] std::uint32_t size() const { return n_; }
  //! True while slot j's effect acts (in service or after exit).
  [[nodiscard]] bool active(std::uint32_t j) const { return state(j) != kNone; }
  //! True while slot j's effect is in its after-exit phase.
  [[nodiscard]] bool after_exit(std::uint32_t j) const { return state(j) == kAfter; }
  //! Slot j's intervention (its last, once the slot is free).
  [[nodiscard]] std::uint32_t service(std::uint32_t j) const { return codes_[j] & kServiceMask; }
  //! 0 none, 1 in service, 2 after exit.
  [[nodiscard]] std::uint8_t phase(std::uint32_t j) const {
    return state(j) == kDropped ? std::uint8_t{1} : state(j);
  }
  //! True when slot j's family left its intervention early.
  [[nodiscard]] bool dropped(std::uint32_t j) const { return state(j) == kDropped; }
  //! End of slot j's after-exit phase (days), while after_exit(j).
  [[nodiscard]] float until(std::uint32_t j) const { return until_[j]; }
  //! Slot j as one value, a copy: change a slot with start(), continue_until() and end().
  [[nodiscard]] const ActiveEffect operator[](
      std::uint32_t j) const {  // NOLINT(readability-const-return-type)
    return {static_cast<std::uint16_t>(service(j)), phase(j), std::uint8_t{dropped(j)}, until_[j]};
  }

  //! Slot j starts an effect of `service`, in service.
  void start(std::uint32_t j, std::uint32_t service, bool dropped) const requires kMutable {
    assert(service <= kServiceMask);
    set(j, service, dropped ? kDropped : kInService);
    until_[j] = 0.0f;
  }
  //! Slot j's effect goes on after exit until `until`.
  void continue_until(std::uint32_t j, float until) const requires kMutable {
    assert(state(j) == kInService);
    set(j, service(j), kAfter);
    until_[j] = until;
  }
  //! Slot j's effect ends: the slot is free.
  void end(std::uint32_t j) const requires kMutable { set(j, service(j), kNone); }
  //! Slot j holds nothing (a new family's slots).
  void clear(std::uint32_t j) const requires kMutable {
    codes_[j] = 0;
    until_[j] = 0.0f;
  }

 private:
  static constexpr std::uint8_t kServiceMask = (1u << kServiceBits) - 1;
  static constexpr std::uint8_t kNone = 0, kInService = 1, kAfter = 2, kDropped = 3;
  [[nodiscard]] std::uint8_t state(std::uint32_t j) const {
    return static_cast<std::uint8_t>(codes_[j] >> kServiceBits);
  }
  void set(std::uint32_t j, std::uint32_t service, std::uint8_t state) const requires kMutable {
    codes_[j] =
        static_cast<std::uint8_t>(service | static_cast<std::uint32_t>(state) << kServiceBits);
  }

  Byte* codes_;
  Float* until_;
  std::uint32_t n_;
};

using EffectSlots = BasicEffectSlots<true>;        //!< a family's effect slots, to change
using ConstEffectSlots = BasicEffectSlots<false>;  //!< a family's effect slots, to read

}  // namespace placesim::models
