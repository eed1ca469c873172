#include "output/cells_writer.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <iterator>
#include <stdexcept>
#include <unordered_map>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "output/atomic_file.hpp"

namespace gw::output {
namespace {

namespace h3 = geo::h3;

constexpr std::size_t kFlushBytes = 1 << 20;
constexpr double kAntimeridian = 180.0;
// Parts of a cut cell thinner than this (deg^2, ~1 m^2 at the equator) are slivers from a vertex lying on
// +-180 within rounding; they are dropped rather than written as degenerate polygons.
constexpr double kMinPartArea = 1e-10;

// Longitude difference b - a taken the short way round, in (-180, 180].
double lon_step(double a, double b) {
  double d = b - a;
  while (d > 180.0) d -= 360.0;
  while (d <= -180.0) d += 360.0;
  return d;
}

// Twice the signed area in (lon, lat) of an open ring; positive when counter-clockwise.
double signed_area2(const std::vector<h3::LatLng>& ring) {
  double a = 0;
  for (std::size_t i = 0, n = ring.size(); i < n; ++i) {
    const auto& p = ring[i];
    const auto& q = ring[(i + 1) % n];
    a += p.lon_deg * q.lat_deg - q.lon_deg * p.lat_deg;
  }
  return a;
}

// Sutherland-Hodgman against the half-plane lon <= x (keep_west) or lon >= x, on an open ring.
std::vector<h3::LatLng> clip_at(const std::vector<h3::LatLng>& ring, double x, bool keep_west) {
  auto inside = [&](const h3::LatLng& p) { return keep_west ? p.lon_deg <= x : p.lon_deg >= x; };
  std::vector<h3::LatLng> out;
  for (std::size_t i = 0, n = ring.size(); i < n; ++i) {
    const auto& p = ring[(i + n - 1) % n];
    const auto& q = ring[i];
    const bool p_in = inside(p), q_in = inside(q);
    if (p_in != q_in) {
      const double t = (x - p.lon_deg) / (q.lon_deg - p.lon_deg);
      out.push_back({p.lat_deg + t * (q.lat_deg - p.lat_deg), x});
    }
    if (q_in) out.push_back(q);
  }
  return out;
}

// Makes the ring counter-clockwise and closed.
void finish_ring(std::vector<h3::LatLng>& ring) {
  if (signed_area2(ring) < 0) std::reverse(ring.begin(), ring.end());
  ring.push_back(ring.front());
}

void append_number(fmt::memory_buffer& b, double v) { fmt::format_to(std::back_inserter(b), "{:.6f}", v); }

class BufferedAtomicFile {
 public:
  explicit BufferedAtomicFile(const std::string& path) : file_(path) {}
  fmt::memory_buffer& buffer() { return buffer_; }
  void maybe_flush() {
    if (buffer_.size() >= kFlushBytes) flush();
  }
  void commit() {
    flush();
    file_.commit();
  }

 private:
  void flush() {
    file_.write(std::string_view(buffer_.data(), buffer_.size()));
    buffer_.clear();
  }
  AtomicFile file_;
  fmt::memory_buffer buffer_;
};

std::string checked_hex(h3::Cell cell) {
  if (!h3::is_valid_cell(cell)) throw std::invalid_argument(fmt::format("invalid H3 cell {:#x} in map rows", cell));
  return h3::to_string(cell);
}

}  // namespace

std::string iso8601_utc(std::int64_t unix_s) {
  using namespace std::chrono;
  const sys_seconds tp{seconds{unix_s}};
  const sys_days day = floor<days>(tp);
  const year_month_day ymd{day};
  const hh_mm_ss hms{tp - day};
  const int year = static_cast<int>(ymd.year());
  if (year < 0 || year > 9999) {
    return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", year, static_cast<unsigned>(ymd.month()),
                       static_cast<unsigned>(ymd.day()), hms.hours().count(), hms.minutes().count(),
                       hms.seconds().count());
  }
  // The same text as the format above, digit by digit: every output row carries two of these, and a
  // fmt::format call (format-string parsing, six arguments) cost ~4,000 instructions each.
  std::string s = "0000-00-00T00:00:00Z";
  const auto two = [&s](std::size_t at, long v) {
    s[at] = static_cast<char>('0' + v / 10);
    s[at + 1] = static_cast<char>('0' + v % 10);
  };
  two(0, year / 100);
  two(2, year % 100);
  two(5, static_cast<long>(static_cast<unsigned>(ymd.month())));
  two(8, static_cast<long>(static_cast<unsigned>(ymd.day())));
  two(11, static_cast<long>(hms.hours().count()));
  two(14, static_cast<long>(hms.minutes().count()));
  two(17, static_cast<long>(hms.seconds().count()));
  return s;
}

