// Incremental parser of CSV files of timestamped frames in hex, one frame per row. The columns are found by
// content on the first data row, then kept for the whole file:
//   - the frame: the first field of 14 or 28 hex digits (quotes removed);
//   - the time: the first other field that is a decimal number, read as Unix seconds (RawFrame::time_s).
// So all of these work: `unix_ts,hex` with or without a header (rs1090 short_flights.csv); pyModeS
// `ts,"HEX","ICAO",TC`; pyModeS Comm-B `unix_ts,ICAO,HEX` with a UTF-8 byte order mark. A first row without a
// frame field is a header. Fields may be quoted ("..."), separated by ','; CR LF accepted; blank lines ignored.
// A later row whose frame or time column does not parse is a bad line: counted, reported with its line number.
// A file with no time column gives frames with time_s NaN. RawFrame::position is the 1-based line number.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string_view>

#include "io/avr.hpp"  // BadLine
#include "io/line_splitter.hpp"
#include "modes/frame.hpp"

namespace gw::io {

struct CsvHexStats {
  std::uint64_t bytes = 0;
  std::uint64_t lines = 0;
  std::uint64_t header_lines = 0;
  std::uint64_t frames_short = 0;
  std::uint64_t frames_long = 0;
  std::uint64_t bad_lines = 0;  // rows without a valid frame or time in their columns, or too long

  std::uint64_t frames() const noexcept { return frames_short + frames_long; }
  CsvHexStats& operator+=(const CsvHexStats& o) noexcept;
};

class CsvHexParser {
 public:
  struct FeedResult {
    std::size_t consumed = 0;
    std::size_t frames = 0;
  };

  FeedResult feed(std::span<const std::uint8_t> chunk, std::span<modes::RawFrame> out);
  std::size_t finish(std::span<modes::RawFrame> out);

  void set_bad_line_callback(std::function<void(const BadLine&)> cb) { on_bad_ = std::move(cb); }
  const CsvHexStats& stats() const noexcept { return stats_; }

  static constexpr std::size_t kMaxFields = 64;

 private:
  bool take(const LineSplitter::Line& line, modes::RawFrame& out);
  void bad(std::uint64_t line, std::string_view reason);

  LineSplitter lines_;
  CsvHexStats stats_;
  bool seen_first_row_ = false;
  std::optional<std::size_t> hex_column_;
  std::optional<std::size_t> time_column_;
  std::function<void(const BadLine&)> on_bad_;
};

namespace detail {
// Splits a CSV row into at most `max` fields (quotes removed from quoted fields; "" inside quotes is kept as is,
// no hex or number contains it). Returns the number of fields, or max + 1 when there are more.
std::size_t split_csv(std::string_view row, std::string_view* fields, std::size_t max) noexcept;
// A whole-field decimal number (optional sign, fraction, exponent).
bool parse_decimal(std::string_view text, double& value) noexcept;
}  // namespace detail

}  // namespace gw::io
