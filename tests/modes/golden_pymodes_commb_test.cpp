// Comm-B inference and decoding against recorded data from pyModeS (GPL-3: read from ../shared/data, never
// copied into the repository):
//  * golden_v2.json: expected pyModeS 2.21.1 output for 400 DF20/DF21 replies — the inferred register set
//    (`bds`) and the BDS 4,0 / 5,0 / 6,0 fields when one register fits;
//  * sample_data_commb_df20.csv, sample_data_commb_df21.csv: 10,000 unlabelled replies, for the distribution
//    of inferred registers and properties that must hold on any input.
#include "modes/commb.hpp"

#include <gtest/gtest.h>
#include <simdjson.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace {

namespace cb = gw::modes::commb;
namespace od = simdjson::ondemand;

const std::string kPymodesDir = std::string(GNSSWATCH_SHARED_DATA) + "/adsb/pymodes";

std::optional<std::vector<std::uint8_t>> parse_hex(std::string_view hex) {
  if (hex.size() % 2 != 0) return std::nullopt;
  std::vector<std::uint8_t> out;
  for (std::size_t i = 0; i < hex.size(); i += 2) {
    unsigned v = 0;
    for (std::size_t k = i; k < i + 2; ++k) {
      const char c = hex[k];
      v <<= 4;
      if (c >= '0' && c <= '9') v |= static_cast<unsigned>(c - '0');
      else if (c >= 'a' && c <= 'f') v |= static_cast<unsigned>(c - 'a' + 10);
      else if (c >= 'A' && c <= 'F') v |= static_cast<unsigned>(c - 'A' + 10);
      else return std::nullopt;
    }
    out.push_back(static_cast<std::uint8_t>(v));
  }
  return out;
}

int downlink_format(const std::vector<std::uint8_t>& frame) { return frame[0] >> 3; }

// Altitude of a DF20 AC field when it is coded in 25 ft steps (M = 0, Q = 1; ICAO Annex 10 Vol IV §3.1.2.6.5.4).
// Gillham-coded and metric altitudes give nullopt: the test needs no more, the DF decoder owns the rest.
std::optional<std::int32_t> ac_altitude_25ft(const std::vector<std::uint8_t>& frame) {
  const std::uint32_t ac = ((frame[2] & 0x1Fu) << 8) | frame[3];  // frame bits 20-32
  const bool m = (ac & 0x40u) != 0;
  const bool q = (ac & 0x10u) != 0;
  if (m || !q) return std::nullopt;
  const std::uint32_t n = ((ac & 0x1F80u) >> 2) | ((ac & 0x20u) >> 1) | (ac & 0x0Fu);
  return static_cast<std::int32_t>(n) * 25 - 1000;
}

std::optional<std::int32_t> frame_altitude_ft(const std::vector<std::uint8_t>& frame) {
  return downlink_format(frame) == 20 ? ac_altitude_25ft(frame) : std::nullopt;
}

// "BDS40,BDS45" — registers in enum order, which is also pyModeS's sorted order.
std::string register_label(cb::RegisterSet set) {
  std::string out;
  for (std::size_t i = 0; i < cb::kRegisterCount; ++i) {
    const auto r = static_cast<cb::Register>(i);
    if (!cb::contains(set, r)) continue;
    if (!out.empty()) out += ',';
    out += cb::register_name(r);
  }
  return out.empty() ? "None" : out;
}

// Compares one expected number with a decoded optional, within one LSB; counts and reports.
struct FieldChecker {
  int checked = 0;
  int matched = 0;

  template <typename T>
  void check(std::string_view hex, std::string_view name, od::object& expected, const std::optional<T>& actual,
             double lsb) {
    double want = 0;
    const bool present = expected[name].get_double().get(want) == simdjson::SUCCESS;
    if (!present && !actual) return;  // both "not available"
    ++checked;
    if (present && actual && std::fabs(static_cast<double>(*actual) - want) <= lsb + 1e-9) {
      ++matched;
      return;
    }
    ADD_FAILURE() << hex << " " << name << ": expected " << (present ? std::to_string(want) : "absent")
                  << ", decoded " << (actual ? std::to_string(static_cast<double>(*actual)) : "absent");
  }
};

