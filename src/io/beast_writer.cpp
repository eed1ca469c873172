#include "io/beast_writer.hpp"

#include <algorithm>
#include <bit>
#include <cstring>

namespace gw::io {
namespace {
constexpr std::uint8_t kEscape = 0x1a;
constexpr std::size_t kBodyBytes = 6 + 1 + modes::kLongFrameBytes;  // counter, signal, payload
static_assert(kMaxBeastFrameBytes >= 2 + 24, "the fast path writes three whole words");
}  // namespace

std::size_t write_beast_frame(const modes::RawFrame& frame, std::uint8_t* out) noexcept {
  const std::uint64_t counter = frame.has_counter ? frame.counter : 0;
  const std::size_t length = frame.length <= modes::kLongFrameBytes ? frame.length : modes::kLongFrameBytes;
  const std::size_t n = 7 + length;
  out[0] = kEscape;
  out[1] = frame.kind == modes::FrameKind::ModeAC ? '1' : frame.kind == modes::FrameKind::Short ? '2' : '3';

  if constexpr (std::endian::native == std::endian::little) {
    if (length == modes::kLongFrameBytes || length == modes::kShortFrameBytes) {
      // The body (counter, signal, payload) as three little-endian words, bytes past n zero; most bodies
      // contain no 0x1a, found with a word-at-a-time zero-byte test on body ^ 0x1a1a... (no false positives:
      // (v - 0x01..) & ~v & 0x80.. is non-zero exactly when a byte of v is zero). Fixed loads and masks for the
      // two Mode S lengths: the simulator writes millions of frames per second here.
      const std::uint8_t* payload = frame.bytes.data();
      const std::uint64_t signal = frame.has_signal ? frame.signal : 0;
      // Counter (6 bytes, most significant first), signal, payload byte 0.
      const std::uint64_t w0 = __builtin_bswap64(counter << 16) | (signal << 48) | (std::uint64_t{payload[0]} << 56);
      std::uint64_t w1, w2 = 0;
      std::memcpy(&w1, payload + 1, 8);  // payload bytes 1-8
      if (length == modes::kLongFrameBytes) {
        std::memcpy(&w2, payload + 6, 8);  // payload bytes 6-13 ...
        w2 >>= 24;                         // ... keeping 9-13
      } else {
        w1 &= (std::uint64_t{1} << 48) - 1;  // payload bytes 1-6
      }
      constexpr std::uint64_t kOnes = 0x0101010101010101ull, kHighs = 0x8080808080808080ull;
      constexpr std::uint64_t kEscapes = kOnes * kEscape;
      const std::uint64_t v0 = w0 ^ kEscapes, v1 = w1 ^ kEscapes, v2 = w2 ^ kEscapes;  // zero bytes become 0x1a
      const std::uint64_t found = ((v0 - kOnes) & ~v0) | ((v1 - kOnes) & ~v1) | ((v2 - kOnes) & ~v2);
      if ((found & kHighs) == 0) {
        std::memcpy(out + 2, &w0, 8);  // out has room for kMaxBeastFrameBytes >= 2 + 24
        std::memcpy(out + 10, &w1, 8);
        std::memcpy(out + 18, &w2, 8);
        return 2 + n;
      }
    }
  }

  std::uint8_t body[kBodyBytes];
  for (int i = 0; i < 6; ++i) body[i] = static_cast<std::uint8_t>(counter >> (40 - 8 * i));
  body[6] = frame.has_signal ? frame.signal : 0;
  std::memcpy(body + 7, frame.bytes.data(), length);
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
