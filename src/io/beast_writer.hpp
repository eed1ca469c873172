// Writes frames in the Beast binary format (the inverse of BeastParser): 0x1a, type '1'/'2'/'3', 6-byte 12 MHz
// counter, signal byte, payload; every 0x1a byte after the leading one is doubled (escaped).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "modes/frame.hpp"

namespace gw::io {

// The longest encoding of one frame: escape + type + (6 counter + 1 signal + 14 payload) bytes, each doubled.
inline constexpr std::size_t kMaxBeastFrameBytes = 2 + 2 * (6 + 1 + 14);

// Writes the Beast encoding of `frame` at `out`, which has room for kMaxBeastFrameBytes; returns the bytes
// written (counter and signal written as 0 when the frame has none).
std::size_t write_beast_frame(const modes::RawFrame& frame, std::uint8_t* out) noexcept;

// Appends the Beast encoding of `frame` to `out`.
void append_beast_frame(const modes::RawFrame& frame, std::vector<std::uint8_t>& out);

}  // namespace gw::io
