// AC13 / AC12 altitude and ID13 identity codes.
#include "modes/altitude.hpp"

#include <gtest/gtest.h>

#include <bitset>
#include <map>

namespace gw::modes {
namespace {

TEST(Altitude, QBitTwentyFiveFootCoding) {
  // AC13 (bits 20-32) of the pyModeS golden DF20 frame A000019910010080F500004315B2: 0x0199, Q=1, 1625 ft.
  EXPECT_EQ(decode_ac13(0x0199), 1625);
  // AC12 of the Riddle airborne position (ME bits 9-20 = 0xC38): 38000 ft.
  EXPECT_EQ(decode_ac12(0xC38), 38000);
}

TEST(Altitude, ZeroIsNotAvailable) {
  EXPECT_FALSE(decode_ac13(0).has_value());
  EXPECT_FALSE(decode_ac12(0).has_value());
}

TEST(Altitude, MetricBitGivesNoFeet) { EXPECT_FALSE(decode_ac13(0x0199 | 0x40).has_value()); }

// Gillham (Mode C) code properties, Annex 10 Vol IV §3.1.1.7.12.2.3: every legal code gives a distinct altitude
// on a 100-ft grid from -1200 ft, and neighbouring altitudes differ in exactly one bit (a unit-distance code).
TEST(Altitude, GillhamIsAUnitDistanceCodeOn100FtGrid) {
  std::map<std::int32_t, std::uint32_t> code_of;
  for (std::uint32_t ac13 = 1; ac13 < 0x2000; ++ac13) {
    if (ac13 & 0x40) continue;  // M
    if (ac13 & 0x10) continue;  // Q set: 25-ft coding (with Q=0 this position is D1)
    const auto alt = decode_gillham(ac13);
    if (!alt) continue;
    EXPECT_EQ((*alt + 1200) % 100, 0) << ac13;
    EXPECT_TRUE(code_of.emplace(*alt, ac13).second) << "altitude " << *alt << " twice";
  }
  ASSERT_FALSE(code_of.empty());
  EXPECT_EQ(code_of.begin()->first, -1200);
  // 256 500-ft bands (D1 = 0) times 5 steps.
  EXPECT_EQ(code_of.size(), 256u * 5u);
  for (auto it = code_of.begin(); std::next(it) != code_of.end(); ++it) {
    const auto next = std::next(it);
    ASSERT_EQ(next->first - it->first, 100);
    EXPECT_EQ(std::bitset<13>(it->second ^ next->second).count(), 1u) << it->first;
  }
}

TEST(Altitude, Ac13WithoutQUsesGillham) {
  for (std::uint32_t ac13 = 1; ac13 < 0x2000; ++ac13) {
    if ((ac13 & 0x50) != 0) continue;
    EXPECT_EQ(decode_ac13(ac13), decode_gillham(ac13)) << ac13;
  }
}

TEST(Altitude, InlineAc13GivesWhatAc13Gives) {
  // Every 13-bit code, and bits above the field (ignored by both).
  for (std::uint32_t ac13 = 0; ac13 < 0x4000; ++ac13) EXPECT_EQ(decode_ac13_inline(ac13), decode_ac13(ac13)) << ac13;
}

TEST(Altitude, Id13Squawk) {
  // C1 A1 C2 A2 C4 A4 X B1 D1 B2 D2 B4 D4: all A and C bits -> 7070; all B and D bits -> 0707.
  EXPECT_EQ(decode_id13(0b1111110000000), 0x7070);
  EXPECT_EQ(decode_id13(0b0000001111111 & ~0b0000001000000u), 0x0707);
  EXPECT_EQ(decode_id13(0), 0x0000);
}

}  // namespace
}  // namespace gw::modes
