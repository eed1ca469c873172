// Golden run on real Beast recordings: ../shared/data/adsb/helsinki-2026-01 (github rwiren/adsb-research-grid,
// commit 3b42eff, MIT), 30 files, 9 hours. The expected counts are the ones in
// ../shared/data/README.md, made with an independent stdlib-only reader. The Beast parsing here is a minimal
// stand-alone one (the project's reader lives in src/io and has its own tests).
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "modes/decode.hpp"

namespace gw::modes {
namespace {

constexpr std::uint8_t kEscape = 0x1A;

// Calls f(RawFrame) for every Beast frame of type '1', '2', '3' in `data`.
template <class F>
void for_each_beast_frame(const std::vector<std::uint8_t>& data, F&& f) {
  std::size_t i = 0;
  while (i + 1 < data.size()) {
    if (data[i] != kEscape || data[i + 1] < '1' || data[i + 1] > '3') {
      ++i;
      continue;
    }
    const std::uint8_t type = data[i + 1];
    const std::size_t payload = type == '1' ? kModeACFrameBytes : (type == '2' ? kShortFrameBytes : kLongFrameBytes);
    std::array<std::uint8_t, 7 + kLongFrameBytes> body{};
    std::size_t j = i + 2, n = 0;
    while (n < 7 + payload && j < data.size()) {
      if (data[j] == kEscape) {
        if (j + 1 >= data.size() || data[j + 1] != kEscape) break;  // frame cut short by a new frame
        ++j;
      }
      body[n++] = data[j++];
    }
    if (n < 7 + payload) {
      i = j;
      continue;
    }
    RawFrame frame;
    frame.length = static_cast<std::uint8_t>(payload);
    frame.kind = type == '1' ? FrameKind::ModeAC : (type == '2' ? FrameKind::Short : FrameKind::Long);
    std::copy_n(body.begin() + 7, payload, frame.bytes.begin());
    f(frame);
    i = j;
  }
}

TEST(GoldenHelsinki, FrameCountsAndValidExtendedSquittersMatchTheIndependentCount) {
  const std::filesystem::path dir = std::string(GNSSWATCH_SHARED_DATA) + "/adsb/helsinki-2026-01";
  if (!std::filesystem::is_directory(dir)) GTEST_SKIP() << "shared test data not found: " << dir.string();

  std::array<std::size_t, 32> by_df{};
  std::size_t total = 0, mode_ac = 0, es_ok = 0, bad_crc = 0;
  ModeSMessage m;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() != ".bin") continue;
    std::ifstream in(entry.path(), std::ios::binary);
    const std::vector<std::uint8_t> data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    for_each_beast_frame(data, [&](const RawFrame& frame) {
      ++total;
      const DecodeStatus st = decode_frame(frame, m);
      if (st == DecodeStatus::ModeAC) {
        ++mode_ac;
        return;
      }
      ASSERT_NE(st, DecodeStatus::BadLength);
      ++by_df[m.df];
      if ((m.df == 17 || m.df == 18) && st == DecodeStatus::Ok) ++es_ok;
      if (st == DecodeStatus::BadCrc) ++bad_crc;
    });
  }
  EXPECT_EQ(total, 1905684u);
  EXPECT_EQ(mode_ac, 150u);
  EXPECT_EQ(by_df[0], 33906u);
  EXPECT_EQ(by_df[4], 101894u);
  EXPECT_EQ(by_df[5], 25324u);
  EXPECT_EQ(by_df[11], 150258u);
  EXPECT_EQ(by_df[16], 2326u);
  EXPECT_EQ(by_df[17], 309182u);
  EXPECT_EQ(by_df[18], 1053285u);
  EXPECT_EQ(by_df[20], 127025u);
  EXPECT_EQ(by_df[21], 102334u);
  EXPECT_EQ(es_ok, 1362467u);
  // Every DF11/17/18 frame of this recording checks: readsb forwarded only frames whose parity it had checked.
  EXPECT_EQ(bad_crc, 0u);
}

}  // namespace
}  // namespace gw::modes
