// BDS 0,5 airborne position (TC 9-18, 20-22) and TC 0.
#include "modes/bds05.hpp"

#include <gtest/gtest.h>

#include "modes/bits.hpp"
#include "modes/decode_test_util.hpp"

namespace gw::modes {
namespace {

using test::decode_hex;

// The 1090 MHz Riddle, "Airborne position" worked example (40621D), even and odd frames.
TEST(Bds05, RiddleEvenFrame) {
  const auto m = decode_hex("8D40621D58C382D690C8AC2863A7");
  EXPECT_EQ(m.type_code, 11);
  EXPECT_EQ(m.alt_baro_ft, 38000);
  EXPECT_FALSE(m.alt_geom_ft.has_value());
  ASSERT_TRUE(m.cpr.has_value());
  EXPECT_EQ(m.cpr->format, CprFormat::Even);
  EXPECT_EQ(m.cpr->lat_cpr, 93000u);
  EXPECT_EQ(m.cpr->lon_cpr, 51372u);
  EXPECT_FALSE(m.cpr->surface);
  EXPECT_EQ(m.surveillance_status, 0);
  EXPECT_EQ(m.nic_b, false);
  EXPECT_EQ(m.time_sync, false);
}

TEST(Bds05, RiddleOddFrame) {
  const auto m = decode_hex("8D40621D58C386435CC412692AD6");
  ASSERT_TRUE(m.cpr.has_value());
  EXPECT_EQ(m.cpr->format, CprFormat::Odd);
  EXPECT_EQ(m.cpr->lat_cpr, 74158u);
  EXPECT_EQ(m.cpr->lon_cpr, 50194u);
}

// pyModeS sample_data_adsb.csv (406B90, 2016-03-14): 25-ft altitude coding.
TEST(Bds05, PyModeSSampleAltitude) {
  EXPECT_EQ(decode_hex("8D406B9058B975870B738754F480").alt_baro_ft, 35975);
  EXPECT_EQ(decode_hex("8D406B9058B98218DD7D364566EF").alt_baro_ft, 36000);
}

// The same Riddle frame with its ME rewritten to TC 20 (GNSS height) and to TC 0, parity not checked:
// decode_bds05 sees only the ME.
TEST(Bds05, GnssHeightTypeCodesFillGeometricAltitude) {
  const auto f = test::frame_from_hex("8D40621D58C382D690C8AC2863A7");
  std::uint64_t me = bits::me_of(f.bytes.data());
  me = (me & ~(std::uint64_t{0x1F} << 51)) | (std::uint64_t{20} << 51);
  ModeSMessage m;
  decode_bds05(me, 20, m);
  EXPECT_EQ(m.alt_geom_ft, 38000);
  EXPECT_FALSE(m.alt_baro_ft.has_value());
}

TEST(Bds05, NoPositionTypeCodeKeepsAltitudeButNoCpr) {
  const auto f = test::frame_from_hex("8D40621D58C382D690C8AC2863A7");
  const std::uint64_t me = bits::me_of(f.bytes.data()) & ~(std::uint64_t{0x1F} << 51);
  ModeSMessage m;
  decode_bds05(me, 0, m);
  EXPECT_EQ(m.alt_baro_ft, 38000);
  EXPECT_FALSE(m.cpr.has_value());
  EXPECT_FALSE(m.nic_b.has_value());
}

// Helsinki recording (raw_adsb_2026010*.bin, rwiren/adsb-research-grid): a real TC 0 "no position" squitter
// of 151F0C that still carries its barometric altitude (ME bits 9-20 = 0xAF8, Q=1: 34000 ft).
TEST(Bds05, RealTypeCodeZeroWithAltitude) {
  const auto m = decode_hex("8D151F0C00AF8000000000C99D5A");
  EXPECT_EQ(m.type_code, 0);
  EXPECT_EQ(m.alt_baro_ft, 34000);
  EXPECT_FALSE(m.cpr.has_value());
}

TEST(Bds05, AltitudeAllZerosIsNotAvailable) {
  const auto f = test::frame_from_hex("8D40621D58C382D690C8AC2863A7");
  const std::uint64_t me = bits::me_of(f.bytes.data()) & ~(std::uint64_t{0xFFF} << 36);  // ME bits 9-20
  ModeSMessage m;
  decode_bds05(me, 11, m);
  EXPECT_FALSE(m.alt_baro_ft.has_value());
  EXPECT_TRUE(m.cpr.has_value());
}

}  // namespace
}  // namespace gw::modes
