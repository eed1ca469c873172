// Reading a Beast or AVR file from a byte offset (ReadOptions::start_offset) and finding the last stretch of time
// of a file by seeking (seek_tail), as `gnsswatch map --threads N` warms a part up on the previous part's end.
#include "io/seek_tail.hpp"

#include <gtest/gtest.h>
#include <zlib.h>
#include <fmt/format.h>

#include <cmath>
#include <cstdint>
#include <vector>

#include "io/beast.hpp"
#include "io/byte_source.hpp"
#include "io/input.hpp"
#include "io/input_error.hpp"
#include "io_test_util.hpp"

namespace gw::io {
namespace {

using test::TempFile;
using test::gzip;

// A recording of `n` frames of all kinds, counters from `first_counter` on in steps of `step` (counter 0 for the
// first two, as the Helsinki files start), with 0x1a bytes inside frames (escaped) and a status frame now and then.
std::vector<std::uint8_t> recording(int n, std::uint64_t first_counter, std::uint64_t step) {
  std::vector<std::uint8_t> bytes;
  for (int i = 0; i < n; ++i) {
    const std::uint64_t counter = i < 2 ? 0 : first_counter + step * static_cast<std::uint64_t>(i);
    const auto x = static_cast<std::uint8_t>(i * 37);
    switch (i % 7) {
      case 0:
        test::append(bytes, test::beast_frame('2', counter, 0x1a, {0x5d, 0x48, 0x40, x, 0x1a, 0x2c, 0xc3}));
        break;
      case 3: test::append(bytes, test::beast_frame('1', counter, 0x33, {0x1a, x})); break;
      case 5:
        if (i % 5 == 0) {
          test::append(bytes, test::beast_frame('4', counter, 0, std::vector<std::uint8_t>(14, 0x1a)));
          break;
        }
        [[fallthrough]];
      default:
        test::append(bytes, test::beast_frame('3', counter, x,
                                              {0x8d, 0x48, 0x40, 0xd6, 0x20, 0x2c, 0xc3, x, 0xc3, 0x2c, 0xe0, 0x57,
                                               0x60, static_cast<std::uint8_t>(i & 0xff)}));
    }
  }
  return bytes;
}

void expect_same(const modes::RawFrame& a, const modes::RawFrame& b) {
  EXPECT_EQ(a.position, b.position);
  EXPECT_EQ(a.counter, b.counter);
  EXPECT_EQ(a.length, b.length);
  EXPECT_EQ(a.bytes, b.bytes);
  EXPECT_EQ(a.signal, b.signal);
}

TEST(BeastSync, FindsTheFirstFrameStartAfterAnyOffset) {
  const auto bytes = recording(400, 1000, 12'000);
  TempFile file("sync.bin", bytes);
  const auto all = read_all_frames(file.path());
  ASSERT_EQ(all.size(), 400u - 12u);  // the 12 status frames (i = 5 mod 35) are not emitted
  for (std::uint64_t offset = 1; offset < bytes.size() - 600; offset += (offset < 300 ? 1 : 97)) {
    ReadOptions o;
    o.start_offset = offset;
    const auto got = read_all_frames(file.path(), Format::Auto, o);
    std::size_t first = 0;
    while (first < all.size() && all[first].position < offset) ++first;
    ASSERT_EQ(got.size(), all.size() - first) << "from byte " << offset;
    for (std::size_t i = 0; i < got.size(); ++i) expect_same(got[i], all[first + i]);
  }
}

TEST(BeastSync, NeedsFramesInARow) {
  const auto frame = test::beast_frame('3', 5, 1, std::vector<std::uint8_t>(14, 0x11));
  std::vector<std::uint8_t> bytes{0x00, 0x1a, 0x33, 0x1a, 0x1a};  // a frame start cut by the next one
  for (int i = 0; i < 3; ++i) test::append(bytes, frame);
  EXPECT_EQ(find_beast_sync(bytes, 3), std::optional<std::size_t>(5));
  EXPECT_EQ(find_beast_sync(bytes, 4), std::nullopt);
  EXPECT_EQ(find_beast_sync(std::span<const std::uint8_t>(bytes).first(bytes.size() - 1), 3), std::nullopt);
}

TEST(InputOffset, MaxBytesStopsTheRead) {
  const auto bytes = recording(400, 1000, 12'000);
  TempFile file("max.bin", bytes);
  const auto all = read_all_frames(file.path());
  ReadOptions o;
  o.max_bytes = 1000;
  const auto got = read_all_frames(file.path(), Format::Auto, o);
  std::size_t whole = 0;  // frames that end within the first 1000 bytes
  while (whole + 1 < all.size() && all[whole + 1].position <= 1000) ++whole;
  ASSERT_EQ(got.size(), whole);
  for (std::size_t i = 0; i < got.size(); ++i) expect_same(got[i], all[i]);
}

TEST(InputOffset, OnlyUncompressedBeastAndAvrFiles) {
  const auto bytes = recording(50, 1000, 12'000);
  TempFile plain("plain.bin", bytes);
  TempFile gz("plain.bin.gz", gzip(bytes));
  const std::string avr_text = "*8D4840D6202CC371C32CE0576098;\n";
  TempFile avr("a.avr", avr_text);
  TempFile avr_gz("a.avr.gz", gzip(std::vector<std::uint8_t>(avr_text.begin(), avr_text.end())));
  TempFile csv("a.csv", std::string_view("1767736616.3,8D4840D6202CC371C32CE0576098\n"));
  EXPECT_TRUE(can_start_at_offset(plain.path(), Format::Auto));
  EXPECT_FALSE(can_start_at_offset(gz.path(), Format::Auto));
  EXPECT_TRUE(can_start_at_offset(avr.path(), Format::Auto));
  EXPECT_FALSE(can_start_at_offset(avr_gz.path(), Format::Auto));
  EXPECT_FALSE(can_start_at_offset(csv.path(), Format::CsvHex));
  EXPECT_FALSE(can_start_at_offset("-", Format::Beast));
  EXPECT_FALSE(can_start_at_offset(plain.path() + ".missing", Format::Auto));
  ReadOptions o;
  o.start_offset = 100;
  EXPECT_THROW(read_all_frames(gz.path(), Format::Auto, o), InputError);
  EXPECT_THROW(read_all_frames(avr_gz.path(), Format::Auto, o), InputError);
  EXPECT_EQ(read_all_frames(gz.path()).size(), read_all_frames(plain.path()).size());
}

// An AVR recording with the 12 MHz counter ('@' lines), one long frame per `step` of the counter, and now and then
// a blank line and a line of garbage (skipped either way).
std::string avr_recording(int n, std::uint64_t first_counter, std::uint64_t step) {
  std::string text;
  for (int i = 0; i < n; ++i) {
    const std::uint64_t counter = first_counter + step * static_cast<std::uint64_t>(i);
    text += fmt::format("@{:012X}8D4840D6202CC3{:06X}2CE05760;\n", counter, i & 0xffffff);
    if (i % 97 == 50) text += "\n";
    if (i % 389 == 200) text += "not a frame\r\n";
  }
  return text;
}

TEST(InputOffset, AvrStartsAtTheNextLineAsAWholeReadHasIt) {
  const std::string text = avr_recording(400, 1000, 12'000);
  TempFile file("off.avr", text);
  const auto all = read_all_frames(file.path());
  ASSERT_EQ(all.size(), 400u);
  for (std::uint64_t offset = 1; offset < text.size(); offset += (offset < 200 ? 1 : 61)) {
    ReadOptions o;
    o.start_offset = offset;
    const auto got = read_all_frames(file.path(), Format::Auto, o);
    // The frames of the lines that start at or after the offset.
    std::size_t line_start = text.rfind('\n', offset - 1) + 1;
    if (line_start < offset) line_start = text.find('\n', offset) + 1;
    ASSERT_EQ(avr_line_start(file.path(), offset), line_start) << "from byte " << offset;
    const std::size_t before = read_all_frames(file.path(), Format::Auto, [&] {
                                 ReadOptions head;
                                 head.max_bytes = line_start;
                                 return head;
                               }()).size();
    ASSERT_EQ(got.size(), all.size() - before) << "from byte " << offset;
    for (std::size_t i = 0; i < got.size(); ++i) {
      EXPECT_EQ(got[i].counter, all[before + i].counter);
      EXPECT_EQ(got[i].bytes, all[before + i].bytes);
    }
  }
}

TEST(ByteSourceSeek, ReadsFromTheOffsetOfPlainFiles) {
  std::vector<std::uint8_t> bytes(300'000);
  for (std::size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<std::uint8_t>(i * 7 + i / 256);
  TempFile file("seek.bin", bytes);
  ByteSource src(file.path());
  src.peek(16);
  for (const std::uint64_t at : {299'990ull, 5ull, 262'145ull}) {
    ASSERT_TRUE(src.seek(at));
    EXPECT_EQ(src.offset(), at);
    std::uint8_t buf[8] = {};
    const std::size_t got = src.read(buf, sizeof buf);
    ASSERT_EQ(got, std::min<std::size_t>(8, bytes.size() - at));
    for (std::size_t i = 0; i < got; ++i) EXPECT_EQ(buf[i], bytes[at + i]);
  }
  EXPECT_FALSE(src.seek(bytes.size() + 1));
}

// One frame per second of the counter for ~6 hours: about 500 KB.
constexpr int kFrames = 21'000;
constexpr std::uint64_t kSecond = 12'000'000;

TEST(SeekTail, FindsTheLastHourAsAWholeReadDoes) {
  const auto bytes = recording(kFrames, 500 * kSecond, kSecond);
  TempFile file("tail.bin", bytes);
  for (const bool anchored : {false, true}) {
    ReadOptions o;
    if (anchored) o.start_time_s = 1'767'736'616.3;
    const auto all = read_all_frames(file.path(), Format::Auto, o);
    TimeSpanSink whole;
    whole.on_frames(all);
    const auto tail = seek_tail(file.path(), Format::Auto, o, 3600.0);
    ASSERT_TRUE(tail.has_value());
    EXPECT_EQ(tail->end_s, whole.last_s);  // bit for bit: the warm-up filters on it
    const double from_s = whole.last_s - 3600.0;
    std::size_t first_in = 0;  // the first frame within the hour
    while (gw::modes::frame_time_s(all[first_in]) < from_s) ++first_in;
    EXPECT_LE(tail->offset, all[first_in].position);
    EXPECT_GT(tail->offset + 64 * 1024, all[first_in].position);  // a probe's length before it, at most
    for (const auto& f : all) {
      if (f.position < tail->offset) {
        EXPECT_LT(gw::modes::frame_time_s(f), from_s);
      }
    }
    ReadOptions from = o;
    from.start_offset = tail->offset;
    const auto rest = read_all_frames(file.path(), Format::Auto, from);
    ASSERT_FALSE(rest.empty());
    EXPECT_EQ(rest.front().position, tail->offset);
    std::size_t k = 0;
    while (all[k].position < tail->offset) ++k;
    ASSERT_EQ(rest.size(), all.size() - k);
    for (std::size_t i = 0; i < rest.size(); ++i) expect_same(rest[i], all[k + i]);
  }
}

// Counter 0 is Beast's "no time": with --start-time the reader anchors it at the start time, which must not make
// a file seem to reach back to the anchor (the warm-up would then stop one file short of the hour).
TEST(TimeSpanSink, CounterZeroFramesDoNotCountAnchoredOrNot) {
  modes::RawFrame no_time;
  no_time.has_counter = true;
  no_time.counter = 0;
  modes::RawFrame timed = no_time;
  timed.counter = 120'000'000;  // 10 s
  TimeSpanSink bare;
  const modes::RawFrame bare_frames[] = {no_time, timed};
  bare.on_frames(bare_frames);
  EXPECT_DOUBLE_EQ(bare.first_s, 10.0);
  EXPECT_DOUBLE_EQ(bare.last_s, 10.0);

  modes::RawFrame anchored_no_time = no_time, anchored = timed;
  anchored_no_time.time_s = 1767736616.3;  // start + 0 s
  anchored.time_s = 1767736626.3;          // start + 10 s
  TimeSpanSink with_start;
  const modes::RawFrame anchored_frames[] = {anchored_no_time, anchored};
  with_start.on_frames(anchored_frames);
  EXPECT_DOUBLE_EQ(with_start.first_s, 1767736626.3);
  EXPECT_DOUBLE_EQ(with_start.last_s, 1767736626.3);
}

TEST(SeekTail, ReadsWholeWhenTheFileIsShorterThanTheSpan) {
  const auto bytes = recording(kFrames, 500 * kSecond, kSecond / 10);  // ~35 minutes
  TempFile file("short.bin", bytes);
  EXPECT_FALSE(seek_tail(file.path(), Format::Auto, {}, 3600.0).has_value());
  const auto tail = seek_tail(file.path(), Format::Auto, {}, 600.0);
  ASSERT_TRUE(tail.has_value());
  EXPECT_GT(tail->offset, 0u);
}

TEST(SeekTail, FallsBackWhenTheCounterRestarts) {
  // A receiver restart in the middle: the second half's counter starts again near zero, so the whole file's
  // last time is in the first half and only a whole read finds it.
  auto bytes = recording(kFrames, 100 * kSecond, kSecond);
  test::append(bytes, recording(kFrames, 10 * kSecond, kSecond));
  TempFile file("restart.bin", bytes);
  EXPECT_FALSE(seek_tail(file.path(), Format::Auto, {}, 3600.0).has_value());
}

TEST(SeekTail, FindsTheLastHourOfAnAvrFileAsAWholeReadDoes) {
  const std::string text = avr_recording(kFrames, 500 * kSecond, kSecond);  // ~6 hours, ~1 MB
  TempFile file("tail.avr", text);
  ReadOptions o;
  o.start_time_s = 1'767'736'616.3;
  const auto all = read_all_frames(file.path(), Format::Auto, o);
  TimeSpanSink whole;
  whole.on_frames(all);
  const auto tail = seek_tail(file.path(), Format::Auto, o, 3600.0);
  ASSERT_TRUE(tail.has_value());
  EXPECT_EQ(tail->end_s, whole.last_s);
  ASSERT_GT(tail->offset, 0u);
  EXPECT_EQ(text[tail->offset - 1], '\n');  // a line start
  const double from_s = whole.last_s - 3600.0;
  ReadOptions head = o;
  head.max_bytes = tail->offset;
  const auto before = read_all_frames(file.path(), Format::Auto, head);  // every frame before the offset ...
  ASSERT_FALSE(before.empty());
  EXPECT_LT(gw::modes::frame_time_s(before.back()), from_s);  // ... is earlier than the hour
  ReadOptions from = o;
  from.start_offset = tail->offset;
  const auto rest = read_all_frames(file.path(), Format::Auto, from);
  ASSERT_EQ(before.size() + rest.size(), all.size());
  EXPECT_LT(all.size() - before.size(), 3600u + 64 * 1024 / 40);  // the hour, plus at most a probe's worth
  for (std::size_t i = 0; i < rest.size(); ++i) EXPECT_EQ(rest[i].counter, all[before.size() + i].counter);
  // Without timestamps ('*' lines) there is nothing to bisect on: read it whole.
  std::string untimed;
  for (int i = 0; i < kFrames; ++i) untimed += "*8D4840D6202CC371C32CE0576098;\n";
  TempFile bare("bare.avr", untimed);
  EXPECT_FALSE(seek_tail(bare.path(), Format::Auto, o, 3600.0).has_value());
}

TEST(SeekTail, FallsBackForCompressedFiles) {
  const auto bytes = recording(kFrames, 500 * kSecond, kSecond);
  TempFile plain("c.bin", bytes);
  ASSERT_TRUE(seek_tail(plain.path(), Format::Auto, {}, 3600.0).has_value());
  TempFile z("c.bin.gz", gzip(bytes));
  EXPECT_FALSE(seek_tail(z.path(), Format::Auto, {}, 3600.0).has_value());
  EXPECT_FALSE(seek_tail(z.path(), Format::Beast, {}, 3600.0).has_value());
}

}  // namespace
}  // namespace gw::io
