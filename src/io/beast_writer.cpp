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
    // The body (counter, signal, payload) as three little-endian words, bytes past n zeroed; most bodies
    // contain no 0x1a, found with a word-at-a-time zero-byte test on body ^ 0x1a1a... (no false positives:
    // (v - 0x01..) & ~v & 0x80.. is non-zero exactly when a byte of v is zero). The simulator writes millions
    // of frames per second here.
    std::uint64_t words[3];
    const std::uint64_t be_counter = __builtin_bswap64(counter << 16);  // 6 bytes, most significant first
    std::memcpy(words, &be_counter, 8);
    std::memcpy(reinterpret_cast<std::uint8_t*>(words) + 7, frame.bytes.data(), modes::kLongFrameBytes);
    reinterpret_cast<std::uint8_t*>(words)[6] = frame.has_signal ? frame.signal : 0;
    reinterpret_cast<std::uint8_t*>(words)[21] = reinterpret_cast<std::uint8_t*>(words)[22] =
        reinterpret_cast<std::uint8_t*>(words)[23] = 0;
    constexpr std::uint64_t kOnes = 0x0101010101010101ull, kHighs = 0x8080808080808080ull;
    constexpr std::uint64_t kEscapes = kOnes * kEscape;
    std::uint64_t found = 0;
    for (std::size_t w = 0; w < 3; ++w) {
      const std::size_t valid = n > 8 * w ? std::min<std::size_t>(n - 8 * w, 8) : 0;
      words[w] &= valid == 8 ? ~std::uint64_t{0} : (std::uint64_t{1} << (8 * valid)) - 1;
      const std::uint64_t v = words[w] ^ kEscapes;  // bytes past n are 0, so 0x1a here: never found
      found |= (v - kOnes) & ~v & kHighs;
    }
    if (found == 0) {
      std::memcpy(out + 2, words, sizeof words);  // out has room for kMaxBeastFrameBytes >= 2 + 24
      return 2 + n;
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
