#include "io/csv_hex.hpp"

#include <array>
#include <charconv>

namespace gw::io {
namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

bool is_frame_field(std::string_view f) noexcept {
  return (f.size() == 2 * modes::kShortFrameBytes || f.size() == 2 * modes::kLongFrameBytes) && detail::is_hex(f);
}

}  // namespace

namespace detail {

std::size_t split_csv(std::string_view row, std::string_view* fields, std::size_t max) noexcept {
  std::size_t n = 0;
  std::size_t i = 0;
  for (;;) {
    if (n == max) return max + 1;
    std::string_view field;
    if (i < row.size() && row[i] == '"') {
      // Quoted: up to the closing quote that is not doubled.
      const std::size_t start = ++i;
      while (i < row.size()) {
        if (row[i] == '"') {
          if (i + 1 < row.size() && row[i + 1] == '"') {
            i += 2;
            continue;
          }
          break;
        }
        ++i;
      }
      field = row.substr(start, i - start);
      if (i < row.size()) ++i;  // closing quote
      while (i < row.size() && row[i] != ',') ++i;  // anything between the quote and the comma is ignored
    } else {
      const std::size_t start = i;
      while (i < row.size() && row[i] != ',') ++i;
      field = row.substr(start, i - start);
    }
    fields[n++] = trim(field);
    if (i >= row.size()) return n;
    ++i;  // comma
  }
}

bool parse_decimal(std::string_view text, double& value) noexcept {
  if (text.empty()) return false;
  if (text.front() == '+') text.remove_prefix(1);
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value, std::chars_format::general);
  return ec == std::errc{} && ptr == end;
}

}  // namespace detail

CsvHexStats& CsvHexStats::operator+=(const CsvHexStats& o) noexcept {
  bytes += o.bytes;
  lines += o.lines;
  header_lines += o.header_lines;
  frames_short += o.frames_short;
  frames_long += o.frames_long;
  bad_lines += o.bad_lines;
  return *this;
}

void CsvHexParser::bad(std::uint64_t line, std::string_view reason) {
  ++stats_.bad_lines;
  if (on_bad_) on_bad_({line, reason});
}

bool CsvHexParser::take(const LineSplitter::Line& line, modes::RawFrame& out) {
  ++stats_.lines;
  if (line.too_long) {
    bad(line.number, "line too long");
    return false;
  }
  std::string_view row = line.text;
  if (line.number == 1 && row.starts_with(kUtf8Bom)) row.remove_prefix(kUtf8Bom.size());
  if (detail::trim(row).empty()) return false;

  std::array<std::string_view, kMaxFields> fields;
  const std::size_t n = detail::split_csv(row, fields.data(), kMaxFields);
  if (n > kMaxFields) {
    bad(line.number, "too many fields");
    return false;
  }

  if (!hex_column_) {
    for (std::size_t i = 0; i < n; ++i) {
      if (is_frame_field(fields[i])) {
        hex_column_ = i;
        break;
      }
    }
    if (!hex_column_) {
      if (!seen_first_row_) {
        seen_first_row_ = true;
        ++stats_.header_lines;
      } else {
        bad(line.number, "no frame field (14 or 28 hex digits)");
      }
      return false;
    }
    for (std::size_t i = 0; i < n; ++i) {
      double t = 0;
      if (i != *hex_column_ && detail::parse_decimal(fields[i], t)) {
        time_column_ = i;
        break;
      }
    }
  }
  seen_first_row_ = true;

  if (*hex_column_ >= n) {
    bad(line.number, "missing frame column");
    return false;
  }
  out = modes::RawFrame{};
  if (!is_frame_field(fields[*hex_column_]) || !detail::frame_from_hex(fields[*hex_column_], out)) {
    bad(line.number, "frame column is not 14 or 28 hex digits");
    return false;
  }
  if (time_column_) {
    double t = 0;
    if (*time_column_ >= n || !detail::parse_decimal(fields[*time_column_], t)) {
      bad(line.number, "time column is not a number");
      return false;
    }
    out.time_s = t;
  }
  out.position = line.number;
  if (out.kind == modes::FrameKind::Short) {
    ++stats_.frames_short;
  } else {
    ++stats_.frames_long;
  }
  return true;
}

CsvHexParser::FeedResult CsvHexParser::feed(std::span<const std::uint8_t> chunk, std::span<modes::RawFrame> out) {
  const auto [consumed, frames] =
      detail::feed_lines(lines_, chunk, out, [this](const auto& line, modes::RawFrame& f) { return take(line, f); });
  stats_.bytes += consumed;
  return {consumed, frames};
}

std::size_t CsvHexParser::finish(std::span<modes::RawFrame> out) {
  return detail::finish_lines(lines_, out, [this](const auto& line, modes::RawFrame& f) { return take(line, f); });
}

}  // namespace gw::io
