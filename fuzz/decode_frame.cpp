// The decoder on arbitrary 7- and 14-byte frames, with and without error correction, plus Comm-B inference.
// Property checked: decoding is a pure function of the bytes (two decodes of one frame agree).
#include <cstdlib>
#include <cstring>

#include "modes/commb.hpp"
#include "modes/decode.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 7) return 0;
  gw::modes::RawFrame frame;
  frame.length = size >= 14 ? 14 : 7;
  frame.kind = frame.length == 14 ? gw::modes::FrameKind::Long : gw::modes::FrameKind::Short;
  std::memcpy(frame.bytes.data(), data, frame.length);
  gw::modes::ModeSMessage a, b;
  for (bool fix : {false, true}) {
    const auto sa = gw::modes::decode_frame(frame, a, {fix});
    const auto sb = gw::modes::decode_frame(frame, b, {fix});
    if (sa != sb || a.address != b.address || a.type_code != b.type_code || a.alt_baro_ft != b.alt_baro_ft) std::abort();
  }
  if (frame.length == 14) {
    auto commb = gw::modes::commb::decode_commb(frame.bytes.data() + 4);
    (void)commb;
  }
  return 0;
}