TEST(GoldenPymodesCommB, EveryReplyMatchesRegistersAndFields) {
  const std::string path = kPymodesDir + "/golden_v2.json";
  if (!std::filesystem::exists(path)) GTEST_SKIP() << "golden file not found: " << path;

  simdjson::padded_string json;
  ASSERT_EQ(simdjson::padded_string::load(path).get(json), simdjson::SUCCESS) << path;
  od::parser parser;
  od::document doc = parser.iterate(json);
  od::object root;
  ASSERT_EQ(doc.get_object().get(root), simdjson::SUCCESS);

  int replies = 0;
  int registers_matched = 0;
  int callsigns_checked = 0;
  int callsigns_matched = 0;
  FieldChecker fields;
  for (auto member : root) {
    std::string_view key;
    ASSERT_EQ(member.unescaped_key().get(key), simdjson::SUCCESS);
    const std::string hex(key);
    od::object expected;
    ASSERT_EQ(member.value().get_object().get(expected), simdjson::SUCCESS) << hex;
    std::int64_t df = 0;
    ASSERT_EQ(expected["df"].get_int64().get(df), simdjson::SUCCESS) << hex;
    if (df != 20 && df != 21) continue;
    ++replies;

    const auto frame = parse_hex(hex);
    ASSERT_TRUE(frame && frame->size() == 14) << hex;
    const std::uint8_t* mb = cb::mb_field(frame->data());
    const auto altitude = frame_altitude_ft(*frame);
    if (df == 20) {
      std::int64_t want_alt = 0;
      if (expected["altitude"].get_int64().get(want_alt) == simdjson::SUCCESS) {
        EXPECT_EQ(altitude, std::optional<std::int32_t>(static_cast<std::int32_t>(want_alt))) << hex;
      }
    }

    std::string_view want_bds = "None";
    if (expected["bds"].get_string().get(want_bds) != simdjson::SUCCESS) want_bds = "None";
    const cb::CommB got = cb::decode_commb(mb, altitude);
    const std::string label = register_label(got.registers);
    if (label == want_bds) ++registers_matched;
    else ADD_FAILURE() << hex << ": registers " << label << ", expected " << want_bds;

    // Fields: pyModeS only decodes a reply whose register is certain; so does decode_commb.
    const cb::SelectedVertical sv = got.selected_vertical.value_or(cb::SelectedVertical{});
    fields.check(hex, "selected_altitude_mcp", expected, sv.mcp_altitude_ft, 16);
    fields.check(hex, "selected_altitude_fms", expected, sv.fms_altitude_ft, 16);
    fields.check(hex, "baro_pressure_setting", expected, sv.baro_setting_hpa, 0.1);
    const cb::TrackTurn tt = got.track_turn.value_or(cb::TrackTurn{});
    fields.check(hex, "roll", expected, tt.roll_deg, 45.0 / 256);
    fields.check(hex, "true_track", expected, tt.track_deg, 90.0 / 512);
    fields.check(hex, "groundspeed", expected, tt.gs_kt, 2);
    fields.check(hex, "track_rate", expected, tt.track_rate_deg_s, 8.0 / 256);
    fields.check(hex, "true_airspeed", expected, tt.tas_kt, 2);
    const cb::HeadingSpeed hs = got.heading_speed.value_or(cb::HeadingSpeed{});
    fields.check(hex, "magnetic_heading", expected, hs.magnetic_heading_deg, 90.0 / 512);
    fields.check(hex, "indicated_airspeed", expected, hs.ias_kt, 1);
    fields.check(hex, "mach", expected, hs.mach, 2.048 / 512);
    fields.check(hex, "baro_vertical_rate", expected, hs.baro_rate_fpm, 32);
    fields.check(hex, "inertial_vertical_rate", expected, hs.inertial_rate_fpm, 32);

    std::string_view want_cs;
    if (expected["callsign"].get_string().get(want_cs) == simdjson::SUCCESS) {
      ++callsigns_checked;
      std::string want(want_cs);  // pyModeS writes spaces as '_'
      for (char& c : want) c = c == '_' ? ' ' : c;
      while (!want.empty() && want.back() == ' ') want.pop_back();
      const std::string have = got.callsign ? std::string(got.callsign->data()) : "(none)";
      if (have == want) ++callsigns_matched;
      else ADD_FAILURE() << hex << ": callsign '" << have << "', expected '" << want << "'";
    }
  }
  std::printf("[ golden   ] Comm-B registers %d/%d, field values %d/%d, callsigns %d/%d\n", registers_matched,
              replies, fields.matched, fields.checked, callsigns_matched, callsigns_checked);
  EXPECT_EQ(replies, 400);
  EXPECT_EQ(registers_matched, replies);
  EXPECT_EQ(fields.matched, fields.checked);
  EXPECT_GT(fields.checked, 1000);
}

