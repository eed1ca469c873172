// Writes frames in the Beast binary format (the inverse of BeastParser): 0x1a, type '1'/'2'/'3', 6-byte 12 MHz
// counter, signal byte, payload; every 0x1a byte after the leading one is doubled (escaped).
#pragma once

#include <cstdint>
#include <vector>

#include "modes/frame.hpp"

namespace gw::io {

// Appends the Beast encoding of `frame` to `out` (counter and signal written as 0 when the frame has none).
void append_beast_frame(const modes::RawFrame& frame, std::vector<std::uint8_t>& out);

}  // namespace gw::io
