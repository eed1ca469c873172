#include "modes/crc.hpp"

#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <random>
#include <string_view>
#include <vector>

namespace {

std::vector<std::uint8_t> from_hex(std::string_view hex) {
  std::vector<std::uint8_t> out;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
    out.push_back(static_cast<std::uint8_t>(std::stoi(std::string(hex.substr(i, 2)), nullptr, 16)));
  }
  return out;
}

// Real DF17 frames (The 1090 MHz Riddle, "ADS-B decoding"; pyModeS sample of 406B90): intact, syndrome 0.
TEST(Crc, IntactExtendedSquitterHasZeroSyndrome) {
  for (auto hex : {"8D4840D6202CC371C32CE0576098", "8D40621D58C382D690C8AC2863A7", "8D406B902015A678D4D220AA4BDA"}) {
    auto f = from_hex(hex);
    EXPECT_EQ(gw::modes::crc_syndrome(f.data(), f.size()), 0u) << hex;
  }
}

}  // namespace

namespace {

// DF20 from the pyModeS golden set: the syndrome is the aircraft address (4BA952).
TEST(Crc, AddressParityFrameSyndromeIsTheAddress) {
  auto f = from_hex("A0000C179B580030A40000D8DC52");
  EXPECT_EQ(gw::modes::crc_syndrome(f.data(), f.size()), 0x4BA952u);
}

TEST(Crc, ParityFieldOfIntactFrameEqualsCrcOfPayload) {
  auto f = from_hex("8D4840D6202CC371C32CE0576098");
  EXPECT_EQ(gw::modes::crc24(f.data(), 11), 0x576098u);
}

TEST(Crc, EverySingleBitErrorIsLocated) {
  for (std::size_t len : {std::size_t{7}, std::size_t{14}}) {
    auto f = len == 14 ? from_hex("8D4840D6202CC371C32CE0576098") : from_hex("5D4840D6AA0F3B");
    // Make a short frame intact by recomputing its parity.
    if (len == 7) {
      auto p = gw::modes::crc24(f.data(), 4);
      f[4] = p >> 16; f[5] = (p >> 8) & 0xFF; f[6] = p & 0xFF;
    }
    ASSERT_EQ(gw::modes::crc_syndrome(f.data(), len), 0u);
    for (int bit = 0; bit < static_cast<int>(len * 8); ++bit) {
      auto g = f;
      g[bit / 8] ^= static_cast<std::uint8_t>(0x80 >> (bit % 8));
      auto s = gw::modes::crc_syndrome(g.data(), len);
      EXPECT_EQ(gw::modes::single_bit_error_position(s, len), bit) << "len " << len << " bit " << bit;
    }
  }
}

TEST(Crc, TwoBitErrorsAreNotMistakenForOne) {
  auto f = from_hex("8D4840D6202CC371C32CE0576098");
  f[2] ^= 0x10;
  f[9] ^= 0x01;
  EXPECT_EQ(gw::modes::single_bit_error_position(gw::modes::crc_syndrome(f.data(), 14), 14), -1);
}

}  // namespace

namespace {

// crc_syndrome's per-position tables agree with the byte-at-a-time definition (CRC of the data XOR the parity
// field): every byte value at every position of both frame lengths, then random frames.
TEST(Crc, SyndromeEqualsByteWiseDefinition) {
  auto by_definition = [](const std::uint8_t* f, std::size_t len) {
    const std::uint32_t parity = (std::uint32_t{f[len - 3]} << 16) | (std::uint32_t{f[len - 2]} << 8) | f[len - 1];
    return gw::modes::crc24(f, len - 3) ^ parity;
  };
  for (std::size_t len : {std::size_t{7}, std::size_t{14}}) {
    for (std::size_t pos = 0; pos < len; ++pos) {
      for (int v = 0; v < 256; ++v) {
        std::array<std::uint8_t, 14> f{};
        f[pos] = static_cast<std::uint8_t>(v);
        ASSERT_EQ(gw::modes::crc_syndrome(f.data(), len), by_definition(f.data(), len)) << len << " " << pos << " " << v;
      }
    }
  }
  std::mt19937 rng(1090);
  for (int n = 0; n < 100000; ++n) {
    std::array<std::uint8_t, 14> f{};
    for (auto& b : f) b = static_cast<std::uint8_t>(rng());
    const std::size_t len = (n % 2 == 0) ? 14 : 7;
    ASSERT_EQ(gw::modes::crc_syndrome(f.data(), len), by_definition(f.data(), len)) << n;
  }
}

}  // namespace
