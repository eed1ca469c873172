// Encoder against real frames: the fields of published examples, encoded, give the transmitted bytes.
// Frames: The 1090 MHz Riddle (J. Sun), chapters "Aircraft identification", "Airborne position",
// "Airborne velocity", "Surface position"; DF20/DF21 replies from the decoder's tests (pyModeS samples).
#include "modes/encode.hpp"

#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>

#include "modes/crc.hpp"

namespace {

using namespace gw::modes;

std::array<std::uint8_t, 14> bytes_of(std::string_view hex) {
  std::array<std::uint8_t, 14> b{};
  for (std::size_t i = 0; 2 * i < hex.size(); ++i) {
    b[i] = static_cast<std::uint8_t>(std::stoi(std::string(hex.substr(2 * i, 2)), nullptr, 16));
  }
  return b;
}

std::string hex_of(const std::array<std::uint8_t, 14>& b, std::size_t len) {
  static constexpr char kDigits[] = "0123456789ABCDEF";
  std::string s;
  for (std::size_t i = 0; i < len; ++i) {
    s += kDigits[b[i] >> 4];
    s += kDigits[b[i] & 15];
  }
  return s;
}

// Frame bits first..first+len-1, 1-based.
std::uint32_t frame_bits(std::string_view hex, int first, int len) {
  const auto b = bytes_of(hex);
  std::uint32_t v = 0;
  for (int k = first - 1; k < first - 1 + len; ++k) v = (v << 1) | ((b[static_cast<std::size_t>(k / 8)] >> (7 - k % 8)) & 1u);
  return v;
}

std::string encode_hex(const ModeSMessage& m) {
  std::array<std::uint8_t, 14> out{};
  const std::size_t n = encode_frame(m, out);
  return hex_of(out, n);
}

Callsign callsign(std::string_view s) {
  Callsign c{};
  for (std::size_t i = 0; i < s.size() && i < 8; ++i) c[i] = s[i];
  return c;
}

ModeSMessage df17(std::uint32_t address, std::uint8_t ca, std::uint8_t tc) {
  ModeSMessage m;
  m.df = 17;
  m.address = address;
  m.capability = ca;
  m.type_code = tc;
  return m;
}

TEST(Encode, IdentificationKlm1023) {
  auto m = df17(0x4840D6, 5, 4);
  m.category = 0xA0;
  m.callsign = callsign("KLM1023");
  EXPECT_EQ(encode_hex(m), "8D4840D6202CC371C32CE0576098");
}

TEST(Encode, AirbornePositionPair) {
  auto m = df17(0x40621D, 5, 11);
  m.surveillance_status = 0;
  m.nic_b = false;
  m.alt_baro_ft = 38000;
  m.time_sync = false;
  m.cpr = CprPosition{93000, 51372, CprFormat::Even, false};
  EXPECT_EQ(encode_hex(m), "8D40621D58C382D690C8AC2863A7");
  m.cpr = CprPosition{74158, 50194, CprFormat::Odd, false};
  EXPECT_EQ(encode_hex(m), "8D40621D58C386435CC412692AD6");
}

// The simulator's direct airborne position encoder gives the published frame too, and encode_frame's bytes for
// every type code it sends, both NIC-B values, altitudes across the 25-ft, Gillham and unavailable ranges, and
// CPR values up to 2^17 - 1 in both formats.
TEST(Encode, DirectAirbornePositionMatchesEncodeFrame) {
  std::array<std::uint8_t, 14> direct{};
  const CprPosition published{93000, 51372, CprFormat::Even, false};
  encode_airborne_position_frame(0x40621D, 11, false, 38000, &published, direct);
  EXPECT_EQ(hex_of(direct, 14), "8D40621D58C382D690C8AC2863A7");

  int compared = 0;
  for (std::uint32_t address : {0x000001u, 0x40621Du, 0x71C012u, 0xFFFFFFu}) {
    for (std::uint8_t tc : {0, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18}) {
      for (bool nic_b : {false, true}) {
        for (std::int32_t alt : {-1300, -1000, 0, 25, 12975, 38000, 50175, 50200, 62000, 126700, 130000}) {
          for (std::uint32_t cpr_bits : {0u, 1u, 74158u, 131071u}) {
            ModeSMessage m;
            m.df = 17;
            m.address = address;
            m.on_ground = false;
            m.type_code = tc;
            m.nic_b = nic_b;
            m.alt_baro_ft = alt;
            const CprPosition cpr{cpr_bits, 131071u - cpr_bits, cpr_bits % 2 ? CprFormat::Odd : CprFormat::Even, false};
            if (tc != 0) m.cpr = cpr;
            std::array<std::uint8_t, 14> expected{};
            ASSERT_EQ(encode_frame(m, expected), 14u);
            encode_airborne_position_frame(address, tc, nic_b, alt, tc != 0 ? &cpr : nullptr, direct);
            ASSERT_EQ(hex_of(direct, 14), hex_of(expected, 14))
                << std::hex << address << std::dec << " tc " << int(tc) << " nic_b " << nic_b << " alt " << alt;
            ++compared;
          }
        }
      }
    }
  }
  EXPECT_EQ(compared, 4 * 11 * 2 * 11 * 4);
}

// The simulator's direct velocity encoder against encode_frame fed the way the simulator did before (ground speed
// and track from the integer components, as floats): every east/north pair on a 7-kt grid over +-1100 kt (beyond
// the largest code), and the vertical rate and GNSS-baro difference across and beyond their ranges.
TEST(Encode, DirectVelocityMatchesEncodeFrame) {
  int compared = 0;
  std::array<std::uint8_t, 14> direct{}, expected{};
  for (std::int32_t east = -1100; east <= 1100; east += 7) {
    for (std::int32_t north = -1100; north <= 1100; north += 7) {
      const std::int32_t rate = (east + north) % 600;  // 64-fpm units, beyond the 511 code too
      const std::int32_t diff = (east - north) % 200;  // 25-ft units, beyond the 127 code too
      const bool with_diff = (east / 7) % 3 != 0;
      const std::uint8_t nac_v = static_cast<std::uint8_t>((east / 7 + north / 7) & 7);
      ModeSMessage m;
      m.df = 17;
      m.address = 0x71C012;
      m.on_ground = false;
      m.type_code = 19;
      m.subtype = 1;
      m.gs_kt = static_cast<float>(std::hypot(east, north));
      m.track_deg = static_cast<float>(std::atan2(east, north) * 180.0 / 3.14159265358979323846);
      if (*m.track_deg < 0) *m.track_deg += 360.0f;
      m.baro_rate_fpm = rate * 64;
      m.nac_v = nac_v;
      if (with_diff) m.gnss_baro_diff_ft = diff * 25;
      ASSERT_EQ(encode_frame(m, expected), 14u);
      encode_ground_velocity_frame(0x71C012, false, east, north, rate, nac_v, with_diff ? &diff : nullptr, direct);
      ASSERT_EQ(hex_of(direct, 14), hex_of(expected, 14)) << east << " " << north << " " << rate << " " << diff;
      ++compared;
    }
  }
  EXPECT_EQ(compared, 315 * 315);
}

// The direct DF4/DF20 altitude-reply encoder against encode_frame: both formats, air and ground, with and without
// the BDS 2,0 callsign, altitudes across the 25-ft, Gillham and unavailable ranges.
TEST(Encode, DirectAltitudeReplyMatchesEncodeFrame) {
  const Callsign callsign = {'K', 'A', 'L', '0', '8', '5', '\0', '\0', '\0'};
  const std::uint64_t mb = encode_identification_mb(callsign);
  std::array<std::uint8_t, 14> direct{}, expected{};
  int compared = 0;
  for (std::uint8_t df : {4, 20}) {
    for (bool on_ground : {false, true}) {
      for (bool with_callsign : {false, true}) {
        for (std::int32_t alt = -1400; alt <= 130000; alt += 175) {
          ModeSMessage m;
          m.df = df;
          m.address = 0x71C012;
          m.on_ground = on_ground;
          m.alt_baro_ft = alt;
          if (with_callsign && df == 20) m.callsign = callsign;
          const std::size_t len = encode_frame(m, expected);
          ASSERT_EQ(encode_altitude_reply_frame(df, 0x71C012, on_ground, alt, with_callsign && df == 20 ? mb : 0, direct),
                    len);
          ASSERT_EQ(hex_of(direct, len), hex_of(expected, len)) << int(df) << " " << on_ground << " " << alt;
          ++compared;
        }
      }
    }
  }
  EXPECT_GT(compared, 2900);
}

TEST(Encode, VelocityGroundSpeedSubtype1) {
  // 8 kt west, 159 kt south, GNSS vertical rate -832 fpm, GNSS 550 ft above baro.
  auto m = df17(0x485020, 5, 19);
  m.subtype = 1;
  m.nac_v = 0;
  m.gs_kt = static_cast<float>(std::hypot(8.0, 159.0));
  m.track_deg = static_cast<float>(std::atan2(-8.0, -159.0) * 180.0 / 3.141592653589793 + 360.0);
  m.geom_rate_fpm = -832;
  m.gnss_baro_diff_ft = 550;
  std::array<std::uint8_t, 14> out{};
  ASSERT_EQ(encode_frame(m, out), 14u);
  // The real frame has the IFR capability bit (ME bit 10, frame bit 42) set; ModeSMessage has no field for it.
  out[5] |= 0x40;
  const auto p = crc24(out.data(), 11);
  out[11] = static_cast<std::uint8_t>(p >> 16);
  out[12] = static_cast<std::uint8_t>(p >> 8);
  out[13] = static_cast<std::uint8_t>(p);
  EXPECT_EQ(hex_of(out, 14), "8D485020994409940838175B284F");
}

TEST(Encode, VelocityAirspeedSubtype3) {
  // Magnetic heading 243.98°, TAS 375 kt, barometric vertical rate -2304 fpm.
  auto m = df17(0xA05F21, 5, 19);
  m.subtype = 3;
  m.nac_v = 0;
  m.heading_deg = 694 * 360.0f / 1024.0f;
  m.tas_kt = 375;
  m.baro_rate_fpm = -2304;
  EXPECT_EQ(encode_hex(m), "8DA05F219B06B6AF189400CBC33F");
}

TEST(Encode, SurfacePositionPair) {
  for (auto [hex, gs, trk] : {std::tuple{"8C4841753AAB238733C8CD4020B1", 18.0f, 140.625f},
                              std::tuple{"8C4841753A8A35323FAEBDAC702D", 16.0f, 98.4375f}}) {
    auto m = df17(0x484175, 4, 7);
    m.gs_kt = gs;
    m.track_deg = trk;
    m.time_sync = false;
    m.cpr = CprPosition{frame_bits(hex, 55, 17), frame_bits(hex, 72, 17),
                        frame_bits(hex, 54, 1) ? CprFormat::Odd : CprFormat::Even, true};
    EXPECT_EQ(encode_hex(m), hex);
  }
}

TEST(Encode, SurfaceMovementQuantisation) {
  // DO-260B §2.2.3.2.4.2: a speed is sent as the code of the band containing it.
  auto movement = [](std::optional<float> gs) {
    auto m = df17(0x484175, 4, 7);
    m.gs_kt = gs;
    std::array<std::uint8_t, 14> out{};
    encode_frame(m, out);
    return frame_bits(hex_of(out, 14), 38, 7);
  };
  EXPECT_EQ(movement(std::nullopt), 0u);
  EXPECT_EQ(movement(0.0f), 1u);
  EXPECT_EQ(movement(0.1f), 1u);
  EXPECT_EQ(movement(0.125f), 2u);
  EXPECT_EQ(movement(0.99f), 8u);
  EXPECT_EQ(movement(1.0f), 9u);
  EXPECT_EQ(movement(1.8f), 12u);
  EXPECT_EQ(movement(2.0f), 13u);
  EXPECT_EQ(movement(14.9f), 38u);
  EXPECT_EQ(movement(15.0f), 39u);
  EXPECT_EQ(movement(18.0f), 42u);
  EXPECT_EQ(movement(69.5f), 93u);
  EXPECT_EQ(movement(70.0f), 94u);
  EXPECT_EQ(movement(99.9f), 108u);
  EXPECT_EQ(movement(100.0f), 109u);
  EXPECT_EQ(movement(174.0f), 123u);
  EXPECT_EQ(movement(175.0f), 124u);
  EXPECT_EQ(movement(400.0f), 124u);
}

TEST(Encode, AnglesWrapAtOneTurn) {
  auto track_code = [](float deg) {
    auto m = df17(0x484175, 4, 7);
    m.track_deg = deg;
    std::array<std::uint8_t, 14> out{};
    encode_frame(m, out);
    return frame_bits(hex_of(out, 14), 45, 8);  // status bit + 7-bit track
  };
  EXPECT_EQ(track_code(0.0f), 0x80u);
  EXPECT_EQ(track_code(360.0f), 0x80u);
  EXPECT_EQ(track_code(359.0f), 0x80u);  // nearest step is 360 = 0
  EXPECT_EQ(track_code(-2.8125f), 0x80u | 127u);
  EXPECT_EQ(track_code(720.0f + 2.8125f), 0x81u);
  EXPECT_EQ(track_code(1e30f), track_code(std::fmod(1e30f, 360.0f)));
}

TEST(Encode, AbsentVelocityFieldsAreNotAvailableCodes) {
  auto m = df17(0x485020, 5, 19);
  m.subtype = 1;
  std::array<std::uint8_t, 14> out{};
  ASSERT_EQ(encode_frame(m, out), 14u);
  // Only TC 19 and subtype 1 are set: velocity, vertical rate and GNSS-baro difference are all 0.
  EXPECT_EQ(hex_of(out, 14).substr(8, 14), "99000000000000");
}

TEST(Encode, Df20AltitudeReply) {
  // A000019910010080F500004315B2: DF20, FS 0, 1625 ft (25-ft coding), address ABB3BE. The MB (a Comm-B
  // register) is not produced by the encoder: compare the header and check the address/parity overlay.
  ModeSMessage m;
  m.df = 20;
  m.address = 0xABB3BE;
  m.on_ground = false;
  m.alt_baro_ft = 1625;
  std::array<std::uint8_t, 14> out{};
  ASSERT_EQ(encode_frame(m, out), 14u);
  EXPECT_EQ(hex_of(out, 4), "A0000199");
  EXPECT_EQ(crc_syndrome(out.data(), 14), 0xABB3BEu);
}

TEST(Encode, Df21IdentityReply) {
  // A80000238075173A6004D94E810A: DF21, FS 0, squawk 0504, address 400BD7.
  ModeSMessage m;
  m.df = 21;
  m.address = 0x400BD7;
  m.on_ground = false;
  m.squawk = 0x0504;
  std::array<std::uint8_t, 14> out{};
  ASSERT_EQ(encode_frame(m, out), 14u);
  EXPECT_EQ(hex_of(out, 4), "A8000023");
  EXPECT_EQ(crc_syndrome(out.data(), 14), 0x400BD7u);
}

TEST(Encode, Df21IdentificationInCommB) {
  // With a callsign, DF20/21 carry BDS 2,0 in MB: 0x20 then the same 6-bit characters as ES identification.
  ModeSMessage m;
  m.df = 21;
  m.address = 0x4840D6;
  m.squawk = 0x1000;
  m.callsign = callsign("KLM1023");
  std::array<std::uint8_t, 14> out{};
  ASSERT_EQ(encode_frame(m, out), 14u);
  EXPECT_EQ(hex_of(out, 14).substr(8, 14), "202CC371C32CE0");
}

TEST(Encode, ShortFramesHaveParity) {
  ModeSMessage m;
  m.address = 0x406B90;
  std::array<std::uint8_t, 14> out{};
  m.df = 11;
  m.capability = 5;
  ASSERT_EQ(encode_frame(m, out), 7u);
  EXPECT_EQ(hex_of(out, 4), "5D406B90");
  EXPECT_EQ(crc_syndrome(out.data(), 7), 0u);
  for (std::uint8_t df : {0, 4, 5}) {
    m.df = df;
    ASSERT_EQ(encode_frame(m, out), 7u);
    EXPECT_EQ(out[0] >> 3, df);
    EXPECT_EQ(crc_syndrome(out.data(), 7), 0x406B90u) << int(df);
  }
  m.df = 16;
  ASSERT_EQ(encode_frame(m, out), 14u);
  EXPECT_EQ(crc_syndrome(out.data(), 14), 0x406B90u);
}

TEST(Encode, FlightStatusWithoutAirGroundIsEither) {
  ModeSMessage m;
  m.df = 4;
  std::array<std::uint8_t, 14> out{};
  encode_frame(m, out);
  EXPECT_EQ(out[0] & 7, 5);  // FS 5: no alert, SPI, airborne or on the ground
  m.on_ground = true;
  encode_frame(m, out);
  EXPECT_EQ(out[0] & 7, 1);
}

TEST(Encode, CapabilityFollowsAirGroundWhenAbsent) {
  ModeSMessage m;
  m.df = 11;
  std::array<std::uint8_t, 14> out{};
  encode_frame(m, out);
  EXPECT_EQ(out[0] & 7, 6);
  m.on_ground = true;
  encode_frame(m, out);
  EXPECT_EQ(out[0] & 7, 4);
  m.on_ground = false;
  encode_frame(m, out);
  EXPECT_EQ(out[0] & 7, 5);
}

TEST(Encode, AltitudeCodes) {
  EXPECT_EQ(encode_ac13(std::nullopt), 0u);
  // 25-ft coding: N = (38000 + 1000) / 25 = 1560 = 0b11000011000, Q bit set, M clear.
  EXPECT_EQ(encode_ac12(38000), 0xC38u);
  EXPECT_EQ(encode_ac13(-1000) & 0x10, 0x10u);
  EXPECT_EQ(encode_ac13(50175) & 0x10, 0x10u);
  // Above 50175 ft and below -1000 ft: Gillham, Q = 0, M = 0.
  EXPECT_EQ(encode_ac13(50200) & 0x50, 0u);
  EXPECT_NE(encode_ac13(50200), 0u);
  EXPECT_EQ(encode_ac13(-1200) & 0x50, 0u);
  EXPECT_NE(encode_ac13(-1200), 0u);
  // Beyond the Gillham range: not available.
  EXPECT_EQ(encode_ac13(126800), 0u);
  EXPECT_EQ(encode_ac13(-1300), 0u);
  // Gillham: -1200 ft is the first step of the first band, C1 C2 C4 = 001, every other pulse off.
  EXPECT_EQ(encode_gillham_ac13(-1200), 1u << 8);
}

TEST(Encode, IdentityCode) {
  // 7700: A = 7, B = 7, C = D = 0 -> A4 A2 A1 B4 B2 B1.
  EXPECT_EQ(encode_id13(0x7700), (1u << 11) | (1u << 9) | (1u << 7) | (1u << 5) | (1u << 3) | (1u << 1));
  EXPECT_EQ(encode_id13(0x0000), 0u);
}

TEST(Encode, UnencodableMessagesGiveZero) {
  std::array<std::uint8_t, 14> out{};
  ModeSMessage m;
  m.df = 24;
  EXPECT_EQ(encode_frame(m, out), 0u);
  m.df = 19;
  EXPECT_EQ(encode_frame(m, out), 0u);
  m.df = 17;  // no type code
  EXPECT_EQ(encode_frame(m, out), 0u);
  m.type_code = 32;
  EXPECT_EQ(encode_frame(m, out), 0u);
  m.df = 18;
  m.type_code = 11;
  for (std::uint8_t cf : {3, 4, 7}) {
    m.control_field = cf;
    EXPECT_EQ(encode_frame(m, out), 0u) << int(cf);
  }
  m.control_field = 1;
  EXPECT_EQ(encode_frame(m, out), 14u);
  EXPECT_EQ(crc_syndrome(out.data(), 14), 0u);
}

}  // namespace
