#include "io/byte_source.hpp"

#include <gtest/gtest.h>
#include <fcntl.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include <random>
#include <string>
#include <vector>

#include "io/input_error.hpp"
#include "io_test_util.hpp"

namespace gw::io {
namespace {

using test::TempFile;
using test::gzip;
using test::zstd;

std::vector<std::uint8_t> sample_bytes(std::size_t n) {
  std::vector<std::uint8_t> v(n);
  std::mt19937 rng(3);
  for (std::size_t i = 0; i < n; ++i) v[i] = static_cast<std::uint8_t>((i % 100 < 50) ? i : rng());
  return v;
}

std::vector<std::uint8_t> read_all(ByteSource& s, std::size_t chunk = 4096) {
  std::vector<std::uint8_t> all;
  std::vector<std::uint8_t> buf(chunk);
  for (std::size_t n; (n = s.read(buf.data(), buf.size())) > 0;) all.insert(all.end(), buf.begin(), buf.begin() + n);
  return all;
}

TEST(ByteSource, PlainFileIsReadAsIs) {
  const auto data = sample_bytes(300000);
  TempFile f("plain.bin", data);
  ByteSource s(f.path());
  EXPECT_EQ(read_all(s), data);
  EXPECT_EQ(s.compression(), Compression::None);
  EXPECT_EQ(s.offset(), data.size());
  EXPECT_EQ(s.compressed_offset(), data.size());
  EXPECT_EQ(s.file_size(), data.size());
  EXPECT_EQ(s.name(), f.path());
}

// Small reads go through the file buffer, large ones straight into the caller's buffer: any mix of the two, after
// a peek and after a seek, gives the file's bytes in order.
TEST(ByteSource, PlainFileReadInMixedSizesIsReadAsIs) {
  const auto data = sample_bytes(300000);
  TempFile f("mixed.bin", data);
  const auto read_mixed = [](ByteSource& s) {
    const std::size_t sizes[] = {1, 5000, 3, 65536, 4095, 4096, 100};
    std::vector<std::uint8_t> all, buf(65536);
    for (std::size_t i = 0;; ++i) {
      const std::size_t n = s.read(buf.data(), sizes[i % std::size(sizes)]);
      if (n == 0) return all;
      all.insert(all.end(), buf.begin(), buf.begin() + static_cast<std::ptrdiff_t>(n));
    }
  };
  ByteSource s(f.path());
  ASSERT_EQ(s.peek(100).size(), 100u);
  EXPECT_EQ(read_mixed(s), data);
  EXPECT_EQ(s.offset(), data.size());
  EXPECT_EQ(s.compressed_offset(), data.size());

  ASSERT_TRUE(s.seek(12345));
  EXPECT_EQ(read_mixed(s), std::vector<std::uint8_t>(data.begin() + 12345, data.end()));
  EXPECT_EQ(s.offset(), data.size());
}

TEST(ByteSource, GzipRoundTrip) {
  const auto data = sample_bytes(1000000);
  const auto packed = gzip(data);
  TempFile f("data.bin", packed);  // no .gz extension: recognised by magic bytes
  ByteSource s(f.path());
  EXPECT_EQ(read_all(s, 1000), data);
  EXPECT_EQ(s.compression(), Compression::Gzip);
  EXPECT_EQ(s.offset(), data.size());
  EXPECT_EQ(s.compressed_offset(), packed.size());
  EXPECT_EQ(s.file_size(), packed.size());
}

TEST(ByteSource, ConcatenatedGzipMembersAreOneStream) {
  const auto a = sample_bytes(5000);
  const auto b = sample_bytes(7000);
  auto packed = gzip(a);
  const auto pb = gzip(b);
  packed.insert(packed.end(), pb.begin(), pb.end());
  TempFile f("two.gz", packed);
  ByteSource s(f.path());
  auto expect = a;
  expect.insert(expect.end(), b.begin(), b.end());
  EXPECT_EQ(read_all(s), expect);
}

TEST(ByteSource, ZstdRoundTripWithTwoFrames) {
  const auto a = sample_bytes(800000);
  const auto b = sample_bytes(3000);
  auto packed = zstd(a);
  const auto pb = zstd(b);
  packed.insert(packed.end(), pb.begin(), pb.end());
  TempFile f("data.zst", packed);
  ByteSource s(f.path());
  auto expect = a;
  expect.insert(expect.end(), b.begin(), b.end());
  EXPECT_EQ(read_all(s, 777), expect);
  EXPECT_EQ(s.compression(), Compression::Zstd);
}

TEST(ByteSource, PeekedBytesAreReadAgain) {
  const auto data = sample_bytes(10000);
  TempFile f("peek.gz", gzip(data));
  ByteSource s(f.path());
  auto head = s.peek(1024);
  ASSERT_EQ(head.size(), 1024u);
  EXPECT_TRUE(std::equal(head.begin(), head.end(), data.begin()));
  EXPECT_EQ(s.offset(), 0u);
  EXPECT_EQ(read_all(s, 100), data);
}

TEST(ByteSource, PeekBeyondTheEndGivesWhatThereIs) {
  TempFile f("short.bin", std::vector<std::uint8_t>{1, 2, 3});
  ByteSource s(f.path());
  EXPECT_EQ(s.peek(1024).size(), 3u);
  EXPECT_EQ(read_all(s), (std::vector<std::uint8_t>{1, 2, 3}));
}

TEST(ByteSource, EmptyFileIsEmpty) {
  TempFile f("empty.bin", std::vector<std::uint8_t>{});
  ByteSource s(f.path());
  EXPECT_TRUE(s.peek(16).empty());
  EXPECT_TRUE(read_all(s).empty());
}

TEST(ByteSource, DashReadsStandardInput) {
  const auto data = sample_bytes(5000);
  TempFile f("stdin.gz", gzip(data));
  const int saved = ::dup(STDIN_FILENO);
  const int fd = ::open(f.path().c_str(), O_RDONLY);
  ASSERT_GE(fd, 0);
  ::dup2(fd, STDIN_FILENO);
  ::close(fd);
  std::vector<std::uint8_t> got;
  {
    ByteSource s("-");
    got = read_all(s);
    EXPECT_EQ(s.name(), "-");
  }
  ::dup2(saved, STDIN_FILENO);
  ::close(saved);
  EXPECT_EQ(got, data);
}

}  // namespace
}  // namespace gw::io