std::vector<std::vector<h3::LatLng>> cell_polygons(h3::Cell cell) {
  std::vector<h3::LatLng> ring = h3::cell_to_boundary(cell);
  if (ring.size() < 3) throw std::invalid_argument(fmt::format("invalid H3 cell {:#x}", cell));
  const std::size_t n = ring.size();

  // Unwrap longitudes along the ring; the total is 0 for an ordinary cell and +-360 around a pole.
  std::vector<double> unwrapped(n);
  unwrapped[0] = ring[0].lon_deg;
  for (std::size_t i = 1; i < n; ++i) unwrapped[i] = unwrapped[i - 1] + lon_step(ring[i - 1].lon_deg, ring[i].lon_deg);
  const double winding = unwrapped[n - 1] + lon_step(ring[n - 1].lon_deg, ring[0].lon_deg) - unwrapped[0];

  if (std::abs(winding) > 180.0) {
    // Encloses a pole: open the ring at its antimeridian crossing and close it through the pole.
    std::size_t k = 0;  // the edge k -> k+1 crosses +-180
    while (k < n && std::abs(ring[(k + 1) % n].lon_deg - ring[k].lon_deg) <= 180.0) ++k;
    if (k == n) throw std::logic_error("cell_polygons: polar ring without an antimeridian crossing");
    const h3::LatLng a = ring[k], b = ring[(k + 1) % n];
    const double a_side = a.lon_deg >= 0 ? kAntimeridian : -kAntimeridian;
    const double t = (a_side - a.lon_deg) / lon_step(a.lon_deg, b.lon_deg);
    const double lat_cross = a.lat_deg + t * (b.lat_deg - a.lat_deg);
    const double pole = h3::cell_to_lat_lng(cell).lat_deg >= 0 ? 90.0 : -90.0;
    std::vector<h3::LatLng> out;
    out.push_back({lat_cross, -a_side});
    for (std::size_t i = 1; i <= n; ++i) out.push_back(ring[(k + i) % n]);
    out.push_back({lat_cross, a_side});
    out.push_back({pole, a_side});
    out.push_back({pole, -a_side});
    finish_ring(out);
    return {std::move(out)};
  }

  const auto [lo, hi] = std::minmax_element(unwrapped.begin(), unwrapped.end());
  if (*lo >= -kAntimeridian && *hi <= kAntimeridian) {
    finish_ring(ring);  // does not cross: unwrapped == original longitudes
    return {std::move(ring)};
  }

  // Crosses the antimeridian: place it around +180, cut there, and bring the eastern part back by -360.
  const double shift = *lo < -kAntimeridian ? 360.0 : 0.0;
  for (std::size_t i = 0; i < n; ++i) ring[i].lon_deg = unwrapped[i] + shift;
  std::vector<std::vector<h3::LatLng>> parts;
  for (const bool west : {true, false}) {
    std::vector<h3::LatLng> part = clip_at(ring, kAntimeridian, west);
    if (!west)
      for (auto& p : part) p.lon_deg -= 360.0;
    if (part.size() < 3 || std::abs(signed_area2(part)) < 2 * kMinPartArea) continue;
    finish_ring(part);
    parts.push_back(std::move(part));
  }
  return parts;
}

struct CellsCsvWriter::State {
  explicit State(const std::string& path) : file(path) {}
  BufferedAtomicFile file;
};

CellsCsvWriter::CellsCsvWriter(const std::string& path) : state_(std::make_unique<State>(path)) {
  fmt::format_to(std::back_inserter(state_->file.buffer()), "{}\n", kCellsCsvHeader);
}

CellsCsvWriter::~CellsCsvWriter() = default;

void CellsCsvWriter::add(const detect::CellRow& r) {
  auto& b = state_->file.buffer();
  auto out = std::back_inserter(b);
  fmt::format_to(out, "{},{},{},{},{},{},", checked_hex(r.cell), r.good, r.bad, iso8601_utc(r.window_start_s),
                 iso8601_utc(r.window_end_s), r.band);
  append_number(b, r.bad_frac);
  b.push_back(',');
  append_number(b, r.ci.low);
  b.push_back(',');
  append_number(b, r.ci.high);
  fmt::format_to(out, ",{}\n", detect::to_string(r.level));
  state_->file.maybe_flush();
}

void CellsCsvWriter::commit() { state_->file.commit(); }

void write_cells_csv(const std::string& path, std::span<const detect::CellRow> rows) {
  CellsCsvWriter file(path);
  for (const auto& r : rows) file.add(r);
  file.commit();
}

namespace {

// A JSON string literal for text that gnsswatch produced (band names, level names: printable ASCII).
void append_json_string(fmt::memory_buffer& b, std::string_view s) {
  b.push_back('"');
  for (char c : s) {
    if (c == '"' || c == '\\') b.push_back('\\');
    if (static_cast<unsigned char>(c) < 0x20) {
      fmt::format_to(std::back_inserter(b), "\\u{:04x}", static_cast<unsigned>(c));
      continue;
    }
    b.push_back(c);
  }
  b.push_back('"');
}

void append_ring(fmt::memory_buffer& b, const std::vector<h3::LatLng>& ring) {
  b.push_back('[');
  for (std::size_t i = 0; i < ring.size(); ++i) {
    if (i) b.push_back(',');
    b.push_back('[');
    append_number(b, ring[i].lon_deg);
    b.push_back(',');
    append_number(b, ring[i].lat_deg);
    b.push_back(']');
  }
  b.push_back(']');
}

}  // namespace

