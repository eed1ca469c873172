#include "modes/crc.hpp"

#include <array>
#include <bit>
#include <cstring>

namespace gw::modes {
namespace {

// Byte-at-a-time table: kTable[b] is the CRC register contribution of byte b shifted through the generator.
constexpr std::array<std::uint32_t, 256> make_table() {
  std::array<std::uint32_t, 256> table{};
  for (std::uint32_t byte = 0; byte < 256; ++byte) {
    std::uint32_t reg = byte << 16;
    for (int bit = 0; bit < 8; ++bit) {
      reg = (reg & 0x800000) ? ((reg << 1) ^ kCrc24Generator) : (reg << 1);
    }
    table[byte] = reg & 0xFFFFFF;
  }
  return table;
}
constexpr auto kTable = make_table();

// Per-position tables for whole frames: CRC-24 is linear over GF(2) with a zero initial register, so the CRC of
// n data bytes is the XOR over i of the CRC of byte i alone followed by n-1-i zero bytes. kByPosition[k][b] is
// the CRC of byte b followed by k zero bytes. A frame's syndrome is then 4 (short) or 11 (long) independent
// lookups instead of a chain of dependent ones (11 KB of tables, resident in L1 when decoding a stream).
inline constexpr std::size_t kMaxDataBytes = 11;  // 112-bit frame minus 24 parity bits

constexpr std::array<std::array<std::uint32_t, 256>, kMaxDataBytes> make_position_tables() {
  std::array<std::array<std::uint32_t, 256>, kMaxDataBytes> tables{};
  tables[0] = kTable;
  for (std::size_t k = 1; k < kMaxDataBytes; ++k) {
    for (std::size_t byte = 0; byte < 256; ++byte) {
      // Shifting one more zero byte through the register: crc' = (crc << 8) ^ kTable[crc >> 16].
      const std::uint32_t crc = tables[k - 1][byte];
      tables[k][byte] = ((crc << 8) ^ kTable[(crc >> 16) & 0xFF]) & 0xFFFFFF;
    }
  }
  return tables;
}
constexpr auto kByPosition = make_position_tables();

template <std::size_t N>
std::uint32_t crc24_fixed(const std::uint8_t* data) noexcept {
  static_assert(N <= kMaxDataBytes);
  std::uint32_t crc = 0;
  for (std::size_t i = 0; i < N; ++i) crc ^= kByPosition[N - 1 - i][data[i]];
  return crc;
}

// Single-bit syndromes: the syndrome produced by an error in bit i of a 112-bit frame. A 56-bit frame's bit i
// has the syndrome of bit i + 56 of a 112-bit frame (the syndrome depends only on the distance from the end).
struct BitSyndrome {
  std::uint32_t syndrome;
  int bit;  // bit index in a 112-bit frame
};

std::array<BitSyndrome, 112> make_bit_syndromes() {
  std::array<BitSyndrome, 112> out{};
  for (int bit = 0; bit < 112; ++bit) {
    std::uint8_t frame[14] = {};
    frame[bit / 8] = static_cast<std::uint8_t>(0x80 >> (bit % 8));
    out[bit] = {crc_syndrome(frame, 14), bit};
  }
  return out;
}

}  // namespace

std::uint32_t crc24(const std::uint8_t* data, std::size_t n_bytes) noexcept {
  // Whole frames (the encoder's parity): independent lookups instead of a chain of dependent ones.
  if (n_bytes == 11) return crc24_fixed<11>(data);
  if (n_bytes == 4) return crc24_fixed<4>(data);
  std::uint32_t crc = 0;
  for (std::size_t i = 0; i < n_bytes; ++i) {
    crc = ((crc << 8) ^ kTable[((crc >> 16) ^ data[i]) & 0xFF]) & 0xFFFFFF;
  }
  return crc;
}

namespace {
// The 24-bit parity field ending at `end` (the frame's last 3 bytes) as a number, from one 4-byte load that starts
// a byte before it (inside the frame: frames are at least 7 bytes): 3 instructions instead of 7.
std::uint32_t parity_before(const std::uint8_t* end) noexcept {
  std::uint32_t w;
  std::memcpy(&w, end - 4, sizeof w);
  if constexpr (std::endian::native == std::endian::little) w = __builtin_bswap32(w);
  return w & 0xFFFFFF;
}
}  // namespace

std::uint32_t crc_syndrome(const std::uint8_t* frame, std::size_t length_bytes) noexcept {
  switch (length_bytes) {
    case 14: return crc24_fixed<11>(frame) ^ parity_before(frame + 14);
    case 7: return crc24_fixed<4>(frame) ^ parity_before(frame + 7);
    default: {
      const std::size_t n = length_bytes - 3;
      const std::uint32_t parity =
          (std::uint32_t{frame[n]} << 16) | (std::uint32_t{frame[n + 1]} << 8) | frame[n + 2];
      return crc24(frame, n) ^ parity;
    }
  }
}

int single_bit_error_position(std::uint32_t syndrome, std::size_t length_bytes) noexcept {
  static const std::array<BitSyndrome, 112> kBitSyndromes = make_bit_syndromes();
  if (syndrome == 0) return -1;
  const int first = length_bytes == 14 ? 0 : 56;
  for (int bit = first; bit < 112; ++bit) {
    if (kBitSyndromes[bit].syndrome == syndrome) return bit - first;
  }
  return -1;
}

}  // namespace gw::modes
