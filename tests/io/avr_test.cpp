#include "io/avr.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "io_test_util.hpp"

namespace gw::io {
namespace {

using test::to_hex;

std::vector<modes::RawFrame> parse_all(AvrParser& p, std::string_view text, std::size_t chunk = 0) {
  return test::parse_text_all(p, text, chunk);
}

// Real DF17 (The 1090 MHz Riddle) and DF4 (sample_dump1090.bin).
TEST(Avr, StarLineIsAFrameWithoutCounter) {
  AvrParser p;
  auto frames = parse_all(p, "*8D4840D6202CC371C32CE0576098;\n");
  ASSERT_EQ(frames.size(), 1u);
  EXPECT_EQ(to_hex(frames[0]), "8D4840D6202CC371C32CE0576098");
  EXPECT_EQ(frames[0].kind, modes::FrameKind::Long);
  EXPECT_FALSE(frames[0].has_counter);
  EXPECT_EQ(frames[0].position, 1u);
  EXPECT_EQ(p.stats().frames_long, 1u);
}

TEST(Avr, AtLineCarriesA12MHzCounter) {
  AvrParser p;
  auto frames = parse_all(p, "@0000015BE1A020000CA8F70AA7;\n");
  ASSERT_EQ(frames.size(), 1u);
  EXPECT_TRUE(frames[0].has_counter);
  EXPECT_EQ(frames[0].counter, 0x0000015BE1A0u);
  EXPECT_EQ(to_hex(frames[0]), "20000CA8F70AA7");
  EXPECT_EQ(frames[0].kind, modes::FrameKind::Short);
}

TEST(Avr, LessThanLineCarriesCounterAndSignal) {
  AvrParser p;
  auto frames = parse_all(p, "<0000015BE1A0C320000CA8F70AA7;\n");
  ASSERT_EQ(frames.size(), 1u);
  EXPECT_EQ(frames[0].counter, 0x0000015BE1A0u);
  EXPECT_TRUE(frames[0].has_signal);
  EXPECT_EQ(frames[0].signal, 0xC3);
}

TEST(Avr, BareHexLinesAndModeACAreAccepted) {
  AvrParser p;
  auto frames = parse_all(p, "8d4840d6202cc371c32ce0576098\n20000CA8F70AA7;\n*7700;\n");
  ASSERT_EQ(frames.size(), 3u);
  EXPECT_EQ(to_hex(frames[0]), "8D4840D6202CC371C32CE0576098");
  EXPECT_EQ(frames[1].kind, modes::FrameKind::Short);
  EXPECT_EQ(frames[2].kind, modes::FrameKind::ModeAC);
  EXPECT_EQ(p.stats().frames_mode_ac, 1u);
}

TEST(Avr, CrLfAndBlankLinesAndMissingFinalNewline) {
  AvrParser p;
  auto frames = parse_all(p, "*8D4840D6202CC371C32CE0576098;\r\n\r\n  \n*20000CA8F70AA7;");
  ASSERT_EQ(frames.size(), 2u);
  EXPECT_EQ(frames[1].position, 4u);
  EXPECT_EQ(p.stats().bad_lines, 0u);
  EXPECT_EQ(p.stats().lines, 4u);
}

TEST(Avr, BadLinesAreCountedWithTheirLineNumbers) {
  AvrParser p;
  std::vector<BadLine> bad;
  p.set_bad_line_callback([&](const BadLine& b) { bad.push_back(b); });
  auto frames = parse_all(p,
                          "*8D4840D6202CC371C32CE0576098;\n"
                          "*8D4840D6202CC371C32CE05760;\n"  // 26 digits
                          "hello\n"
                          "*8D4840D6202CC371C32CE05760XX;\n"
                          "@0123;\n"
                          "*20000CA8F70AA7;\n");
  ASSERT_EQ(frames.size(), 2u);
  EXPECT_EQ(frames[1].position, 6u);
  EXPECT_EQ(p.stats().bad_lines, 4u);
  ASSERT_EQ(bad.size(), 4u);
  EXPECT_EQ(bad[0].line, 2u);
  EXPECT_EQ(bad[1].line, 3u);
  EXPECT_EQ(bad[3].line, 5u);
}

TEST(Avr, OverlongLineIsOneBadLine) {
  AvrParser p;
  std::string text = "*" + std::string(5000, 'A') + ";\n*20000CA8F70AA7;\n";
  auto frames = parse_all(p, text, 100);
  ASSERT_EQ(frames.size(), 1u);
  EXPECT_EQ(frames[0].position, 2u);
  EXPECT_EQ(p.stats().bad_lines, 1u);
}

TEST(Avr, AnyChunkingGivesTheSameFrames) {
  std::string text;
  for (int i = 0; i < 300; ++i) {
    text += (i % 2) ? "*8D4840D6202CC371C32CE0576098;\r\n" : "@0000015BE1A020000CA8F70AA7;\n";
    if (i % 7 == 0) text += "garbage\n";
  }
  AvrParser whole_p;
  const auto whole = parse_all(whole_p, text);
  std::mt19937 rng(5);
  for (std::size_t chunk : {1u, 2u, 3u, 13u, 64u, 1000u}) {
    AvrParser p;
    const auto got = parse_all(p, text, chunk);
    ASSERT_EQ(got.size(), whole.size()) << chunk;
    for (std::size_t i = 0; i < got.size(); ++i) {
      EXPECT_EQ(to_hex(got[i]), to_hex(whole[i]));
      EXPECT_EQ(got[i].position, whole[i].position);
      EXPECT_EQ(got[i].counter, whole[i].counter);
    }
    EXPECT_EQ(p.stats().bad_lines, whole_p.stats().bad_lines);
  }
}

TEST(Avr, RandomBytesNeverCrash) {
  std::mt19937 rng(11);
  std::string text(200000, ' ');
  const std::string_view alphabet = "*@%<;\r\n0123456789ABCDEFabcdefxyz,\"\x1a\xff";
  for (auto& c : text) c = alphabet[rng() % alphabet.size()];
  AvrParser p;
  const auto frames = parse_all(p, text, 333);
  EXPECT_EQ(frames.size(), p.stats().frames());
  EXPECT_EQ(p.stats().bytes, text.size());
}

}  // namespace
}  // namespace gw::io
