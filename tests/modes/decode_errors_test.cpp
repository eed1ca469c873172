// decode_frame error statuses: corrupted frames, single-bit repair, lengths, formats not handled.
#include <gtest/gtest.h>

#include "modes/decode.hpp"
#include "modes/decode_test_util.hpp"

namespace gw::modes {
namespace {

constexpr const char* kKlm = "8D4840D6202CC371C32CE0576098";  // The 1090 MHz Riddle, intact DF17

RawFrame flip(RawFrame f, int bit) {
  f.bytes[static_cast<std::size_t>(bit) / 8] ^= static_cast<std::uint8_t>(0x80u >> (bit % 8));
  return f;
}

TEST(DecodeErrors, CorruptedExtendedSquitterIsBadCrc) {
  ModeSMessage m;
  EXPECT_EQ(decode_frame(flip(test::frame_from_hex(kKlm), 60), m), DecodeStatus::BadCrc);
  EXPECT_FALSE(m.callsign.has_value());
}

TEST(DecodeErrors, SingleBitErrorIsNotRepairedByDefault) {
  ModeSMessage m;
  EXPECT_EQ(decode_frame(flip(test::frame_from_hex(kKlm), 47), m), DecodeStatus::BadCrc);
}

TEST(DecodeErrors, SingleBitErrorRepairedWhenAsked) {
  ModeSMessage m;
  DecodeOptions opts;
  opts.fix_single_bit_errors = true;
  ASSERT_EQ(decode_frame(flip(test::frame_from_hex(kKlm), 47), m, opts), DecodeStatus::Ok);
  EXPECT_TRUE(m.crc_corrected);
  EXPECT_EQ(test::callsign_str(m), "KLM1023");
  EXPECT_EQ(m.address, 0x4840D6u);
}

TEST(DecodeErrors, RepairNeverChangesTheDownlinkFormat) {
  DecodeOptions opts;
  opts.fix_single_bit_errors = true;
  for (int bit = 0; bit < 5; ++bit) {
    ModeSMessage m;
    const auto st = decode_frame(flip(test::frame_from_hex(kKlm), bit), m, opts);
    EXPECT_FALSE(st == DecodeStatus::Ok && m.crc_corrected) << "bit " << bit;
  }
}

TEST(DecodeErrors, TwoBitErrorsAreNotRepaired) {
  ModeSMessage m;
  DecodeOptions opts;
  opts.fix_single_bit_errors = true;
  EXPECT_EQ(decode_frame(flip(flip(test::frame_from_hex(kKlm), 40), 90), m, opts), DecodeStatus::BadCrc);
}

TEST(DecodeErrors, LongDfInShortFrameIsBadLength) {
  RawFrame f = test::frame_from_hex(kKlm);
  f.length = kShortFrameBytes;
  ModeSMessage m;
  EXPECT_EQ(decode_frame(f, m), DecodeStatus::BadLength);
}

TEST(DecodeErrors, OddLengthIsBadLength) {
  RawFrame f = test::frame_from_hex(kKlm);
  f.length = 9;
  ModeSMessage m;
  EXPECT_EQ(decode_frame(f, m), DecodeStatus::BadLength);
}

TEST(DecodeErrors, ModeACReplyIsReportedNotDecoded) {
  RawFrame f = test::frame_from_hex("2A00");
  f.kind = FrameKind::ModeAC;
  ModeSMessage m;
  EXPECT_EQ(decode_frame(f, m), DecodeStatus::ModeAC);
}

TEST(DecodeErrors, CommDIsUnknownDf) {
  // DF24 (first two bits 11): extended-length message, not decoded here.
  RawFrame f = test::frame_from_hex("C000000000000000000000000000");
  ModeSMessage m;
  EXPECT_EQ(decode_frame(f, m), DecodeStatus::UnknownDf);
  EXPECT_EQ(m.df, 24);
}

TEST(DecodeErrors, Df19IsUnknownDf) {
  RawFrame f = test::frame_from_hex("9D4840D6202CC371C32CE0576098");
  ModeSMessage m;
  EXPECT_EQ(decode_frame(f, m), DecodeStatus::UnknownDf);
  EXPECT_EQ(m.df, 19);
}

}  // namespace
}  // namespace gw::modes
