#include "io/beast_writer.hpp"

namespace gw::io {
namespace {
constexpr std::uint8_t kEscape = 0x1a;
// Longest encoding: escape + type + (6 counter + 1 signal + 14 payload) bytes, each possibly doubled.
constexpr std::size_t kMaxEncodedBytes = 2 + 2 * (6 + 1 + 14);

inline std::uint8_t* put_escaped(std::uint8_t byte, std::uint8_t* out) {
  *out++ = byte;
  if (byte == kEscape) *out++ = kEscape;
  return out;
}
}  // namespace

void append_beast_frame(const modes::RawFrame& frame, std::vector<std::uint8_t>& out) {
  // Written through a pointer into room reserved up front, then trimmed: the simulator writes millions of frames
  // per second through here, and per-byte push_back was a tenth of its time.
  const std::size_t start = out.size();
  out.resize(start + kMaxEncodedBytes);
  std::uint8_t* p = out.data() + start;
  *p++ = kEscape;
  switch (frame.kind) {
    case modes::FrameKind::ModeAC: *p++ = '1'; break;
    case modes::FrameKind::Short: *p++ = '2'; break;
    case modes::FrameKind::Long: *p++ = '3'; break;
  }
  const std::uint64_t counter = frame.has_counter ? frame.counter : 0;
  for (int shift = 40; shift >= 0; shift -= 8) p = put_escaped(static_cast<std::uint8_t>(counter >> shift), p);
  p = put_escaped(frame.has_signal ? frame.signal : 0, p);
  for (std::size_t i = 0; i < frame.length && i < frame.bytes.size(); ++i) p = put_escaped(frame.bytes[i], p);
  out.resize(static_cast<std::size_t>(p - out.data()));
}

}  // namespace gw::io
