// Comm-B: the 56-bit MB field of DF20 (altitude) and DF21 (identity) replies.
//
// A Comm-B reply does not say which register (BDS code) it carries: the interrogator asked for it, and a
// passive receiver never hears the question. So the register is inferred from the MB field itself: every
// register format of ICAO Doc 9871 (Technical Provisions for Mode S Services and Extended Squitter, 2nd ed.,
// Appendix A, Tables A-2-x where x is the register number in decimal) either fixes the first byte, or ties each
// value to a status bit and reserves some bits as zero. A field consistent with one format only is decoded; one
// consistent with several (typically BDS 5,0 and 6,0) stays ambiguous and is not decoded.
//
//   register  table     identified by
//   BDS 1,0   A-2-16    first byte 0x10           data link capability report
//   BDS 1,7   A-2-23    capability bits only      common-usage GICB capability report
//   BDS 2,0   A-2-32    first byte 0x20           aircraft identification
//   BDS 3,0   A-2-48    first byte 0x30           ACAS active resolution advisory
//   BDS 4,0   A-2-64    status bits               selected vertical intention
//   BDS 4,4   A-2-68    status bits               meteorological routine air report
//   BDS 4,5   A-2-69    status bits               meteorological hazard report
//   BDS 5,0   A-2-80    status bits               track and turn report
//   BDS 6,0   A-2-96    status bits               heading and speed report
//
// Bits are numbered as in Doc 9871: MB bit 1 is the most significant bit of the first MB byte (frame bit 33).
// Everything here is stateless and allocation-free; `mb` always points at 7 readable bytes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>

#include "modes/message.hpp"

