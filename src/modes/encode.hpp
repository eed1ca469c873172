// The Mode S / ADS-B encoder: the inverse of decode_frame, for the scenario simulator and property tests.
//
// encode_frame builds a frame from the fields of a ModeSMessage. `m.df` selects the format, `m.type_code` the
// extended squitter register; fields are taken from the optionals, and an absent optional is sent as the
// standard's "not available" code where the field has one (altitude 0, velocity 0, selected altitude 0 ...).
//
//   DF0, DF16   VS <- on_ground, AC13 <- alt_baro_ft; DF16 MV all zero (no ACAS fields in ModeSMessage)
//   DF4, DF20   FS <- on_ground, AC13 <- alt_baro_ft
//   DF5, DF21   FS <- on_ground, ID13 <- squawk
//               DF20/21 MB: BDS 2,0 identification when `callsign` is set, otherwise all zero
//   DF11        CA, AA; parity with interrogator code 0
//   DF17, DF18  CA (DF17) or CF (DF18, from control_field: 0, 1, 2, 5, 6), AA, ME by type code:
//     TC 0          no position: SS, NIC-B, AC12 altitude, T
//     TC 1-4        identification: category code, 8 characters
//     TC 5-8        surface position: movement, ground track, T, CPR
//     TC 9-18/20-22 airborne position: SS, NIC-B, AC12 baro (9-18) or GNSS height (20-22), T, CPR
//     TC 19         airborne velocity, subtypes 1-4
//     TC 23-27, 30  type code and subtype only
//     TC 28         subtype 1 emergency + squawk, subtype 2 ACAS RA (raw ME bits 9-56)
//     TC 29         subtype 1 (version 2) target state and status; subtype 0 (version 1) target state
//     TC 31         operational status, airborne / surface, version 0, 1, 2 layouts
//
// Parity: CRC-24 (crc.hpp) over the frame for DF11/17/18, CRC XOR address for DF0/4/5/16/20/21.
//
// Choices where the message leaves something open, and bits ModeSMessage has no field for:
//   - CA (DF11/17) when `capability` is absent: 4 on the ground, 5 airborne, 6 when on_ground is unknown.
//   - FS when on_ground is absent: 5 ("no alert, SPI, airborne or on the ground"), the only non-alert code that
//     claims neither; FS alert and SPI, DR, UM, SL, RI, CC, IFR capability, intent change, target state mode bits,
//     capability class and operational mode bits other than the ones named below are sent as zero.
//   - Altitude in feet only (M = 0): 25-ft coding (Q = 1) from -1000 to 50175 ft, Gillham 100-ft code (Q = 0)
//     outside that, from -1200 to 126700 ft; beyond that, "not available". TC 20-22 GNSS height uses the same
//     AC12 coding: DO-260B defines the altitude subfield once for both (§2.2.3.2.3.4); the decoder reads it so
//     too (pyModeS reads TC 20-22 as metres instead).
//   - Values are rounded to the field's resolution and clamped to its largest code ("> max" codes).
//   - TC 31 with `version` absent is sent as version 2 (DO-260B).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>

#include "modes/message.hpp"

namespace gw::modes {

// Builds the frame for `m` into `out` (all 14 bytes are written; a short frame uses the first 7) with correct
// parity. Returns the frame length in bytes (7 or 14), or 0 when `m` cannot be encoded: a DF other than
// 0, 4, 5, 11, 16, 17, 18, 20, 21; DF17/18 without a type code or with one above 31; DF18 CF 3, 4 or 7 (TIS-B
// coarse position, management, reserved: formats this encoder does not build).
std::size_t encode_frame(const ModeSMessage& m, std::array<std::uint8_t, 14>& out) noexcept;

// The airborne position squitter the simulator sends twice a second, straight from its fields: DF17, CA 5
// (airborne), TC 0 (no position: `cpr` null) or 9-18, SS 0, NIC-B, AC12 barometric altitude, T 0, F and CPR.
// The same 14 bytes as encode_frame with a ModeSMessage holding df 17, address, on_ground false, type_code,
// nic_b, alt_baro_ft and cpr (tests/modes), without building one (a ModeSMessage is several hundred bytes).
void encode_airborne_position_frame(std::uint32_t address, std::uint8_t type_code, bool nic_b, std::int32_t alt_baro_ft,
                                    const CprPosition* cpr, std::array<std::uint8_t, 14>& out) noexcept;
// Airborne velocity, TC 19 subtype 1, straight from the simulator's integer fields: east and north ground speed
// (kt, negative west / south), barometric vertical rate in 64 fpm units, NACv, and the GNSS minus barometric
// altitude in 25 ft units when `gnss_baro_diff_25ft` is not null. The same bytes as encode_frame with df 17,
// on_ground, nac_v, baro_rate_fpm = 64 * rate, gnss_baro_diff_ft = 25 * diff, gs_kt = (float) hypot(east, north)
// and track_deg = (float) atan2(east, north) in [0, 360) (tests/modes: |east|, |north| <= 1100 kt).
void encode_ground_velocity_frame(std::uint32_t address, bool on_ground, std::int32_t east_kt, std::int32_t north_kt,
                                  std::int32_t rate_64fpm, std::uint8_t nac_v, const std::int32_t* gnss_baro_diff_25ft,
                                  std::array<std::uint8_t, 14>& out) noexcept;
// A DF4 (short) or DF20 (long, `mb` as MB) altitude reply: FS 0 airborne / 1 on the ground, DR and UM 0, AC13;
// parity CRC XOR address. The same bytes as encode_frame with df, address, on_ground and alt_baro_ft (and, for
// DF20, the callsign when mb = encode_identification_mb(callsign), else none with mb = 0). Returns 7 or 14.
std::size_t encode_altitude_reply_frame(std::uint8_t df, std::uint32_t address, bool on_ground, std::int32_t alt_ft,
                                        std::uint64_t mb, std::array<std::uint8_t, 14>& out) noexcept;
// MB of a DF20/21 reply carrying BDS 2,0 (aircraft identification), as encode_frame builds it for `callsign`.
std::uint64_t encode_identification_mb(const Callsign& callsign) noexcept;

// The 56-bit ME field for `m.type_code` (right-aligned: ME bit 1 is bit 55 of the result); nullopt for no or
// an out-of-range type code. DF18 TIS-B / ADS-R IMF bits are added by encode_frame, not here.
std::optional<std::uint64_t> encode_me(const ModeSMessage& m) noexcept;

// Field codes (layouts in altitude.hpp). 0 = "not available" when `alt_ft` is empty or out of range.
std::uint32_t encode_ac13(std::optional<std::int32_t> alt_ft) noexcept;
std::uint32_t encode_ac12(std::optional<std::int32_t> alt_ft) noexcept;
// Gillham (Mode C) 100-ft gray code in the AC13 layout (M = 0, Q = 0), for any altitude from -1200 to
// 126700 ft (rounded to 100 ft); 0 outside. encode_ac13 uses it only outside the 25-ft range; a simulator of
// Mode C-only transponders can use it everywhere.
std::uint32_t encode_gillham_ac13(std::int32_t alt_ft) noexcept;
// Mode A code given as four octal digits in hex nibbles (0x7700); only the low 3 bits of each nibble are used.
std::uint32_t encode_id13(std::uint16_t squawk) noexcept;

}  // namespace gw::modes
