// Errors the user must fix: each is an InputError naming the file and, where it applies, the byte offset.
#include <gtest/gtest.h>
#include <zlib.h>
#include <zstd.h>

#include <filesystem>
#include <string>
#include <vector>

#include "io/byte_source.hpp"
#include "io/input_error.hpp"
#include "io_test_util.hpp"

namespace gw::io {
namespace {

using test::TempFile;
using test::gzip;
using test::zstd;

std::vector<std::uint8_t> text_bytes(std::size_t n) {
  std::vector<std::uint8_t> v(n);
  for (std::size_t i = 0; i < n; ++i) v[i] = static_cast<std::uint8_t>('a' + (i * 7919) % 26);
  return v;
}

void drain(ByteSource& s) {
  std::vector<std::uint8_t> buf(4096);
  while (s.read(buf.data(), buf.size()) > 0) {
  }
}

TEST(ByteSourceError, MissingFileNamesThePath) {
  try {
    ByteSource s("/nonexistent/raw.bin.gz");
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_EQ(e.path(), "/nonexistent/raw.bin.gz");
    EXPECT_NE(std::string(e.what()).find("/nonexistent/raw.bin.gz: cannot open"), std::string::npos) << e.what();
  }
}

TEST(ByteSourceError, DirectoryIsAnError) {
  EXPECT_THROW(ByteSource s(std::filesystem::temp_directory_path().string()), InputError);
}

TEST(ByteSourceError, CorruptGzipNamesFileAndByteOffset) {
  auto packed = gzip(text_bytes(200000));
  packed[10] = 0x07;  // first deflate block header: BFINAL=1, BTYPE=11 (reserved, RFC 1951 §3.2.3)
  TempFile f("corrupt.gz", packed);
  ByteSource s(f.path());
  try {
    drain(s);
    FAIL() << "no error";
  } catch (const InputError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find(": corrupt gzip stream at byte "), std::string::npos) << what;
    ASSERT_TRUE(e.byte_offset().has_value());
    EXPECT_LE(*e.byte_offset(), 16u);
    EXPECT_NE(what.find("invalid block type"), std::string::npos) << what;
  }
}

TEST(ByteSourceError, TruncatedGzipIsAnError) {
  auto packed = gzip(text_bytes(200000));
  packed.resize(packed.size() / 2);
  TempFile f("cut.gz", packed);
  ByteSource s(f.path());
  EXPECT_THROW(drain(s), InputError);
}

TEST(ByteSourceError, TruncatedZstdIsAnError) {
  const auto data = text_bytes(200000);
  std::vector<std::uint8_t> packed = zstd(data);
  packed.resize(packed.size() - 5);
  TempFile f("cut.zst", packed);
  ByteSource s(f.path());
  try {
    drain(s);
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("truncated zstd stream"), std::string::npos) << e.what();
  }
}

TEST(ByteSourceError, GarbageAfterZstdMagicIsCorrupt) {
  std::vector<std::uint8_t> bytes = {0x28, 0xb5, 0x2f, 0xfd, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
  TempFile f("bad.zst", bytes);
  ByteSource s(f.path());
  EXPECT_THROW(drain(s), InputError);
}

}  // namespace
}  // namespace gw::io