// Every line's HEX column of a pyModeS Comm-B sample (`unix_ts,ICAO,HEX`, UTF-8 BOM, CRLF).
std::vector<std::vector<std::uint8_t>> read_sample(const std::string& path) {
  std::vector<std::vector<std::uint8_t>> frames;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    while (!line.empty() && (line.back() == '\r' || line.back() == '\n')) line.pop_back();
    const auto comma = line.rfind(',');
    if (comma == std::string::npos) continue;
    if (auto f = parse_hex(std::string_view(line).substr(comma + 1)); f && f->size() == 14) {
      frames.push_back(std::move(*f));
    }
  }
  return frames;
}

// Properties that hold for every reply: a register set containing 2,0 decodes a callsign; and whenever
// exactly one of 4,0 / 5,0 / 6,0 is inferred, its decoded values lie in the physical ranges.
TEST(GoldenPymodesCommB, SampleRepliesDecodeWithinPhysicalRanges) {
  const std::string df20 = kPymodesDir + "/sample_data_commb_df20.csv";
  const std::string df21 = kPymodesDir + "/sample_data_commb_df21.csv";
  for (const auto& p : {df20, df21}) {
    if (!std::filesystem::exists(p)) GTEST_SKIP() << "sample not found: " << p;
  }
  std::map<std::string, int> distribution;
  int total = 0;
  for (const auto& path : {df20, df21}) {
    const auto frames = read_sample(path);
    EXPECT_EQ(frames.size(), 5000u) << path;
    for (const auto& frame : frames) {
      ++total;
      const std::uint8_t* mb = cb::mb_field(frame.data());
      const auto got = cb::decode_commb(mb, frame_altitude_ft(frame));
      ++distribution[register_label(got.registers)];
      EXPECT_TRUE(!cb::contains(got.registers, cb::Register::Bds20) || cb::decode_bds20(mb).has_value());
      if (got.selected_vertical) {
        const auto& s = *got.selected_vertical;
        EXPECT_LE(s.mcp_altitude_ft.value_or(0), 65520);
        EXPECT_GE(s.baro_setting_hpa.value_or(1013.25f), 800.0f);
        EXPECT_LE(s.baro_setting_hpa.value_or(1013.25f), 1209.6f);
      }
      if (got.track_turn) {
        const auto& t = *got.track_turn;
        EXPECT_LE(std::fabs(t.roll_deg.value_or(0.0f)), 50.0f);
        EXPECT_GE(t.track_deg.value_or(0.0f), 0.0f);
        EXPECT_LT(t.track_deg.value_or(0.0f), 360.0f);
        EXPECT_LE(t.gs_kt.value_or(0.0f), 600.0f);
        EXPECT_LE(t.tas_kt.value_or(0.0f), 500.0f);
        EXPECT_LE(std::fabs(t.track_rate_deg_s.value_or(0.0f)), 16.0f);
      }
      if (got.heading_speed) {
        const auto& h = *got.heading_speed;
        EXPECT_GE(h.magnetic_heading_deg.value_or(0.0f), 0.0f);
        EXPECT_LT(h.magnetic_heading_deg.value_or(0.0f), 360.0f);
        EXPECT_LE(h.ias_kt.value_or(0.0f), 500.0f);
        EXPECT_LE(h.mach.value_or(0.0f), 1.0f);
        EXPECT_LE(std::abs(h.baro_rate_fpm.value_or(0)), 6000);
        EXPECT_LE(std::abs(h.inertial_rate_fpm.value_or(0)), 6000);
      }
    }
  }
  std::printf("[ sample   ] Comm-B register sets over %d replies:\n", total);
  for (const auto& [label, n] : distribution) std::printf("[ sample   ]   %-24s %5d\n", label.c_str(), n);
  EXPECT_EQ(total, 10000);
}

}  // namespace
