#include "io/opensky.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "io/input_error.hpp"

namespace gw::io {
namespace {

using modes::ModeSMessage;

// Unit conversions (exact by definition: 1 ft = 0.3048 m, 1 NM = 1852 m).
constexpr double kMetresPerFoot = 0.3048;
constexpr double kKnotsPerMps = 3600.0 / 1852.0;
constexpr double kFpmPerMps = 60.0 / kMetresPerFoot;

constexpr std::size_t kBufferBytes = 4 * kMaxOpenSkyLine;

// Splits a byte stream into lines ("\n" or "\r\n") with a fixed buffer. A line longer than kMaxOpenSkyLine is
// reported as too long and discarded up to its end.
class LineReader {
 public:
  explicit LineReader(ByteSource& src) : src_(src), buf_(kBufferBytes) {}

  enum class Line : std::uint8_t { Ok, TooLong, End };

  // The next line (without its terminator) in `out`, valid until the next call.
  Line next(std::string_view& out) {
    bool too_long = false;
    for (;;) {
      const char* begin = buf_.data() + pos_;
      const auto* nl = static_cast<const char*>(std::memchr(begin, '\n', end_ - pos_));
      if (nl != nullptr) {
        std::size_t len = static_cast<std::size_t>(nl - begin);
        pos_ += len + 1;
        if (too_long || len > kMaxOpenSkyLine) return Line::TooLong;
        if (len > 0 && begin[len - 1] == '\r') --len;
        out = std::string_view(begin, len);
        return Line::Ok;
      }
      if (eof_) {
        if (pos_ == end_ && !too_long) return Line::End;
        std::size_t len = end_ - pos_;
        pos_ = end_;
        if (too_long || len > kMaxOpenSkyLine) return Line::TooLong;
        if (len > 0 && begin[len - 1] == '\r') --len;
        out = std::string_view(begin, len);
        return Line::Ok;
      }
      // No terminator in the buffer: keep the partial line, or drop it when it is already too long.
      if (end_ - pos_ > kMaxOpenSkyLine) {
        too_long = true;
        pos_ = end_ = 0;
      } else if (pos_ > 0) {
        std::memmove(buf_.data(), buf_.data() + pos_, end_ - pos_);
        end_ -= pos_;
        pos_ = 0;
      }
      const std::size_t n = src_.read(reinterpret_cast<std::uint8_t*>(buf_.data() + end_), buf_.size() - end_);
      if (n == 0) eof_ = true;
      end_ += n;
    }
  }

 private:
  ByteSource& src_;
  std::vector<char> buf_;
  std::size_t pos_ = 0, end_ = 0;
  bool eof_ = false;
};

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Splits a CSV line at commas outside double quotes. Surrounding quotes are removed from a field; doubled
// quotes inside are left as they are (no field read here can hold a quote).
void split_csv(std::string_view line, std::vector<std::string_view>& fields) {
  fields.clear();
  std::size_t start = 0;
  bool quoted = false;
  for (std::size_t i = 0; i <= line.size(); ++i) {
    if (i < line.size() && line[i] == '"') quoted = !quoted;
    if (i == line.size() || (line[i] == ',' && !quoted)) {
      std::string_view f = trim(line.substr(start, i - start));
      if (f.size() >= 2 && f.front() == '"' && f.back() == '"') f = f.substr(1, f.size() - 2);
      else if (f.size() >= 2 && f.front() == '"') f.remove_prefix(1);  // unbalanced: keep the text
      fields.push_back(f);
      start = i + 1;
    }
  }
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           const auto lower = [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; };
           return lower(x) == lower(y);
         });
}

bool is_absent(std::string_view f) {
  return f.empty() || iequals(f, "null") || iequals(f, "nan") || iequals(f, "none");
}

// The columns this reader uses; kNone when the header lacks one.
constexpr std::size_t kNone = std::numeric_limits<std::size_t>::max();
enum Column : std::size_t {
  kTime, kIcao24, kLat, kLon, kVelocity, kHeading, kVertrate, kCallsign, kOnground, kSquawk, kBaroAltitude,
  kGeoAltitude, kLastPosUpdate, kColumnCount
};
constexpr std::array<std::string_view, kColumnCount> kColumnNames = {
    "time", "icao24", "lat", "lon", "velocity", "heading", "vertrate", "callsign", "onground", "squawk",
    "baroaltitude", "geoaltitude", "lastposupdate"};

// Field value parsers: nullopt + bad = unparsable; nullopt alone = absent.
struct FieldReader {
  std::uint64_t bad = 0;

  std::optional<double> number(std::string_view f) {
    if (is_absent(f)) return std::nullopt;
    double x = 0;
    const auto [p, ec] = std::from_chars(f.data(), f.data() + f.size(), x);
    if (ec != std::errc{} || p != f.data() + f.size() || !std::isfinite(x)) {
      ++bad;
      return std::nullopt;
    }
    return x;
  }

  std::optional<double> in_range(std::string_view f, double lo, double hi) {
    auto x = number(f);
    if (x && !(*x >= lo && *x <= hi)) {
      ++bad;
      return std::nullopt;
    }
    return x;
  }

