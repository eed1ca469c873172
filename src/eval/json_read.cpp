#include "eval/json_read.hpp"

#include <cmath>
#include <filesystem>
#include <system_error>

#include <fmt/format.h>

#include "eval/truth.hpp"  // EvalError

namespace gw::eval::detail {

dom::element JsonReader::load() {
  std::error_code ec;
  if (!std::filesystem::exists(path_, ec)) throw EvalError(fmt::format("{}: no such file", path_));
  if (std::filesystem::is_directory(path_, ec)) throw EvalError(fmt::format("{}: is a directory, expected a JSON file", path_));
  dom::element root;
  if (const auto error = parser_.load(path_).get(root)) {
    throw EvalError(fmt::format("{}: {} ({})", path_, error == simdjson::IO_ERROR ? "cannot read" : "not valid JSON",
                                simdjson::error_message(error)));
  }
  return root;
}

dom::element JsonReader::parse(std::string_view text) {
  dom::element root;
  const simdjson::padded_string padded(text);  // the DOM copies what it keeps: a local is enough
  if (const auto error = parser_.parse(padded).get(root))
    throw EvalError(fmt::format("{}: not valid JSON ({})", path_, simdjson::error_message(error)));
  return root;
}

void JsonReader::fail(std::string_view where, std::string_view problem) const {
  throw EvalError(fmt::format("{}: {}: {}", path_, where, problem));
}

namespace {
std::string member_name(std::string_view where, std::string_view key) { return fmt::format("{}.{}", where, key); }
}  // namespace

std::optional<dom::element> JsonReader::optional_member(dom::element e, std::string_view key) const {
  dom::element value;
  if (e.at_key(key).get(value)) return std::nullopt;
  if (value.is_null()) return std::nullopt;
  return value;
}

dom::element JsonReader::required_member(dom::element e, std::string_view key, std::string_view where) const {
  dom::element value;
  if (e.at_key(key).get(value)) fail(member_name(where, key), "missing");
  return value;
}

double JsonReader::number(dom::element e, std::string_view key, std::string_view where) const {
  const dom::element value = required_member(e, key, where);
  double v = 0;
  if (value.get_double().get(v)) fail(member_name(where, key), "not a number");
  if (!std::isfinite(v)) fail(member_name(where, key), "not a finite number");
  return v;
}

std::int64_t JsonReader::integer(dom::element e, std::string_view key, std::string_view where) const {
  const dom::element value = required_member(e, key, where);
  std::int64_t v = 0;
  if (value.get_int64().get(v)) fail(member_name(where, key), "not an integer");
  return v;
}

std::string_view JsonReader::string(dom::element e, std::string_view key, std::string_view where) const {
  const dom::element value = required_member(e, key, where);
  std::string_view v;
  if (value.get_string().get(v)) fail(member_name(where, key), "not a string");
  return v;
}

bool JsonReader::boolean(dom::element e, std::string_view key, std::string_view where) const {
  const dom::element value = required_member(e, key, where);
  bool v = false;
  if (value.get_bool().get(v)) fail(member_name(where, key), "not true/false");
  return v;
}

dom::array JsonReader::array(dom::element e, std::string_view key, std::string_view where) const {
  const dom::element value = required_member(e, key, where);
  dom::array v;
  if (value.get_array().get(v)) fail(member_name(where, key), "not an array");
  return v;
}

dom::object JsonReader::object(dom::element e, std::string_view where) const {
  dom::object v;
  if (e.get_object().get(v)) fail(where, "not an object");
  return v;
}

std::optional<double> JsonReader::optional_number(dom::element e, std::string_view key, std::string_view where) const {
  const auto value = optional_member(e, key);
  if (!value) return std::nullopt;
  double v = 0;
  if (value->get_double().get(v) || !std::isfinite(v)) fail(member_name(where, key), "not a finite number");
  return v;
}

namespace {

// Days from 1970-01-01 of a proleptic Gregorian date (H. Hinnant, "chrono-Compatible Low-Level Date
// Algorithms", days_from_civil).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

bool digits(std::string_view s, std::size_t pos, std::size_t n, int& out) {
  if (pos + n > s.size()) return false;
  out = 0;
  for (std::size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    out = out * 10 + (s[i] - '0');
  }
  return true;
}

}  // namespace

std::optional<double> parse_iso8601_utc(std::string_view s) {
  // YYYY-MM-DDTHH:MM:SS[.fff]Z
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, se = 0;
  if (s.size() < 20 || !digits(s, 0, 4, y) || s[4] != '-' || !digits(s, 5, 2, mo) || s[7] != '-' ||
      !digits(s, 8, 2, d) || s[10] != 'T' || !digits(s, 11, 2, h) || s[13] != ':' || !digits(s, 14, 2, mi) ||
      s[16] != ':' || !digits(s, 17, 2, se))
    return std::nullopt;
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || se > 60) return std::nullopt;
  double fraction = 0;
  std::size_t pos = 19;
  if (s[pos] == '.') {
    double scale = 0.1;
    ++pos;
    if (pos >= s.size() || s[pos] < '0' || s[pos] > '9') return std::nullopt;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
      fraction += (s[pos] - '0') * scale;
      scale /= 10;
      ++pos;
    }
  }
  if (pos + 1 != s.size() || s[pos] != 'Z') return std::nullopt;
  const std::int64_t days = days_from_civil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d));
  return static_cast<double>(days * 86400 + h * 3600 + mi * 60 + se) + fraction;
}

}  // namespace gw::eval::detail
