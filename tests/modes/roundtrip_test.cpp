// Round-trip properties between the encoder (encode.hpp) and the decoder (decode.hpp), which were written
// independently from the standards: random valid field values per message type, encoded, decoded, and every
// field of ModeSMessage compared (quantised to the field's resolution). Then real frames: decode, encode,
// decode again must give the same message, and the same bytes where the message carries every bit.
#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <cstdint>
#include <fstream>
#include <numbers>
#include <random>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "modes/altitude.hpp"
#include "modes/commb.hpp"
#include "modes/decode.hpp"
#include "modes/encode.hpp"

namespace {

using namespace gw::modes;

constexpr int kCases = 4000;  // per message type

// --- field-by-field comparison --------------------------------------------------------------------------

struct Diff {
  std::ostringstream why;
  bool any = false;
};

template <class T>
void cmp(Diff& d, const char* name, const std::optional<T>& want, const std::optional<T>& got, double tol = 0) {
  if (want.has_value() != got.has_value()) {
    d.any = true;
    d.why << name << ": want " << (want ? "set" : "unset") << ", got " << (got ? "set" : "unset") << "; ";
    return;
  }
  if (!want) return;
  if constexpr (std::is_floating_point_v<T>) {
    if (std::fabs(double(*want) - double(*got)) > tol) {
      d.any = true;
      d.why << name << ": want " << *want << ", got " << *got << "; ";
    }
  } else if constexpr (std::is_same_v<T, Callsign>) {
    if (std::string(want->data()) != std::string(got->data())) {
      d.any = true;
      d.why << name << ": want '" << want->data() << "', got '" << got->data() << "'; ";
    }
  } else if constexpr (std::is_same_v<T, CprPosition>) {
    if (want->lat_cpr != got->lat_cpr || want->lon_cpr != got->lon_cpr || want->format != got->format ||
        want->surface != got->surface) {
      d.any = true;
      d.why << name << " differs; ";
    }
  } else if constexpr (std::is_enum_v<T>) {
    if (*want != *got) {
      d.any = true;
      d.why << name << ": want " << int(*want) << ", got " << int(*got) << "; ";
    }
  } else {
    if (*want != *got) {
      d.any = true;
      d.why << name << ": want " << +*want << ", got " << +*got << "; ";
    }
  }
}

// Every decoded field of ModeSMessage (the `derived` block belongs to the tracker).
std::string compare(const ModeSMessage& w, const ModeSMessage& g) {
  Diff d;
  if (w.df != g.df) d.why << "df; ", d.any = true;
  if (w.address != g.address) d.why << "address; ", d.any = true;
  if (w.address_source != g.address_source) d.why << "address_source; ", d.any = true;
  if (w.address_kind != g.address_kind) d.why << "address_kind; ", d.any = true;
  if (w.crc_corrected != g.crc_corrected) d.why << "crc_corrected; ", d.any = true;
#define GW_CMP(f, ...) cmp(d, #f, w.f, g.f __VA_OPT__(, ) __VA_ARGS__)
  GW_CMP(capability);
  GW_CMP(control_field);
  GW_CMP(type_code);
  GW_CMP(subtype);
  GW_CMP(cpr);
  GW_CMP(on_ground);
  GW_CMP(alt_baro_ft);
  GW_CMP(alt_geom_ft);
  GW_CMP(nic_b);
  GW_CMP(surveillance_status);
  GW_CMP(time_sync);
  GW_CMP(gs_kt, 2e-3);
  GW_CMP(track_deg, 2e-3);
  GW_CMP(heading_deg, 1e-3);
  GW_CMP(heading_is_true);
  GW_CMP(ias_kt, 1e-3);
  GW_CMP(tas_kt, 1e-3);
  GW_CMP(baro_rate_fpm);
  GW_CMP(geom_rate_fpm);
  GW_CMP(gnss_baro_diff_ft);
  GW_CMP(supersonic);
  GW_CMP(callsign);
  GW_CMP(category);
  GW_CMP(squawk);
  GW_CMP(version);
  GW_CMP(nic_a);
  GW_CMP(nic_c);
  GW_CMP(nac_p);
  GW_CMP(nac_v);
  GW_CMP(sil);
  GW_CMP(sil_type);
  GW_CMP(gva);
  GW_CMP(sda);
  GW_CMP(nic_baro);
  GW_CMP(hrd);
  GW_CMP(emergency);
  GW_CMP(acas_ra);
  GW_CMP(nav_altitude_ft);
  GW_CMP(nav_altitude_fms);
  GW_CMP(nav_qnh_hpa, 1e-3);
  GW_CMP(nav_heading_deg, 1e-3);
#undef GW_CMP
  return d.any ? d.why.str() : std::string();
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

RawFrame raw(const std::array<std::uint8_t, 14>& bytes, std::size_t len) {
  RawFrame f;
  f.bytes = bytes;
  f.length = static_cast<std::uint8_t>(len);
  f.kind = len == kLongFrameBytes ? FrameKind::Long : FrameKind::Short;
  return f;
}

// Encodes `want`, decodes, and compares with `want` (which must hold exactly what the decoder will report).
::testing::AssertionResult round_trips(const ModeSMessage& want) {
  std::array<std::uint8_t, 14> bytes{};
  const std::size_t len = encode_frame(want, bytes);
  if (len == 0) return ::testing::AssertionFailure() << "not encoded";
  ModeSMessage got;
  const DecodeStatus st = decode_frame(raw(bytes, len), got);
  if (st != DecodeStatus::Ok) return ::testing::AssertionFailure() << "decode status " << int(st) << " " << hex_of(bytes, len);
  const std::string diff = compare(want, got);
  if (!diff.empty()) return ::testing::AssertionFailure() << hex_of(bytes, len) << ": " << diff;
  return ::testing::AssertionSuccess();
}

// --- generators of valid, already-quantised field values ----------------------------------------------

struct Gen {
  std::mt19937_64 rng;
  explicit Gen(std::uint64_t seed) : rng(seed) {}

  int uniform(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); }
  bool coin() { return uniform(0, 1) == 1; }
  template <class T>
  std::optional<T> maybe(T v) {
    return uniform(0, 9) == 0 ? std::nullopt : std::optional<T>(v);  // 10 % absent
  }

  // An altitude the AC12/AC13 codes represent exactly: 25-ft steps in -1000..50175, or Gillham 100-ft steps
  // above 50175 (to 126700) and at -1200, -1100.
  std::int32_t altitude() {
    const int kind = uniform(0, 9);
    if (kind == 0) return 50200 + 100 * uniform(0, (126700 - 50200) / 100);
    if (kind == 1) return uniform(0, 1) ? -1200 : -1100;
    return -1000 + 25 * uniform(0, 2047);
  }

  std::uint16_t squawk() {
    return static_cast<std::uint16_t>(uniform(0, 7) << 12 | uniform(0, 7) << 8 | uniform(0, 7) << 4 | uniform(0, 7));
  }

  // DF17 (CA 0-7) or DF18 (CF 0 or 1) header, with what the decoder derives from it.
  ModeSMessage extended_squitter(std::uint8_t tc) {
    ModeSMessage m;
    m.address = static_cast<std::uint32_t>(uniform(0, 0xFFFFFF));
    m.address_source = AddressSource::Parity;
    m.type_code = tc;
    if (coin()) {
      m.df = 17;
      m.address_kind = AddressKind::AdsbIcao;
      const auto ca = static_cast<std::uint8_t>(uniform(0, 7));
      m.capability = ca;
      if (ca == 4) m.on_ground = true;
      if (ca == 5) m.on_ground = false;
    } else {
      m.df = 18;
      const auto cf = static_cast<std::uint8_t>(uniform(0, 1));
      m.control_field = cf;
      m.address_kind = cf == 0 ? AddressKind::AdsbIcao : AddressKind::AdsbOther;
    }
    return m;
  }

  CprPosition cpr(bool surface) {
    return CprPosition{static_cast<std::uint32_t>(uniform(0, 0x1FFFF)), static_cast<std::uint32_t>(uniform(0, 0x1FFFF)),
                       coin() ? CprFormat::Odd : CprFormat::Even, surface};
  }
};

TEST(RoundTrip, AltitudeCodesAgreeWithDecoder) {
  // Every 25-ft altitude, and every Gillham 100-ft altitude through both the AC13 and AC12 layouts.
  for (std::int32_t alt = -1000; alt <= 50175; alt += 25) {
    ASSERT_EQ(decode_ac13(encode_ac13(alt)), alt);
    ASSERT_EQ(decode_ac12(encode_ac12(alt)), alt);
  }
  for (std::int32_t alt = -1200; alt <= 126700; alt += 100) {
    const std::uint32_t g = encode_gillham_ac13(alt);
    ASSERT_EQ(g & 0x50, 0u) << alt;  // M = 0, Q = 0
    ASSERT_EQ(decode_gillham(g), alt) << alt;
    ASSERT_EQ(decode_ac13(g), alt) << alt;
    // The AC12 layout drops only the M bit.
    ASSERT_EQ(decode_ac12(((g & 0x1F80) >> 1) | (g & 0x3F)), alt) << alt;
  }
  EXPECT_EQ(decode_ac13(encode_ac13(60000)), 60000);
  EXPECT_EQ(decode_ac13(encode_ac13(-1150)), -1100);  // Gillham rounds to 100 ft
  EXPECT_EQ(decode_ac13(encode_ac13(38012)), 38000);  // 25-ft coding rounds to nearest
  EXPECT_EQ(decode_ac13(encode_ac13(38013)), 38025);
}

TEST(RoundTrip, IdentityCodesAgreeWithDecoder) {
  for (std::uint32_t a = 0; a < 8; ++a)
    for (std::uint32_t b = 0; b < 8; ++b)
      for (std::uint32_t c = 0; c < 8; ++c)
        for (std::uint32_t d = 0; d < 8; ++d) {
          const auto sq = static_cast<std::uint16_t>(a << 12 | b << 8 | c << 4 | d);
          ASSERT_EQ(decode_id13(encode_id13(sq)), sq);
        }
}

TEST(RoundTrip, SurveillanceReplies) {
  Gen g(1);
  for (int k = 0; k < kCases; ++k) {
    ModeSMessage m;
    static constexpr std::array<std::uint8_t, 6> kDfs = {0, 4, 5, 16, 20, 21};
    m.df = kDfs[static_cast<std::size_t>(g.uniform(0, 5))];
    m.address = static_cast<std::uint32_t>(g.uniform(0, 0xFFFFFF));
    m.address_source = AddressSource::Recovered;
    if (m.df == 0 || m.df == 16) {
      m.on_ground = g.coin();  // VS is always present
    } else {
      const int fs = g.uniform(0, 2);
      if (fs < 2) m.on_ground = fs == 1;
    }
    if (m.df == 5 || m.df == 21) {
      m.squawk = g.squawk();  // ID13 is always decoded (0000 is a valid code)
    } else {
      m.alt_baro_ft = g.maybe(g.altitude());
    }
    ASSERT_TRUE(round_trips(m)) << "df " << int(m.df);
  }
}

TEST(RoundTrip, CommBIdentification) {
  // DF20/21 with a callsign carry BDS 2,0 in MB; decode_frame leaves MB to commb.hpp.
  Gen g(13);
  static constexpr std::string_view kChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ";
  for (int k = 0; k < kCases; ++k) {
    ModeSMessage m;
    m.df = g.coin() ? 20 : 21;
    m.address = static_cast<std::uint32_t>(g.uniform(0, 0xFFFFFF));
    Callsign cs{};
    for (std::size_t i = 0; i < 8; ++i) cs[i] = kChars[static_cast<std::size_t>(g.uniform(0, int(kChars.size()) - 1))];
    for (int i = 7; i >= 0 && cs[static_cast<std::size_t>(i)] == ' '; --i) cs[static_cast<std::size_t>(i)] = '\0';
    m.callsign = cs;
    std::array<std::uint8_t, 14> bytes{};
    ASSERT_EQ(encode_frame(m, bytes), 14u);
    const auto got = commb::decode_bds20(commb::mb_field(bytes.data()));
    ASSERT_TRUE(got) << hex_of(bytes, 14);
    ASSERT_EQ(std::string(got->data()), std::string(cs.data())) << hex_of(bytes, 14);
  }
}

TEST(RoundTrip, AllCallReply) {
  Gen g(2);
  for (int k = 0; k < kCases; ++k) {
    ModeSMessage m;
    m.df = 11;
    m.address = static_cast<std::uint32_t>(g.uniform(0, 0xFFFFFF));
    m.capability = static_cast<std::uint8_t>(g.uniform(0, 7));
    if (*m.capability == 4) m.on_ground = true;
    if (*m.capability == 5) m.on_ground = false;
    ASSERT_TRUE(round_trips(m));
  }
}

TEST(RoundTrip, NoPositionTypeCode0) {
  Gen g(3);
  for (int k = 0; k < kCases; ++k) {
    auto m = g.extended_squitter(0);
    m.alt_baro_ft = g.maybe(g.altitude());
    ASSERT_TRUE(round_trips(m));
  }
}

TEST(RoundTrip, Identification) {
  Gen g(4);
  static constexpr std::string_view kChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ";
  for (int k = 0; k < kCases; ++k) {
    const auto tc = static_cast<std::uint8_t>(g.uniform(1, 4));
    auto m = g.extended_squitter(tc);
    m.category = static_cast<std::uint8_t>((0xE - tc) << 4 | g.uniform(0, 7));  // TC 4 = set A ... TC 1 = set D
    Callsign cs{};
    for (std::size_t i = 0; i < 8; ++i) cs[i] = kChars[static_cast<std::size_t>(g.uniform(0, int(kChars.size()) - 1))];
    for (int i = 7; i >= 0 && cs[static_cast<std::size_t>(i)] == ' '; --i) cs[static_cast<std::size_t>(i)] = '\0';
    m.callsign = cs;
    ASSERT_TRUE(round_trips(m));
  }
}

TEST(RoundTrip, SurfacePosition) {
  Gen g(5);
  // Lower bound of each movement code (DO-260B §2.2.3.2.4.2), the value the decoder reports.
  auto movement_kt = [](int code) -> float {
    if (code == 1) return 0.0f;
    if (code <= 8) return 0.125f * float(code - 1);
    if (code <= 12) return 1.0f + 0.25f * float(code - 9);
    if (code <= 38) return 2.0f + 0.5f * float(code - 13);
    if (code <= 93) return 15.0f + float(code - 39);
    if (code <= 108) return 70.0f + 2.0f * float(code - 94);
    if (code <= 123) return 100.0f + 5.0f * float(code - 109);
    return 175.0f;
  };
  for (int k = 0; k < kCases; ++k) {
    auto m = g.extended_squitter(static_cast<std::uint8_t>(g.uniform(5, 8)));
    m.on_ground = true;
    m.gs_kt = g.maybe(movement_kt(g.uniform(1, 124)));
    m.track_deg = g.maybe(float(g.uniform(0, 127)) * 360.0f / 128.0f);
    m.time_sync = g.coin();
    m.cpr = g.cpr(true);
    ASSERT_TRUE(round_trips(m));
  }
}

TEST(RoundTrip, AirbornePosition) {
  Gen g(6);
  static constexpr std::array<std::uint8_t, 13> kTcs = {9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 20, 21, 22};
  for (int k = 0; k < kCases; ++k) {
    const std::uint8_t tc = kTcs[static_cast<std::size_t>(g.uniform(0, 12))];
    auto m = g.extended_squitter(tc);
    m.surveillance_status = static_cast<std::uint8_t>(g.uniform(0, 3));
    m.nic_b = g.coin();
    (tc >= 20 ? m.alt_geom_ft : m.alt_baro_ft) = g.maybe(g.altitude());
    m.time_sync = g.coin();
    m.cpr = g.cpr(false);
    ASSERT_TRUE(round_trips(m));
  }
}

TEST(RoundTrip, AirborneVelocity) {
  Gen g(7);
  for (int k = 0; k < kCases; ++k) {
    auto m = g.extended_squitter(19);
    const auto st = static_cast<std::uint8_t>(g.uniform(1, 4));
    m.subtype = st;
    const bool sup = st == 2 || st == 4;
    const float scale = sup ? 4.0f : 1.0f;
    m.supersonic = sup;
    m.nac_v = static_cast<std::uint8_t>(g.uniform(0, 7));
    if (st <= 2) {
      if (g.uniform(0, 9) != 0) {
        // Integer east and north components (in the field's unit) define ground speed and track.
        const double vx = g.uniform(-1021, 1021) * double(scale), vy = g.uniform(-1021, 1021) * double(scale);
        m.gs_kt = static_cast<float>(std::hypot(vx, vy));
        double trk = std::atan2(vx, vy) * 180.0 / std::numbers::pi;
        if (trk < 0) trk += 360.0;
        m.track_deg = static_cast<float>(trk);
      }
    } else {
      m.heading_deg = g.maybe(float(g.uniform(0, 1023)) * 360.0f / 1024.0f);
      const int as = g.uniform(0, 2);
      const float kt = float(g.uniform(0, 1022)) * scale;
      if (as == 0) m.ias_kt = kt;
      if (as == 1) m.tas_kt = kt;
    }
    const int vr = g.uniform(0, 2);
    const std::int32_t rate = (g.coin() ? -1 : 1) * 64 * g.uniform(0, 510);
    if (vr == 0) m.baro_rate_fpm = rate;
    if (vr == 1) m.geom_rate_fpm = rate;
    if (g.coin()) m.gnss_baro_diff_ft = (g.coin() ? -1 : 1) * 25 * g.uniform(0, 126);
    ASSERT_TRUE(round_trips(m)) << "subtype " << int(st);
  }
}

TEST(RoundTrip, AircraftStatus) {
  Gen g(8);
  for (int k = 0; k < kCases; ++k) {
    auto m = g.extended_squitter(28);
    m.subtype = static_cast<std::uint8_t>(g.uniform(1, 2));
    if (m.subtype == 1) {
      m.emergency = static_cast<std::uint8_t>(g.uniform(0, 7));
      m.squawk = g.squawk();
    } else {
      m.acas_ra = std::uniform_int_distribution<std::uint64_t>(0, (std::uint64_t{1} << 48) - 1)(g.rng);
    }
    ASSERT_TRUE(round_trips(m));
  }
}

TEST(RoundTrip, TargetStateVersion2) {
  Gen g(9);
  for (int k = 0; k < kCases; ++k) {
    auto m = g.extended_squitter(29);
    m.subtype = 1;
    m.sil_type = g.coin() ? SilType::PerSample : SilType::PerHour;
    if (g.uniform(0, 9) != 0) {
      m.nav_altitude_ft = 32 * g.uniform(0, 2046);
      m.nav_altitude_fms = g.coin();
    }
    m.nav_qnh_hpa = g.maybe(800.0f + 0.8f * float(g.uniform(0, 510)));
    m.nav_heading_deg = g.maybe(float(g.uniform(0, 511)) * 180.0f / 256.0f);
    m.nac_p = static_cast<std::uint8_t>(g.uniform(0, 15));
    m.nic_baro = static_cast<std::uint8_t>(g.uniform(0, 1));
    m.sil = static_cast<std::uint8_t>(g.uniform(0, 3));
    ASSERT_TRUE(round_trips(m));
  }
}

TEST(RoundTrip, TargetStateVersion1) {
  Gen g(10);
  for (int k = 0; k < kCases; ++k) {
    auto m = g.extended_squitter(29);
    m.subtype = 0;
    m.nav_altitude_ft = g.maybe(100 * g.uniform(0, 1010) - 1000);
    m.nav_heading_deg = g.maybe(float(g.uniform(0, 359)));
    m.nac_p = static_cast<std::uint8_t>(g.uniform(0, 15));
    m.nic_baro = static_cast<std::uint8_t>(g.uniform(0, 1));
    m.sil = static_cast<std::uint8_t>(g.uniform(0, 3));
    m.emergency = static_cast<std::uint8_t>(g.uniform(0, 7));
    ASSERT_TRUE(round_trips(m));
  }
}

TEST(RoundTrip, OperationalStatus) {
  Gen g(11);
  for (int k = 0; k < kCases; ++k) {
    auto m = g.extended_squitter(31);
    const auto st = static_cast<std::uint8_t>(g.uniform(0, 1));
    const bool surface = st == 1;
    m.subtype = st;
    const auto v = static_cast<std::uint8_t>(g.uniform(0, 2));
    m.version = v;
    if (v >= 1) {
      m.nic_a = g.coin();
      m.nac_p = static_cast<std::uint8_t>(g.uniform(0, 15));
      m.sil = static_cast<std::uint8_t>(g.uniform(0, 3));
      m.hrd = static_cast<std::uint8_t>(g.uniform(0, 1));
      if (!surface) m.nic_baro = static_cast<std::uint8_t>(g.uniform(0, 1));
    }
    if (v == 2) {
      m.sil_type = g.coin() ? SilType::PerSample : SilType::PerHour;
      m.sda = static_cast<std::uint8_t>(g.uniform(0, 3));
      if (surface) {
        m.nic_c = g.coin();
        m.nac_v = static_cast<std::uint8_t>(g.uniform(0, 7));
      } else {
        m.gva = static_cast<std::uint8_t>(g.uniform(0, 3));
      }
    }
    ASSERT_TRUE(round_trips(m)) << "subtype " << int(st) << " version " << int(v);
  }
}

TEST(RoundTrip, TisbAndAdsrAddressKinds) {
  // DF18 CF 2 (fine TIS-B) and CF 6 (ADS-R): the IMF bit says whether the address is an ICAO address. It takes
  // the place of NIC-B in airborne positions, so the decoder reports no NIC-B there.
  Gen g(12);
  for (int k = 0; k < kCases; ++k) {
    ModeSMessage m;
    m.df = 18;
    m.address = static_cast<std::uint32_t>(g.uniform(0, 0xFFFFFF));
    const bool adsr = g.coin();
    const bool icao = g.coin();
    m.control_field = adsr ? 6 : 2;
    m.address_kind = adsr ? (icao ? AddressKind::AdsrIcao : AddressKind::AdsrOther)
                          : (icao ? AddressKind::TisbIcao : AddressKind::TisbOther);
    m.type_code = static_cast<std::uint8_t>(g.uniform(9, 18));
    m.surveillance_status = static_cast<std::uint8_t>(g.uniform(0, 3));
    m.alt_baro_ft = g.altitude();
    m.time_sync = g.coin();
    m.cpr = g.cpr(false);
    ASSERT_TRUE(round_trips(m));
  }
}

// --- real frames ------------------------------------------------------------------------------------------

// Hex frames from a CSV column (the longest field of 28 hex digits on each line).
std::vector<std::string> frames_from_csv(const std::string& path) {
  std::vector<std::string> out;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    std::string field;
    for (char c : line + ",") {
      if (c == ',' || c == '"') {
        if (field.size() == 28) out.push_back(field);
        field.clear();
      } else if (c != '\r') {
        field += c;
      }
    }
  }
  return out;
}

