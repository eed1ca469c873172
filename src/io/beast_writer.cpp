#include "io/beast_writer.hpp"

#include <cstring>

namespace gw::io {
namespace {
constexpr std::uint8_t kEscape = 0x1a;
constexpr std::size_t kBodyBytes = 6 + 1 + modes::kLongFrameBytes;  // counter, signal, payload
}  // namespace

std::size_t write_beast_frame(const modes::RawFrame& frame, std::uint8_t* out) noexcept {
  std::uint8_t body[kBodyBytes];
  const std::uint64_t counter = frame.has_counter ? frame.counter : 0;
  for (int i = 0; i < 6; ++i) body[i] = static_cast<std::uint8_t>(counter >> (40 - 8 * i));
  body[6] = frame.has_signal ? frame.signal : 0;
  const std::size_t length = frame.length <= modes::kLongFrameBytes ? frame.length : modes::kLongFrameBytes;
  std::memcpy(body + 7, frame.bytes.data(), length);
  const std::size_t n = 7 + length;

  out[0] = kEscape;
  out[1] = frame.kind == modes::FrameKind::ModeAC ? '1' : frame.kind == modes::FrameKind::Short ? '2' : '3';
  // Most frames contain no 0x1a byte: one scan, one copy. The simulator writes millions of frames per second here.
  if (std::memchr(body, kEscape, n) == nullptr) {
    std::memcpy(out + 2, body, n);
    return 2 + n;
  }
  std::uint8_t* p = out + 2;
  for (std::size_t i = 0; i < n; ++i) {
    *p++ = body[i];
    if (body[i] == kEscape) *p++ = kEscape;
  }
  return static_cast<std::size_t>(p - out);
}

void append_beast_frame(const modes::RawFrame& frame, std::vector<std::uint8_t>& out) {
  const std::size_t start = out.size();
  out.resize(start + kMaxBeastFrameBytes);
  out.resize(start + write_beast_frame(frame, out.data() + start));
}

}  // namespace gw::io
