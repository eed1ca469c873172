#include "io/csv_hex.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "io/byte_source.hpp"
#include "io_test_util.hpp"

namespace gw::io {
namespace {

using test::to_hex;

std::vector<modes::RawFrame> parse_all(CsvHexParser& p, std::string_view text, std::size_t chunk = 0) {
  return test::parse_text_all(p, text, chunk);
}

// Rows below are real: rs1090 short_flights.csv, pyModeS sample_data_adsb.csv and sample_data_commb_df20.csv.
TEST(CsvHex, TimestampAndHexWithoutHeader) {
  CsvHexParser p;
  auto frames = parse_all(p,
                          "1753827785.8086092,8DADA5265851E6616376C2EB4463\n"
                          "1753827785.8406525,8DADA526EA2D086FC55C085E782E\n");
  ASSERT_EQ(frames.size(), 2u);
  EXPECT_DOUBLE_EQ(frames[0].time_s, 1753827785.8086092);
  EXPECT_EQ(to_hex(frames[1]), "8DADA526EA2D086FC55C085E782E");
  EXPECT_EQ(frames[1].position, 2u);
  EXPECT_EQ(p.stats().header_lines, 0u);
}

TEST(CsvHex, HeaderIsSkipped) {
  CsvHexParser p;
  auto frames = parse_all(p, "timestamp,hex\r\n1753827785.5,8DADA5265851E6616376C2EB4463\r\n");
  ASSERT_EQ(frames.size(), 1u);
  EXPECT_DOUBLE_EQ(frames[0].time_s, 1753827785.5);
  EXPECT_EQ(p.stats().header_lines, 1u);
  EXPECT_EQ(p.stats().bad_lines, 0u);
}

TEST(CsvHex, PyModeSQuotedColumnsFindTheHexByContent) {
  CsvHexParser p;
  auto frames = parse_all(p,
                          "1457996400,\"8D406B909945DE10000405999BE4\",\"406B90\",19\n"
                          "1457996401,\"8D406B9058B975870B738754F480\",\"406B90\",11\n");
  ASSERT_EQ(frames.size(), 2u);
  EXPECT_EQ(to_hex(frames[0]), "8D406B909945DE10000405999BE4");
  EXPECT_DOUBLE_EQ(frames[1].time_s, 1457996401.0);
}

TEST(CsvHex, CommBWithByteOrderMarkAndHexLastColumn) {
  CsvHexParser p;
  auto frames = parse_all(p,
                          "\xEF\xBB\xBF"
                          "1495353600,4D010D,A00015B7C26E1370AA00005DD34A\r\n");
  ASSERT_EQ(frames.size(), 1u);
  EXPECT_EQ(to_hex(frames[0]), "A00015B7C26E1370AA00005DD34A");
  EXPECT_DOUBLE_EQ(frames[0].time_s, 1495353600.0);
}

TEST(CsvHex, HexOnlyCsvHasNoTime) {
  CsvHexParser p;
  auto frames = parse_all(p, "hex,note\n8DADA5265851E6616376C2EB4463,x\n");
  ASSERT_EQ(frames.size(), 1u);
  EXPECT_TRUE(std::isnan(frames[0].time_s));
}

TEST(CsvHex, BadRowsAreCountedWithLineNumbers) {
  CsvHexParser p;
  std::vector<BadLine> bad;
  p.set_bad_line_callback([&](const BadLine& b) { bad.push_back(b); });
  auto frames = parse_all(p,
                          "1753827785.8,8DADA5265851E6616376C2EB4463\n"
                          "1753827785.9,8DADA5265851E6616376C2EB44\n"  // short hex
                          "abc,8DADA5265851E6616376C2EB4463\n"         // bad time
                          "1753827786.0\n"                             // missing column
                          "\n"
                          "1753827786.1,8DADA5265851E6616376C2EB4463\n");
  ASSERT_EQ(frames.size(), 2u);
  EXPECT_EQ(p.stats().bad_lines, 3u);
  ASSERT_EQ(bad.size(), 3u);
  EXPECT_EQ(bad[0].line, 2u);
  EXPECT_EQ(bad[2].line, 4u);
  EXPECT_EQ(frames[1].position, 6u);
}

TEST(CsvHex, ByteByByteFeedingGivesTheSameFrames) {
  std::string text = "\xEF\xBB\xBFts,icao,hex\n";
  for (int i = 0; i < 100; ++i) text += std::to_string(1495353600 + i) + ",4D010D,A00015B7C26E1370AA00005DD34A\r\n";
  CsvHexParser a;
  CsvHexParser b;
  const auto whole = parse_all(a, text);
  const auto single = parse_all(b, text, 1);
  ASSERT_EQ(whole.size(), 100u);
  ASSERT_EQ(single.size(), 100u);
  for (std::size_t i = 0; i < whole.size(); ++i) {
    EXPECT_EQ(whole[i].time_s, single[i].time_s);
    EXPECT_EQ(whole[i].position, single[i].position);
  }
}

TEST(CsvHex, RandomBytesNeverCrash) {
  std::mt19937 rng(12);
  std::string text(200000, ' ');
  const std::string_view alphabet = ",,\"\"\r\n\n0123456789ABCDEF.e-+ \xef\xbb\xbf";
  for (auto& c : text) c = alphabet[rng() % alphabet.size()];
  CsvHexParser p;
  const auto frames = parse_all(p, text, 333);
  EXPECT_EQ(frames.size(), p.stats().frames());
}

std::uint64_t count_file(const std::string& path, CsvHexParser& p) {
  ByteSource src(path);
  std::vector<std::uint8_t> buf(4096);
  std::vector<modes::RawFrame> out(256);
  std::uint64_t n = 0;
  for (std::size_t got; (got = src.read(buf.data(), buf.size())) > 0;) {
    std::span<const std::uint8_t> rest(buf.data(), got);
    while (!rest.empty()) {
      auto r = p.feed(rest, out);
      n += r.frames;
      rest = rest.subspan(r.consumed);
    }
  }
  return n + p.finish(out);
}

TEST(CsvHexReal, PyModeSSampleHas2000Frames) {
  const auto path = test::shared_data("adsb/pymodes/sample_data_adsb.csv");
  if (!std::filesystem::exists(path)) GTEST_SKIP() << "missing " << path;
  CsvHexParser p;
  EXPECT_EQ(count_file(path, p), 2000u);
  EXPECT_EQ(p.stats().bad_lines, 0u);
}

TEST(CsvHexReal, PyModeSCommBSamplesHave5000FramesEach) {
  for (const char* name : {"sample_data_commb_df20.csv", "sample_data_commb_df21.csv"}) {
    const auto path = test::shared_data(std::string("adsb/pymodes/") + name);
    if (!std::filesystem::exists(path)) GTEST_SKIP() << "missing " << path;
    CsvHexParser p;
    EXPECT_EQ(count_file(path, p), 5000u) << name;
    EXPECT_EQ(p.stats().bad_lines, 0u) << name;
  }
}

TEST(CsvHexReal, Rs1090ShortFlightsHas486Frames) {
  const auto path = test::shared_data("adsb/rs1090/short_flights.csv");
  if (!std::filesystem::exists(path)) GTEST_SKIP() << "missing " << path;
  CsvHexParser p;
  EXPECT_EQ(count_file(path, p), 486u);
  EXPECT_EQ(p.stats().bad_lines, 0u);
}

}  // namespace
}  // namespace gw::io