// ME bits (1-based) that ModeSMessage has no field for, by type code: the encoder sends them as zero.
// `me_field(first, len)` reads the original frame's ME.
template <class MeField>
bool me_bit_not_carried(const ModeSMessage& m, int bit, MeField me_field) {
  const int tc = m.type_code.value_or(0);
  if (tc == 19) {
    if (bit == 9 || bit == 10 || bit == 47 || bit == 48) return true;  // intent change, IFR, reserved
    // The sign of a zero value ("-0 kt", "-0 fpm") is not kept.
    const bool st12 = m.subtype == 1 || m.subtype == 2;
    if (bit == 14 && st12) return me_field(15, 10) == 1;
    if (bit == 25 && st12) return me_field(26, 10) == 1;
    if (bit == 37) return me_field(38, 9) == 1;
    if (bit == 49) return me_field(50, 7) == 1;
    return false;
  }
  if (tc == 28) return bit >= 25;                                        // reserved after the squawk
  if (tc == 29) return bit >= 47 || (bit == 9 && !m.nav_altitude_ft);    // mode bits, reserved
  if (tc == 31) {
    const bool surface = m.subtype == 1;
    const bool v2 = m.version == 2;
    if (bit <= 8) return false;
    if (bit >= 41 && bit <= 43) return false;  // version
    if (m.version.value_or(0) == 0 || m.version > 2) return true;
    if (bit >= 9 && bit <= 24) return !(surface && v2 && bit >= 17 && bit <= 20);  // capability class
    if (bit >= 25 && bit <= 40) return !(v2 && (bit == 31 || bit == 32));           // operational mode
    if (bit == 49 || bit == 50) return surface || !v2;
    if (bit == 53) return surface;  // track/heading
    if (bit == 55) return !v2;
    return bit == 56;
  }
  return false;
}

