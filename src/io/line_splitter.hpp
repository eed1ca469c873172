// Splits a byte stream into text lines for the AVR and CSV readers, with no allocation per line: a line that
// lies wholly inside a chunk is returned as a view of the chunk; only a line split across chunks is copied, into
// a buffer of fixed capacity. Lines end at '\n'; a trailing '\r' is removed (CRLF files). A line longer than the
// capacity is reported as too long (its text is not kept).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <utility>
#include <vector>

#include "modes/frame.hpp"

namespace gw::io {

class LineSplitter {
 public:
  static constexpr std::size_t kDefaultMaxLineBytes = 4096;

  explicit LineSplitter(std::size_t max_line_bytes = kDefaultMaxLineBytes) : max_(max_line_bytes) {
    partial_.reserve(max_);
  }

  struct Line {
    std::string_view text;   // valid until the next call
    std::uint64_t number = 0;  // 1-based
    bool too_long = false;
  };

  // Uses bytes of `chunk` up to and including the next '\n'. Returns the bytes used; `complete` tells whether
  // `line` now holds a finished line.
  std::size_t next(std::span<const std::uint8_t> chunk, Line& line, bool& complete);

  // End of input: a last line without '\n', if any.
  bool finish(Line& line);

 private:
  Line make(std::string_view text);

  std::size_t max_;
  std::vector<char> partial_;  // capacity max_, never grows
  bool partial_too_long_ = false;
  bool has_partial_ = false;
  std::uint64_t number_ = 0;
};

namespace detail {

inline constexpr int hex_value(char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

inline constexpr bool is_hex(std::string_view s) noexcept {
  for (char c : s) {
    if (hex_value(c) < 0) return false;
  }
  return true;
}

// Hex digits to bytes; `out` must hold text.size() / 2 bytes. False if a digit is not hex or the count is odd.
bool decode_hex(std::string_view text, std::uint8_t* out) noexcept;

// Up to 16 hex digits to a number; nullopt-like false when a digit is not hex.
bool parse_hex_u64(std::string_view text, std::uint64_t& value) noexcept;

// Strips spaces and tabs at both ends.
std::string_view trim(std::string_view s) noexcept;

// The text parsers' shared feed loop: splits `chunk` into lines and lets `take(line, frame)` turn each finished
// line into a frame (true) or a counted skip (false), until `out` is full. Returns {bytes used, frames written}.
template <typename Take>
std::pair<std::size_t, std::size_t> feed_lines(LineSplitter& lines, std::span<const std::uint8_t> chunk,
                                               std::span<modes::RawFrame> out, Take&& take) {
  std::size_t consumed = 0, frames = 0;
  while (consumed < chunk.size() && frames < out.size()) {
    LineSplitter::Line line;
    bool complete = false;
    consumed += lines.next(chunk.subspan(consumed), line, complete);
    if (complete && take(line, out[frames])) ++frames;
  }
  return {consumed, frames};
}

// End of input: the last line without a line end, into out[0]. With an empty `out` the line is still parsed and
// counted, but no frame is written.
template <typename Take>
std::size_t finish_lines(LineSplitter& lines, std::span<modes::RawFrame> out, Take&& take) {
  LineSplitter::Line line;
  if (!lines.finish(line)) return 0;
  modes::RawFrame scratch;
  return take(line, out.empty() ? scratch : out[0]) && !out.empty() ? 1 : 0;
}

}  // namespace detail
}  // namespace gw::io
