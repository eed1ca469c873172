#include "io/format.hpp"

#include <algorithm>
#include <array>
#include <cctype>

#include "io/avr.hpp"
#include "io/csv_hex.hpp"
#include "io/input_error.hpp"
#include "io/line_splitter.hpp"

namespace gw::io {
namespace {

struct Named {
  Format format;
  std::string_view name;
};
constexpr std::array<Named, 7> kNames = {{
    {Format::Auto, "auto"},
    {Format::Beast, "beast"},
    {Format::Avr, "avr"},
    {Format::CsvHex, "csv"},
    {Format::ReadsbAircraftJson, "aircraft-json"},
    {Format::ReadsbTrace, "trace"},
    {Format::OpenSkyCsv, "opensky"},
}};

constexpr std::uint8_t kBeastEscape = 0x1a;
constexpr std::size_t kBeastSearchBytes = 64;
constexpr std::size_t kCsvRowsToTry = 5;

bool is_beast_start(std::span<const std::uint8_t> s, std::size_t i) noexcept {
  return i + 1 < s.size() && s[i] == kBeastEscape && s[i + 1] >= '1' && s[i + 1] <= '4';
}

bool is_binary(std::span<const std::uint8_t> s) noexcept {
  return std::any_of(s.begin(), s.end(), [](std::uint8_t b) { return b < 0x09 || (b > 0x0d && b < 0x20); });
}

bool looks_like_beast(std::span<const std::uint8_t> s) noexcept {
  if (is_beast_start(s, 0)) return true;
  if (!is_binary(s)) return false;
  const std::size_t n = std::min(s.size(), kBeastSearchBytes);
  for (std::size_t i = 0; i < n; ++i) {
    if (is_beast_start(s, i) && (i == 0 || s[i - 1] != kBeastEscape)) return true;
  }
  return false;
}

std::string_view as_text(std::span<const std::uint8_t> s) noexcept {
  return {reinterpret_cast<const char*>(s.data()), s.size()};
}

// Next line of `text` (CR removed), advancing `text`; the last line may be cut by the end of the head.
std::string_view next_line(std::string_view& text) noexcept {
  const std::size_t nl = text.find('\n');
  std::string_view line = text.substr(0, nl);
  text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool is_opensky_header(std::string_view line) {
  std::array<std::string_view, CsvHexParser::kMaxFields> fields;
  const std::string l = lower(line);
  const std::size_t n = detail::split_csv(l, fields.data(), fields.size());
  if (n > fields.size()) return false;
  auto has = [&](std::string_view name) {
    return std::find(fields.begin(), fields.begin() + n, name) != fields.begin() + n;
  };
  return has("time") && has("icao24") && has("lat") && has("lon");
}

bool has_frame_field(std::string_view line) noexcept {
  std::array<std::string_view, CsvHexParser::kMaxFields> fields;
  const std::size_t n = detail::split_csv(line, fields.data(), fields.size());
  if (n > fields.size()) return false;
  return std::any_of(fields.begin(), fields.begin() + n, [](std::string_view f) {
    return (f.size() == 28 || f.size() == 14) && detail::is_hex(f);
  });
}

}  // namespace

std::string_view format_name(Format f) noexcept {
  for (const auto& n : kNames) {
    if (n.format == f) return n.name;
  }
  return "?";
}

std::optional<Format> parse_format(std::string_view name) noexcept {
  for (const auto& n : kNames) {
    if (n.name == name) return n.format;
  }
  return std::nullopt;
}

std::string format_names() {
  std::string out;
  for (const auto& n : kNames) {
    if (!out.empty()) out += ", ";
    out += n.name;
  }
  return out;
}

Format detect_format(std::span<const std::uint8_t> head) noexcept {
  if (head.empty()) return Format::Auto;
  if (looks_like_beast(head)) return Format::Beast;
  if (is_binary(head)) return Format::Auto;

  std::string_view text = as_text(head);
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  const std::size_t first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return Format::Auto;
  text.remove_prefix(first);

  if (text.front() == '{' || text.front() == '[') {
    if (text.find("\"aircraft\"") != std::string_view::npos) return Format::ReadsbAircraftJson;
    if (text.find("\"trace\"") != std::string_view::npos) return Format::ReadsbTrace;
    return Format::Auto;
  }

  std::string_view rest = text;
  const std::string_view first_line = next_line(rest);
  modes::RawFrame frame;
  std::string_view reason;
  if (first_line.find(',') == std::string_view::npos && AvrParser::parse_line(first_line, frame, reason)) {
    return Format::Avr;
  }
  if (first_line.find(',') == std::string_view::npos) return Format::Auto;
  if (is_opensky_header(first_line)) return Format::OpenSkyCsv;
  rest = text;
  for (std::size_t row = 0; row < kCsvRowsToTry && !rest.empty(); ++row) {
    if (has_frame_field(next_line(rest))) return Format::CsvHex;
  }
  return Format::Auto;
}

Format detect_format(std::span<const std::uint8_t> head, const std::string& name) {
  const Format f = detect_format(head);
  if (f == Format::Auto) {
    throw InputError(name, head.empty() ? "empty input, cannot recognise its format" : "unknown input format",
                     InputLocation::none(), "expected Beast, AVR, CSV of hex frames, readsb aircraft.json or trace, "
                                            "or OpenSky CSV; name the format with --format");
  }
  return f;
}

}  // namespace gw::io
