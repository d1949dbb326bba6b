#pragma once
//! The mechanisms by which an option regime differs from the baseline, each
//! with one fixed name: the loader, --decompose, the schema and the tests all
//! read this one table.

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace placesim::models {

//! One difference between an option and the baseline.
enum class Mechanism : std::uint8_t {
  view,     //!< whose savings a commissioner counts: its own, or the pool's (the wrong pocket)
  horizon,  //!< the decision horizon: the option's, or the baseline's
  money,    //!< what buys prevention: the fund, or each agency's own invest share
  single_assessment,   //!< one joint assessment instead of one per agency
  handoffs,            //!< the option's handoff delays and losses, or the baseline's
  rationing,           //!< rationing on the pooled budget, or on each silo's
  setup,               //!< set-up costs and double running of old teams
  payment_by_results,  //!< a payer outside the place's services pays per family turned around
};

inline constexpr std::size_t kMechanisms = 8;  //!< how many there are

//! Every mechanism, in the fixed order of outputs.
inline constexpr std::array<Mechanism, kMechanisms> kAllMechanisms = {
    Mechanism::view,     Mechanism::horizon,   Mechanism::money, Mechanism::single_assessment,
    Mechanism::handoffs, Mechanism::rationing, Mechanism::setup, Mechanism::payment_by_results};

//! The name of a mechanism as written in scenarios and outputs.
std::string_view mechanism_name(Mechanism m);
//! What a mechanism is, in one line.
std::string_view mechanism_doc(Mechanism m);
//! The mechanism of a name, if there is one.
std::optional<Mechanism> mechanism_of(std::string_view name);

//! A set of mechanisms switched on.
class MechanismSet {
 public:
  //! The empty set (the baseline).
  constexpr MechanismSet() = default;
  //! Every mechanism.
  static constexpr MechanismSet all() { return MechanismSet((1u << kMechanisms) - 1u); }
  //! The set whose bit i is mechanism kAllMechanisms[i].
  static constexpr MechanismSet from_bits(std::uint32_t bits) {
    return MechanismSet(bits & all().bits_);
  }
  //! True when m is on.
  [[nodiscard]] constexpr bool has(Mechanism m) const {
    return (bits_ >> static_cast<unsigned>(m)) & 1u;
  }
  //! The set with m on or off.
  [[nodiscard]] constexpr MechanismSet with(Mechanism m, bool on = true) const {
    const std::uint32_t bit = 1u << static_cast<unsigned>(m);
    return MechanismSet(on ? bits_ | bit : bits_ & ~bit);
  }
  //! The members as bits.
  [[nodiscard]] constexpr std::uint32_t bits() const { return bits_; }
  //! How many are on.
  [[nodiscard]] int size() const { return __builtin_popcount(bits_); }
  //! Same members.
  constexpr bool operator==(const MechanismSet&) const = default;

 private:
  constexpr explicit MechanismSet(std::uint32_t bits) : bits_(bits) {}
  std::uint32_t bits_ = 0;
};

static_assert(static_cast<unsigned>(Mechanism::payment_by_results) + 1 == kMechanisms,
              "kMechanisms counts the enum");

}  // namespace placesim::models
