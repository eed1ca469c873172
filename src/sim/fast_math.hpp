// atan2 from basic arithmetic only, for the simulator's once-per-aircraft-second great-circle state (a quarter of
// its time went into glibc's atan2). Deterministic by construction: the same operations in the same order on every
// platform (IEEE 754 double, round to nearest), where libm's last bit may differ between libraries.
//
// Method: reduce |y|/|x| (or |x|/|y|) to t in [0, 1]; above tan(pi/8) use atan t = pi/4 + atan((t-1)/(t+1)); above
// tan(pi/16) use atan u = pi/8 + atan((u - tan(pi/8)) / (1 + u tan(pi/8))) (the addition formula for the
// arctangent); then |v| <= tan(pi/16) = 0.199 and the Maclaurin series atan v = sum (-1)^k v^(2k+1) / (2k+1) to
// k = 11 leaves a truncation error below v^25/25 < 1e-19. Measured against std::atan2 (tests/sim): within
// 4e-16 rad, i.e. 1e-14 degrees or 3 nm on the Earth.
#pragma once

#include <array>
#include <cmath>
#include <numbers>

namespace gw::sim {

namespace detail {

inline constexpr int kAtanTerms = 12;  // k = 0..11
inline constexpr std::array<double, kAtanTerms> atan_series_coefficients() {
  std::array<double, kAtanTerms> c{};
  for (int k = 0; k < kAtanTerms; ++k) c[k] = (k % 2 ? -1.0 : 1.0) / (2 * k + 1);
  return c;
}
inline constexpr auto kAtanCoefficients = atan_series_coefficients();
inline constexpr double kTanPi8 = 0.41421356237309504880;   // sqrt(2) - 1
inline constexpr double kTanPi16 = 0.19891236737965800691;  // tan(pi/16)

// atan v for |v| <= tan(pi/16): Horner in v^2.
inline double atan_small(double v) noexcept {
  const double v2 = v * v;
  double sum = kAtanCoefficients[kAtanTerms - 1];
  for (int k = kAtanTerms - 2; k >= 0; --k) sum = sum * v2 + kAtanCoefficients[k];
  return v * sum;
}

// atan t for 0 <= t <= 1.
inline double atan_unit(double t) noexcept {
  double base = 0;
  if (t > kTanPi8) {
    t = (t - 1.0) / (t + 1.0);  // now in (-tan(pi/8), 0]
    base = std::numbers::pi / 4;
  }
  const double a = std::fabs(t);
  double r;
  if (a > kTanPi16) {
    r = std::numbers::pi / 8 + atan_small((a - kTanPi8) / (1.0 + a * kTanPi8));
  } else {
    r = atan_small(a);
  }
  return t < 0 ? base - r : base + r;
}

}  // namespace detail

// atan2(y, x) in [-pi, pi], as std::atan2 for finite arguments, signed zeros included.
inline double atan2_arith(double y, double x) noexcept {
  const double ax = std::fabs(x), ay = std::fabs(y);
  if (ax == 0 && ay == 0) return std::copysign(std::signbit(x) ? std::numbers::pi : 0.0, y);
  double r;
  if (ay > ax) {
    r = std::numbers::pi / 2 - detail::atan_unit(ax / ay);
  } else {
    r = detail::atan_unit(ay / ax);
  }
  if (std::signbit(x)) r = std::numbers::pi - r;
  return std::copysign(r, y);
}

}  // namespace gw::sim
