// Altitude and identity codes shared by several downlink formats and registers.
//
// AC13: the 13-bit altitude code of DF0/4/16/20 (message bits 20-32), ICAO Annex 10 Vol IV §3.1.2.6.5.4:
//   C1 A1 C2 A2 C4 A4 M B1 Q B2 D2 B4 D4   (M = metric, Q = 25-ft increments; with Q=0 the Q position is D1)
// AC12: the 12-bit altitude of the ES airborne position (ME bits 9-20), DO-260B §2.2.3.2.3.4: the AC13 code
//   without the M bit.
// ID13: the 13-bit identity code of DF5/21 (bits 20-32) and TC28 (ME bits 12-24), Annex 10 Vol IV §3.1.2.6.7.1:
//   C1 A1 C2 A2 C4 A4 X B1 D1 B2 D2 B4 D4
#pragma once

#include <cstdint>
#include <optional>

namespace gw::modes {

// Feet, or empty when the code is 0 ("altitude not available"), metric (M=1: no feet value; Annex 10 leaves
// the metric coding unspecified) or an illegal Gillham code.
std::optional<std::int32_t> decode_ac13(std::uint32_t ac13) noexcept;
std::optional<std::int32_t> decode_ac12(std::uint32_t ac12) noexcept;

// decode_ac13 with the common case inline: M=0 and Q=1, 25-ft increments (the 11 bits other than M and Q form a
// binary number N, altitude = 25 N - 1000 ft); the rest (not available, metric, Gillham) out of line. DF0/4/16/20
// replies carry one each.
inline std::optional<std::int32_t> decode_ac13_inline(std::uint32_t ac13) noexcept {
  constexpr std::uint32_t kM = 1u << 6, kQ = 1u << 4;
  ac13 &= 0x1FFF;
  if ((ac13 & (kM | kQ)) == kQ) {
    const std::uint32_t n = ((ac13 & 0x1F80) >> 2) | ((ac13 & 0x0020) >> 1) | (ac13 & 0x000F);
    return static_cast<std::int32_t>(n) * 25 - 1000;
  }
  return decode_ac13(ac13);
}

// Gillham (Mode C) gray code, for Q=0: 100-ft increments from -1200 ft. `ac13` with M=0.
std::optional<std::int32_t> decode_gillham(std::uint32_t ac13) noexcept;

// Mode A code as four octal digits in hex nibbles (7700 -> 0x7700).
std::uint16_t decode_id13(std::uint32_t id13) noexcept;

}  // namespace gw::modes
