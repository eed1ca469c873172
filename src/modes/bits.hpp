// Bit access for the decoder (internal to src/modes).
//
// Bits are numbered as in DO-260B and ICAO Doc 9871: 1-based, bit 1 first on air (most significant).
// The 56-bit ME field of an extended squitter (message bits 33-88) is read once into a uint64_t so that
// every register decoder extracts its fields with one shift and mask.
#pragma once

#include <bit>
#include <cstdint>
#include <cstring>
#include <type_traits>

namespace gw::modes::bits {

inline constexpr unsigned kMeBits = 56;

// ME field (message bits 33-88, bytes 4..10) of a 14-byte frame.
// At run time on a little-endian host: one 8-byte load of bytes 3..10 and a byte swap.
constexpr std::uint64_t me_of(const std::uint8_t* frame) noexcept {
  if (!std::is_constant_evaluated() && std::endian::native == std::endian::little) {
    std::uint64_t w;
    std::memcpy(&w, frame + 3, sizeof w);
    return __builtin_bswap64(w) & ((std::uint64_t{1} << kMeBits) - 1);
  }
  std::uint64_t me = 0;
  for (int i = 4; i < 11; ++i) me = (me << 8) | frame[i];
  return me;
}

// ME bits `first`..`first + len - 1` (1-based, DO-260B numbering), right-aligned.
constexpr std::uint32_t me_field(std::uint64_t me, unsigned first, unsigned len) noexcept {
  return static_cast<std::uint32_t>((me >> (kMeBits - first - len + 1)) & ((std::uint64_t{1} << len) - 1));
}

constexpr bool me_bit(std::uint64_t me, unsigned bit) noexcept { return me_field(me, bit, 1) != 0; }

// Message bits `first`..`first + len - 1` (1-based) of a frame, len <= 25.
constexpr std::uint32_t frame_field(const std::uint8_t* frame, unsigned first, unsigned len) noexcept {
  // Read the 4 bytes that cover the field (a 25-bit field spans at most 4 bytes).
  const unsigned byte0 = (first - 1) / 8;
  std::uint32_t w = 0;
  for (unsigned i = 0; i < 4; ++i) w = (w << 8) | frame[byte0 + i];
  const unsigned shift = 32 - ((first - 1) % 8) - len;
  return (w >> shift) & ((std::uint32_t{1} << len) - 1);
}

}  // namespace gw::modes::bits
