// CRC-24 parity of Mode S replies and squitters.
//
// ICAO Annex 10 Vol IV §3.1.2.3.3 (and DO-260B §2.2.3.2.1.7): generator polynomial
// x^24 + x^23 + ... + x^10 + x^3 + 1, i.e. 0x1FFF409 (the 24 low bits 0xFFF409 with an implicit x^24).
// The last 24 bits of every Mode S frame are parity: for DF11/17/18 they equal the CRC of the preceding bits
// (DF11 may overlay an interrogator code), for DF0/4/5/16/20/21 the CRC is XORed with the aircraft address.
#pragma once

#include <cstddef>
#include <cstdint>

namespace gw::modes {

inline constexpr std::uint32_t kCrc24Generator = 0xFFF409;

// CRC-24 over `n_bytes` bytes of data (no parity field): the value a transmitter puts in the parity field.
std::uint32_t crc24(const std::uint8_t* data, std::size_t n_bytes) noexcept;

// Syndrome of a whole frame (7 or 14 bytes): CRC of all but the last 3 bytes XOR the last 3 bytes.
// 0 for an intact DF17/18 frame; the aircraft address for an intact address/parity frame (DF0/4/5/16/20/21);
// the interrogator identifier (II/SI) in the low 7 bits for DF11. For 7- and 14-byte frames the CRC is computed
// from per-byte-position tables (independent lookups); it equals crc24(frame, length_bytes - 3) XOR parity.
std::uint32_t crc_syndrome(const std::uint8_t* frame, std::size_t length_bytes) noexcept;

// If flipping exactly one bit of a frame of `length_bytes` bytes gives syndrome 0, the index (0 = first, most
// significant bit of byte 0) of that bit; otherwise -1. Constant-time lookup in a table of single-bit syndromes.
int single_bit_error_position(std::uint32_t syndrome, std::size_t length_bytes) noexcept;

}  // namespace gw::modes
