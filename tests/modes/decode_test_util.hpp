// Helpers shared by the decoder tests: hex -> RawFrame, decode.
#pragma once

#include <string>
#include <string_view>

#include "modes/decode.hpp"
#include "modes/frame.hpp"
#include "modes/message.hpp"

namespace gw::modes::test {

inline RawFrame frame_from_hex(std::string_view hex) {
  RawFrame f;
  f.length = static_cast<std::uint8_t>(hex.size() / 2);
  f.kind = f.length == kLongFrameBytes ? FrameKind::Long : (f.length == kShortFrameBytes ? FrameKind::Short : FrameKind::ModeAC);
  for (std::size_t i = 0; i < f.length && i < f.bytes.size(); ++i) {
    f.bytes[i] = static_cast<std::uint8_t>(std::stoi(std::string(hex.substr(2 * i, 2)), nullptr, 16));
  }
  return f;
}

// Decodes a frame that must decode; the status is returned through `status` for the caller to check.
inline ModeSMessage decode_hex(std::string_view hex, DecodeStatus* status = nullptr, const DecodeOptions& opts = {}) {
  ModeSMessage m;
  const DecodeStatus s = decode_frame(frame_from_hex(hex), m, opts);
  if (status != nullptr) *status = s;
  return m;
}

inline std::string callsign_str(const ModeSMessage& m) { return m.callsign ? std::string(m.callsign->data()) : std::string(); }

}  // namespace gw::modes::test
