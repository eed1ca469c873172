// Golden runs on pyModeS's published test data (github junzis/pyModeS, commit a49921b, GPL-3.0, read from
// ../shared/data only, never copied here):
//   golden_v2.json         600 messages with the fields pyModeS 2.21.1 decodes (DF17 TC 4/11/19, DF20, DF21);
//   sample_data_adsb.csv   2,000 DF17 messages of 406B90.
// The Comm-B fields of golden_v2.json (bds, mach, roll, selected_altitude_* ...) are checked by commb tests.
#include <gtest/gtest.h>
#include <simdjson.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "modes/decode.hpp"
#include "modes/decode_test_util.hpp"

namespace gw::modes {
namespace {

std::string shared_path(const char* rel) { return std::string(GNSSWATCH_SHARED_DATA) + rel; }

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string hex24(std::uint32_t a) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%06x", a);
  return buf;
}

std::string squawk_str(std::uint16_t s) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%04x", s);
  return buf;
}

std::string trim_underscores(std::string s) {
  while (!s.empty() && (s.back() == '_' || s.back() == ' ')) s.pop_back();
  return s;
}

TEST(GoldenPyModeS, Golden600Messages) {
  const std::string path = shared_path("/adsb/pymodes/golden_v2.json");
  if (!std::filesystem::exists(path)) GTEST_SKIP() << "shared test data not found: " << path;

  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  ASSERT_EQ(parser.load(path).get(doc), simdjson::SUCCESS) << path;
  simdjson::dom::object root;
  ASSERT_EQ(doc.get_object().get(root), simdjson::SUCCESS);

  std::size_t messages = 0, checked_fields = 0;
  for (auto [key, value] : root) {
    ++messages;
    const std::string hex(key);
    SCOPED_TRACE(hex);
    DecodeStatus st;
    const ModeSMessage m = test::decode_hex(hex, &st);
    ASSERT_EQ(st, DecodeStatus::Ok);
    simdjson::dom::object want;
    ASSERT_EQ(value.get_object().get(want), simdjson::SUCCESS);

    std::int64_t i = 0;
    double d = 0;
    std::string_view s;
    if (want["df"].get_int64().get(i) == simdjson::SUCCESS) {
      EXPECT_EQ(m.df, i);
      ++checked_fields;
    }
    if (want["icao"].get_string().get(s) == simdjson::SUCCESS) {
      EXPECT_EQ(hex24(m.address), lower(std::string(s)));
      ++checked_fields;
    }
    if (want["typecode"].get_int64().get(i) == simdjson::SUCCESS) {
      EXPECT_EQ(m.type_code, i);
      ++checked_fields;
    }
    // DF20/21 callsigns come from Comm-B BDS 2,0 (commb tests); here only the extended squitter TC 1-4.
    if (m.df == 17 && want["callsign"].get_string().get(s) == simdjson::SUCCESS) {
      EXPECT_EQ(test::callsign_str(m), trim_underscores(std::string(s)));
      ++checked_fields;
    }
    if (want["category"].get_int64().get(i) == simdjson::SUCCESS) {
      ASSERT_TRUE(m.category.has_value());
      EXPECT_EQ(*m.category & 0x0F, i);  // pyModeS gives the code within the set
      ++checked_fields;
    }
    if (want["altitude"].get_int64().get(i) == simdjson::SUCCESS) {
      EXPECT_EQ(m.alt_baro_ft, i);
      ++checked_fields;
    }
    if (want["squawk"].get_string().get(s) == simdjson::SUCCESS) {
      ASSERT_TRUE(m.squawk.has_value());
      EXPECT_EQ(squawk_str(*m.squawk), std::string(s));
      ++checked_fields;
    }
    if (want["cpr_format"].get_int64().get(i) == simdjson::SUCCESS) {
      ASSERT_TRUE(m.cpr.has_value());
      EXPECT_EQ(static_cast<int>(m.cpr->format), i);
      ++checked_fields;
    }
    if (m.df == 17 && m.type_code == 19) {
      if (want["groundspeed"].get_int64().get(i) == simdjson::SUCCESS) {
        ASSERT_TRUE(m.gs_kt.has_value());
        // pyModeS truncates the speed to whole knots: gs in [i, i + 1).
        EXPECT_GE(*m.gs_kt, static_cast<double>(i) - 1e-3);
        EXPECT_LT(*m.gs_kt, static_cast<double>(i) + 1.0);
        ++checked_fields;
      }
      if (want["track"].get_double().get(d) == simdjson::SUCCESS) {
        ASSERT_TRUE(m.track_deg.has_value());
        EXPECT_NEAR(*m.track_deg, d, 1e-3);
        ++checked_fields;
      }
      if (want["vertical_rate"].get_int64().get(i) == simdjson::SUCCESS) {
        const auto vr = m.baro_rate_fpm ? m.baro_rate_fpm : m.geom_rate_fpm;
        ASSERT_TRUE(vr.has_value());
        EXPECT_EQ(*vr, i);
        ++checked_fields;
      }
    }
  }
  EXPECT_EQ(messages, 600u);
  EXPECT_GT(checked_fields, 600u * 2);
}

TEST(GoldenPyModeS, AllSampleMessagesHaveValidCrc) {
  const std::string path = shared_path("/adsb/pymodes/sample_data_adsb.csv");
  if (!std::filesystem::exists(path)) GTEST_SKIP() << "shared test data not found: " << path;
  std::ifstream in(path);
  std::string line;
  std::size_t n = 0;
  while (std::getline(in, line)) {
    // unix_ts,"HEX","ICAO",TC
    const auto q1 = line.find('"');
    if (q1 == std::string::npos) continue;
    const auto q2 = line.find('"', q1 + 1);
    const std::string hex = line.substr(q1 + 1, q2 - q1 - 1);
    const auto q3 = line.find('"', q2 + 1);
    const auto q4 = line.find('"', q3 + 1);
    const std::string icao = line.substr(q3 + 1, q4 - q3 - 1);
    const int tc = std::stoi(line.substr(q4 + 2));
    DecodeStatus st;
    const auto m = test::decode_hex(hex, &st);
    EXPECT_EQ(st, DecodeStatus::Ok) << hex;
    EXPECT_FALSE(m.crc_corrected) << hex;
    EXPECT_EQ(hex24(m.address), lower(icao)) << hex;
    EXPECT_EQ(m.type_code, tc) << hex;
    ++n;
  }
  EXPECT_EQ(n, 2000u);
}

TEST(GoldenPyModeS, CorruptedGoldenFramesAreBadCrc) {
  const std::string path = shared_path("/adsb/pymodes/sample_data_adsb.csv");
  if (!std::filesystem::exists(path)) GTEST_SKIP() << "shared test data not found: " << path;
  std::ifstream in(path);
  std::string line;
  int n = 0;
  while (std::getline(in, line) && n < 200) {
    const auto q1 = line.find('"');
    if (q1 == std::string::npos) continue;
    RawFrame f = test::frame_from_hex(line.substr(q1 + 1, 28));
    f.bytes[static_cast<std::size_t>(5 + n % 8)] ^= static_cast<std::uint8_t>(1u << (n % 8));
    ModeSMessage m;
    EXPECT_EQ(decode_frame(f, m), DecodeStatus::BadCrc) << line;
    ++n;
  }
  EXPECT_EQ(n, 200);
}

}  // namespace
}  // namespace gw::modes
