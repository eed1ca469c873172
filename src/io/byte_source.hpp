// A file (or stdin) as a stream of bytes, transparently decompressed. Compression is recognised by the first
// bytes of the content, never by the file name: gzip (1f 8b, concatenated members included) and zstd
// (28 b5 2f fd, several frames included). Memory is a fixed set of buffers, whatever the input size.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>

namespace gw::io {

enum class Compression : std::uint8_t { None, Gzip, Zstd };

std::string_view compression_name(Compression c) noexcept;

class ByteSource {
 public:
  // Opens `path`, or standard input for "-". Throws InputError when the file cannot be opened.
  explicit ByteSource(std::string path);
  ~ByteSource();
  ByteSource(const ByteSource&) = delete;
  ByteSource& operator=(const ByteSource&) = delete;

  // Up to `n` decompressed bytes into `buf`; 0 only at the end of the input. Throws InputError when the file
  // cannot be read or the compressed stream is corrupt or cut short (the byte offset is in the file).
  std::size_t read(std::uint8_t* buf, std::size_t n);

  // The next min(n, 64 KiB) bytes (fewer at the end) without consuming them: the following read() returns
  // them again. For format detection.
  std::span<const std::uint8_t> peek(std::size_t n);

  // Moves to byte `offset` of an uncompressed regular file (before or after reading): the next read() starts
  // there and offset() returns it. False, with nothing changed, for compressed input, stdin and pipes.
  bool seek(std::uint64_t offset);

  std::uint64_t offset() const noexcept;             // decompressed bytes delivered by read() (from a seek point)
  std::uint64_t compressed_offset() const noexcept;  // bytes of the file consumed so far
  std::uint64_t file_size() const noexcept;          // 0 when unknown (stdin, pipes)
  Compression compression();                        // detects on first use (may read, may throw)
  const std::string& name() const noexcept;          // the path as given ("-" for stdin)

  static constexpr std::size_t kMaxPeek = 64 * 1024;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace gw::io
