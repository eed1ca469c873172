// decode_frame: DF dispatch, CRC acceptance, address recovery, lengths. Register contents have their own
// files (bds05_test.cpp ...); error statuses are in decode_errors_test.cpp.
#include "modes/decode.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "modes/crc.hpp"
#include "modes/decode_test_util.hpp"

namespace gw::modes {
namespace {

using test::decode_hex;

// The 1090 MHz Riddle, "ADS-B decoding" worked example (KLM1023).
TEST(Decode, Df17AddressInTheClearWithParity) {
  DecodeStatus st;
  const auto m = decode_hex("8D4840D6202CC371C32CE0576098", &st);
  ASSERT_EQ(st, DecodeStatus::Ok);
  EXPECT_EQ(m.df, 17);
  EXPECT_EQ(m.address, 0x4840D6u);
  EXPECT_EQ(m.address_source, AddressSource::Parity);
  EXPECT_EQ(m.address_kind, AddressKind::AdsbIcao);
  EXPECT_EQ(m.capability, 5);
  EXPECT_EQ(m.on_ground, false);  // CA 5: airborne
  EXPECT_FALSE(m.crc_corrected);
}

// pyModeS golden_v2.json (tests/fixtures, pyModeS a49921b): DF20 altitude reply of ABB3BE, 1625 ft.
TEST(Decode, Df20AltitudeReplyRecoversAddressFromParity) {
  DecodeStatus st;
  const auto m = decode_hex("A000019910010080F500004315B2", &st);
  ASSERT_EQ(st, DecodeStatus::Ok);
  EXPECT_EQ(m.df, 20);
  EXPECT_EQ(m.address, 0xABB3BEu);
  EXPECT_EQ(m.address_source, AddressSource::Recovered);
  EXPECT_EQ(m.address_kind, AddressKind::ModeS);
  EXPECT_EQ(m.alt_baro_ft, 1625);
  EXPECT_EQ(m.on_ground, false);  // FS 0
  EXPECT_FALSE(m.type_code.has_value());
}

// pyModeS golden_v2.json: DF21 identity reply of 400BD7, squawk 0504.
TEST(Decode, Df21IdentityReplyGivesSquawk) {
  DecodeStatus st;
  const auto m = decode_hex("A80000238075173A6004D94E810A", &st);
  ASSERT_EQ(st, DecodeStatus::Ok);
  EXPECT_EQ(m.df, 21);
  EXPECT_EQ(m.address, 0x400BD7u);
  EXPECT_EQ(m.squawk, 0x0504);
}

// A DF11 all-call reply built from the 406B90 address of the pyModeS sample with interrogator code II=5 in the
// low parity bits: the syndrome is 5, accepted; any higher syndrome bit is not.
TEST(Decode, Df11AcceptsInterrogatorCodeInLowSevenBits) {
  RawFrame f = test::frame_from_hex("5D406B90000000");
  const std::uint32_t p = crc24(f.bytes.data(), 4) ^ 0x05;
  f.bytes[4] = static_cast<std::uint8_t>(p >> 16);
  f.bytes[5] = static_cast<std::uint8_t>(p >> 8);
  f.bytes[6] = static_cast<std::uint8_t>(p);
  ModeSMessage m;
  ASSERT_EQ(decode_frame(f, m), DecodeStatus::Ok);
  EXPECT_EQ(m.df, 11);
  EXPECT_EQ(m.address, 0x406B90u);
  EXPECT_EQ(m.capability, 5);
  EXPECT_EQ(m.on_ground, false);

  f.bytes[4] ^= 0x01;  // syndrome bit 16 set: not an II/SI code
  EXPECT_EQ(decode_frame(f, m), DecodeStatus::BadCrc);
}

TEST(Decode, Df11CapabilityFourMeansOnGround) {
  RawFrame f = test::frame_from_hex("5C406B90000000");
  const std::uint32_t p = crc24(f.bytes.data(), 4);
  f.bytes[4] = static_cast<std::uint8_t>(p >> 16);
  f.bytes[5] = static_cast<std::uint8_t>(p >> 8);
  f.bytes[6] = static_cast<std::uint8_t>(p);
  ModeSMessage m;
  ASSERT_EQ(decode_frame(f, m), DecodeStatus::Ok);
  EXPECT_EQ(m.on_ground, true);
}

TEST(Decode, OutputIsResetBetweenFrames) {
  ModeSMessage m;
  ASSERT_EQ(decode_frame(test::frame_from_hex("8D4840D6202CC371C32CE0576098"), m), DecodeStatus::Ok);
  ASSERT_TRUE(m.callsign.has_value());
  ASSERT_EQ(decode_frame(test::frame_from_hex("8D40621D58C382D690C8AC2863A7"), m), DecodeStatus::Ok);
  EXPECT_FALSE(m.callsign.has_value());
  EXPECT_FALSE(m.category.has_value());
  EXPECT_EQ(m.alt_baro_ft, 38000);
}

// Field by field (every member of ModeSMessage: extend when adding one). Not memcmp: a disengaged optional's
// payload bytes are indeterminate.
void expect_same_message(const ModeSMessage& a, const ModeSMessage& b, const std::string& what) {
#define F(x) EXPECT_EQ(a.x, b.x) << what << ": " #x
  F(df); F(address); F(address_source); F(address_kind); F(crc_corrected); F(capability); F(control_field);
  F(type_code); F(subtype); F(rssi_dbfs); F(signal); F(counter_12mhz); F(on_ground); F(alt_baro_ft);
  F(alt_geom_ft); F(nic_b); F(surveillance_status); F(time_sync); F(gs_kt); F(track_deg); F(heading_deg);
  F(heading_is_true); F(ias_kt); F(tas_kt); F(baro_rate_fpm); F(geom_rate_fpm); F(gnss_baro_diff_ft);
  F(supersonic); F(callsign); F(category); F(squawk); F(version); F(nic_a); F(nic_c); F(nac_p); F(nac_v); F(sil);
  F(sil_type); F(gva); F(sda); F(nic_baro); F(hrd); F(emergency); F(acas_ra); F(nav_altitude_ft);
  F(nav_altitude_fms); F(nav_qnh_hpa); F(nav_heading_deg); F(commb_registers); F(nav_altitude_fms_ft); F(roll_deg);
  F(track_rate_deg_s); F(mach); F(derived.lat); F(derived.lon); F(derived.nic); F(derived.rc_m); F(derived.nuc_p);
  F(derived.version);
#undef F
  EXPECT_EQ(std::isnan(a.time_s), std::isnan(b.time_s)) << what;
  if (!std::isnan(a.time_s)) {
    EXPECT_EQ(a.time_s, b.time_s) << what;
  }
  ASSERT_EQ(a.cpr.has_value(), b.cpr.has_value()) << what;
  if (a.cpr) {  // CprPosition has no operator==
    EXPECT_EQ(a.cpr->lat_cpr, b.cpr->lat_cpr) << what;
    EXPECT_EQ(a.cpr->lon_cpr, b.cpr->lon_cpr) << what;
    EXPECT_EQ(a.cpr->format, b.cpr->format) << what;
    EXPECT_EQ(a.cpr->surface, b.cpr->surface) << what;
  }
}

// decode_frame resets the whole message (zero bytes in pieces plus two defaults, decode.cpp): whatever
// `out` held before, from an earlier decode or from the caller (time, signal, derived, Comm-B fields), the result
// is the one decoded into a fresh message.
TEST(Decode, ResultDependsOnlyOnTheBytesNotOnWhatOutHeld) {
  const char* frames[] = {"8D4840D6202CC371C32CE0576098", "8D40621D58C382D690C8AC2863A7", "A000019910010080F500004315B2",
                          "A80000238075173A6004D94E810A", "5D406B90000000", "8CA426E0381964D3DE133A0F86AC",
                          "904677F413534C01C3682016A7A2", "94FBBD4164DE37E99D1756A9FD34", "9640621D58C382D690C8AC000000",
                          "8D4840D6202CC371C32CE0576099", "C0000000000000000000000000", "0000"};
  for (const char* prev : frames) {
    for (const char* hex : frames) {
      const RawFrame f = test::frame_from_hex(hex);
      ModeSMessage fresh;
      const DecodeStatus s_fresh = decode_frame(f, fresh);
      ModeSMessage used;
      decode_frame(test::frame_from_hex(prev), used);
      used.time_s = 1.5;
      used.signal = 7;
      used.counter_12mhz = 42;
      used.commb_registers = 3;
      used.derived.lat = 60.0;
      used.derived.nic = 8;
      const DecodeStatus s_used = decode_frame(f, used);
      EXPECT_EQ(s_fresh, s_used) << prev << " then " << hex;
      expect_same_message(fresh, used, std::string(prev) + " then " + hex);
    }
  }
}

// map's fast path (cli/map_command.cpp) relies on this: a frame fieldless_squitter_address accepts decodes to a
// message with nothing but df 18, the address (parity checked), an ADS-B address kind, CF, type code and subtype;
// and it accepts every DF18 CF 0/1 frame with a fieldless type code and good parity. Every DF17/18 CF/CA and type
// code, two ME patterns each, with good parity and with one bit flipped.
TEST(Decode, FieldlessSquitterIsExactlyAMessageWithoutFields) {
  int accepted = 0;
  for (const std::uint8_t df : {17, 18}) {
    for (std::uint8_t cf = 0; cf < 8; ++cf) {
      for (std::uint8_t tc = 0; tc < 32; ++tc) {
        for (const std::uint8_t fill : {0x00, 0xA7}) {
          RawFrame f;
          f.length = kLongFrameBytes;
          f.kind = FrameKind::Long;
          f.bytes = {static_cast<std::uint8_t>(df << 3 | cf), 0x46, 0x75, 0x29, static_cast<std::uint8_t>(tc << 3 | (fill & 7)),
                     fill, fill, fill, fill, fill, fill};
          const std::uint32_t parity = crc24(f.bytes.data(), kLongFrameBytes - 3);
          f.bytes[11] = static_cast<std::uint8_t>(parity >> 16);
          f.bytes[12] = static_cast<std::uint8_t>(parity >> 8);
          f.bytes[13] = static_cast<std::uint8_t>(parity);
          const std::string what = "DF" + std::to_string(df) + " CF/CA " + std::to_string(cf) + " TC " +
                                   std::to_string(tc) + " fill " + std::to_string(fill);
          const bool fieldless_tc = tc == 23 || tc == 24 || (tc >= 25 && tc <= 27) || tc == 30;
          const auto address = fieldless_squitter_address(f);
          EXPECT_EQ(address.has_value(), df == 18 && cf <= 1 && fieldless_tc) << what;
          if (address) {
            ++accepted;
            ModeSMessage m;
            ASSERT_EQ(decode_frame(f, m), DecodeStatus::Ok) << what;
            ModeSMessage expected;
            expected.df = 18;
            expected.address = 0x467529;
            expected.address_kind = cf == 0 ? AddressKind::AdsbIcao : AddressKind::AdsbOther;
            expected.control_field = cf;
            expected.type_code = tc;
            if (tc == 23 || tc == 24) expected.subtype = fill & 7;
            EXPECT_EQ(*address, expected.address) << what;
            expect_same_message(m, expected, what);
          }
          for (const int bit : {0, 40, 100}) {  // DF, type code, parity: never accepted (not even repaired)
            RawFrame damaged = f;
            damaged.bytes[bit / 8] ^= static_cast<std::uint8_t>(0x80u >> (bit % 8));
            EXPECT_FALSE(fieldless_squitter_address(damaged)) << what << " bit " << bit;
          }
        }
      }
    }
  }
  EXPECT_EQ(accepted, 2 * 6 * 2);
  // A TC 24 frame of the Helsinki recording (2026-01-07, fixed ground transmitter 467529).
  EXPECT_EQ(fieldless_squitter_address(test::frame_from_hex("90467529c10528f4df797f1bf7fe")), 0x467529u);
  EXPECT_FALSE(fieldless_squitter_address(test::frame_from_hex("8D4840D6202CC371C32CE0576098")));  // DF17 TC 4
}

// rs1090 short_flights.csv (2025-07-29): DF17 with CA 4 is a surface position (TC 7).
TEST(Decode, Df17CapabilityFourSurfacePosition) {
  const auto m = decode_hex("8CA426E0381964D3DE133A0F86AC");
  EXPECT_EQ(m.capability, 4);
  EXPECT_EQ(m.on_ground, true);
}

// Helsinki recording: DF18 CF=0 (ADS-B, ICAO address) from an airport ground vehicle, TC 2 = category set C.
TEST(Decode, Df18GroundVehicleIdentification) {
  const auto m = decode_hex("904677F413534C01C3682016A7A2");
  EXPECT_EQ(m.df, 18);
  EXPECT_EQ(m.control_field, 0);
  EXPECT_EQ(m.address_kind, AddressKind::AdsbIcao);
  EXPECT_EQ(m.address, 0x4677F4u);
  EXPECT_FALSE(m.capability.has_value());
  EXPECT_EQ(m.category, 0xC3);
  EXPECT_EQ(test::callsign_str(m), "T40A06");
}

// Helsinki recording: DF18 CF=0 TC 24 (surface system status) from the fixed airport transmitters.
TEST(Decode, Df18SurfaceSystemStatusKeepsTypeCodeOnly) {
  const auto m = decode_hex("90467529C10528F4DF797F1BF7FE");
  EXPECT_EQ(m.type_code, 24);
  EXPECT_EQ(m.subtype, 1);
  EXPECT_FALSE(m.cpr.has_value());
}

// Helsinki recording: DF18 CF=4 (TIS-B/ADS-R management): reserved, no type code.
TEST(Decode, Df18ManagementMessageIsReservedKind) {
  const auto m = decode_hex("94FBBD4164DE37E99D1756A9FD34");
  EXPECT_EQ(m.control_field, 4);
  EXPECT_EQ(m.address_kind, AddressKind::Reserved);
  EXPECT_FALSE(m.type_code.has_value());
}

// DF18 CF=6 (ADS-R) airborne position: the Riddle position ME re-sent with CF 6 and ME bit 8 (IMF) set,
// parity recomputed. IMF=1 -> non-ICAO address, and ME bit 8 is not NIC-B.
TEST(Decode, Df18AdsrImfSelectsAddressKind) {
  RawFrame f = test::frame_from_hex("9640621D58C382D690C8AC000000");
  for (int imf = 0; imf < 2; ++imf) {
    f.bytes[4] = static_cast<std::uint8_t>((f.bytes[4] & ~1u) | static_cast<unsigned>(imf));
    const std::uint32_t p = crc24(f.bytes.data(), 11);
    f.bytes[11] = static_cast<std::uint8_t>(p >> 16);
    f.bytes[12] = static_cast<std::uint8_t>(p >> 8);
    f.bytes[13] = static_cast<std::uint8_t>(p);
    ModeSMessage m;
    ASSERT_EQ(decode_frame(f, m), DecodeStatus::Ok);
    EXPECT_EQ(m.address_kind, imf ? AddressKind::AdsrOther : AddressKind::AdsrIcao);
    EXPECT_FALSE(m.nic_b.has_value());
    EXPECT_EQ(m.alt_baro_ft, 38000);
  }
}

}  // namespace
}  // namespace gw::modes
