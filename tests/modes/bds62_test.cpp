// BDS 6,2 target state and status (TC 29).
#include "modes/bds62.hpp"

#include <gtest/gtest.h>

#include "modes/decode_test_util.hpp"

namespace gw::modes {
namespace {

using test::decode_hex;

// rs1090 short_flights.csv (ADA526, 2025-07-29), version-2 layout; fields checked by hand from the bits:
// selected altitude code 720 -> 23008 ft (MCP/FCU), QNH code 269 -> 1014.4 hPa, heading 482 * 180/256.
TEST(Bds62, Version2TargetState) {
  const auto m = decode_hex("8DADA526EA2D086FC55C085E782E");
  EXPECT_EQ(m.type_code, 29);
  EXPECT_EQ(m.subtype, 1);
  EXPECT_EQ(m.nav_altitude_ft, 23008);
  EXPECT_EQ(m.nav_altitude_fms, false);
  ASSERT_TRUE(m.nav_qnh_hpa.has_value());
  EXPECT_NEAR(*m.nav_qnh_hpa, 1014.4f, 0.01f);
  ASSERT_TRUE(m.nav_heading_deg.has_value());
  EXPECT_NEAR(*m.nav_heading_deg, 338.90625f, 1e-4f);
  EXPECT_EQ(m.nac_p, 10);
  EXPECT_EQ(m.nic_baro, 1);
  EXPECT_EQ(m.sil, 3);
  EXPECT_EQ(m.sil_type, SilType::PerHour);  // ME bit 8, SIL supplement (DO-260B §2.2.3.2.7.1.3.1)
  EXPECT_FALSE(m.version.has_value());      // only TC 31 carries the version
}

TEST(Bds62, ZeroCodesAreNotAvailable) {
  // Subtype 1 with every field zero.
  const std::uint64_t me = (std::uint64_t{29} << 51) | (std::uint64_t{1} << 49);
  ModeSMessage m;
  decode_bds62(me, m);
  EXPECT_FALSE(m.nav_altitude_ft.has_value());
  EXPECT_FALSE(m.nav_altitude_fms.has_value());
  EXPECT_FALSE(m.nav_qnh_hpa.has_value());
  EXPECT_FALSE(m.nav_heading_deg.has_value());
}

TEST(Bds62, Version1TargetAltitude) {
  // Subtype 0 (DO-260A): vertical data available (ME 8-9 = 1), target altitude code 360 -> 35000 ft,
  // horizontal data available (ME 26-27 = 1), target heading 270.
  std::uint64_t me = std::uint64_t{29} << 51;
  me |= std::uint64_t{1} << (56 - 9);
  me |= std::uint64_t{360} << (56 - 25);
  me |= std::uint64_t{1} << (56 - 27);
  me |= std::uint64_t{270} << (56 - 36);
  ModeSMessage m;
  decode_bds62(me, m);
  EXPECT_EQ(m.subtype, 0);
  EXPECT_EQ(m.nav_altitude_ft, 35000);
  EXPECT_EQ(m.nav_heading_deg, 270.0f);
  EXPECT_FALSE(m.sil_type.has_value());
}

TEST(Bds62, ReservedSubtypeDecodesNothing) {
  const std::uint64_t me = (std::uint64_t{29} << 51) | (std::uint64_t{2} << 49) | 0xFFFFFFFFFull;
  ModeSMessage m;
  decode_bds62(me, m);
  EXPECT_EQ(m.subtype, 2);
  EXPECT_FALSE(m.nac_p.has_value());
}

}  // namespace
}  // namespace gw::modes
