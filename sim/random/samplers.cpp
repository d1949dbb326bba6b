#include "sim/random/samplers.h"

#include <array>
#include <limits>

namespace placesim::sim {
namespace {

template <std::size_t N>
double horner(const std::array<double, N>& c, double x) {
  double v = c[N - 1];
  for (std::size_t i = N - 1; i-- > 0;) v = v * x + c[i];
  return v;
}

// Wichura (1988), Algorithm AS241 PPND16, coefficients lowest order first.
constexpr std::array<double, 8> kA = {3.3871328727963666080e0, 1.3314166789178437745e2,
                                      1.9715909503065514427e3, 1.3731693765509461125e4,
                                      4.5921953931549871457e4, 6.7265770927008700853e4,
                                      3.3430575583588128105e4, 2.5090809287301226727e3};
constexpr std::array<double, 8> kB = {1.0,
                                      4.2313330701600911252e1,
                                      6.8718700749205790830e2,
                                      5.3941960214247511077e3,
                                      2.1213794301586595867e4,
                                      3.9307895800092710610e4,
                                      2.8729085735721942674e4,
                                      5.2264952788528545610e3};
constexpr std::array<double, 8> kC = {1.42343711074968357734e0,  4.63033784615654529590e0,
                                      5.76949722146069140550e0,  3.64784832476320460504e0,
                                      1.27045825245236838258e0,  2.41780725177450611770e-1,
                                      2.27238449892691845833e-2, 7.74545014278341407640e-4};
constexpr std::array<double, 8> kD = {1.0,
                                      2.05319162663775882187e0,
                                      1.67638483018380384940e0,
                                      6.89767334985100004550e-1,
                                      1.48103976427480074590e-1,
                                      1.51986665636164571966e-2,
                                      5.47593808499534494600e-4,
                                      1.05075007164441684324e-9};
constexpr std::array<double, 8> kE = {6.65790464350110377720e0,  5.46378491116411436990e0,
                                      1.78482653991729133580e0,  2.96560571828504891230e-1,
                                      2.65321895265761230930e-2, 1.24266094738807843860e-3,
                                      2.71155556874348757815e-5, 2.01033439929228813265e-7};
constexpr std::array<double, 8> kF = {1.0,
                                      5.99832206555887937690e-1,
                                      1.36929880922735805310e-1,
                                      1.48753612908506148525e-2,
                                      7.86869131145613259100e-4,
                                      1.84631831751005468180e-5,
                                      1.42151175831644588870e-7,
                                      2.04426310338993978564e-15};

}  // namespace

double normal_quantile(double p) {
  if (!(p > 0.0)) return -std::numeric_limits<double>::infinity();
  if (!(p < 1.0)) return std::numeric_limits<double>::infinity();
  const double q = p - 0.5;
  if (std::fabs(q) <= 0.425) {
    const double r = 0.180625 - q * q;
    return q * horner(kA, r) / horner(kB, r);
  }
  double r = std::sqrt(-std::log(q < 0.0 ? p : 1.0 - p));
  double v;
  if (r <= 5.0) {
    r -= 1.6;
    v = horner(kC, r) / horner(kD, r);
  } else {
    r -= 5.0;
    v = horner(kE, r) / horner(kF, r);
  }
  return q < 0.0 ? -v : v;
}

double log_factorial(std::uint64_t k) {
  if (k < 2) return 0.0;
  if (k < 20) {
    double v = 0.0;
    for (std::uint64_t i = 2; i <= k; ++i) v += std::log(static_cast<double>(i));
    return v;
  }
  // Stirling's series; at k >= 20 the omitted terms are below 1e-17 relative.
  const double n = static_cast<double>(k);
  const double n2 = n * n;
  constexpr double kHalfLog2Pi = 0.91893853320467274178;
  return (n + 0.5) * std::log(n) - n + kHalfLog2Pi +
         (1.0 / 12.0 - (1.0 / 360.0 - (1.0 / 1260.0 - 1.0 / (1680.0 * n2)) / n2) / n2) / n;
}

}  // namespace placesim::sim
