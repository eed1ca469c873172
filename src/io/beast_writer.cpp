#include "io/beast_writer.hpp"

namespace gw::io {
namespace {
constexpr std::uint8_t kEscape = 0x1a;

void put_escaped(std::uint8_t byte, std::vector<std::uint8_t>& out) {
  out.push_back(byte);
  if (byte == kEscape) out.push_back(kEscape);
}
}  // namespace

void append_beast_frame(const modes::RawFrame& frame, std::vector<std::uint8_t>& out) {
  out.push_back(kEscape);
  switch (frame.kind) {
    case modes::FrameKind::ModeAC: out.push_back('1'); break;
    case modes::FrameKind::Short: out.push_back('2'); break;
    case modes::FrameKind::Long: out.push_back('3'); break;
  }
  const std::uint64_t counter = frame.has_counter ? frame.counter : 0;
  for (int shift = 40; shift >= 0; shift -= 8) put_escaped(static_cast<std::uint8_t>(counter >> shift), out);
  put_escaped(frame.has_signal ? frame.signal : 0, out);
  for (std::size_t i = 0; i < frame.length; ++i) put_escaped(frame.bytes[i], out);
}

}  // namespace gw::io
