// Frame encoder; see encode.hpp for what is encoded and the choices made. Field layouts follow DO-260B
// §2.2.3.2 (extended squitter), ICAO Annex 10 Vol IV §3.1.2 (surveillance replies) and ICAO Doc 9871 Appendix A
// (register tables). Written from the standards; the decoder's tables are not reused, so that the round-trip
// tests compare two independent readings of the standard.
#include "modes/encode.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "modes/crc.hpp"

namespace gw::modes {
namespace {

constexpr int kMeBits = 56;

// Writes `value` into ME bits first..first+len-1 (1-based, DO-260B numbering: bit 1 is sent first).
void put_me(std::uint64_t& me, int first, int len, std::uint64_t value) noexcept {
  const int shift = kMeBits - first - len + 1;
  const std::uint64_t mask = ((std::uint64_t{1} << len) - 1) << shift;
  me = (me & ~mask) | ((value << shift) & mask);
}

// Writes `value` into frame bits first..first+len-1 (1-based), a byte at a time (the simulator encodes millions
// of frames per second through here).
void put_frame(std::array<std::uint8_t, 14>& f, int first, int len, std::uint64_t value) noexcept {
  if ((first - 1) % 8 == 0 && len % 8 == 0) {  // whole bytes (address, ME, MB): no masking
    for (int i = 0; i < len / 8; ++i) {
      f[static_cast<std::size_t>((first - 1) / 8 + i)] = static_cast<std::uint8_t>(value >> (len - 8 * (i + 1)));
    }
    return;
  }
  int bit = first - 1;  // 0-based index of the next bit to write
  int left = len;       // bits of `value` still to write, most significant first
  while (left > 0) {
    const int in_byte = bit % 8;
    const int take = std::min(8 - in_byte, left);
    const auto chunk = static_cast<std::uint32_t>((value >> (left - take)) & ((1u << take) - 1u));
    const int shift = 8 - in_byte - take;
    const auto mask = static_cast<std::uint8_t>(((1u << take) - 1u) << shift);
    auto& byte = f[static_cast<std::size_t>(bit / 8)];
    byte = static_cast<std::uint8_t>((byte & ~mask) | ((chunk << shift) & mask));
    bit += take;
    left -= take;
  }
}

// A non-negative value rounded to `step` units, offset by 1 so that 0 stays "not available", clamped to the
// field's largest code (which the standard defines as "more than ..."). Returns 0 for NaN.
std::uint32_t plus_one_code(double value, double step, std::uint32_t max_code) noexcept {
  if (std::isnan(value)) return 0;
  const double n = std::nearbyint(std::fabs(value) / step) + 1.0;
  return n >= max_code ? max_code : static_cast<std::uint32_t>(n);
}

// Angle in degrees to a field of `bits` bits with LSB `step` degrees, wrapping at 360.
std::uint32_t angle_code(double deg, double step, int bits) noexcept {
  if (!std::isfinite(deg)) return 0;
  deg = std::fmod(deg, 360.0);  // keeps the integer conversion below in range
  const double n = std::nearbyint(deg / step);
  const auto modulus = static_cast<std::int64_t>(1) << bits;
  const auto full_turn = static_cast<std::int64_t>(std::nearbyint(360.0 / step));
  std::int64_t v = static_cast<std::int64_t>(n) % full_turn;
  if (v < 0) v += full_turn;
  return static_cast<std::uint32_t>(v % modulus);
}

// --- altitude and identity codes (bit layout: altitude.hpp) ---------------------------------------------

// AC13 bit masks, bit 12 first transmitted: C1 A1 C2 A2 C4 A4 M B1 Q/D1 B2 D2 B4 D4.
constexpr std::uint32_t kC1 = 1u << 12, kA1 = 1u << 11, kC2 = 1u << 10, kA2 = 1u << 9, kC4 = 1u << 8,
                        kA4 = 1u << 7, kB1 = 1u << 5, kQ = 1u << 4, kD1 = 1u << 4, kB2 = 1u << 3, kD2 = 1u << 2,
                        kB4 = 1u << 1, kD4 = 1u << 0;

// 25-ft coding range (11-bit N, altitude = 25 N - 1000 ft), Annex 10 Vol IV §3.1.2.6.5.4 b.
constexpr std::int32_t kQ25MinFt = -1000;
constexpr std::int32_t kQ25MaxFt = 25 * 2047 - 1000;  // 50175 ft
// Gillham (Mode C) code range, 100-ft increments: -1200 ft to 126700 ft (D1 never set).
constexpr std::int32_t kGillhamMinFt = -1200;
constexpr std::int32_t kGillhamMaxFt = 126700;

// C1 C2 C4 for the five 100-ft steps within a 500-ft band (Annex 10 Vol IV, Mode C pulse table):
// 001, 011, 010, 110, 100.
constexpr std::array<std::uint32_t, 5> kGillhamC = {0b001, 0b011, 0b010, 0b110, 0b100};

std::uint32_t gillham_ac13(std::int32_t alt_ft) noexcept {
  const std::int32_t steps = (alt_ft - kGillhamMinFt + 50) / 100;  // 100-ft steps above -1200 ft, rounded
  const std::int32_t n500 = steps / 5;
  std::int32_t n100 = steps % 5;
  if (n500 % 2 != 0) n100 = 4 - n100;  // the 100-ft code is reflected in odd 500-ft bands
  const auto g = static_cast<std::uint32_t>(n500 ^ (n500 >> 1));  // D1 D2 D4 A1 A2 A4 B1 B2 B4, reflected binary
  const std::uint32_t c = kGillhamC[static_cast<std::size_t>(n100)];
  std::uint32_t ac = 0;
  auto set = [&](bool on, std::uint32_t mask) {
    if (on) ac |= mask;
  };
  set(g & 0x100, kD1);
  set(g & 0x080, kD2);
  set(g & 0x040, kD4);
  set(g & 0x020, kA1);
  set(g & 0x010, kA2);
  set(g & 0x008, kA4);
  set(g & 0x004, kB1);
  set(g & 0x002, kB2);
  set(g & 0x001, kB4);
  set(c & 0b100, kC1);
  set(c & 0b010, kC2);
  set(c & 0b001, kC4);
  return ac;
}

// --- extended squitter registers ---------------------------------------------------------------------------

// Identification characters (DO-260B §2.2.3.2.5, ICAO Doc 9871 Table A-2-8): the 6-bit subset of IA-5,
// A-Z = 1-26, space = 32, 0-9 = 48-57. Other characters are sent as 0, which no decoder reads as a letter.
std::uint32_t ident_char(char c) noexcept {
  if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  if (c >= 'A' && c <= 'Z') return static_cast<std::uint32_t>(c - 'A' + 1);
  if (c >= '0' && c <= '9') return static_cast<std::uint32_t>(c - '0' + 48);
  if (c == ' ' || c == '\0') return 32;
  return 0;
}

void put_callsign(std::uint64_t& me, int first, const std::optional<Callsign>& cs) noexcept {
  bool ended = !cs.has_value();
  for (int i = 0; i < 8; ++i) {
    const char c = ended ? ' ' : (*cs)[static_cast<std::size_t>(i)];
    if (c == '\0') ended = true;
    put_me(me, first + 6 * i, 6, ident_char(ended ? ' ' : c));
  }
}

void put_cpr(std::uint64_t& me, const std::optional<CprPosition>& cpr) noexcept {
  if (!cpr) return;  // F = 0, LAT = LON = 0
  put_me(me, 22, 1, cpr->format == CprFormat::Odd ? 1 : 0);
  put_me(me, 23, 17, cpr->lat_cpr);
  put_me(me, 40, 17, cpr->lon_cpr);
}

// Surface movement (DO-260B §2.2.3.2.4.2, Doc 9871 Table A-2-6): first code, lower bound and step of each band.
struct MovementBand {
  std::uint32_t first_code;
  double first_kt;
  double step_kt;
};
constexpr std::array<MovementBand, 7> kMovement = {{
    {2, 0.125, 0.125},  // 2-8
    {9, 1.0, 0.25},     // 9-12
    {13, 2.0, 0.5},     // 13-38
    {39, 15.0, 1.0},    // 39-93
    {94, 70.0, 2.0},    // 94-108
    {109, 100.0, 5.0},  // 109-123
    {124, 175.0, 0.0},  // 124: 175 kt or more
}};
constexpr std::uint32_t kMovementStopped = 1;

// The code of the band that contains `gs_kt` (bands are [lower, lower + step)); 0 when not available.
std::uint32_t movement_code(std::optional<float> gs_kt) noexcept {
  if (!gs_kt || std::isnan(*gs_kt)) return 0;
  const double v = *gs_kt;
  if (v < kMovement[0].first_kt) return kMovementStopped;
  for (std::size_t b = kMovement.size(); b-- > 0;) {
    const auto& band = kMovement[b];
    if (v < band.first_kt) continue;
    if (band.step_kt == 0.0) return band.first_code;
    const auto last = kMovement[b + 1].first_code - 1;
    const auto code = band.first_code + static_cast<std::uint32_t>(std::floor((v - band.first_kt) / band.step_kt));
    return std::min(code, last);
  }
  return kMovementStopped;
}

void encode_position(const ModeSMessage& m, std::uint8_t tc, std::uint64_t& me) noexcept {
  // DO-260B §2.2.3.2.3 airborne position (TC 0 shares the layout, with no CPR).
  put_me(me, 6, 2, m.surveillance_status.value_or(0));
  put_me(me, 8, 1, m.nic_b.value_or(false) ? 1 : 0);
  put_me(me, 9, 12, encode_ac12(tc >= 20 ? m.alt_geom_ft : m.alt_baro_ft));
  put_me(me, 21, 1, m.time_sync.value_or(false) ? 1 : 0);
  if (tc != 0) put_cpr(me, m.cpr);
}

void encode_surface_position(const ModeSMessage& m, std::uint64_t& me) noexcept {
  // DO-260B §2.2.3.2.4: movement 6-12, track status 13, track 14-20 (360/128°), T 21, F 22, CPR.
  put_me(me, 6, 7, movement_code(m.gs_kt));
  if (m.track_deg) {
    put_me(me, 13, 1, 1);
    put_me(me, 14, 7, angle_code(*m.track_deg, 360.0 / 128.0, 7));
  }
  put_me(me, 21, 1, m.time_sync.value_or(false) ? 1 : 0);
  put_cpr(me, m.cpr);
}

// Airborne velocity, DO-260B §2.2.3.2.6.
constexpr double kVelocityMaxCode = 1023;  // "more than 1021.5 kt" (x4 supersonic)

void encode_velocity(const ModeSMessage& m, std::uint8_t subtype, std::uint64_t& me) noexcept {
  put_me(me, 6, 3, subtype);
  if (subtype < 1 || subtype > 4) return;
  // 9 intent change, 10 IFR capability: no fields, 0.
  put_me(me, 11, 3, m.nac_v.value_or(0));
  const double scale = (subtype == 2 || subtype == 4) ? 4.0 : 1.0;
  if (subtype <= 2) {
    // Ground speed as east-west and north-south components, 1 kt (4 kt supersonic) steps, 0 = not available.
    if (m.gs_kt && m.track_deg) {
      const double trk = *m.track_deg * std::numbers::pi / 180.0;
      const double vx = *m.gs_kt * std::sin(trk);  // east
      const double vy = *m.gs_kt * std::cos(trk);  // north
      const std::uint32_t ew = plus_one_code(vx / scale, 1.0, kVelocityMaxCode);
      const std::uint32_t ns = plus_one_code(vy / scale, 1.0, kVelocityMaxCode);
      put_me(me, 14, 1, (vx < 0 && ew > 1) ? 1 : 0);  // 1 = west
      put_me(me, 15, 10, ew);
      put_me(me, 25, 1, (vy < 0 && ns > 1) ? 1 : 0);  // 1 = south
      put_me(me, 26, 10, ns);
    }
  } else {
    // Heading (status bit 14, 360/1024° steps) and airspeed (AT bit 25: 0 IAS, 1 TAS).
    if (m.heading_deg) {
      put_me(me, 14, 1, 1);
      put_me(me, 15, 10, angle_code(*m.heading_deg, 360.0 / 1024.0, 10));
    }
    if (m.ias_kt) {
      put_me(me, 26, 10, plus_one_code(*m.ias_kt / scale, 1.0, kVelocityMaxCode));
    } else if (m.tas_kt) {
      put_me(me, 25, 1, 1);
      put_me(me, 26, 10, plus_one_code(*m.tas_kt / scale, 1.0, kVelocityMaxCode));
    }
  }
  // Vertical rate: source 36 (0 GNSS, 1 baro), sign 37 (1 down), 38-46 value in 64 fpm steps.
  const std::optional<std::int32_t> rate = m.baro_rate_fpm ? m.baro_rate_fpm : m.geom_rate_fpm;
  if (m.baro_rate_fpm) put_me(me, 36, 1, 1);
  if (rate) {
    const std::uint32_t vr = plus_one_code(*rate, 64.0, 511);
    put_me(me, 37, 1, (*rate < 0 && vr > 1) ? 1 : 0);
    put_me(me, 38, 9, vr);
  }
  // GNSS altitude minus barometric altitude: sign 49 (1 = GNSS below baro), 50-56 value in 25 ft steps.
  if (m.gnss_baro_diff_ft) {
    const std::uint32_t d = plus_one_code(*m.gnss_baro_diff_ft, 25.0, 127);
    put_me(me, 49, 1, (*m.gnss_baro_diff_ft < 0 && d > 1) ? 1 : 0);
    put_me(me, 50, 7, d);
  }
}

void encode_aircraft_status(const ModeSMessage& m, std::uint8_t subtype, std::uint64_t& me) noexcept {
  // DO-260B §2.2.3.2.7.8 (Doc 9871 Table A-2-97).
  put_me(me, 6, 3, subtype);
  if (subtype == 1) {
    put_me(me, 9, 3, m.emergency.value_or(0));
    if (m.squawk) put_me(me, 12, 13, encode_id13(*m.squawk));
  } else if (subtype == 2) {
    put_me(me, 9, 48, m.acas_ra.value_or(0));
  }
}

// Target state and status, DO-260B §2.2.3.2.7.1 (version 2, subtype 1) and DO-260A (version 1, subtype 0).
void encode_target_state(const ModeSMessage& m, std::uint8_t subtype, std::uint64_t& me) noexcept {
  put_me(me, 6, 2, subtype);
  if (subtype == 1) {
    put_me(me, 8, 1, m.sil_type == SilType::PerSample ? 1 : 0);
    if (m.nav_altitude_ft) {
      put_me(me, 9, 1, m.nav_altitude_fms.value_or(false) ? 1 : 0);
      // 32 ft steps, 0 = no data, (v - 1) * 32 ft up to 65472 ft.
      const std::int32_t alt = std::max(*m.nav_altitude_ft, 0);
      put_me(me, 10, 11, plus_one_code(alt, 32.0, 2047));
    }
    if (m.nav_qnh_hpa && *m.nav_qnh_hpa >= 800.0f) {
      // 0.8 hPa steps from 800 hPa, 0 = no data; beyond 1208 hPa the field has no code.
      const double n = std::nearbyint((*m.nav_qnh_hpa - 800.0) / 0.8) + 1.0;
      if (n <= 511) put_me(me, 21, 9, static_cast<std::uint32_t>(n));
    }
    if (m.nav_heading_deg) {
      put_me(me, 30, 1, 1);
      put_me(me, 31, 9, angle_code(*m.nav_heading_deg, 180.0 / 256.0, 9));
    }
    put_me(me, 40, 4, m.nac_p.value_or(0));
    put_me(me, 44, 1, m.nic_baro.value_or(0));
    put_me(me, 45, 2, m.sil.value_or(0));
    // 47-54 mode bits with their status bit 47 = 0 (not available); 55-56 reserved.
  } else if (subtype == 0) {
    if (m.nav_altitude_ft) {
      // 8-9 vertical data available/source: 1 = MCP/FCU; 10 target altitude type 0 (FL);
      // 16-25 target altitude, 100 ft steps from -1000 ft, up to 100000 ft.
      const double code = std::nearbyint((*m.nav_altitude_ft + 1000.0) / 100.0);
      if (code >= 0 && code <= 1010) {
        put_me(me, 8, 2, 1);
        put_me(me, 16, 10, static_cast<std::uint32_t>(code));
      }
    }
    if (m.nav_heading_deg) {
      // 26-27 horizontal data available/source: 1 = MCP/FCU; 28-36 heading, 1°; 37 = 0 heading.
      put_me(me, 26, 2, 1);
      put_me(me, 28, 9, angle_code(*m.nav_heading_deg, 1.0, 9));
    }
    put_me(me, 40, 4, m.nac_p.value_or(0));
    put_me(me, 44, 1, m.nic_baro.value_or(0));
    put_me(me, 45, 2, m.sil.value_or(0));
    put_me(me, 54, 3, m.emergency.value_or(0));
  }
}

// Aircraft operational status, DO-260B §2.2.3.2.7.2 (Doc 9871 Table A-2-101).
void encode_operational_status(const ModeSMessage& m, std::uint8_t subtype, std::uint64_t& me) noexcept {
  put_me(me, 6, 3, subtype);
  if (subtype > 1) return;
  const std::uint8_t version = m.version.value_or(2);
  put_me(me, 41, 3, version);
  if (version == 0) return;  // DO-260 layout: capability class / mode bits only, none carried by ModeSMessage
  const bool surface = subtype == 1;
  put_me(me, 44, 1, m.nic_a.value_or(false) ? 1 : 0);
  put_me(me, 45, 4, m.nac_p.value_or(0));
  put_me(me, 51, 2, m.sil.value_or(0));
  if (!surface) put_me(me, 53, 1, m.nic_baro.value_or(0));
  put_me(me, 54, 1, m.hrd.value_or(0));
  if (version >= 2) {
    put_me(me, 31, 2, m.sda.value_or(0));  // operational mode: system design assurance
    put_me(me, 55, 1, m.sil_type == SilType::PerSample ? 1 : 0);
    if (surface) {
      put_me(me, 17, 3, m.nac_v.value_or(0));  // surface capability class: NACv
      put_me(me, 20, 1, m.nic_c.value_or(false) ? 1 : 0);
    } else {
      put_me(me, 49, 2, m.gva.value_or(0));
    }
  }
}

std::uint8_t default_velocity_subtype(const ModeSMessage& m) noexcept {
  const bool sup = m.supersonic.value_or(false);
  if (m.heading_deg || m.ias_kt || m.tas_kt) return sup ? 4 : 3;
  return sup ? 2 : 1;
}

// DF18 CF 2 (fine TIS-B) and CF 6 (ADS-R): the IMF bit, 1 = address is not an ICAO address, replaces a bit of the
// ADS-B format (DO-260B §2.2.17, §2.2.18): airborne position ME 8, surface position 21, velocity 9, op status 56.
void put_imf(std::uint64_t& me, std::uint8_t tc) noexcept {
  if ((tc >= 9 && tc <= 18) || (tc >= 20 && tc <= 22)) put_me(me, 8, 1, 1);
  if (tc >= 5 && tc <= 8) put_me(me, 21, 1, 1);
  if (tc == 19) put_me(me, 9, 1, 1);
  if (tc == 31) put_me(me, 56, 1, 1);
}

void put_parity(std::array<std::uint8_t, 14>& f, std::size_t len, std::uint32_t overlay) noexcept {
  const std::uint32_t p = crc24(f.data(), len - 3) ^ (overlay & 0xFFFFFF);
  f[len - 3] = static_cast<std::uint8_t>(p >> 16);
  f[len - 2] = static_cast<std::uint8_t>(p >> 8);
  f[len - 1] = static_cast<std::uint8_t>(p);
}

// FS (DF4/5/20/21): 0 airborne, 1 on the ground, 5 either (see encode.hpp).
std::uint32_t flight_status(const ModeSMessage& m) noexcept {
  if (!m.on_ground) return 5;
  return *m.on_ground ? 1 : 0;
}

// CA (DF11/17): see encode.hpp.
std::uint32_t capability(const ModeSMessage& m) noexcept {
  if (m.capability) return *m.capability & 7u;
  if (!m.on_ground) return 6;
  return *m.on_ground ? 4 : 5;
}

}  // namespace

std::uint32_t encode_ac13(std::optional<std::int32_t> alt_ft) noexcept {
  if (!alt_ft) return 0;
  const std::int32_t a = *alt_ft;
  if (a >= kQ25MinFt && a <= kQ25MaxFt) {
    const auto n = static_cast<std::uint32_t>((a - kQ25MinFt + 12) / 25);  // nearest 25 ft
    return ((n & 0x7E0) << 2) | ((n & 0x010) << 1) | (n & 0x00F) | kQ;
  }
  return encode_gillham_ac13(a);
}

std::uint32_t encode_gillham_ac13(std::int32_t alt_ft) noexcept {
  if (alt_ft < kGillhamMinFt - 50 || alt_ft >= kGillhamMaxFt + 50) return 0;
  return gillham_ac13(alt_ft);
}

std::uint32_t encode_ac12(std::optional<std::int32_t> alt_ft) noexcept {
  const std::uint32_t ac13 = encode_ac13(alt_ft);
  return ((ac13 & 0x1F80) >> 1) | (ac13 & 0x003F);  // drop the M bit
}

std::uint32_t encode_id13(std::uint16_t squawk) noexcept {
  const std::uint32_t a = (squawk >> 12) & 7, b = (squawk >> 8) & 7, c = (squawk >> 4) & 7, d = squawk & 7;
  std::uint32_t id = 0;
  auto set = [&](std::uint32_t digit, std::uint32_t bit4, std::uint32_t bit2, std::uint32_t bit1) {
    if (digit & 4) id |= bit4;
    if (digit & 2) id |= bit2;
    if (digit & 1) id |= bit1;
  };
  set(a, kA4, kA2, kA1);
  set(b, kB4, kB2, kB1);
  set(c, kC4, kC2, kC1);
  set(d, kD4, kD2, kD1);
  return id;
}

std::optional<std::uint64_t> encode_me(const ModeSMessage& m) noexcept {
  if (!m.type_code || *m.type_code > 31) return std::nullopt;
  const std::uint8_t tc = *m.type_code;
  std::uint64_t me = 0;
  put_me(me, 1, 5, tc);
  switch (tc) {
    case 0:
      encode_position(m, tc, me);
      break;
    case 1: case 2: case 3: case 4:
      // DO-260B §2.2.3.2.5: emitter category code (set from the type code), 8 characters.
      put_me(me, 6, 3, m.category.value_or(0) & 7u);
      put_callsign(me, 9, m.callsign);
      break;
    case 5: case 6: case 7: case 8:
      encode_surface_position(m, me);
      break;
    case 9: case 10: case 11: case 12: case 13: case 14: case 15: case 16: case 17: case 18:
    case 20: case 21: case 22:
      encode_position(m, tc, me);
      break;
    case 19:
      encode_velocity(m, m.subtype.value_or(default_velocity_subtype(m)), me);
      break;
    case 28:
      encode_aircraft_status(m, m.subtype.value_or(m.acas_ra ? 2 : 1), me);
      break;
    case 29:
      encode_target_state(m, m.subtype.value_or(1), me);
      break;
    case 31:
      encode_operational_status(m, m.subtype.value_or(m.on_ground.value_or(false) ? 1 : 0), me);
      break;
    default:  // 23-27, 30: type code and subtype only
      put_me(me, 6, 3, m.subtype.value_or(0));
      break;
  }
  return me;
}

std::size_t encode_frame(const ModeSMessage& m, std::array<std::uint8_t, 14>& out) noexcept {
  out.fill(0);
  put_frame(out, 1, 5, m.df);
  const std::uint32_t address = m.address & 0xFFFFFF;
  switch (m.df) {
    case 0:
    case 16:
      // VS 6, AC 20-32 (DF0: CC, SL, RI; DF16: SL, RI, MV: zero).
      put_frame(out, 6, 1, m.on_ground.value_or(false) ? 1 : 0);
      put_frame(out, 20, 13, encode_ac13(m.alt_baro_ft));
      break;
    case 4:
    case 20:
      put_frame(out, 6, 3, flight_status(m));
      put_frame(out, 20, 13, encode_ac13(m.alt_baro_ft));
      break;
    case 5:
    case 21:
      put_frame(out, 6, 3, flight_status(m));
      if (m.squawk) put_frame(out, 20, 13, encode_id13(*m.squawk));
      break;
    case 11:
      put_frame(out, 6, 3, capability(m));
      put_frame(out, 9, 24, address);
      put_parity(out, 7, 0);  // interrogator code 0
      return 7;
    case 17:
    case 18: {
      std::uint32_t cf = 0;
      if (m.df == 18) {
        cf = m.control_field.value_or(0);
        if (cf == 3 || cf == 4 || cf > 6) return 0;
      }
      auto me = encode_me(m);
      if (!me) return 0;
      if (m.df == 18 && (cf == 2 || cf == 6) &&
          (m.address_kind == AddressKind::TisbOther || m.address_kind == AddressKind::AdsrOther)) {
        put_imf(*me, *m.type_code);
      }
      put_frame(out, 6, 3, m.df == 17 ? capability(m) : cf);
      put_frame(out, 9, 24, address);
      put_frame(out, 33, 56, *me);
      put_parity(out, 14, 0);
      return 14;
    }
    default:
      out.fill(0);
      return 0;
  }
  // Address/parity formats.
  const std::size_t len = m.df >= 16 ? 14 : 7;
  if ((m.df == 20 || m.df == 21) && m.callsign) {
    // MB: BDS 2,0 aircraft identification (Doc 9871 Table A-2-32): 0x20, then 8 characters.
    std::uint64_t mb = 0;
    put_me(mb, 1, 8, 0x20);
    put_callsign(mb, 9, m.callsign);
    put_frame(out, 33, 56, mb);
  }
  put_parity(out, len, address);
  return len;
}

void encode_airborne_position_frame(std::uint32_t address, std::uint8_t type_code, bool nic_b, std::int32_t alt_baro_ft,
                                    const CprPosition* cpr, std::array<std::uint8_t, 14>& out) noexcept {
  // ME as encode_position lays it out (DO-260B §2.2.3.2.3): TC 1-5, SS 6-7 (0), NIC-B 8, AC12 9-20, T 21 (0),
  // then F 22 and the CPR latitude 23-39 and longitude 40-56.
  std::uint64_t me = 0;
  put_me(me, 1, 5, type_code);
  put_me(me, 8, 1, nic_b ? 1 : 0);
  put_me(me, 9, 12, encode_ac12(alt_baro_ft));
  if (type_code != 0 && cpr) {
    put_me(me, 22, 1, cpr->format == CprFormat::Odd ? 1 : 0);
    put_me(me, 23, 17, cpr->lat_cpr);
    put_me(me, 40, 17, cpr->lon_cpr);
  }
  const std::uint32_t aa = address & 0xFFFFFF;
  out[0] = static_cast<std::uint8_t>((17u << 3) | 5u);  // DF17, CA 5: airborne (capability() for on_ground false)
  out[1] = static_cast<std::uint8_t>(aa >> 16);
  out[2] = static_cast<std::uint8_t>(aa >> 8);
  out[3] = static_cast<std::uint8_t>(aa);
  for (int i = 0; i < 7; ++i) out[static_cast<std::size_t>(4 + i)] = static_cast<std::uint8_t>(me >> (48 - 8 * i));
  put_parity(out, 14, 0);
}

void encode_ground_velocity_frame(std::uint32_t address, bool on_ground, std::int32_t east_kt, std::int32_t north_kt,
                                  std::int32_t rate_64fpm, std::uint8_t nac_v, const std::int32_t* gnss_baro_diff_25ft,
                                  std::array<std::uint8_t, 14>& out) noexcept {
  // encode_velocity's layout (DO-260B §2.2.3.2.6.1) with its codes taken from integers: |v| + 1 clamped to the
  // largest code, the sign bit only for codes above 1 (a component of 0 is "0 kt", not negative).
  const auto code = [](std::int32_t v, std::uint32_t max_code) {
    const auto n = static_cast<std::uint32_t>(v < 0 ? -v : v) + 1u;
    return n >= max_code ? max_code : n;
  };
  std::uint64_t me = 0;
  put_me(me, 1, 5, 19);
  put_me(me, 6, 3, 1);
  put_me(me, 11, 3, nac_v);
  const std::uint32_t ew = code(east_kt, static_cast<std::uint32_t>(kVelocityMaxCode));
  const std::uint32_t ns = code(north_kt, static_cast<std::uint32_t>(kVelocityMaxCode));
  put_me(me, 14, 1, (east_kt < 0 && ew > 1) ? 1 : 0);
  put_me(me, 15, 10, ew);
  put_me(me, 25, 1, (north_kt < 0 && ns > 1) ? 1 : 0);
  put_me(me, 26, 10, ns);
  put_me(me, 36, 1, 1);  // barometric rate
  const std::uint32_t vr = code(rate_64fpm, 511);
  put_me(me, 37, 1, (rate_64fpm < 0 && vr > 1) ? 1 : 0);
  put_me(me, 38, 9, vr);
  if (gnss_baro_diff_25ft) {
    const std::uint32_t d = code(*gnss_baro_diff_25ft, 127);
    put_me(me, 49, 1, (*gnss_baro_diff_25ft < 0 && d > 1) ? 1 : 0);
    put_me(me, 50, 7, d);
  }
  const std::uint32_t aa = address & 0xFFFFFF;
  out[0] = static_cast<std::uint8_t>((17u << 3) | (on_ground ? 4u : 5u));  // capability() for a known on_ground
  out[1] = static_cast<std::uint8_t>(aa >> 16);
  out[2] = static_cast<std::uint8_t>(aa >> 8);
  out[3] = static_cast<std::uint8_t>(aa);
  for (int i = 0; i < 7; ++i) out[static_cast<std::size_t>(4 + i)] = static_cast<std::uint8_t>(me >> (48 - 8 * i));
  put_parity(out, 14, 0);
}

std::size_t encode_altitude_reply_frame(std::uint8_t df, std::uint32_t address, bool on_ground, std::int32_t alt_ft,
                                        std::uint64_t mb, std::array<std::uint8_t, 14>& out) noexcept {
  out.fill(0);
  const std::uint32_t ac13 = encode_ac13(alt_ft);
  out[0] = static_cast<std::uint8_t>((df << 3) | (on_ground ? 1u : 0u));  // DF, FS (flight_status())
  out[2] = static_cast<std::uint8_t>(ac13 >> 8);  // bits 20-24 (DR 9-13 and UM 14-19 zero)
  out[3] = static_cast<std::uint8_t>(ac13);       // bits 25-32
  const std::size_t len = df >= 16 ? 14 : 7;
  if (len == 14) put_frame(out, 33, 56, mb);
  put_parity(out, len, address);
  return len;
}

std::uint64_t encode_identification_mb(const Callsign& callsign) noexcept {
  std::uint64_t mb = 0;
  put_me(mb, 1, 8, 0x20);
  put_callsign(mb, 9, callsign);
  return mb;
}

}  // namespace gw::modes
