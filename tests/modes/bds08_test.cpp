// BDS 0,8 identification and category (TC 1-4).
#include "modes/bds08.hpp"

#include <gtest/gtest.h>

#include "modes/decode_test_util.hpp"

namespace gw::modes {
namespace {

using test::decode_hex;

// The 1090 MHz Riddle, "Aircraft identification" worked example.
TEST(Bds08, RiddleKlm1023) {
  const auto m = decode_hex("8D4840D6202CC371C32CE0576098");
  EXPECT_EQ(m.type_code, 4);
  EXPECT_EQ(test::callsign_str(m), "KLM1023");
  EXPECT_EQ(m.category, 0xA0);  // TC 4 = set A, category 0
}

// pyModeS golden_v2.json: EZY85MH (pyModeS pads with '_'; we trim trailing spaces).
TEST(Bds08, TrailingSpacesTrimmed) {
  const auto m = decode_hex("8D406B902015A678D4D220AA4BDA");
  EXPECT_EQ(test::callsign_str(m), "EZY85MH");
  ASSERT_TRUE(m.callsign.has_value());
  EXPECT_EQ((*m.callsign)[7], '\0');
}

// DO-260B Table 2-16 (emitter category sets): TC 1 = set D ... TC 4 = set A.
TEST(Bds08, TypeCodeSelectsCategorySet) {
  const std::uint64_t me_tc = [] {
    const auto f = test::frame_from_hex("8D4840D6202CC371C32CE0576098");
    std::uint64_t me = 0;
    for (int i = 4; i < 11; ++i) me = (me << 8) | f.bytes[i];
    return me & ~(std::uint64_t{0xFF} << 48);
  }();
  const std::uint8_t want[5] = {0, 0xD3, 0xC3, 0xB3, 0xA3};
  for (std::uint8_t tc = 1; tc <= 4; ++tc) {
    ModeSMessage m;
    decode_bds08(me_tc | (std::uint64_t{tc} << 51) | (std::uint64_t{3} << 48), tc, m);
    EXPECT_EQ(m.category, want[tc]) << "TC " << int(tc);
  }
}

TEST(Bds08, CharsetHasSpaceAndDigitsWhereDo260BPutsThem) {
  EXPECT_EQ(bds08::kCharset[1], 'A');
  EXPECT_EQ(bds08::kCharset[26], 'Z');
  EXPECT_EQ(bds08::kCharset[32], ' ');
  EXPECT_EQ(bds08::kCharset[48], '0');
  EXPECT_EQ(bds08::kCharset[57], '9');
}

}  // namespace
}  // namespace gw::modes
