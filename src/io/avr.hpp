// Incremental parser of AVR text (dump1090/readsb port 30002, Mode-S Beast in AVR mode, many recorders), one
// frame per line:
//   *8D4840D6202CC371C32CE0576098;          no timestamp
//   @0123456789AB8D4840D6202CC371C32CE0576098;   12 hex digits of 12 MHz counter, then the frame (has_counter)
//   %0123456789AB8D4840D6...;                read like '@' (a timestamp variant some receivers send)
//   <0123456789ABC38D4840D6...;              12 hex digits of counter, 2 of signal, then the frame
//   8D4840D6202CC371C32CE0576098             bare hex, optionally ending with ';'
// The frame is 4 hex digits (Mode A/C), 14 (short) or 28 (long). Blank lines are ignored; CR LF line ends are
// accepted. Any other line is a bad line: counted, reported to the optional callback with its line number,
// never an error. RawFrame::position is the 1-based line number; time_s is left NaN.
// Memory is fixed (one line buffer); not thread-safe: one parser per stream.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <string_view>

#include "io/line_splitter.hpp"
#include "modes/frame.hpp"

namespace gw::io {

struct AvrStats {
  std::uint64_t bytes = 0;
  std::uint64_t lines = 0;
  std::uint64_t frames_mode_ac = 0;
  std::uint64_t frames_short = 0;
  std::uint64_t frames_long = 0;
  std::uint64_t bad_lines = 0;  // lines that are not an AVR frame (wrong prefix, not hex, wrong length, too long)

  std::uint64_t frames() const noexcept { return frames_mode_ac + frames_short + frames_long; }
  AvrStats& operator+=(const AvrStats& o) noexcept;
};

// A skipped line, for --verbose.
struct BadLine {
  std::uint64_t line = 0;   // 1-based
  std::string_view reason;  // static text
};

class AvrParser {
 public:
  struct FeedResult {
    std::size_t consumed = 0;  // less than chunk.size() only when `out` is full
    std::size_t frames = 0;
  };

  // Like BeastParser::feed: frames go to out[0, frames); call again with the rest when `out` filled up.
  FeedResult feed(std::span<const std::uint8_t> chunk, std::span<modes::RawFrame> out);

  // End of input: parses a last line without a line end. Returns the number of frames written (0 or 1).
  std::size_t finish(std::span<modes::RawFrame> out);

  void set_bad_line_callback(std::function<void(const BadLine&)> cb) { on_bad_ = std::move(cb); }
  const AvrStats& stats() const noexcept { return stats_; }

  // Parses one line (without its line end). Returns true and fills `frame` for a frame; false with `reason`
  // set for a bad line, or false with `reason` empty for a blank line.
  static bool parse_line(std::string_view line, modes::RawFrame& frame, std::string_view& reason) noexcept;

 private:
  bool take(const LineSplitter::Line& line, modes::RawFrame& out);

  LineSplitter lines_{256};
  AvrStats stats_;
  std::function<void(const BadLine&)> on_bad_;
};

namespace detail {
// Fills `frame` (bytes, length, kind) from 4, 14 or 28 hex digits; false otherwise.
bool frame_from_hex(std::string_view hex, modes::RawFrame& frame) noexcept;
}  // namespace detail

}  // namespace gw::io
