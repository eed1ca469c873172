#include "cli/time_arg.hpp"

#include <charconv>
#include <chrono>
#include <cstdlib>
#include <string>

namespace gw::cli {
namespace {

bool read_int(std::string_view& s, std::size_t digits, int& out) {
  if (s.size() < digits) return false;
  auto [p, ec] = std::from_chars(s.data(), s.data() + digits, out);
  if (ec != std::errc{} || p != s.data() + digits) return false;
  s.remove_prefix(digits);
  return true;
}

bool expect(std::string_view& s, char c) {
  if (s.empty() || s.front() != c) return false;
  s.remove_prefix(1);
  return true;
}

}  // namespace

std::optional<double> parse_time(std::string_view text) {
  // Plain unix seconds.
  {
    double v = 0;
    auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec == std::errc{} && p == text.data() + text.size() && text.find('-') == std::string_view::npos) return v;
  }
  std::string_view s = text;
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  if (!read_int(s, 4, year) || !expect(s, '-') || !read_int(s, 2, month) || !expect(s, '-') || !read_int(s, 2, day))
    return std::nullopt;
  double fraction = 0;
  int offset_minutes = 0;
  if (!s.empty()) {
    if (s.front() != 'T' && s.front() != ' ') return std::nullopt;
    s.remove_prefix(1);
    if (!read_int(s, 2, hour) || !expect(s, ':') || !read_int(s, 2, minute)) return std::nullopt;
    if (!s.empty() && s.front() == ':') {
      s.remove_prefix(1);
      if (!read_int(s, 2, second)) return std::nullopt;
      if (!s.empty() && (s.front() == '.' || s.front() == ',')) {
        std::size_t n = 1;
        while (n < s.size() && s[n] >= '0' && s[n] <= '9') ++n;
        if (n == 1) return std::nullopt;
        fraction = std::strtod(("0." + std::string(s.substr(1, n - 1))).c_str(), nullptr);
        s.remove_prefix(n);
      }
    }
    if (!s.empty()) {
      if (s == "Z") {
        s.remove_prefix(1);
      } else if (s.front() == '+' || s.front() == '-') {
        const int sign = s.front() == '-' ? -1 : 1;
        s.remove_prefix(1);
        int oh = 0, om = 0;
        if (!read_int(s, 2, oh)) return std::nullopt;
        expect(s, ':');
        if (!s.empty() && !read_int(s, 2, om)) return std::nullopt;
        offset_minutes = sign * (oh * 60 + om);
      }
    }
    if (!s.empty()) return std::nullopt;
  }
  using namespace std::chrono;
  const year_month_day ymd{std::chrono::year{year}, std::chrono::month{static_cast<unsigned>(month)},
                           std::chrono::day{static_cast<unsigned>(day)}};
  if (!ymd.ok() || hour > 23 || minute > 59 || second > 60) return std::nullopt;
  const auto days = sys_days{ymd}.time_since_epoch().count();
  return static_cast<double>(days) * 86400.0 + hour * 3600.0 + minute * 60.0 + second + fraction -
         offset_minutes * 60.0;
}

}  // namespace gw::cli
