// BDS 6,5 operational status (TC 31).
#include "modes/bds65.hpp"

#include <gtest/gtest.h>

#include "modes/decode_test_util.hpp"

namespace gw::modes {
namespace {

using test::decode_hex;

// rs1090 short_flights.csv (AB2760, 2025-07-29): airborne, version 2; fields checked by hand from the bits.
TEST(Bds65, AirborneVersion2) {
  const auto m = decode_hex("8DAB2760F8230006004AB84A4446");
  EXPECT_EQ(m.type_code, 31);
  EXPECT_EQ(m.subtype, 0);
  EXPECT_EQ(m.version, 2);
  EXPECT_EQ(m.nic_a, false);
  EXPECT_EQ(m.nac_p, 10);
  EXPECT_EQ(m.gva, 2);
  EXPECT_EQ(m.sil, 3);
  EXPECT_EQ(m.sil_type, SilType::PerHour);
  EXPECT_EQ(m.nic_baro, 1);
  EXPECT_EQ(m.hrd, 0);
  EXPECT_EQ(m.sda, 2);
  EXPECT_FALSE(m.nic_c.has_value());  // surface only
}

// rs1090 short_flights.csv (A2A7C4): surface, version 2: NIC-C and NACv from the capability class, no GVA,
// no NIC-baro.
TEST(Bds65, SurfaceVersion2) {
  const auto m = decode_hex("8CA2A7C4F9002202834A38303EAB");
  EXPECT_EQ(m.subtype, 1);
  EXPECT_EQ(m.version, 2);
  EXPECT_EQ(m.nic_c, false);
  EXPECT_EQ(m.nac_v, 1);
  EXPECT_EQ(m.nac_p, 10);
  EXPECT_EQ(m.sil, 3);
  EXPECT_FALSE(m.gva.has_value());
  EXPECT_FALSE(m.nic_baro.has_value());
}

std::uint64_t with_version(const char* hex, std::uint64_t version) {
  const auto f = test::frame_from_hex(hex);
  std::uint64_t me = 0;
  for (int i = 4; i < 11; ++i) me = (me << 8) | f.bytes[i];
  return (me & ~(std::uint64_t{7} << (56 - 43))) | (version << (56 - 43));
}

TEST(Bds65, Version1HasNoVersion2Fields) {
  ModeSMessage m;
  decode_bds65(with_version("8DAB2760F8230006004AB84A4446", 1), m);
  EXPECT_EQ(m.version, 1);
  EXPECT_EQ(m.nac_p, 10);
  EXPECT_EQ(m.sil, 3);
  EXPECT_TRUE(m.nic_a.has_value());
  EXPECT_FALSE(m.gva.has_value());
  EXPECT_FALSE(m.sil_type.has_value());
  EXPECT_FALSE(m.sda.has_value());
}

TEST(Bds65, Version0DecodesVersionOnly) {
  ModeSMessage m;
  decode_bds65(with_version("8DAB2760F8230006004AB84A4446", 0), m);
  EXPECT_EQ(m.version, 0);
  EXPECT_FALSE(m.nac_p.has_value());
  EXPECT_FALSE(m.sil.has_value());
  EXPECT_FALSE(m.nic_a.has_value());
}

}  // namespace
}  // namespace gw::modes
