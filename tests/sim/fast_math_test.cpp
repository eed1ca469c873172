// atan2_arith (sim/fast_math.hpp) against std::atan2: within 4.5e-16 rad over random directions, at the reduction
// boundaries and near the axes, and the same signed-zero and quadrant conventions.
#include "sim/fast_math.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

#include "sim/interference.hpp"  // Rng

namespace gw::sim {
namespace {

constexpr double kTolerance = 4.5e-16;  // about 1 ulp of pi

TEST(FastMath, Atan2MatchesTheLibraryToTheLastBitsOrSo) {
  Rng rng(42);
  double worst = 0;
  for (int i = 0; i < 2'000'000; ++i) {
    double y = rng.uniform(-1, 1), x = rng.uniform(-1, 1);
    if (i % 3 == 0) y *= 1e-7;  // near the x axis (tracks due north/south, longitudes near 0/180)
    if (i % 5 == 0) x *= 1e-9;  // near the y axis
    worst = std::max(worst, std::fabs(atan2_arith(y, x) - std::atan2(y, x)));
  }
  EXPECT_LE(worst, kTolerance);
  // Around the reduction thresholds tan(pi/16), tan(pi/8) and 1, from both sides.
  for (const double t : {0.19891236737965800691, 0.41421356237309504880, 1.0}) {
    for (double f = 1 - 1e-9; f <= 1 + 1e-9; f += 1e-10) {
      EXPECT_NEAR(atan2_arith(t * f, 1.0), std::atan2(t * f, 1.0), kTolerance) << t * f;
      EXPECT_NEAR(atan2_arith(-1.0, -t * f), std::atan2(-1.0, -t * f), kTolerance) << t * f;
    }
  }
}

TEST(FastMath, Atan2QuadrantsAndSignedZeros) {
  const double pi = std::numbers::pi;
  EXPECT_EQ(atan2_arith(0.0, 1.0), 0.0);
  EXPECT_EQ(atan2_arith(1.0, 0.0), pi / 2);
  EXPECT_EQ(atan2_arith(-1.0, 0.0), -pi / 2);
  EXPECT_EQ(atan2_arith(0.0, -1.0), pi);
  EXPECT_EQ(atan2_arith(-0.0, -1.0), -pi);
  EXPECT_NEAR(atan2_arith(1.0, -1.0), 3 * pi / 4, kTolerance);
  EXPECT_NEAR(atan2_arith(-1.0, -1.0), -3 * pi / 4, kTolerance);
  for (const double y : {0.0, -0.0}) {
    for (const double x : {0.0, -0.0}) {
      EXPECT_EQ(atan2_arith(y, x), std::atan2(y, x));
      EXPECT_EQ(std::signbit(atan2_arith(y, x)), std::signbit(std::atan2(y, x)));
    }
  }
}

}  // namespace
}  // namespace gw::sim