  std::optional<std::int32_t> feet_from_metres(std::string_view f) {
    const auto m = in_range(f, -1e6, 1e6);
    if (!m) return std::nullopt;
    return static_cast<std::int32_t>(std::lround(*m / kMetresPerFoot));
  }

  std::optional<bool> boolean(std::string_view f) {
    if (is_absent(f)) return std::nullopt;
    if (iequals(f, "true") || f == "1") return true;
    if (iequals(f, "false") || f == "0") return false;
    ++bad;
    return std::nullopt;
  }

  template <typename T>
  std::optional<T> text(std::string_view f, std::optional<T> (*parse)(std::string_view)) {
    if (is_absent(f)) return std::nullopt;
    auto v = parse(f);
    if (!v) ++bad;
    return v;
  }
};

}  // namespace

void read_opensky_csv(ByteSource& src, const RecordBatchFn& sink, RecordReadStats& stats) {
  LineReader lines(src);
  std::string_view line;
  std::vector<std::string_view> fields;

  // Header.
  LineReader::Line got = lines.next(line);
  if (got == LineReader::Line::End) return;
  if (got == LineReader::Line::TooLong)
    throw InputError(src.name(), "not an OpenSky state-vector CSV: header line too long", InputLocation::line(1));
  if (line.substr(0, 3) == "\xEF\xBB\xBF") line.remove_prefix(3);  // UTF-8 byte order mark
  split_csv(line, fields);
  const std::size_t header_columns = fields.size();
  std::array<std::size_t, kColumnCount> col;
  col.fill(kNone);
  for (std::size_t c = 0; c < kColumnCount; ++c) {
    const auto it = std::find_if(fields.begin(), fields.end(),
                                 [&](std::string_view f) { return iequals(f, kColumnNames[c]); });
    if (it != fields.end()) col[c] = static_cast<std::size_t>(it - fields.begin());
  }
  for (const Column required : {kTime, kIcao24})
    if (col[required] == kNone)
      throw InputError(src.name(), "not an OpenSky state-vector CSV: no \"" + std::string(kColumnNames[required]) +
                                       "\" column in the header",
                       InputLocation::line(1));

  std::vector<ModeSMessage> batch;
  batch.reserve(kRecordBatchSize);
  const auto flush = [&] {
    if (batch.empty()) return;
    sink(batch);
    stats.records += batch.size();
    batch.clear();
  };
  const auto skip = [&](std::uint64_t& reason) {
    ++reason;
    ++stats.skipped;
  };

  while ((got = lines.next(line)) != LineReader::Line::End) {
    if (got == LineReader::Line::TooLong) {
      skip(stats.bad_rows);
      continue;
    }
    if (trim(line).empty()) continue;  // blank lines (e.g. at the end) are not rows
    split_csv(line, fields);
    if (fields.size() != header_columns) {
      skip(stats.bad_rows);
      continue;
    }
    const auto field = [&](Column c) { return col[c] == kNone ? std::string_view{} : fields[col[c]]; };

    ModeSMessage m;
    const auto address = detail::parse_icao24_hex(field(kIcao24));
    if (!address) {
      skip(stats.bad_address);
      continue;
    }
    FieldReader r;
    const auto time = r.number(field(kTime));
    if (!time) {
      skip(stats.bad_time);
      continue;
    }
    m.address = *address;
    m.address_kind = modes::AddressKind::AdsbIcao;

    const auto lat = r.in_range(field(kLat), -90, 90);
    const auto lon = r.in_range(field(kLon), -180, 180);
    if (lat && lon) {
      m.derived.lat = lat;
      m.derived.lon = lon;
    } else if (lat || lon) {
      ++r.bad;  // half a position is no position
    }
    if (const auto v = r.in_range(field(kVelocity), 0, 1e4)) m.gs_kt = static_cast<float>(*v * kKnotsPerMps);
    if (const auto h = r.in_range(field(kHeading), 0, 360)) m.track_deg = static_cast<float>(*h);
    if (const auto vr = r.in_range(field(kVertrate), -1e4, 1e4))
      m.baro_rate_fpm = static_cast<std::int32_t>(std::lround(*vr * kFpmPerMps));
    if (const auto cs = r.text(trim(field(kCallsign)), detail::parse_callsign); cs && (*cs)[0] != '\0')
      m.callsign = cs;
    m.on_ground = r.boolean(field(kOnground));
    m.squawk = r.text(field(kSquawk), detail::parse_squawk);
    m.alt_baro_ft = r.feet_from_metres(field(kBaroAltitude));
    m.alt_geom_ft = r.feet_from_metres(field(kGeoAltitude));
    const auto last_pos = r.number(field(kLastPosUpdate));
    m.time_s = (m.derived.lat && last_pos) ? *last_pos : *time;

    stats.bad_fields += r.bad;
    batch.push_back(m);
    if (batch.size() == kRecordBatchSize) flush();
  }
  flush();
}

}  // namespace gw::io
