#include "modes/altitude.hpp"

#include <array>

namespace gw::modes {
namespace {

// Bit masks inside the 13-bit AC13/ID13 field (bit 12 = first transmitted).
constexpr std::uint32_t kC1 = 1u << 12, kA1 = 1u << 11, kC2 = 1u << 10, kA2 = 1u << 9, kC4 = 1u << 8,
                        kA4 = 1u << 7, kM = 1u << 6, kB1 = 1u << 5, kQ = 1u << 4, kD1 = 1u << 4, kB2 = 1u << 3,
                        kD2 = 1u << 2, kB4 = 1u << 1, kD4 = 1u << 0;

constexpr std::uint32_t gray_to_binary(std::uint32_t g) noexcept {
  for (std::uint32_t s = g >> 1; s != 0; s >>= 1) g ^= s;
  return g;
}

constexpr std::uint32_t bit(std::uint32_t code, std::uint32_t mask) noexcept { return (code & mask) ? 1u : 0u; }

}  // namespace

std::optional<std::int32_t> decode_gillham(std::uint32_t ac13) noexcept {
  // 500-ft increments: D1 D2 D4 A1 A2 A4 B1 B2 B4 is a reflected binary (Gray) code.
  const std::uint32_t g500 = bit(ac13, kD1) << 8 | bit(ac13, kD2) << 7 | bit(ac13, kD4) << 6 | bit(ac13, kA1) << 5 |
                             bit(ac13, kA2) << 4 | bit(ac13, kA4) << 3 | bit(ac13, kB1) << 2 |
                             bit(ac13, kB2) << 1 | bit(ac13, kB4);
  // 100-ft increments within each 500 ft: C1 C2 C4 = 001 011 010 110 100 (Gray code of 1..5, except that the
  // fifth step is 100, not 111); 000, 101 and 111 are illegal.
  const std::uint32_t g100 = bit(ac13, kC1) << 2 | bit(ac13, kC2) << 1 | bit(ac13, kC4);
  const std::int32_t n500 = static_cast<std::int32_t>(gray_to_binary(g500));
  std::int32_t n100 = static_cast<std::int32_t>(gray_to_binary(g100));
  if (n100 == 0 || n100 == 5 || n100 == 6) return std::nullopt;  // C bits 000, 111 or 101: illegal
  if (n100 == 7) n100 = 5;                                       // C1 C2 C4 = 100 is the fifth step
  if (n500 % 2 != 0) n100 = 6 - n100;               // the 100-ft code runs backwards in odd 500-ft bands
  return n500 * 500 + n100 * 100 - 1300;
}

std::optional<std::int32_t> decode_ac13(std::uint32_t ac13) noexcept {
  ac13 &= 0x1FFF;
  if (ac13 == 0) return std::nullopt;      // all zeros: altitude not available
  if (ac13 & kM) return std::nullopt;      // metric units: not decoded (see header)
  if (ac13 & kQ) {
    // 25-ft increments: the 11 bits other than M and Q form a binary number N, altitude = 25 N - 1000 ft.
    const std::uint32_t n = ((ac13 & 0x1F80) >> 2) | ((ac13 & 0x0020) >> 1) | (ac13 & 0x000F);
    return static_cast<std::int32_t>(n) * 25 - 1000;
  }
  return decode_gillham(ac13);
}

std::optional<std::int32_t> decode_ac12(std::uint32_t ac12) noexcept {
  ac12 &= 0xFFF;
  // Re-insert M=0 between A4 and B1 to get the AC13 layout.
  return decode_ac13(((ac12 & 0xFC0) << 1) | (ac12 & 0x03F));
}

namespace {

// Squawk digits of the 13-bit field, one bit at a time: A4 A2 A1 form the first octal digit, and so on.
constexpr std::uint16_t id13_by_bits(std::uint32_t id) noexcept {
  const std::uint32_t a = bit(id, kA4) << 2 | bit(id, kA2) << 1 | bit(id, kA1);
  const std::uint32_t b = bit(id, kB4) << 2 | bit(id, kB2) << 1 | bit(id, kB1);
  const std::uint32_t c = bit(id, kC4) << 2 | bit(id, kC2) << 1 | bit(id, kC1);
  const std::uint32_t d = bit(id, kD4) << 2 | bit(id, kD2) << 1 | bit(id, kD1);
  return static_cast<std::uint16_t>(a << 12 | b << 8 | c << 4 | d);
}

// Each field bit lands in one output bit, so the result is the OR of what the low 7 and the high 6 bits give:
// two lookups in 192 entries instead of twelve bit moves (DF5/21 replies carry one each).
template <unsigned Shift, unsigned Count>
constexpr std::array<std::uint16_t, (1u << Count)> id13_part_table() {
  std::array<std::uint16_t, (1u << Count)> t{};
  for (std::uint32_t v = 0; v < t.size(); ++v) t[v] = id13_by_bits(v << Shift);
  return t;
}
constexpr auto kId13Low = id13_part_table<0, 7>();
constexpr auto kId13High = id13_part_table<7, 6>();

constexpr std::uint16_t id13_by_table(std::uint32_t id) noexcept {
  return static_cast<std::uint16_t>(kId13Low[id & 0x7F] | kId13High[(id >> 7) & 0x3F]);
}

constexpr bool id13_tables_agree() {
  for (std::uint32_t id = 0; id < (1u << 13); ++id) {
    if (id13_by_table(id) != id13_by_bits(id)) return false;
  }
  return true;
}
static_assert(id13_tables_agree(), "squawk tables must equal the bit-by-bit decoding for every 13-bit field");

}  // namespace

std::uint16_t decode_id13(std::uint32_t id) noexcept { return id13_by_table(id); }

}  // namespace gw::modes
