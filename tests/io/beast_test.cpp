#include "io/beast.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <random>
#include <vector>

#include "io/byte_source.hpp"
#include "io_test_util.hpp"
#include "modes/crc.hpp"

namespace gw::io {
namespace {

using test::append;
using test::beast_frame;
using test::from_hex;
using test::to_hex;

// Real frames: a DF17 from "The 1090 MHz Riddle"; a DF4 and a DF11 from sample_dump1090.bin (Toulouse, 2020).
const auto kLong = from_hex("8D4840D6202CC371C32CE0576098");
const auto kShort = from_hex("20000CA8F70AA7");
const auto kShort2 = from_hex("02E18CA8F1D2ED");

std::vector<modes::RawFrame> parse_all(BeastParser& p, std::span<const std::uint8_t> bytes, std::size_t chunk = 0,
                                       std::size_t out_size = 64) {
  return test::parse_chunks(p, bytes, chunk, out_size);
}

std::vector<modes::RawFrame> parse_all(std::span<const std::uint8_t> bytes, std::size_t chunk = 0) {
  BeastParser p;
  return parse_all(p, bytes, chunk);
}

bool same(const modes::RawFrame& a, const modes::RawFrame& b) {
  return a.bytes == b.bytes && a.length == b.length && a.kind == b.kind && a.counter == b.counter &&
         a.signal == b.signal && a.position == b.position && a.has_counter == b.has_counter;
}

TEST(Beast, LongFrameFieldsAreDecoded) {
  auto bytes = beast_frame('3', 0x0123456789AB, 0x42, kLong);
  BeastParser p;
  auto frames = parse_all(p, bytes);
  ASSERT_EQ(frames.size(), 1u);
  const auto& f = frames[0];
  EXPECT_EQ(to_hex(f), "8D4840D6202CC371C32CE0576098");
  EXPECT_EQ(f.kind, modes::FrameKind::Long);
  EXPECT_EQ(f.length, 14);
  EXPECT_TRUE(f.has_counter);
  EXPECT_EQ(f.counter, 0x0123456789ABu);
  EXPECT_TRUE(f.has_signal);
  EXPECT_EQ(f.signal, 0x42);
  EXPECT_EQ(f.position, 0u);
  EXPECT_TRUE(std::isnan(f.time_s));
  EXPECT_EQ(p.stats().frames_long, 1u);
  EXPECT_EQ(p.stats().bytes, bytes.size());
}

TEST(Beast, ModeACAndShortFramesHaveTheirLengths) {
  std::vector<std::uint8_t> bytes;
  append(bytes, beast_frame('1', 1, 2, {0x12, 0x34}));
  append(bytes, beast_frame('2', 2, 3, kShort));
  BeastParser p;
  auto frames = parse_all(p, bytes);
  ASSERT_EQ(frames.size(), 2u);
  EXPECT_EQ(frames[0].kind, modes::FrameKind::ModeAC);
  EXPECT_EQ(frames[0].length, 2);
  EXPECT_EQ(to_hex(frames[0]), "1234");
  EXPECT_EQ(frames[1].kind, modes::FrameKind::Short);
  EXPECT_EQ(to_hex(frames[1]), "20000CA8F70AA7");
  EXPECT_EQ(frames[1].position, 11u);
  EXPECT_EQ(p.stats().frames_mode_ac, 1u);
  EXPECT_EQ(p.stats().frames_short, 1u);
}

TEST(Beast, DoubledEscapeIsOneDataByte) {
  std::vector<std::uint8_t> data = kShort;
  data[2] = 0x1a;
  data[6] = 0x1a;  // last byte escaped too
  auto bytes = beast_frame('2', 0x1a1a001a1a1a, 0x1a, data);
  ASSERT_EQ(bytes.size(), 2u + 14u + 8u);  // 5 in the counter, the signal, 2 in the data
  auto frames = parse_all(bytes);
  ASSERT_EQ(frames.size(), 1u);
  EXPECT_EQ(frames[0].counter, 0x1a1a001a1a1au);
  EXPECT_EQ(frames[0].signal, 0x1a);
  EXPECT_EQ(std::vector<std::uint8_t>(frames[0].bytes.begin(), frames[0].bytes.begin() + 7), data);
}

// The real sample starts with an escaped counter byte in its second frame (00 00 15 be 1a1a 0c).
// A doubled 0x1a at any payload position of a short or long frame, between clean frames: every byte the
// clean-frame loop's escape test covers (counter, signal, data, up to the last byte).
TEST(Beast, EscapeAtEveryPayloadPositionIsOneDataByte) {
  // With frames after it, an escaped frame is unescaped by masks (80 bytes readable); near the end of a chunk,
  // byte by byte: both ways.
  for (const std::size_t trailing : {0, 6})
  for (const auto& data : {kShort, kLong}) {
    const char type = data.size() == 7 ? '2' : '3';
    const std::size_t payload_bytes = 7 + data.size();
    for (std::size_t at = 0; at < payload_bytes; ++at) {
      std::uint64_t counter = 0x0102030405FF;
      std::uint8_t signal = 0x40;
      auto frame_data = data;
      if (at < 6) counter = (counter & ~(0xFFull << (8 * (5 - at)))) | (0x1aull << (8 * (5 - at)));
      else if (at == 6) signal = 0x1a;
      else frame_data[at - 7] = 0x1a;
      std::vector<std::uint8_t> bytes = beast_frame('3', 7, 1, kLong);
      append(bytes, beast_frame(type, counter, signal, frame_data));
      append(bytes, beast_frame('2', 9, 2, kShort2));
      for (std::size_t i = 0; i < trailing; ++i) append(bytes, beast_frame('3', 0x1a, 3, kLong));
      const auto frames = parse_all(bytes);
      ASSERT_EQ(frames.size(), 3u + trailing) << "escape at payload byte " << at;
      EXPECT_EQ(frames[1].counter, counter) << at;
      EXPECT_EQ(frames[1].signal, signal) << at;
      EXPECT_TRUE(std::equal(frame_data.begin(), frame_data.end(), frames[1].bytes.begin())) << at;
      EXPECT_EQ(frames[2].counter, 9u) << at;
      EXPECT_EQ(frames[2].position, bytes.size() - 16 - 24 * trailing) << at;
    }
  }
}

// --start-time: every path (clean run, a frame with an escape, a frame split across feeds) gives
// time_s = anchor + counter / 12 MHz; without an anchor time_s stays NaN.
TEST(Beast, TimeAnchorGivesEveryFrameItsTime) {
  std::vector<std::uint8_t> bytes = beast_frame('3', 12'000'000, 1, kLong);
  append(bytes, beast_frame('2', 0x1a1a1a, 2, kShort));
  append(bytes, beast_frame('2', 36'000'006, 3, kShort2));
  for (const std::size_t chunk : {std::size_t{0}, std::size_t{5}}) {
    BeastParser anchored;
    anchored.set_time_anchor(1767736616.25);
    const auto frames = parse_all(anchored, bytes, chunk);
    ASSERT_EQ(frames.size(), 3u);
    EXPECT_DOUBLE_EQ(frames[0].time_s, 1767736617.25);
    EXPECT_DOUBLE_EQ(frames[1].time_s, 1767736616.25 + 0x1a1a1a / 12e6);
    EXPECT_DOUBLE_EQ(frames[2].time_s, 1767736619.25 + 0.5e-6);
    for (const auto& f : parse_all(bytes, chunk)) EXPECT_TRUE(std::isnan(f.time_s));
  }
}

TEST(Beast, RealEscapedCounterFromDump1090Sample) {
  auto bytes = from_hex("1a32000015a8877e0d20000ca8f70aa71a32000015be1a1a0c0f02e18ca8f1d2ed");
  auto frames = parse_all(bytes);
  ASSERT_EQ(frames.size(), 2u);
  EXPECT_EQ(frames[1].counter, 0x000015be1a0cu);
  EXPECT_EQ(to_hex(frames[1]), "02E18CA8F1D2ED");
  EXPECT_EQ(frames[1].position, 16u);
}

std::vector<std::uint8_t> mixed_stream() {
  std::vector<std::uint8_t> bytes;
  std::mt19937 rng(7);
  for (int i = 0; i < 200; ++i) {
    auto data = (i % 3 == 0) ? kShort : kLong;
    if (i % 5 == 0) data[3] = 0x1a;
    const std::uint64_t counter = (static_cast<std::uint64_t>(rng()) << 16) ^ rng();
    append(bytes, beast_frame(i % 3 == 0 ? '2' : '3', counter & 0xFFFFFFFFFFFF, static_cast<std::uint8_t>(i), data));
    if (i % 17 == 0) append(bytes, beast_frame('4', 0, 0, std::vector<std::uint8_t>(14, 0x1a)));
    if (i % 29 == 0) append(bytes, beast_frame('1', 5, 6, {0x1a, 0x00}));
  }
  return bytes;
}

TEST(Beast, ByteByByteFeedingGivesTheSameFrames) {
  const auto bytes = mixed_stream();
  const auto whole = parse_all(bytes);
  const auto single = parse_all(bytes, 1);
  ASSERT_EQ(whole.size(), single.size());
  for (std::size_t i = 0; i < whole.size(); ++i) EXPECT_TRUE(same(whole[i], single[i])) << i;
}

TEST(Beast, RandomChunkSizesAndTinyOutputGiveTheSameFrames) {
  const auto bytes = mixed_stream();
  const auto whole = parse_all(bytes);
  std::mt19937 rng(42);
  for (int trial = 0; trial < 20; ++trial) {
    BeastParser p;
    std::vector<modes::RawFrame> got;
    std::vector<modes::RawFrame> out(1 + rng() % 5);
    std::span<const std::uint8_t> rest(bytes);
    while (!rest.empty()) {
      auto piece = rest.subspan(0, std::min<std::size_t>(1 + rng() % 40, rest.size()));
      rest = rest.subspan(piece.size());
      while (!piece.empty()) {
        auto r = p.feed(piece, out);
        got.insert(got.end(), out.begin(), out.begin() + static_cast<std::ptrdiff_t>(r.frames));
        piece = piece.subspan(r.consumed);
      }
    }
    p.finish();
    ASSERT_EQ(got.size(), whole.size());
    for (std::size_t i = 0; i < whole.size(); ++i) EXPECT_TRUE(same(whole[i], got[i])) << trial << " " << i;
    EXPECT_EQ(p.stats().truncated_frames, 0u);
    EXPECT_EQ(p.stats().garbage_bytes, 0u);
  }
}

// The clean-frame loop reads ahead without length tests except in a chunk's last bytes; a read that ends
// anywhere (inside a doubled 0x1a, between its two bytes, inside the counter or the data) must give the frames,
// positions and counters of one whole read. Every split point of a stream whose frames hold doubled 0x1a in the
// counter, the signal and the data, as two chunks.
TEST(Beast, EveryChunkBoundaryGivesTheFramesOfOneRead) {
  std::vector<std::uint8_t> bytes;
  std::mt19937 rng(11);
  for (int i = 0; i < 40; ++i) {
    auto data = (i % 3 == 0) ? kShort : kLong;
    if (i % 2 == 0) data[rng() % data.size()] = 0x1a;
    const std::uint64_t counter = i % 4 == 1 ? 0x1a00001a1a00 + static_cast<std::uint64_t>(i) : rng();
    append(bytes, beast_frame(i % 3 == 0 ? '2' : '3', counter, i % 5 == 0 ? 0x1a : static_cast<std::uint8_t>(i), data));
  }
  BeastParser whole_parser;
  const auto whole = parse_all(whole_parser, bytes);
  ASSERT_EQ(whole.size(), 40u);
  for (std::size_t split = 0; split <= bytes.size(); ++split) {
    BeastParser p;
    std::vector<modes::RawFrame> got;
    std::vector<modes::RawFrame> out(64);
    const std::span<const std::uint8_t> all(bytes);
    for (auto piece : {all.first(split), all.subspan(split)}) {
      while (!piece.empty()) {
        const auto r = p.feed(piece, out);
        got.insert(got.end(), out.begin(), out.begin() + static_cast<std::ptrdiff_t>(r.frames));
        piece = piece.subspan(r.consumed);
      }
    }
    p.finish();
    ASSERT_EQ(got.size(), whole.size()) << "split at " << split;
    for (std::size_t i = 0; i < whole.size(); ++i) EXPECT_TRUE(same(whole[i], got[i])) << split << " " << i;
    EXPECT_EQ(p.stats().frames_long, whole_parser.stats().frames_long) << split;
    EXPECT_EQ(p.stats().frames_short, whole_parser.stats().frames_short) << split;
    EXPECT_EQ(p.stats().bytes, bytes.size()) << split;
    EXPECT_EQ(p.stats().truncated_frames + p.stats().garbage_bytes + p.stats().unknown_type, 0u) << split;
  }
}

// A frame wholly inside the chunk takes the parser's fast path; fed one byte at a time, every frame goes through
// the byte-at-a-time state machine. On a damaged stream (garbage, lone 0x1a, unknown types, cut frames, escapes)
// both must give the same frames, counters and skip reports.
TEST(Beast, FastPathAndByteAtATimeAgreeOnDamagedStreams) {
  std::mt19937 rng(3);
  for (int trial = 0; trial < 20; ++trial) {
    std::vector<std::uint8_t> bytes;
    for (int i = 0; i < 300; ++i) {
      auto data = (rng() % 2 == 0) ? kShort : kLong;
      if (rng() % 4 == 0) data[rng() % data.size()] = 0x1a;
      auto frame = beast_frame("1234"[rng() % 4], rng() % 4 == 0 ? 0x1a1a1a1a1a1aULL : rng(), static_cast<std::uint8_t>(rng()),
                               data);
      if (rng() % 8 == 0) frame.resize(rng() % frame.size());  // cut short
      append(bytes, frame);
      switch (rng() % 10) {
        case 0: bytes.push_back(static_cast<std::uint8_t>(rng())); break;  // garbage byte
        case 1: bytes.push_back(0x1a); bytes.push_back(0x1a); break;      // escaped 0x1a out of sync
        case 2: bytes.push_back(0x1a); bytes.push_back('9'); break;       // unknown type
        default: break;
      }
    }
    auto run = [&](std::size_t chunk, BeastStats& stats, std::vector<BeastSkip>& skips) {
      BeastParser p;
      p.set_skip_callback([&](const BeastSkip& s) { skips.push_back(s); });
      auto frames = parse_all(p, bytes, chunk, 7);
      stats = p.stats();
      return frames;
    };
    BeastStats fast_stats, slow_stats;
    std::vector<BeastSkip> fast_skips, slow_skips;
    const auto fast = run(0, fast_stats, fast_skips);
    const auto slow = run(1, slow_stats, slow_skips);
    ASSERT_EQ(fast.size(), slow.size()) << trial;
    for (std::size_t i = 0; i < fast.size(); ++i) EXPECT_TRUE(same(fast[i], slow[i])) << trial << " " << i;
    EXPECT_EQ(fast_stats.bytes, slow_stats.bytes);
    EXPECT_EQ(fast_stats.frames_mode_ac, slow_stats.frames_mode_ac);
    EXPECT_EQ(fast_stats.frames_short, slow_stats.frames_short);
    EXPECT_EQ(fast_stats.frames_long, slow_stats.frames_long);
    EXPECT_EQ(fast_stats.frames_status, slow_stats.frames_status);
    EXPECT_EQ(fast_stats.garbage_bytes, slow_stats.garbage_bytes);
    EXPECT_EQ(fast_stats.resyncs, slow_stats.resyncs);
    EXPECT_EQ(fast_stats.truncated_frames, slow_stats.truncated_frames);
    EXPECT_EQ(fast_stats.unknown_type, slow_stats.unknown_type);
    ASSERT_EQ(fast_skips.size(), slow_skips.size()) << trial;
    for (std::size_t i = 0; i < fast_skips.size(); ++i) {
      EXPECT_EQ(fast_skips[i].kind, slow_skips[i].kind) << trial << " " << i;
      EXPECT_EQ(fast_skips[i].position, slow_skips[i].position) << trial << " " << i;
      EXPECT_EQ(fast_skips[i].length, slow_skips[i].length) << trial << " " << i;
      EXPECT_EQ(fast_skips[i].type, slow_skips[i].type) << trial << " " << i;
    }
    EXPECT_GT(fast_stats.truncated_frames + fast_stats.garbage_bytes + fast_stats.unknown_type, 0u);
  }
}

TEST(Beast, StatusFramesAreCountedNotEmitted) {
  std::vector<std::uint8_t> bytes;
  append(bytes, beast_frame('4', 9, 0, std::vector<std::uint8_t>(14, 0x33)));
  append(bytes, beast_frame('3', 1, 1, kLong));
  BeastParser p;
  auto frames = parse_all(p, bytes);
  ASSERT_EQ(frames.size(), 1u);
  EXPECT_EQ(to_hex(frames[0]), "8D4840D6202CC371C32CE0576098");
  EXPECT_EQ(p.stats().frames_status, 1u);
  EXPECT_EQ(p.stats().frames(), 1u);
}

TEST(Beast, FrameCutByNewFrameStartIsTruncatedAndNextFrameKept) {
  auto first = beast_frame('3', 1, 1, kLong);
  first.resize(10);  // cut inside the data
  std::vector<std::uint8_t> bytes = first;
  append(bytes, beast_frame('2', 2, 2, kShort));
  BeastParser p;
  std::vector<BeastSkip> skips;
  p.set_skip_callback([&](const BeastSkip& s) { skips.push_back(s); });
  auto frames = parse_all(p, bytes);
  ASSERT_EQ(frames.size(), 1u);
  EXPECT_EQ(to_hex(frames[0]), "20000CA8F70AA7");
  EXPECT_EQ(frames[0].position, 10u);
  EXPECT_EQ(p.stats().truncated_frames, 1u);
  EXPECT_EQ(p.stats().garbage_bytes, 0u);
  ASSERT_EQ(skips.size(), 1u);
  EXPECT_EQ(skips[0].kind, BeastSkip::Kind::TruncatedFrame);
  EXPECT_EQ(skips[0].position, 0u);
}

TEST(Beast, EndOfInputInsideAFrameIsTruncated) {
  auto bytes = beast_frame('3', 1, 1, kLong);
  bytes.pop_back();
  BeastParser p;
  EXPECT_TRUE(parse_all(p, bytes).empty());
  EXPECT_EQ(p.stats().truncated_frames, 1u);
}

TEST(Beast, GarbageIsSkippedUntilTheNextFrameStart) {
  std::vector<std::uint8_t> bytes = {0x00, 0x31, 0x1a, 0x1a, 0x32, 0xff};  // includes an escaped pair: not a start
  append(bytes, beast_frame('3', 1, 1, kLong));
  append(bytes, {0x55, 0x66});
  append(bytes, beast_frame('2', 2, 2, kShort2));
  append(bytes, {0x77});
  BeastParser p;
  std::vector<BeastSkip> skips;
  p.set_skip_callback([&](const BeastSkip& s) { skips.push_back(s); });
  auto frames = parse_all(p, bytes);
  ASSERT_EQ(frames.size(), 2u);
  EXPECT_EQ(frames[0].position, 6u);
  EXPECT_EQ(to_hex(frames[1]), "02E18CA8F1D2ED");
  EXPECT_EQ(p.stats().garbage_bytes, 6u + 2u + 1u);
  EXPECT_EQ(p.stats().resyncs, 2u);
  ASSERT_EQ(skips.size(), 3u);
  EXPECT_EQ(skips[0].position, 0u);
  EXPECT_EQ(skips[0].length, 6u);
  EXPECT_EQ(skips[2].length, 1u);
}

TEST(Beast, UnknownTypeIsCountedAndSkipped) {
  std::vector<std::uint8_t> bytes = {0x1a, 0x39, 0x01};
  append(bytes, beast_frame('3', 1, 1, kLong));
  BeastParser p;
  auto frames = parse_all(p, bytes);
  ASSERT_EQ(frames.size(), 1u);
  EXPECT_EQ(p.stats().unknown_type, 1u);
  EXPECT_EQ(p.stats().garbage_bytes, 3u);
}

TEST(Beast, RandomBytesNeverCrashAndAccountForEveryByte) {
  std::mt19937 rng(1);
  std::vector<std::uint8_t> bytes(100000);
  for (auto& b : bytes) b = static_cast<std::uint8_t>(rng() % 8 == 0 ? 0x1a : rng() % 8 == 1 ? 0x33 : rng());
  BeastParser p;
  auto frames = parse_all(p, bytes, 777);
  EXPECT_EQ(p.stats().bytes, bytes.size());
  EXPECT_EQ(frames.size(), p.stats().frames());
  for (const auto& f : frames) EXPECT_LT(f.position, bytes.size());
}

// --- real recordings ------------------------------------------------------------------------------------------

struct RealCounts {
  BeastStats stats;
  std::uint64_t df[32]{};
  std::uint64_t df1718_crc_ok = 0;
};

void count_file(const std::string& path, BeastParser& p, RealCounts& c) {
  ByteSource src(path);
  std::vector<std::uint8_t> buf(64 * 1024);
  std::vector<modes::RawFrame> out(4096);
  for (std::size_t n; (n = src.read(buf.data(), buf.size())) > 0;) {
    std::span<const std::uint8_t> rest(buf.data(), n);
    while (!rest.empty()) {
      auto r = p.feed(rest, out);
      rest = rest.subspan(r.consumed);
      for (std::size_t i = 0; i < r.frames; ++i) {
        const auto& f = out[i];
        if (f.kind == modes::FrameKind::ModeAC) continue;
        const unsigned df = f.bytes[0] >> 3;
        ++c.df[df];
        if ((df == 17 || df == 18) && modes::crc_syndrome(f.bytes.data(), f.length) == 0) ++c.df1718_crc_ok;
      }
    }
  }
  p.finish();
}

TEST(BeastReal, Dump1090SampleHas239Frames) {
  const auto path = test::shared_data("adsb/dump1090/sample_dump1090.bin");
  if (!std::filesystem::exists(path)) GTEST_SKIP() << "missing " << path;
  BeastParser p;
  RealCounts c;
  count_file(path, p, c);
  EXPECT_EQ(p.stats().frames(), 239u);
  EXPECT_EQ(p.stats().truncated_frames, 0u);
  EXPECT_EQ(p.stats().garbage_bytes, 0u);
}

// Counts listed in the shared data README (made there with an independent reader).
TEST(BeastReal, HelsinkiNightHasTheDocumentedCounts) {
  const auto dir = test::shared_data("adsb/helsinki-2026-01/");
  if (!std::filesystem::is_directory(dir)) GTEST_SKIP() << "missing " << dir;
  std::vector<std::string> files;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    if (e.is_regular_file() && e.path().extension() == ".bin") files.push_back(e.path().string());
  }
  std::sort(files.begin(), files.end());
  ASSERT_EQ(files.size(), 30u);
  RealCounts c;
  for (const auto& f : files) {
    BeastParser p;  // one parser per file, as read_input does
    count_file(f, p, c);
    c.stats += p.stats();
  }
  EXPECT_EQ(c.stats.frames(), 1905684u);
  EXPECT_EQ(c.stats.frames_mode_ac, 150u);
  EXPECT_EQ(c.stats.frames_short, 311382u);
  EXPECT_EQ(c.stats.frames_long, 1594152u);
  EXPECT_EQ(c.df1718_crc_ok, 1362467u);
  EXPECT_EQ(c.df[0], 33906u);
  EXPECT_EQ(c.df[4], 101894u);
  EXPECT_EQ(c.df[5], 25324u);
  EXPECT_EQ(c.df[11], 150258u);
  EXPECT_EQ(c.df[16], 2326u);
  EXPECT_EQ(c.df[17], 309182u);
  EXPECT_EQ(c.df[18], 1053285u);
  EXPECT_EQ(c.df[20], 127025u);
  EXPECT_EQ(c.df[21], 102334u);
}

}  // namespace
}  // namespace gw::io
