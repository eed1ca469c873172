#include "io/format.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "io/byte_source.hpp"
#include "io/input_error.hpp"
#include "io_test_util.hpp"

namespace gw::io {
namespace {

Format detect(std::string_view text) {
  return detect_format({reinterpret_cast<const std::uint8_t*>(text.data()), text.size()});
}

TEST(Format, NamesRoundTrip) {
  for (Format f : {Format::Auto, Format::Beast, Format::Avr, Format::CsvHex, Format::ReadsbAircraftJson,
                   Format::ReadsbTrace, Format::OpenSkyCsv}) {
    EXPECT_EQ(parse_format(format_name(f)), f) << format_name(f);
  }
  EXPECT_EQ(format_name(Format::CsvHex), "csv");
  EXPECT_EQ(format_name(Format::ReadsbAircraftJson), "aircraft-json");
  EXPECT_FALSE(parse_format("sbs").has_value());
}

TEST(Format, BeastFromItsFirstFrame) {
  auto bytes = test::beast_frame('3', 1, 2, test::from_hex("8D4840D6202CC371C32CE0576098"));
  EXPECT_EQ(detect_format(bytes), Format::Beast);
  bytes = test::beast_frame('1', 0, 0, {0, 0});
  EXPECT_EQ(detect_format(bytes), Format::Beast);
}

TEST(Format, BeastJoinedMidFrame) {
  std::vector<std::uint8_t> bytes = {0x05, 0x00, 0xff, 0x42};
  test::append(bytes, test::beast_frame('2', 1, 2, test::from_hex("20000CA8F70AA7")));
  EXPECT_EQ(detect_format(bytes), Format::Beast);
}

TEST(Format, AvrVariants) {
  EXPECT_EQ(detect("*8D4840D6202CC371C32CE0576098;\n*20000CA8F70AA7;\n"), Format::Avr);
  EXPECT_EQ(detect("@0000015BE1A020000CA8F70AA7;\r\n"), Format::Avr);
  EXPECT_EQ(detect("\n8D4840D6202CC371C32CE0576098\n"), Format::Avr);
}

TEST(Format, CsvHexVariants) {
  EXPECT_EQ(detect("1753827785.8086092,8DADA5265851E6616376C2EB4463\n"), Format::CsvHex);
  EXPECT_EQ(detect("1457996400,\"8D406B909945DE10000405999BE4\",\"406B90\",19\n"), Format::CsvHex);
  EXPECT_EQ(detect("\xEF\xBB\xBF" "1495353600,4D010D,A00015B7C26E1370AA00005DD34A\r\n"), Format::CsvHex);
  EXPECT_EQ(detect("ts,hex\n1495353600,A00015B7C26E1370AA00005DD34A\n"), Format::CsvHex);
}

TEST(Format, JsonKinds) {
  EXPECT_EQ(detect("{ \"now\" : 1700000000.1,\n  \"messages\" : 5,\n  \"aircraft\" : [\n"), Format::ReadsbAircraftJson);
  EXPECT_EQ(detect("{\"icao\":\"ac671b\",\"timestamp\":1738703580.0,\"trace\":[[0,1,2]]}"), Format::ReadsbTrace);
}

TEST(Format, OpenSkyHeader) {
  EXPECT_EQ(detect("time,icao24,lat,lon,velocity,heading,vertrate,callsign,onground,alert,spi,squawk,baroaltitude,"
                   "geoaltitude,lastposupdate,lastcontact\n1480760100,3c6dd0,50.0,8.6,100,90,0,DLH1,False,False,False,"
                   "1000,3000,3100,1480760099.9,1480760099.9\n"),
            Format::OpenSkyCsv);
}

TEST(Format, UnknownContentIsAutoAndAnErrorNamingTheFile) {
  EXPECT_EQ(detect("hello world\nthis is not ADS-B\n"), Format::Auto);
  EXPECT_EQ(detect("{\"foo\": 1}"), Format::Auto);
  EXPECT_EQ(detect(""), Format::Auto);
  const std::vector<std::uint8_t> binary = {0x00, 0x01, 0x02, 0x03, 0xff};
  EXPECT_EQ(detect_format(binary), Format::Auto);
  try {
    detect_format(binary, "mystery.bin");
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_EQ(e.path(), "mystery.bin");
    EXPECT_NE(std::string(e.what()).find("mystery.bin: unknown input format"), std::string::npos) << e.what();
  }
}

TEST(Format, RandomHeadsNeverCrash) {
  std::mt19937 rng(13);
  constexpr std::string_view kText = " ,\"{}[*@;\n0123456789ABCDEF";
  for (int trial = 0; trial < 2000; ++trial) {
    std::vector<std::uint8_t> head(rng() % 1100);
    const bool text = trial % 2 == 0;
    for (auto& b : head) b = static_cast<std::uint8_t>(text ? kText[rng() % kText.size()] : rng());
    (void)detect_format(head);
  }
  SUCCEED();
}

// Every shared recording is recognised as what the data README says it is.
TEST(FormatReal, SharedFilesAreRecognised) {
  const std::vector<std::pair<std::string, Format>> files = {
      {"adsb/dump1090/sample_dump1090.bin", Format::Beast},
      {"adsb/helsinki-2026-01/raw_adsb_20260107_004234.bin", Format::Beast},
      {"adsb/pymodes/sample_data_adsb.csv", Format::CsvHex},
      {"adsb/pymodes/sample_data_commb_df20.csv", Format::CsvHex},
      {"adsb/rs1090/short_flights.csv", Format::CsvHex},
      {"adsb/readsb-json/aircraft_1.json", Format::ReadsbAircraftJson},
      {"adsb/readsb-json/trace_full_ac671b.json", Format::ReadsbTrace},
  };
  for (const auto& [rel, expected] : files) {
    const auto path = test::shared_data(rel);
    if (!std::filesystem::exists(path)) GTEST_SKIP() << "missing " << path;
    ByteSource src(path);
    EXPECT_EQ(detect_format(src.peek(kDetectHeadBytes)), expected) << rel;
  }
}

}  // namespace
}  // namespace gw::io