// A cell appears once per window and band it has traffic in: its hex and geometry text are made once (the
// boundary and 14+ fixed-point numbers cost far more than the row's other fields). Bounded by the cells.
struct CellsGeojsonWriter::State {
  explicit State(const std::string& path) : file(path) {}
  struct CellText {
    std::string hex;
    std::string geometry;
  };
  BufferedAtomicFile file;
  std::unordered_map<h3::Cell, CellText> text_of_cell;
  fmt::memory_buffer g;
  bool first = true;
};

CellsGeojsonWriter::CellsGeojsonWriter(const std::string& path, const detect::GridOptions& options)
    : state_(std::make_unique<State>(path)) {
  auto& b = state_->file.buffer();
  auto out = std::back_inserter(b);
  fmt::format_to(out, "{{\"type\":\"FeatureCollection\",\"gnsswatch\":{{\"h3_resolution\":{},\"min_aircraft\":{},",
                 options.resolution, options.min_aircraft);
  fmt::format_to(out, "\"windows_s\":[{}],\"bands\":[", fmt::join(options.windows_s, ","));
  append_json_string(b, detect::kAllBand);
  for (const auto& band : options.bands) {
    b.push_back(',');
    append_json_string(b, band.name);
  }
  fmt::format_to(out,
                 "],\"bad_frac\":\"max(0, bad - 1) / (good + bad), as gpsjam.org\","
                 "\"ci\":\"Wilson score interval, 95%, on bad / (good + bad)\","
                 "\"levels\":\"green < 0.02 <= yellow < 0.10 <= red (bad_frac); insufficient when good + bad < "
                 "min_aircraft\","
                 "\"coverage\":\"Only cells with traffic are listed. A cell, window or band absent from this file "
                 "had no data: that is not the same as clean.\"}},\n\"features\":[");
}

CellsGeojsonWriter::~CellsGeojsonWriter() = default;

void CellsGeojsonWriter::add(const detect::CellRow& r) {
  State& st = *state_;
  auto& b = st.file.buffer();
  auto out = std::back_inserter(b);
  auto& g = st.g;
  auto [it, fresh] = st.text_of_cell.try_emplace(r.cell);
  if (fresh) {
    try {
      it->second.hex = checked_hex(r.cell);
    } catch (...) {
      st.text_of_cell.erase(it);
      throw;
    }
    const auto polygons = cell_polygons(r.cell);
    g.clear();
    if (polygons.size() == 1) {
      g.append(std::string_view("{\"type\":\"Polygon\",\"coordinates\":["));
      append_ring(g, polygons[0]);
      g.append(std::string_view("]}"));
    } else {
      g.append(std::string_view("{\"type\":\"MultiPolygon\",\"coordinates\":["));
      for (std::size_t i = 0; i < polygons.size(); ++i) {
        if (i) g.push_back(',');
        g.push_back('[');
        append_ring(g, polygons[i]);
        g.push_back(']');
      }
      g.append(std::string_view("]}"));
    }
    it->second.geometry.assign(g.data(), g.size());
  }
  const std::string& hex = it->second.hex;
  fmt::format_to(out, "{}\n{{\"type\":\"Feature\",\"geometry\":", st.first ? "" : ",");
  st.first = false;
  b.append(std::string_view(it->second.geometry));
  fmt::format_to(out,
                 ",\"properties\":{{\"hex\":\"{}\",\"count_good_aircraft\":{},\"count_bad_aircraft\":{},"
                 "\"window_start\":\"{}\",\"window_end\":\"{}\",\"band\":",
                 hex, r.good, r.bad, iso8601_utc(r.window_start_s), iso8601_utc(r.window_end_s));
  append_json_string(b, r.band);
  b.append(std::string_view(",\"bad_frac\":"));
  append_number(b, r.bad_frac);
  b.append(std::string_view(",\"ci_low\":"));
  append_number(b, r.ci.low);
  b.append(std::string_view(",\"ci_high\":"));
  append_number(b, r.ci.high);
  fmt::format_to(out, ",\"level\":\"{}\"}}}}", detect::to_string(r.level));
  st.file.maybe_flush();
}

void CellsGeojsonWriter::commit() {
  state_->file.buffer().append(std::string_view("\n]}\n"));
  state_->file.commit();
}

void write_cells_geojson(const std::string& path, std::span<const detect::CellRow> rows,
                         const detect::GridOptions& options) {
  CellsGeojsonWriter file(path, options);
  for (const auto& r : rows) file.add(r);
  file.commit();
}

}  // namespace gw::output