TEST(RoundTrip, RealExtendedSquittersReencode) {
  const std::string dir = std::string(GNSSWATCH_SHARED_DATA) + "/adsb";
  std::vector<std::string> hex;
  for (const char* f : {"/rs1090/short_flights.csv", "/pymodes/sample_data_adsb.csv"}) {
    auto v = frames_from_csv(dir + f);
    hex.insert(hex.end(), v.begin(), v.end());
  }
  if (hex.empty()) GTEST_SKIP() << "no real frames: " << dir << "/rs1090/short_flights.csv and pymodes/ absent";
  int checked = 0;
  for (const auto& h : hex) {
    std::array<std::uint8_t, 14> bytes{};
    for (std::size_t i = 0; i < 14; ++i) bytes[i] = static_cast<std::uint8_t>(std::stoi(h.substr(2 * i, 2), nullptr, 16));
    ModeSMessage first;
    if (decode_frame(raw(bytes, 14), first) != DecodeStatus::Ok || !first.type_code) continue;
    std::array<std::uint8_t, 14> again{};
    ASSERT_EQ(encode_frame(first, again), 14u) << h;
    ModeSMessage second;
    ASSERT_EQ(decode_frame(raw(again, 14), second), DecodeStatus::Ok) << h;
    const std::string diff = compare(first, second);
    ASSERT_TRUE(diff.empty()) << h << " -> " << hex_of(again, 14) << ": " << diff;
    // Byte level: header and every ME bit the message carries.
    auto me_field = [&](int first_bit, int len) {
      std::uint32_t v = 0;
      for (int k = 32 + first_bit - 1; k < 32 + first_bit - 1 + len; ++k) {
        v = (v << 1) | ((bytes[static_cast<std::size_t>(k / 8)] >> (7 - k % 8)) & 1u);
      }
      return v;
    };
    for (int bit = 1; bit <= 88; ++bit) {
      if (bit > 32 && me_bit_not_carried(first, bit - 32, me_field)) continue;
      const auto b = static_cast<std::size_t>((bit - 1) / 8);
      const int mask = 0x80 >> ((bit - 1) % 8);
      ASSERT_EQ(bytes[b] & mask, again[b] & mask)
          << h << " -> " << hex_of(again, 14) << ": frame bit " << bit << " (TC " << int(*first.type_code) << ")";
    }
    ++checked;
  }
  EXPECT_GT(checked, 2000);
}

}  // namespace
