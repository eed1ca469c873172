// BDS 0,9 airborne velocity (TC 19).
#include "modes/bds09.hpp"

#include <gtest/gtest.h>

#include "modes/decode_test_util.hpp"

namespace gw::modes {
namespace {

using test::decode_hex;

std::uint64_t me_of_hex(const char* hex) {
  const auto f = test::frame_from_hex(hex);
  std::uint64_t me = 0;
  for (int i = 4; i < 11; ++i) me = (me << 8) | f.bytes[i];
  return me;
}

// The 1090 MHz Riddle, "Airborne velocity" subtype 1 example (485020): 159.20 kt, 182.88 deg, -832 ft/min
// (GNSS source), GNSS 550 ft above baro.
TEST(Bds09, RiddleGroundSpeedSubtype) {
  const auto m = decode_hex("8D485020994409940838175B284F");
  EXPECT_EQ(m.type_code, 19);
  EXPECT_EQ(m.subtype, 1);
  ASSERT_TRUE(m.gs_kt && m.track_deg);
  EXPECT_NEAR(*m.gs_kt, 159.20f, 0.01f);
  EXPECT_NEAR(*m.track_deg, 182.88f, 0.01f);
  EXPECT_EQ(m.geom_rate_fpm, -832);
  EXPECT_FALSE(m.baro_rate_fpm.has_value());
  EXPECT_EQ(m.gnss_baro_diff_ft, 550);
  EXPECT_EQ(m.supersonic, false);
  EXPECT_EQ(m.nac_v, 0);
}

// The 1090 MHz Riddle, subtype 3 example (A05F21): heading 243.98 deg, TAS 375 kt, -2304 ft/min baro.
TEST(Bds09, RiddleAirspeedSubtype) {
  const auto m = decode_hex("8DA05F219B06B6AF189400CBC33F");
  EXPECT_EQ(m.subtype, 3);
  ASSERT_TRUE(m.heading_deg.has_value());
  EXPECT_NEAR(*m.heading_deg, 243.98f, 0.01f);
  EXPECT_EQ(m.tas_kt, 375.0f);
  EXPECT_FALSE(m.ias_kt.has_value());
  EXPECT_EQ(m.baro_rate_fpm, -2304);
  EXPECT_FALSE(m.gs_kt.has_value());
  EXPECT_FALSE(m.heading_is_true.has_value());  // needs HRD from TC 31
}

// pyModeS sample (406B90): vertical rate code 1 = 0 ft/min (level), 493 kt.
TEST(Bds09, PyModeSSampleLevelFlight) {
  const auto m = decode_hex("8D406B909945DE0FE00405703E31");
  ASSERT_TRUE(m.gs_kt.has_value());
  EXPECT_NEAR(*m.gs_kt, 493.0f, 0.5f);
  EXPECT_NEAR(*m.track_deg, 284.7968f, 0.001f);
  EXPECT_EQ(m.baro_rate_fpm.value_or(m.geom_rate_fpm.value_or(-1)), 0);
}

TEST(Bds09, SupersonicSubtypeMultipliesByFour) {
  // Riddle subtype-1 ME turned into subtype 2.
  std::uint64_t me = me_of_hex("8D485020994409940838175B284F");
  me = (me & ~(std::uint64_t{7} << 48)) | (std::uint64_t{2} << 48);
  ModeSMessage m;
  decode_bds09(me, m);
  ASSERT_TRUE(m.gs_kt.has_value());
  EXPECT_NEAR(*m.gs_kt, 4 * 159.20f, 0.05f);
  EXPECT_EQ(m.supersonic, true);
}

TEST(Bds09, ZeroVelocityComponentIsNotAvailable) {
  std::uint64_t me = me_of_hex("8D485020994409940838175B284F");
  me &= ~(std::uint64_t{0x3FF} << (56 - 24));  // ME bits 15-24: east-west velocity
  ModeSMessage m;
  decode_bds09(me, m);
  EXPECT_FALSE(m.gs_kt.has_value());
  EXPECT_FALSE(m.track_deg.has_value());
  EXPECT_TRUE(m.geom_rate_fpm.has_value());
}

TEST(Bds09, VerticalRateAndDifferenceZeroCodesAreNotAvailable) {
  std::uint64_t me = me_of_hex("8D485020994409940838175B284F");
  me &= ~(std::uint64_t{0x1FF} << (56 - 46));  // ME bits 38-46
  me &= ~std::uint64_t{0x7F};                  // ME bits 50-56
  ModeSMessage m;
  decode_bds09(me, m);
  EXPECT_FALSE(m.geom_rate_fpm.has_value());
  EXPECT_FALSE(m.baro_rate_fpm.has_value());
  EXPECT_FALSE(m.gnss_baro_diff_ft.has_value());
}

TEST(Bds09, GnssBelowBaroIsNegative) {
  std::uint64_t me = me_of_hex("8D485020994409940838175B284F");
  me |= std::uint64_t{1} << (56 - 49);
  ModeSMessage m;
  decode_bds09(me, m);
  EXPECT_EQ(m.gnss_baro_diff_ft, -550);
}

}  // namespace
}  // namespace gw::modes
