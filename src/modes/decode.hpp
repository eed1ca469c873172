// The stateless Mode S / ADS-B decoder: one frame's bytes in, one ModeSMessage out.
//
// Dispatch (DO-260B §2.2.3.2 and ICAO Annex 10 Vol IV §3.1.2):
//   DF0, DF16   short/long air-air surveillance: VS -> on_ground, AC13 altitude; address from parity
//   DF4, DF20   surveillance/Comm-B altitude reply: FS -> on_ground, AC13 altitude; address from parity
//   DF5, DF21   surveillance/Comm-B identity reply: FS -> on_ground, ID13 squawk; address from parity
//               (the Comm-B MB field of DF20/21 is decoded by commb.hpp, not here)
//   DF11        all-call reply: CA -> on_ground; address in the clear, parity may carry an II/SI code
//   DF17        ADS-B extended squitter; DF18 non-transponder ES / TIS-B / ADS-R (by CF)
//   others      (DF19 military ES, DF24 Comm-D, reserved formats): UnknownDf, only df is set
//
// Extended squitter type code -> register (one file pair each):
//   TC 0            no position (altitude only)            bds05
//   TC 1-4          identification and category            bds08
//   TC 5-8          surface position                       bds06
//   TC 9-18, 20-22  airborne position                      bds05
//   TC 19           airborne velocity                      bds09
//   TC 23           test message; TC 24 surface system status; TC 25-27, 30 reserved: type_code only
//   TC 28           aircraft status (emergency, ACAS RA)   bds61
//   TC 29           target state and status                bds62
//   TC 31           operational status                     bds65
//
// Address/parity formats (DF0/4/5/16/20/21) have no checkable CRC: the syndrome is reported as the address
// (address_source = Recovered) and the caller decides whether that address is one it knows.
#pragma once

#include <cstdint>
#include <optional>

#include "modes/frame.hpp"
#include "modes/message.hpp"

namespace gw::modes {

struct DecodeOptions {
  // Repair a DF11/17/18 frame whose syndrome matches exactly one flipped bit (never in the DF field), setting
  // crc_corrected. Default off: the 24-bit parity of a long frame has 112 single-bit syndromes, so with
  // correction a random or heavily damaged frame is far more likely to be "fixed" into a wrong but
  // valid-looking message than without it, and a spoofing detector must not invent evidence.
  bool fix_single_bit_errors = false;
};

enum class DecodeStatus : std::uint8_t {
  Ok,         // `out` holds the decoded message
  BadCrc,     // DF11/17/18 parity does not check (and was not repaired): only df is set
  ModeAC,     // a Mode A/C reply (2 bytes): not decoded here
  UnknownDf,  // a downlink format this decoder does not handle: only df is set
  BadLength,  // frame length does not match its DF (56 bits for DF0-15, 112 for DF16-31)
};

// Resets `out` (out = ModeSMessage{}) and fills it from the frame's bytes. Depends on nothing but the bytes
// and `opts`; no allocation. Fields the caller owns (time_s, signal, counter_12mhz) stay at their defaults.
DecodeStatus decode_frame(const RawFrame& frame, ModeSMessage& out, const DecodeOptions& opts = {}) noexcept;

// A "fieldless squitter": a DF18 extended squitter with an ADS-B control field (CF 0 or 1: the transmitter's own
// data, AddressKind::AdsbIcao / AdsbOther) whose type code carries no field this decoder fills (23 test message,
// 24 surface system status, 25-27 and 30 reserved), with parity that checks. decode_frame would give it Ok with
// df 18, the address, address_kind, control_field, type_code (and subtype for 23/24) and nothing else. Returns
// its address, or nothing for any other frame. For callers that can handle such a message without building one
// (map: fixed ground transmitters send half of the Helsinki recording's frames as TC 24).
std::optional<std::uint32_t> fieldless_squitter_address(const RawFrame& frame) noexcept;

}  // namespace gw::modes
