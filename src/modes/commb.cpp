// Comm-B register inference and decoding. Formats: ICAO Doc 9871 (2nd ed.) Appendix A, Tables A-2-x.
//
// The inference has two kinds of rule:
//  * format rules, facts of the standard: the fixed first byte of BDS 1,0 / 2,0 / 3,0; "a value is only
//    non-zero when its status bit is 1" (a transponder with no data for a field sends status 0 and zeros);
//    reserved bits are zero. A register whose format rules fail is impossible.
//  * plausibility rules, heuristics: a value the format allows but no civil aircraft produces (Mach 3, roll
//    80 deg, 9000 ft/min). They mostly separate BDS 5,0 from BDS 6,0, whose status bits sit at the same
//    places (1, 24, 35, 46), and BDS 4,0 / 4,5 / 6,0 whose fields happen to be zero together. The limits are
//    those that reproduce the pyModeS 2.21.1 labels of tests' golden file (the golden test checks all 400).
//
// No rule uses history. pyModeS's label for a DF20 reply also uses the reply's own altitude (AC field) in one
// BDS 6,0 check, which is why infer_registers() takes it; that is still the same frame, not a track.
#include "modes/commb.hpp"

#include <cmath>
#include <cstdlib>

namespace gw::modes::commb {

namespace {

// ---- bit access (Doc 9871 numbering: MB bit 1 is the MSB of the first byte) ----------------------------

using MbBits = std::uint64_t;  // the 56 MB bits in the low bits, MB bit 56 = bit 0

constexpr int kMbBits = 56;

MbBits load(const std::uint8_t* mb) noexcept {
  // Big-endian, as two independent halves (bytes 0-3 and 4-6) rather than one chain of seven shift-and-or steps.
  const MbBits high = (MbBits{mb[0]} << 24) | (MbBits{mb[1]} << 16) | (MbBits{mb[2]} << 8) | mb[3];
  const MbBits low = (MbBits{mb[4]} << 16) | (MbBits{mb[5]} << 8) | mb[6];
  return (high << 24) | low;
}

// Unsigned value of MB bits first..last (inclusive, first is the most significant).
constexpr std::uint32_t field(MbBits mb, int first, int last) noexcept {
  const int width = last - first + 1;
  return static_cast<std::uint32_t>((mb >> (kMbBits - last)) & ((MbBits{1} << width) - 1));
}

constexpr bool bit(MbBits mb, int n) noexcept { return field(mb, n, n) != 0; }

// MB bits first..last as a two's complement number whose sign bit is `first` (Doc 9871 codes every signed
// quantity this way: the SIGN bit followed by the magnitude bits, "two's complement").
constexpr std::int32_t signed_field(MbBits mb, int first, int last) noexcept {
  const int width = last - first + 1;
  const auto raw = static_cast<std::int32_t>(field(mb, first, last));
  return bit(mb, first) ? raw - (std::int32_t{1} << width) : raw;
}

// Format rule: the field first..last may be non-zero only if its status bit is set.
constexpr bool status_ok(MbBits mb, int status_bit, int first, int last) noexcept {
  return bit(mb, status_bit) || field(mb, first, last) == 0;
}

constexpr bool is_zero(MbBits mb, int first, int last) noexcept { return field(mb, first, last) == 0; }

// Angle with sign bit `first` in [-180, 180) degrees, LSB 90/512 deg (11 bits incl. sign), mapped to [0, 360).
float angle_360(MbBits mb, int first, int last) noexcept {
  constexpr float kLsbDeg = 90.0f / 512.0f;
  const float deg = static_cast<float>(signed_field(mb, first, last)) * kLsbDeg;
  return deg < 0.0f ? deg + 360.0f : deg;
}

// ---- BDS 1,0 — Data link capability report (Table A-2-16) -----------------------------------------------
// 1-8 BDS code 0x10 | 9 continuation flag | 10-14 reserved | 15 overlay command capability | 16 ACAS
// 17-23 Mode S subnetwork version number | 24-56 capabilities.
constexpr std::uint32_t kBds10FirstByte = 0x10;
constexpr std::uint32_t kFirstOverlaySubnetworkVersion = 5;

bool fits_bds10(MbBits mb) noexcept {
  if (field(mb, 1, 8) != kBds10FirstByte) return false;
  if (!is_zero(mb, 10, 14)) return false;  // reserved
  // Heuristic (from the data and the pyModeS labels): overlay command capability came with subnetwork
  // version 5, and every transponder reporting version 5 or later in the recordings also reports it.
  // A disagreement between the two marks a field that only happens to start with 0x10.
  const bool overlay = bit(mb, 15);
  const std::uint32_t version = field(mb, 17, 23);
  return overlay == (version >= kFirstOverlaySubnetworkVersion);
}

// ---- BDS 1,7 — Common usage GICB capability report (Table A-2-23) ---------------------------------------
// One bit per register: 1 = 0,5  2 = 0,6  3 = 0,7  4 = 0,8  5 = 0,9  6 = 0,A  7 = 2,0  8 = 2,1  9 = 4,0
// 10 = 4,1 ... 16 = 5,0 ... 24 = 6,0; 25-56 reserved.
constexpr int kBds17Bds20CapabilityBit = 7;

bool fits_bds17(MbBits mb) noexcept {
  if (!is_zero(mb, 25, 56)) return false;  // reserved
  // A transponder that reports common-usage GICB capability at all can at least say who it is: the
  // aircraft identification register (2,0) must be among them. This also keeps sparse fields of other
  // registers out (most have some of bits 1-24 set and nothing after).
  return bit(mb, kBds17Bds20CapabilityBit);
}

// ---- BDS 2,0 — Aircraft identification (Table A-2-32) -----------------------------------------------------
constexpr std::uint32_t kBds20FirstByte = 0x20;

// Annex 10 Vol IV Table 3-9 (6-bit subset of IA-5): 1-26 letters, 32 space, 48-57 digits; the rest unassigned.
constexpr char identification_char(std::uint32_t code) noexcept {
  if (code >= 1 && code <= 26) return static_cast<char>('A' + code - 1);
  if (code == 32) return ' ';
  if (code >= 48 && code <= 57) return static_cast<char>('0' + code - 48);
  return '\0';
}

bool fits_bds20(MbBits mb) noexcept {
  if (field(mb, 1, 8) != kBds20FirstByte) return false;
  if (is_zero(mb, 9, 56)) return true;  // no identification set: valid, though empty
  for (int c = 0; c < 8; ++c) {
    if (identification_char(field(mb, 9 + 6 * c, 14 + 6 * c)) == '\0') return false;
  }
  return true;
}

// ---- BDS 3,0 — ACAS active resolution advisory (Table A-2-48; Annex 10 Vol IV §4.3.8.4.2.2) ---------------
// 1-8 BDS code 0x30 | 9-22 ARA | 23-26 RAC | 27 RAT | 28 MTE | 29-30 TTI | 31-56 TID.
constexpr std::uint32_t kBds30FirstByte = 0x30;

bool fits_bds30(MbBits mb) noexcept {
  if (field(mb, 1, 8) != kBds30FirstByte) return false;
  if (!is_zero(mb, 16, 22)) return false;  // ARA bits 16-22 are reserved for ACAS III
  const std::uint32_t tti = field(mb, 29, 30);
  if (tti == 3) return false;                            // threat type 3 is not assigned
  if (tti == 0 && !is_zero(mb, 31, 56)) return false;    // no threat identity: TID all zero
  if (tti == 1 && !is_zero(mb, 55, 56)) return false;    // Mode S address in 31-54, 55-56 zero
  return true;
}

// ---- BDS 4,0 — Selected vertical intention (Table A-2-64) ------------------------------------------------
bool format_bds40(MbBits mb) noexcept {
  return status_ok(mb, 1, 2, 13) && status_ok(mb, 14, 15, 26) && status_ok(mb, 27, 28, 39) &&
         is_zero(mb, 40, 47) && status_ok(mb, 48, 49, 51) && is_zero(mb, 52, 53) && status_ok(mb, 54, 55, 56);
}

// ---- BDS 4,4 — Meteorological routine air report (Table A-2-68) ------------------------------------------
// 1-4 FOM/source (0 invalid, 1 INS, 2 GNSS, 3 DME/DME, 4 VOR/DME, 5-15 reserved)
// 5 status | 6-14 wind speed, LSB 1 kt | 15-23 wind direction, LSB 180/256 deg
// 24 sign | 25-34 static air temperature, LSB 0.25 degC (no status bit)
// 35 status | 36-46 average static pressure, 1 hPa | 47 status | 48-49 turbulence
// 50 status | 51-56 humidity, LSB 100/64 %
constexpr std::uint32_t kBds44MaxSource = 4;
constexpr std::uint32_t kMaxWindKt = 250;        // jet stream cores rarely exceed 200 kt
constexpr float kMinStaticAirTempC = -80.0f;     // coldest tropopause air met in flight is about -80 degC
constexpr float kMaxStaticAirTempC = 60.0f;
constexpr float kAirTempLsbC = 0.25f;

bool fits_bds44(MbBits mb) noexcept {
  if (field(mb, 1, 4) > kBds44MaxSource) return false;
  if (!(status_ok(mb, 5, 6, 23) && status_ok(mb, 35, 36, 46) && status_ok(mb, 47, 48, 49) &&
        status_ok(mb, 50, 51, 56))) {
    return false;
  }
  // Plausibility: a report with no status bit set carries nothing but a temperature without status; such
  // fields are far more often other registers that happen to fit.
  if (!bit(mb, 5) && !bit(mb, 35) && !bit(mb, 47) && !bit(mb, 50)) return false;
  if (bit(mb, 5) && field(mb, 6, 14) > kMaxWindKt) return false;
  const float sat_c = static_cast<float>(signed_field(mb, 24, 34)) * kAirTempLsbC;
  return sat_c >= kMinStaticAirTempC && sat_c <= kMaxStaticAirTempC;
}

// ---- BDS 4,5 — Meteorological hazard report (Table A-2-69) -----------------------------------------------
// 1 status | 2-3 turbulence | 4 status | 5-6 wind shear | 7 status | 8-9 microburst | 10 status | 11-12 icing
// 13 status | 14-15 wake vortex | 16 status | 17 sign | 18-26 static air temperature, LSB 0.25 degC
// 27 status | 28-38 average static pressure, 1 hPa | 39 status | 40-51 radio height, LSB 16 ft | 52-56 reserved
bool fits_bds45(MbBits mb) noexcept {
  if (!(status_ok(mb, 1, 2, 3) && status_ok(mb, 4, 5, 6) && status_ok(mb, 7, 8, 9) && status_ok(mb, 10, 11, 12) &&
        status_ok(mb, 13, 14, 15) && status_ok(mb, 16, 17, 26) && status_ok(mb, 27, 28, 38) &&
        status_ok(mb, 39, 40, 51) && is_zero(mb, 52, 56))) {
    return false;
  }
  const float sat_c = static_cast<float>(signed_field(mb, 17, 26)) * kAirTempLsbC;
  return sat_c >= kMinStaticAirTempC && sat_c <= kMaxStaticAirTempC;
}

// ---- BDS 5,0 — Track and turn report (Table A-2-80) -------------------------------------------------------
// Each status bit covers its sign bit too. (pyModeS leaves the roll sign, bit 2, out of its check; no reply in
// the golden set or the samples has roll status 0 with the sign bit set, so the labels cannot tell.)
bool format_bds50(MbBits mb) noexcept {
  return status_ok(mb, 1, 2, 11) && status_ok(mb, 12, 13, 23) && status_ok(mb, 24, 25, 34) &&
         status_ok(mb, 35, 36, 45) && status_ok(mb, 46, 47, 56);
}

constexpr float kMaxRollDeg = 50.0f;      // airliners bank 25-30 deg; the format allows 90
constexpr float kMaxGsKt = 600.0f;        // about 500 kt TAS plus the strongest tailwinds
constexpr float kMaxTasKt = 500.0f;       // civil transports cruise at 450-500 kt TAS
constexpr float kMaxWindEffectKt = 200.0f;  // |GS - TAS| is at most the wind speed

bool plausible_bds50(const TrackTurn& t) noexcept {
  if (t.roll_deg && std::fabs(*t.roll_deg) > kMaxRollDeg) return false;
  if (t.gs_kt && *t.gs_kt > kMaxGsKt) return false;
  if (t.tas_kt && *t.tas_kt > kMaxTasKt) return false;
  if (t.gs_kt && t.tas_kt && std::fabs(*t.gs_kt - *t.tas_kt) > kMaxWindEffectKt) return false;
  return true;
}

// ---- BDS 6,0 — Heading and speed report (Table A-2-96) ----------------------------------------------------
bool format_bds60(MbBits mb) noexcept {
  return status_ok(mb, 1, 2, 12) && status_ok(mb, 13, 14, 23) && status_ok(mb, 24, 25, 34) &&
         status_ok(mb, 35, 36, 45) && status_ok(mb, 46, 47, 56);
}

constexpr float kMaxIasKt = 500.0f;
constexpr float kMaxMach = 1.0f;               // civil traffic is subsonic
constexpr std::int32_t kMaxVerticalRateFpm = 6000;
constexpr float kMaxIasCasDifferenceKt = 20.0f;

// ISA (ICAO Doc 7488): sea-level values, lapse rate, tropopause.
constexpr double kFtToM = 0.3048;
constexpr double kMsToKt = 3600.0 / 1852.0;
constexpr double kSeaLevelTempK = 288.15;
constexpr double kSeaLevelPressurePa = 101325.0;
constexpr double kLapseRateKPerM = 0.0065;
constexpr double kTropopauseM = 11000.0;
constexpr double kGravity = 9.80665;
constexpr double kGasConstantAir = 287.05287;   // J/(kg K)
constexpr double kSeaLevelSoundSpeedMs = 340.294;

// Static pressure at a pressure altitude (ISA troposphere and lower stratosphere).
double isa_pressure_pa(double altitude_m) noexcept {
  const double h = std::fmin(altitude_m, kTropopauseM);
  const double t = kSeaLevelTempK - kLapseRateKPerM * h;
  double p = kSeaLevelPressurePa * std::pow(t / kSeaLevelTempK, kGravity / (kLapseRateKPerM * kGasConstantAir));
  if (altitude_m > kTropopauseM) p *= std::exp(-kGravity * (altitude_m - kTropopauseM) / (kGasConstantAir * t));
  return p;
}

// Calibrated airspeed of a subsonic Mach number at a pressure altitude: impact pressure
// qc = p((1 + 0.2 M^2)^3.5 - 1), then CAS = a0 sqrt(5((qc/p0 + 1)^(2/7) - 1)) (isentropic flow, gamma 1.4).
// Both depend on static pressure only, so the result holds whatever the real air temperature.
double mach_to_cas_kt(double mach, double altitude_ft) noexcept {
  const double p = isa_pressure_pa(altitude_ft * kFtToM);
  const double qc = p * (std::pow(1.0 + 0.2 * mach * mach, 3.5) - 1.0);
  const double cas_ms = kSeaLevelSoundSpeedMs * std::sqrt(5.0 * (std::pow(qc / kSeaLevelPressurePa + 1.0, 2.0 / 7.0) - 1.0));
  return cas_ms * kMsToKt;
}

bool plausible_bds60(const HeadingSpeed& h, std::optional<std::int32_t> altitude_ft) noexcept {
  if (h.ias_kt && *h.ias_kt > kMaxIasKt) return false;
  if (h.mach && *h.mach > kMaxMach) return false;
  if (h.baro_rate_fpm && std::abs(*h.baro_rate_fpm) > kMaxVerticalRateFpm) return false;
  if (h.inertial_rate_fpm && std::abs(*h.inertial_rate_fpm) > kMaxVerticalRateFpm) return false;
  // IAS and Mach are two readings of the same air data: at a known pressure altitude the Mach number gives
  // the calibrated airspeed, and IAS differs from CAS only by the small position/instrument error.
  if (altitude_ft && h.ias_kt && h.mach) {
    const double cas_kt = mach_to_cas_kt(*h.mach, *altitude_ft);
    if (std::fabs(*h.ias_kt - cas_kt) > kMaxIasCasDifferenceKt) return false;
  }
  return true;
}

// ---- field decoding (format already checked) ---------------------------------------------------------------
SelectedVertical fields_bds40(MbBits mb) noexcept {
  constexpr std::int32_t kAltitudeLsbFt = 16;
  constexpr float kBaroLsbHpa = 0.1f;
  constexpr float kBaroOffsetHpa = 800.0f;
  SelectedVertical s;
  if (bit(mb, 1)) s.mcp_altitude_ft = static_cast<std::int32_t>(field(mb, 2, 13)) * kAltitudeLsbFt;
  if (bit(mb, 14)) s.fms_altitude_ft = static_cast<std::int32_t>(field(mb, 15, 26)) * kAltitudeLsbFt;
  if (bit(mb, 27)) s.baro_setting_hpa = static_cast<float>(field(mb, 28, 39)) * kBaroLsbHpa + kBaroOffsetHpa;
  if (bit(mb, 48)) {
    s.vnav_mode = bit(mb, 49);
    s.alt_hold_mode = bit(mb, 50);
    s.approach_mode = bit(mb, 51);
  }
  if (bit(mb, 54)) s.target_altitude_source = static_cast<TargetAltitudeSource>(field(mb, 55, 56));
  return s;
}

TrackTurn fields_bds50(MbBits mb) noexcept {
  constexpr float kRollLsbDeg = 45.0f / 256.0f;
  constexpr float kSpeedLsbKt = 1024.0f / 512.0f;
  constexpr float kTrackRateLsbDegS = 8.0f / 256.0f;
  TrackTurn t;
  if (bit(mb, 1)) t.roll_deg = static_cast<float>(signed_field(mb, 2, 11)) * kRollLsbDeg;
  if (bit(mb, 12)) t.track_deg = angle_360(mb, 13, 23);
  if (bit(mb, 24)) t.gs_kt = static_cast<float>(field(mb, 25, 34)) * kSpeedLsbKt;
  if (bit(mb, 35)) t.track_rate_deg_s = static_cast<float>(signed_field(mb, 36, 45)) * kTrackRateLsbDegS;
  if (bit(mb, 46)) t.tas_kt = static_cast<float>(field(mb, 47, 56)) * kSpeedLsbKt;
  return t;
}

HeadingSpeed fields_bds60(MbBits mb) noexcept {
  constexpr float kMachLsb = 2.048f / 512.0f;
  constexpr std::int32_t kRateLsbFpm = 32;
  HeadingSpeed h;
  if (bit(mb, 1)) h.magnetic_heading_deg = angle_360(mb, 2, 12);
  if (bit(mb, 13)) h.ias_kt = static_cast<float>(field(mb, 14, 23));
  if (bit(mb, 24)) h.mach = static_cast<float>(field(mb, 25, 34)) * kMachLsb;
  if (bit(mb, 35)) h.baro_rate_fpm = signed_field(mb, 36, 45) * kRateLsbFpm;
  if (bit(mb, 46)) h.inertial_rate_fpm = signed_field(mb, 47, 56) * kRateLsbFpm;
  return h;
}

}  // namespace

const char* register_name(Register r) noexcept {
  switch (r) {
    case Register::Bds10: return "BDS10";
    case Register::Bds17: return "BDS17";
    case Register::Bds20: return "BDS20";
    case Register::Bds30: return "BDS30";
    case Register::Bds40: return "BDS40";
    case Register::Bds44: return "BDS44";
    case Register::Bds45: return "BDS45";
    case Register::Bds50: return "BDS50";
    case Register::Bds60: return "BDS60";
  }
  return "?";
}

namespace {

// The inference, keeping the BDS 5,0 and 6,0 fields its plausibility rules decoded (set when the register fits),
// so that decode_commb does not decode them again.
// The registers that fit by their format alone (all but 5,0 and 6,0, which need plausible decoded fields).
RegisterSet format_registers(MbBits mb) noexcept {
  RegisterSet set = 0;
  const auto add = [&set](Register r, bool fits) {
    if (fits) set |= register_bit(r);
  };
  add(Register::Bds10, fits_bds10(mb));
  add(Register::Bds17, fits_bds17(mb));
  add(Register::Bds20, fits_bds20(mb));
  add(Register::Bds30, fits_bds30(mb));
  add(Register::Bds40, format_bds40(mb));
  add(Register::Bds44, fits_bds44(mb));
  add(Register::Bds45, fits_bds45(mb));
  return set;
}

RegisterSet infer(MbBits mb, std::optional<std::int32_t> altitude_ft, std::optional<TrackTurn>& track_turn,
                  std::optional<HeadingSpeed>& heading_speed) noexcept {
  if (mb == 0) return 0;  // an all-zero field fits every status-bit format and says nothing
  RegisterSet set = format_registers(mb);
  if (format_bds50(mb)) {
    const TrackTurn t = fields_bds50(mb);
    if (plausible_bds50(t)) {
      set |= register_bit(Register::Bds50);
      track_turn = t;
    }
  }
  if (format_bds60(mb)) {
    const HeadingSpeed h = fields_bds60(mb);
    if (plausible_bds60(h, altitude_ft)) {
      set |= register_bit(Register::Bds60);
      heading_speed = h;
    }
  }
  return set;
}

}  // namespace

RegisterSet infer_registers(const std::uint8_t* mb_bytes, std::optional<std::int32_t> altitude_ft) noexcept {
  std::optional<TrackTurn> track_turn;
  std::optional<HeadingSpeed> heading_speed;
  return infer(load(mb_bytes), altitude_ft, track_turn, heading_speed);
}

std::optional<SelectedVertical> decode_bds40(const std::uint8_t* mb_bytes) noexcept {
  const MbBits mb = load(mb_bytes);
  if (mb == 0 || !format_bds40(mb)) return std::nullopt;
  return fields_bds40(mb);
}

std::optional<TrackTurn> decode_bds50(const std::uint8_t* mb_bytes) noexcept {
  const MbBits mb = load(mb_bytes);
  if (mb == 0 || !format_bds50(mb)) return std::nullopt;
  return fields_bds50(mb);
}

std::optional<HeadingSpeed> decode_bds60(const std::uint8_t* mb_bytes) noexcept {
  const MbBits mb = load(mb_bytes);
  if (mb == 0 || !format_bds60(mb)) return std::nullopt;
  return fields_bds60(mb);
}

std::optional<Callsign> decode_bds20(const std::uint8_t* mb_bytes) noexcept {
  const MbBits mb = load(mb_bytes);
  if (!fits_bds20(mb)) return std::nullopt;
  Callsign cs{};
  int length = 0;
  for (int c = 0; c < 8; ++c) {
    const char ch = identification_char(field(mb, 9 + 6 * c, 14 + 6 * c));
    cs[static_cast<std::size_t>(c)] = ch;
    if (ch != ' ' && ch != '\0') length = c + 1;
  }
  for (int c = length; c < static_cast<int>(cs.size()); ++c) cs[static_cast<std::size_t>(c)] = '\0';
  return cs;
}

CommB decode_commb(const std::uint8_t* mb_bytes, std::optional<std::int32_t> altitude_ft) noexcept {
  CommB out;
  const MbBits mb = load(mb_bytes);
  std::optional<TrackTurn> track_turn;
  std::optional<HeadingSpeed> heading_speed;
  out.registers = infer(mb, altitude_ft, track_turn, heading_speed);
  const RegisterSet set = out.registers;
  if (set == 0 || (set & (set - 1)) != 0) return out;  // not exactly one (register_count is a library call here)
  // The one register that fits passed its format rules on a non-zero field, so its decoder (decode_bds20 ...)
  // would give what is taken here.
  if (contains(out.registers, Register::Bds20)) out.callsign = decode_bds20(mb_bytes);
  if (contains(out.registers, Register::Bds40)) out.selected_vertical = fields_bds40(mb);
  if (contains(out.registers, Register::Bds50)) out.track_turn = track_turn;
  if (contains(out.registers, Register::Bds60)) out.heading_speed = heading_speed;
  return out;
}

std::optional<TrackTurn> decode_commb_track_turn(const std::uint8_t* mb_bytes,
                                                 std::optional<std::int32_t> altitude_ft) noexcept {
  const MbBits mb = load(mb_bytes);
  if (mb == 0 || !format_bds50(mb)) return std::nullopt;
  const TrackTurn track_turn = fields_bds50(mb);
  if (!plausible_bds50(track_turn)) return std::nullopt;
  // BDS 5,0 fits: the answer is infer()'s "5,0 alone" without decoding 5,0 a second time.
  if (format_registers(mb) != 0) return std::nullopt;
  if (format_bds60(mb) && plausible_bds60(fields_bds60(mb), altitude_ft)) return std::nullopt;
  return track_turn;
}

}  // namespace gw::modes::commb