namespace gw::modes::commb {

inline constexpr std::size_t kMbBytes = 7;
// The MB field starts at byte 4 (bit 33) of a 14-byte DF20/DF21 frame.
inline constexpr std::size_t kMbOffsetInFrame = 4;

inline const std::uint8_t* mb_field(const std::uint8_t* frame) noexcept { return frame + kMbOffsetInFrame; }

// The registers whose formats the inference knows. The enumerator's value is its bit in a RegisterSet.
enum class Register : std::uint8_t { Bds10, Bds17, Bds20, Bds30, Bds40, Bds44, Bds45, Bds50, Bds60 };
inline constexpr std::size_t kRegisterCount = 9;

// A set of registers, one bit per Register (bit 0 = Bds10). Empty: nothing fits (or the MB field is all zero).
using RegisterSet = std::uint32_t;

constexpr RegisterSet register_bit(Register r) noexcept { return RegisterSet{1} << static_cast<unsigned>(r); }
constexpr bool contains(RegisterSet set, Register r) noexcept { return (set & register_bit(r)) != 0; }
constexpr int register_count(RegisterSet set) noexcept { return __builtin_popcount(set); }

// "BDS40" etc. (the spelling pyModeS and most tools print).
const char* register_name(Register r) noexcept;

// The registers whose format the MB field is consistent with; see commb.cpp for every rule and its reason.
// `altitude_ft`: the pressure altitude of the same reply (the AC field of a DF20), when known. It enables one
// more BDS 6,0 check (IAS against the CAS the Mach number gives at that altitude). DF21 carries no altitude.
RegisterSet infer_registers(const std::uint8_t* mb, std::optional<std::int32_t> altitude_ft = std::nullopt) noexcept;

// ---- decoders --------------------------------------------------------------------------------------------
// Each returns std::nullopt when the MB field breaks the register's format (a value present without its
// status bit, a reserved bit set, a wrong first byte, or an all-zero field), whatever the inference says;
// it does not apply the plausibility limits (those only choose between registers). Inside, std::nullopt
// marks a value whose status bit says "not available".

// BDS 4,0 target altitude source, bits 55-56 (Table A-2-64).
enum class TargetAltitudeSource : std::uint8_t { Unknown = 0, Aircraft = 1, McpFcu = 2, Fms = 3 };

// BDS 4,0 — Selected vertical intention (Doc 9871 Table A-2-64).
//   1 status | 2-13 MCP/FCU selected altitude, LSB 16 ft
//   14 status | 15-26 FMS selected altitude, LSB 16 ft
//   27 status | 28-39 barometric pressure setting minus 800 mb, LSB 0.1 mb
//   40-47 reserved | 48 status of MCP/FCU mode bits | 49 VNAV | 50 altitude hold | 51 approach
//   52-53 reserved | 54 status of target altitude source | 55-56 target altitude source
struct SelectedVertical {
  std::optional<std::int32_t> mcp_altitude_ft;
  std::optional<std::int32_t> fms_altitude_ft;
  std::optional<float> baro_setting_hpa;  // 1 mb = 1 hPa
  std::optional<bool> vnav_mode;
  std::optional<bool> alt_hold_mode;
  std::optional<bool> approach_mode;
  std::optional<TargetAltitudeSource> target_altitude_source;
};

// BDS 5,0 — Track and turn report (Doc 9871 Table A-2-80).
//   1 status | 2 sign (left wing down) | 3-11 roll angle, LSB 45/256 deg
//   12 status | 13 sign (west) | 14-23 true track angle, LSB 90/512 deg
//   24 status | 25-34 ground speed, LSB 1024/512 kt
//   35 status | 36 sign | 37-45 track angle rate, LSB 8/256 deg/s
//   46 status | 47-56 true airspeed, LSB 2 kt
struct TrackTurn {
  std::optional<float> roll_deg;           // positive: right wing down
  std::optional<float> track_deg;          // true, [0, 360)
  std::optional<float> gs_kt;
  std::optional<float> track_rate_deg_s;   // positive: turning right
  std::optional<float> tas_kt;
};

// BDS 6,0 — Heading and speed report (Doc 9871 Table A-2-96).
//   1 status | 2 sign (west) | 3-12 magnetic heading, LSB 90/512 deg
//   13 status | 14-23 indicated airspeed, LSB 1 kt
//   24 status | 25-34 Mach, LSB 2.048/512
//   35 status | 36 sign (below) | 37-45 barometric altitude rate, LSB 32 ft/min
//   46 status | 47 sign (below) | 48-56 inertial vertical velocity, LSB 32 ft/min
struct HeadingSpeed {
  std::optional<float> magnetic_heading_deg;  // [0, 360)
  std::optional<float> ias_kt;
  std::optional<float> mach;
  std::optional<std::int32_t> baro_rate_fpm;
  std::optional<std::int32_t> inertial_rate_fpm;
};

std::optional<SelectedVertical> decode_bds40(const std::uint8_t* mb) noexcept;
std::optional<TrackTurn> decode_bds50(const std::uint8_t* mb) noexcept;
std::optional<HeadingSpeed> decode_bds60(const std::uint8_t* mb) noexcept;

// BDS 2,0 — Aircraft identification (Doc 9871 Table A-2-32): bits 1-8 = 0x20, then 8 characters of 6 bits
// (ICAO Annex 10 Vol IV Table 3-9 subset: A-Z, 0-9, space). nullopt if the first byte is wrong or a character
// is outside that set. Trailing spaces trimmed.
std::optional<Callsign> decode_bds20(const std::uint8_t* mb) noexcept;

// ---- all in one -------------------------------------------------------------------------------------------
// What a Comm-B reply says: the candidate registers, and the decoded content when exactly one register fits
// (and that register is one decoded here). Compact and trivially copyable.
struct CommB {
  RegisterSet registers = 0;
  std::optional<Callsign> callsign;                 // BDS 2,0
  std::optional<SelectedVertical> selected_vertical;  // BDS 4,0
  std::optional<TrackTurn> track_turn;              // BDS 5,0
  std::optional<HeadingSpeed> heading_speed;        // BDS 6,0
};

CommB decode_commb(const std::uint8_t* mb, std::optional<std::int32_t> altitude_ft = std::nullopt) noexcept;

// decode_commb(mb, altitude_ft).track_turn, for callers that want nothing else: the other registers are tried only
// when the MB field fits BDS 5,0, so most fields cost one format test.
std::optional<TrackTurn> decode_commb_track_turn(const std::uint8_t* mb,
                                                 std::optional<std::int32_t> altitude_ft = std::nullopt) noexcept;

}  // namespace gw::modes::commb
