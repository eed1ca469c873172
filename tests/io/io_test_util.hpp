// Helpers shared by the tests of src/io: Beast encoding of hand-made frames, hex, temporary files.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <unistd.h>
#include <filesystem>
#include <fstream>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>
#include <zlib.h>
#include <zstd.h>

#include "modes/frame.hpp"

namespace gw::io::test {

inline std::vector<std::uint8_t> from_hex(std::string_view hex) {
  std::vector<std::uint8_t> out;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
    out.push_back(static_cast<std::uint8_t>(std::stoi(std::string(hex.substr(i, 2)), nullptr, 16)));
  }
  return out;
}

inline std::string to_hex(const modes::RawFrame& f) {
  static constexpr char kDigits[] = "0123456789ABCDEF";
  std::string s;
  for (std::size_t i = 0; i < f.length; ++i) {
    s += kDigits[f.bytes[i] >> 4];
    s += kDigits[f.bytes[i] & 0xF];
  }
  return s;
}

// Every frame a parser (Beast, AVR, CSV hex) gives for `bytes` fed in pieces of `chunk` bytes (0: all at once) into
// batches of `batch` frames, then what its finish() gives (a text parser's last line without a newline).
template <class Parser>
std::vector<modes::RawFrame> parse_chunks(Parser& p, std::span<const std::uint8_t> bytes, std::size_t chunk = 0,
                                          std::size_t batch = 3) {
  std::vector<modes::RawFrame> frames;
  std::vector<modes::RawFrame> out(batch);
  if (chunk == 0) chunk = std::max<std::size_t>(bytes.size(), 1);
  for (std::size_t at = 0; at < bytes.size(); at += chunk) {
    auto piece = bytes.subspan(at, std::min(chunk, bytes.size() - at));
    while (!piece.empty()) {
      auto r = p.feed(piece, out);
      frames.insert(frames.end(), out.begin(), out.begin() + static_cast<std::ptrdiff_t>(r.frames));
      piece = piece.subspan(r.consumed);
    }
  }
  if constexpr (requires { p.finish(std::span<modes::RawFrame>(out)); }) {
    if (p.finish(out) == 1) frames.push_back(out[0]);
  } else {
    p.finish();
  }
  return frames;
}

template <class TextParser>
std::vector<modes::RawFrame> parse_text_all(TextParser& p, std::string_view text, std::size_t chunk = 0) {
  return parse_chunks(p, {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()}, chunk);
}

// One Beast frame: 0x1a, type, 6-byte counter, signal, data; 0x1a doubled after the type byte.
inline std::vector<std::uint8_t> beast_frame(char type, std::uint64_t counter, std::uint8_t signal,
                                             const std::vector<std::uint8_t>& data) {
  std::vector<std::uint8_t> payload;
  for (int i = 5; i >= 0; --i) payload.push_back(static_cast<std::uint8_t>(counter >> (8 * i)));
  payload.push_back(signal);
  payload.insert(payload.end(), data.begin(), data.end());
  std::vector<std::uint8_t> out{0x1a, static_cast<std::uint8_t>(type)};
  for (auto b : payload) {
    out.push_back(b);
    if (b == 0x1a) out.push_back(0x1a);
  }
  return out;
}

// `in` as one gzip member (what `gzip -6` writes), the zlib calls checked.
inline std::vector<std::uint8_t> gzip(const std::vector<std::uint8_t>& in) {
  z_stream zs{};
  EXPECT_EQ(deflateInit2(&zs, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY), Z_OK);
  std::vector<std::uint8_t> out(deflateBound(&zs, in.size()) + 64);
  zs.next_in = const_cast<Bytef*>(in.data());
  zs.avail_in = static_cast<uInt>(in.size());
  zs.next_out = out.data();
  zs.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(deflate(&zs, Z_FINISH), Z_STREAM_END);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return out;
}

// `in` as one zstd frame (level 3, zstd's default).
inline std::vector<std::uint8_t> zstd(const std::vector<std::uint8_t>& in) {
  std::vector<std::uint8_t> out(ZSTD_compressBound(in.size()));
  const std::size_t n = ZSTD_compress(out.data(), out.size(), in.data(), in.size(), 3);
  EXPECT_FALSE(ZSTD_isError(n));
  out.resize(n);
  return out;
}

inline void append(std::vector<std::uint8_t>& to, const std::vector<std::uint8_t>& what) {
  to.insert(to.end(), what.begin(), what.end());
}

// A file in the test temporary directory, removed at scope exit.
class TempFile {
 public:
  explicit TempFile(std::string_view name, const std::vector<std::uint8_t>& content = {})
      : path_(std::filesystem::temp_directory_path() /
              (std::string("gnsswatch_io_") + std::to_string(::getpid()) + "_" + std::string(name))) {
    write(content);
  }
  TempFile(std::string_view name, std::string_view text) : TempFile(name) {
    write(std::vector<std::uint8_t>(text.begin(), text.end()));
  }
  ~TempFile() {
    std::error_code ec;
    std::filesystem::remove(path_, ec);
  }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  void write(const std::vector<std::uint8_t>& content) const {
    std::ofstream f(path_, std::ios::binary | std::ios::trunc);
    f.write(reinterpret_cast<const char*>(content.data()), static_cast<std::streamsize>(content.size()));
  }
  std::string path() const { return path_.string(); }

 private:
  std::filesystem::path path_;
};

inline std::vector<std::uint8_t> read_file(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()};
}

inline std::string shared_data(std::string_view rel) {
  return std::string(GNSSWATCH_SHARED_DATA) + "/" + std::string(rel);
}

}  // namespace gw::io::test
