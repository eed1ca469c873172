// BDS 0,6 surface position (TC 5-8).
#include "modes/bds06.hpp"

#include <gtest/gtest.h>

#include "modes/decode_test_util.hpp"

namespace gw::modes {
namespace {

using test::decode_hex;

// The 1090 MHz Riddle, "Surface position" worked example (484175): 17 kt, track 92.8 degrees.
TEST(Bds06, RiddleSurfacePosition) {
  const auto m = decode_hex("8C4841753A9A153237AEF0F275BE");
  EXPECT_EQ(m.type_code, 7);
  EXPECT_EQ(m.on_ground, true);
  ASSERT_TRUE(m.gs_kt.has_value());
  EXPECT_FLOAT_EQ(*m.gs_kt, 17.0f);
  ASSERT_TRUE(m.track_deg.has_value());
  EXPECT_FLOAT_EQ(*m.track_deg, 92.8125f);
  ASSERT_TRUE(m.cpr.has_value());
  EXPECT_TRUE(m.cpr->surface);
}

// rs1090 short_flights.csv (A426E0, 2025-07-29): movement code 1, "aircraft stopped".
TEST(Bds06, StoppedAircraftHasZeroSpeed) {
  const auto m = decode_hex("8CA426E0381964D3DE133A0F86AC");
  EXPECT_EQ(m.type_code, 7);
  EXPECT_EQ(m.gs_kt, 0.0f);
}

// DO-260B §2.2.3.2.4.2 movement table: band edges.
TEST(Bds06, MovementQuantisationTable) {
  using bds06::kMovementKt;
  EXPECT_LT(kMovementKt[0], 0.0f);  // not available
  EXPECT_EQ(kMovementKt[1], 0.0f);
  EXPECT_EQ(kMovementKt[2], 0.125f);
  EXPECT_EQ(kMovementKt[8], 0.875f);
  EXPECT_EQ(kMovementKt[9], 1.0f);
  EXPECT_EQ(kMovementKt[12], 1.75f);
  EXPECT_EQ(kMovementKt[13], 2.0f);
  EXPECT_EQ(kMovementKt[38], 14.5f);
  EXPECT_EQ(kMovementKt[39], 15.0f);
  EXPECT_EQ(kMovementKt[93], 69.0f);
  EXPECT_EQ(kMovementKt[94], 70.0f);
  EXPECT_EQ(kMovementKt[108], 98.0f);
  EXPECT_EQ(kMovementKt[109], 100.0f);
  EXPECT_EQ(kMovementKt[123], 170.0f);
  EXPECT_EQ(kMovementKt[124], 175.0f);
  for (int c = 125; c < 128; ++c) EXPECT_LT(kMovementKt[c], 0.0f) << c;  // reserved
}

TEST(Bds06, TrackInvalidLeavesTrackEmpty) {
  // Riddle frame with the track status bit (ME bit 13) cleared.
  const auto f = test::frame_from_hex("8C4841753A9A153237AEF0F275BE");
  std::uint64_t me = 0;
  for (int i = 4; i < 11; ++i) me = (me << 8) | f.bytes[i];
  me &= ~(std::uint64_t{1} << (56 - 13));
  ModeSMessage m;
  decode_bds06(me, m);
  EXPECT_FALSE(m.track_deg.has_value());
  EXPECT_TRUE(m.gs_kt.has_value());
}

}  // namespace
}  // namespace gw::modes
