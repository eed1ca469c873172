#include "io/input.hpp"

#include <gtest/gtest.h>
#include <zlib.h>
#include <zstd.h>

#include <cmath>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "io/input_error.hpp"
#include "io_test_util.hpp"

namespace gw::io {
namespace {

using test::TempFile;
using test::gzip;
using test::zstd;

struct CollectingSink : FrameBatchSink {
  std::vector<modes::RawFrame> frames;
  std::vector<std::size_t> batch_sizes;
  std::uint64_t records = 0;
  std::vector<std::string> begun;
  std::vector<Format> formats;
  int ended = 0;
  void on_frames(std::span<const modes::RawFrame> f) override {
    frames.insert(frames.end(), f.begin(), f.end());
    batch_sizes.push_back(f.size());
  }
  void on_records(std::span<const modes::ModeSMessage> r) override { records += r.size(); }
  void on_input_begin(const std::string& name, Format format) override {
    begun.push_back(name);
    formats.push_back(format);
  }
  void on_input_end(const std::string&) override { ++ended; }
};

std::vector<std::uint8_t> small_beast() {
  std::vector<std::uint8_t> bytes;
  for (int i = 0; i < 25; ++i) {
    test::append(bytes, test::beast_frame('3', 12'000'000ull * i, 0x20,
                                          test::from_hex("8D4840D6202CC371C32CE0576098")));
  }
  return bytes;
}

TEST(Input, BeastFileInBatchesOfTheRequestedSize) {
  TempFile f("in.bin", small_beast());
  CollectingSink sink;
  InputStats stats;
  ReadOptions opts;
  opts.batch_frames = 10;
  read_input(f.path(), Format::Auto, sink, stats, opts);
  ASSERT_EQ(sink.frames.size(), 25u);
  EXPECT_EQ(sink.batch_sizes, (std::vector<std::size_t>{10, 10, 5}));
  EXPECT_EQ(sink.formats, (std::vector<Format>{Format::Beast}));
  EXPECT_EQ(sink.ended, 1);
  EXPECT_EQ(stats.frames, 25u);
  EXPECT_EQ(stats.beast.frames_long, 25u);
  EXPECT_EQ(stats.inputs, 1u);
  EXPECT_EQ(stats.bytes, small_beast().size());
  EXPECT_TRUE(std::isnan(sink.frames[0].time_s));  // no anchor
}

TEST(Input, CounterAnchorGivesUnixTime) {
  TempFile f("anchor.bin", small_beast());
  CollectingSink sink;
  InputStats stats;
  ReadOptions opts;
  opts.start_time_s = 1767736616.3;
  read_input(f.path(), Format::Beast, sink, stats, opts);
  ASSERT_EQ(sink.frames.size(), 25u);
  EXPECT_DOUBLE_EQ(sink.frames[0].time_s, 1767736616.3);
  EXPECT_DOUBLE_EQ(sink.frames[24].time_s, 1767736616.3 + 24.0);
}

TEST(Input, GzipAndZstdBeastGiveTheSameFramesAsPlain) {
  const auto plain = small_beast();
  TempFile a("p.bin", plain);
  TempFile b("p.bin.gz", gzip(plain));
  TempFile c("p.bin.zst", zstd(plain));
  std::vector<std::vector<modes::RawFrame>> results;
  for (const auto* f : {&a, &b, &c}) {
    CollectingSink sink;
    InputStats stats;
    read_input(f->path(), Format::Auto, sink, stats);
    results.push_back(sink.frames);
  }
  for (const auto& r : results) {
    ASSERT_EQ(r.size(), 25u);
    for (std::size_t i = 0; i < r.size(); ++i) {
      EXPECT_EQ(r[i].bytes, results[0][i].bytes);
      EXPECT_EQ(r[i].counter, results[0][i].counter);
      EXPECT_EQ(r[i].position, results[0][i].position);
    }
  }
}

TEST(Input, StatsAreSummedOverInputs) {
  TempFile beast("sum.bin", small_beast());
  TempFile avr("sum.avr", std::string_view("*8D4840D6202CC371C32CE0576098;\nbad\n*20000CA8F70AA7;\n"));
  TempFile csv("sum.csv", std::string_view("ts,hex\n1700000000.25,8D4840D6202CC371C32CE0576098\n"));
  CollectingSink sink;
  InputStats stats;
  for (const auto* f : {&beast, &avr, &csv}) read_input(f->path(), Format::Auto, sink, stats);
  EXPECT_EQ(stats.inputs, 3u);
  EXPECT_EQ(stats.frames, 25u + 2u + 1u);
  EXPECT_EQ(stats.avr.frames(), 2u);
  EXPECT_EQ(stats.avr.bad_lines, 1u);
  EXPECT_EQ(stats.csv.frames(), 1u);
  EXPECT_EQ(stats.skips(), 1u);
  EXPECT_DOUBLE_EQ(sink.frames.back().time_s, 1700000000.25);
  EXPECT_EQ(sink.formats, (std::vector<Format>{Format::Beast, Format::Avr, Format::CsvHex}));
}

TEST(Input, VerboseLogNamesFileAndPlace) {
  auto bytes = small_beast();
  bytes.insert(bytes.begin() + 23, {0x00, 0x01, 0x02});  // garbage after the first frame (23 bytes)
  TempFile f("verbose.bin", bytes);
  CollectingSink sink;
  InputStats stats;
  std::ostringstream log;
  ReadOptions opts;
  opts.verbose = true;
  opts.log = &log;
  read_input(f.path(), Format::Beast, sink, stats, opts);
  EXPECT_EQ(sink.frames.size(), 25u);
  EXPECT_EQ(stats.beast.garbage_bytes, 3u);
  EXPECT_EQ(log.str(), f.path() + ": byte 23: skipped 3 bytes outside frames\n");
}

TEST(Input, VerboseLinesAreCapped) {
  std::string text;
  for (int i = 0; i < 10; ++i) text += "nonsense\n";
  TempFile f("capped.avr", "*8D4840D6202CC371C32CE0576098;\n" + text);
  CollectingSink sink;
  InputStats stats;
  std::ostringstream log;
  ReadOptions opts;
  opts.verbose = true;
  opts.log = &log;
  opts.max_verbose_lines = 3;
  read_input(f.path(), Format::Avr, sink, stats, opts);
  EXPECT_NE(log.str().find(f.path() + ": line 2: skipped:"), std::string::npos) << log.str();
  EXPECT_NE(log.str().find("7 more skips not shown"), std::string::npos) << log.str();
}

TEST(Input, ProgressEndsAtTheFileSize) {
  const auto packed = gzip(small_beast());
  TempFile f("progress.gz", packed);
  CollectingSink sink;
  InputStats stats;
  ReadOptions opts;
  std::vector<std::uint64_t> seen;
  opts.progress = [&](const ReadProgress& p) {
    seen.push_back(p.compressed_bytes);
    EXPECT_EQ(p.file_size, packed.size());
  };
  read_input(f.path(), Format::Auto, sink, stats, opts);
  ASSERT_FALSE(seen.empty());
  EXPECT_EQ(seen.back(), packed.size());
  EXPECT_EQ(stats.compressed_bytes, packed.size());
}

TEST(Input, StopFlagEndsReadingEarly) {
  TempFile f("stop.bin", small_beast());
  CollectingSink sink;
  InputStats stats;
  std::atomic<bool> stop{true};
  ReadOptions opts;
  opts.stop = &stop;
  read_input(f.path(), Format::Beast, sink, stats, opts);
  EXPECT_TRUE(sink.frames.empty());
}

TEST(InputError, UnknownFormatNamesTheFile) {
  TempFile f("unknown.txt", std::string_view("hello\nworld\n"));
  CollectingSink sink;
  InputStats stats;
  try {
    read_input(f.path(), Format::Auto, sink, stats);
    FAIL() << "no error";
  } catch (const gw::io::InputError& e) {
    EXPECT_EQ(e.path(), f.path());
    EXPECT_NE(std::string(e.what()).find("unknown input format"), std::string::npos);
  }
}

TEST(InputError, MissingFileThrows) {
  CollectingSink sink;
  InputStats stats;
  EXPECT_THROW(read_input("/nonexistent/x.bin", Format::Auto, sink, stats), gw::io::InputError);
}

TEST(InputError, CorruptGzipKeepsCountsOfWhatWasRead) {
  std::vector<std::uint8_t> big;
  for (int i = 0; i < 20000; ++i) {
    test::append(big, test::beast_frame('3', static_cast<std::uint64_t>(i) * 977, static_cast<std::uint8_t>(i),
                                        test::from_hex("8D4840D6202CC371C32CE0576098")));
  }
  auto packed = gzip(big);
  packed.resize(packed.size() * 3 / 4);
  TempFile f("cut.bin.gz", packed);
  CollectingSink sink;
  InputStats stats;
  EXPECT_THROW(read_input(f.path(), Format::Auto, sink, stats), gw::io::InputError);
  EXPECT_EQ(stats.frames, sink.frames.size());
  EXPECT_GT(stats.beast.frames_long, 0u);
}

// --- real recordings ------------------------------------------------------------------------------------------

TEST(InputReal, Dump1090SampleGives239Frames) {
  const auto path = test::shared_data("adsb/dump1090/sample_dump1090.bin");
  if (!std::filesystem::exists(path)) GTEST_SKIP() << "missing " << path;
  CollectingSink sink;
  InputStats stats;
  read_input(path, Format::Auto, sink, stats);
  EXPECT_EQ(sink.frames.size(), 239u);
  EXPECT_EQ(stats.skips(), 0u);
}

TEST(InputReal, PyModeSCsvGives2000TimedFrames) {
  const auto path = test::shared_data("adsb/pymodes/sample_data_adsb.csv");
  if (!std::filesystem::exists(path)) GTEST_SKIP() << "missing " << path;
  CollectingSink sink;
  InputStats stats;
  read_input(path, Format::Auto, sink, stats);
  ASSERT_EQ(sink.frames.size(), 2000u);
  EXPECT_DOUBLE_EQ(sink.frames.front().time_s, 1457996400.0);
  for (const auto& fr : sink.frames) EXPECT_FALSE(std::isnan(fr.time_s));
}

TEST(InputReal, ReadsbAircraftJsonIsDispatchedToTheRecordReader) {
  const auto path = test::shared_data("adsb/readsb-json/aircraft_1.json");
  if (!std::filesystem::exists(path)) GTEST_SKIP() << "missing " << path;
  CollectingSink sink;
  InputStats stats;
  read_input(path, Format::Auto, sink, stats);
  EXPECT_EQ(sink.formats, (std::vector<Format>{Format::ReadsbAircraftJson}));
  EXPECT_GT(sink.records, 0u);
  EXPECT_EQ(stats.records, sink.records);
  EXPECT_TRUE(sink.frames.empty());
}

TEST(InputReal, ReadsbTraceIsDispatchedToTheRecordReader) {
  const auto path = test::shared_data("adsb/readsb-json/trace_full_ac671b.json");
  if (!std::filesystem::exists(path)) GTEST_SKIP() << "missing " << path;
  CollectingSink sink;
  InputStats stats;
  read_input(path, Format::Auto, sink, stats);
  EXPECT_EQ(sink.formats, (std::vector<Format>{Format::ReadsbTrace}));
  EXPECT_EQ(sink.records, 2500u);
}

TEST(InputReal, HelsinkiFileGzippedGivesTheSameCountsAsPlain) {
  const auto path = test::shared_data("adsb/helsinki-2026-01/raw_adsb_20260107_004234.bin");
  if (!std::filesystem::exists(path)) GTEST_SKIP() << "missing " << path;
  TempFile gz("helsinki.bin.gz", gzip(test::read_file(path)));
  InputStats plain_stats;
  InputStats gz_stats;
  CollectingSink a;
  CollectingSink b;
  read_input(path, Format::Auto, a, plain_stats);
  read_input(gz.path(), Format::Auto, b, gz_stats);
  EXPECT_EQ(plain_stats.frames, gz_stats.frames);
  EXPECT_EQ(plain_stats.beast.frames_short, gz_stats.beast.frames_short);
  EXPECT_EQ(plain_stats.bytes, gz_stats.bytes);
  EXPECT_GT(plain_stats.frames, 10000u);
}

}  // namespace
}  // namespace gw::io
