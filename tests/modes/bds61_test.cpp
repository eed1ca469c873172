// BDS 6,1 aircraft status (TC 28).
#include "modes/bds61.hpp"

#include <gtest/gtest.h>

#include "modes/decode_test_util.hpp"

namespace gw::modes {
namespace {

using test::decode_hex;

// rs1090 short_flights.csv (ADA526, 2025-07-29): subtype 1, no emergency, Mode A 3526 (bits checked by hand:
// ID13 = 0 1 1 1 0 0 0 1 0 0 1 1 1 -> A=3 B=5 C=2 D=6).
TEST(Bds61, EmergencyStatusSubtypeCarriesSquawk) {
  const auto m = decode_hex("8DADA526E10E2700000000909293");
  EXPECT_EQ(m.type_code, 28);
  EXPECT_EQ(m.subtype, 1);
  EXPECT_EQ(m.emergency, 0);
  EXPECT_EQ(m.squawk, 0x3526);
  EXPECT_FALSE(m.acas_ra.has_value());
}

TEST(Bds61, AcasRaSubtypeKeepsRawBits) {
  // TC 28 subtype 2 with ME bits 9-56 = 0x123456789ABC.
  const std::uint64_t me = (std::uint64_t{28} << 51) | (std::uint64_t{2} << 48) | 0x123456789ABCull;
  ModeSMessage m;
  decode_bds61(me, m);
  EXPECT_EQ(m.acas_ra, 0x123456789ABCull);
  EXPECT_FALSE(m.squawk.has_value());
  EXPECT_FALSE(m.emergency.has_value());
}

TEST(Bds61, EmergencyWithSquawk7700) {
  // Subtype 1, emergency 1 (general), Mode A 7700: ID13 C1 A1 C2 A2 C4 A4 X B1 D1 B2 D2 B4 D4 with all A and
  // B bits set.
  const std::uint64_t id13 = 0b0101010101010;
  const std::uint64_t me = (std::uint64_t{28} << 51) | (std::uint64_t{1} << 48) | (std::uint64_t{1} << 45) | (id13 << 32);
  ModeSMessage m;
  decode_bds61(me, m);
  EXPECT_EQ(m.emergency, 1);
  EXPECT_EQ(m.squawk, 0x7700);
}

}  // namespace
}  // namespace gw::modes
