// report.html: one self-contained file, data that cannot break out of its <script>, and the page as a real
// browser renders it (Debian's chromium, headless: scripts/install-deps.sh installs it).
#include "output/report_writer.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <simdjson.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdlib>
#include <ctime>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "geo/h3.hpp"
#include "output/report_template.hpp"

namespace fs = std::filesystem;

namespace {

namespace h3 = gw::geo::h3;

constexpr std::int64_t kWindow1 = 1767737400;  // 2026-01-06T22:10:00Z
constexpr std::int64_t kWindow2 = kWindow1 + 3600;
constexpr const char* kBreakout = "</script><script>document.title='broken out'</script><!--<script>";

std::string iso(std::int64_t unix_s) {
  const std::time_t t = unix_s;
  std::tm tm{};
  ::gmtime_r(&t, &tm);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                     tm.tm_hour, tm.tm_min, tm.tm_sec);
}

// How a cell's outline is written.
enum class Outline {
  Ccw,            // RFC 7946 winding
  Cw,             // reversed: the page must draw both windings
  RawH3,          // H3's boundary as is: across the antimeridian, longitudes jump from +179.x to -179.x
  CutAtAntimeridian,  // a MultiPolygon of the parts east and west of +-180 (RFC 7946 §3.1.9, as cells.geojson)
};

struct CellFixture {
  h3::Cell cell;
  std::int64_t window_start;
  const char* band;
  const char* level;
  int good;
  int bad;
  Outline outline = Outline::Ccw;
};

using Ring = std::vector<std::array<double, 2>>;  // [lon, lat]

std::string ring_json(const Ring& ring) {
  std::string out = "[";
  for (std::size_t i = 0; i < ring.size(); ++i) out += fmt::format("{}[{:.6f},{:.6f}]", i ? "," : "", ring[i][0], ring[i][1]);
  return out + "]";
}

// The part of `ring` (longitudes unwrapped past 180) on one side of lon = 180, closed; shifted by `shift`.
Ring clip_at_180(const Ring& ring, bool west, double shift) {
  Ring out;
  const auto inside = [&](const std::array<double, 2>& p) { return west ? p[0] <= 180 : p[0] >= 180; };
  for (std::size_t i = 0; i + 1 < ring.size(); ++i) {
    const auto& a = ring[i];
    const auto& b = ring[i + 1];
    if (inside(a)) out.push_back({a[0] + shift, a[1]});
    if (inside(a) != inside(b)) {
      const double f = (180 - a[0]) / (b[0] - a[0]);
      out.push_back({180 + shift, a[1] + f * (b[1] - a[1])});
    }
  }
  out.push_back(out.front());
  return out;
}

std::string geometry_json(h3::Cell cell, Outline outline) {
  Ring ring;
  for (const h3::LatLng& v : h3::cell_to_boundary(cell)) ring.push_back({v.lon_deg, v.lat_deg});
  if (outline == Outline::Cw) std::reverse(ring.begin(), ring.end());
  ring.push_back(ring.front());
  if (outline != Outline::CutAtAntimeridian) {
    return fmt::format(R"({{"type":"Polygon","coordinates":[{}]}})", ring_json(ring));
  }
  for (auto& p : ring) p[0] = p[0] < 0 ? p[0] + 360 : p[0];
  return fmt::format(R"({{"type":"MultiPolygon","coordinates":[[{}],[{}]]}})", ring_json(clip_at_180(ring, true, 0)),
                     ring_json(clip_at_180(ring, false, -360)));
}

bool crosses_antimeridian(h3::Cell cell) {
  bool east = false, west = false;
  for (const h3::LatLng& v : h3::cell_to_boundary(cell)) {
    east |= v.lon_deg > 170;
    west |= v.lon_deg < -170;
  }
  return east && west;
}

// Window 1: cells around Helsinki-Vantaa of every level, in band "all" and one in a flight-level band.
// Window 2: cells on the antimeridian in the Bering Strait (raw H3 and cut outlines) with neighbours.
std::vector<CellFixture> cell_fixtures() {
  std::vector<h3::Cell> disk;
  h3::grid_disk(h3::lat_lng_to_cell({60.45, 25.1}, 5), 1, disk);
  const std::array<const char*, 7> levels = {"red", "red", "yellow", "yellow", "green", "green", "insufficient"};
  std::vector<CellFixture> cells;
  for (std::size_t i = 0; i < disk.size(); ++i) {
    const char* level = levels[i % levels.size()];
    const bool red = level[0] == 'r', yellow = level[0] == 'y', scarce = level[0] == 'i';
    cells.push_back({disk[i], kWindow1, "all", level, scarce ? 1 : 20, red ? 9 : yellow ? 1 : 0,
                     i == 1 ? Outline::Cw : Outline::Ccw});
  }
  cells.push_back({disk[0], kWindow1, "FL100-FL300", "red", 5, 4});

  std::vector<h3::Cell> bering;
  h3::grid_disk(h3::lat_lng_to_cell({65.9, 180.0}, 5), 1, bering);
  std::vector<h3::Cell> crossing, beside;
  for (h3::Cell c : bering) (crosses_antimeridian(c) ? crossing : beside).push_back(c);
  EXPECT_GE(crossing.size(), 2u);
  EXPECT_GE(beside.size(), 2u);
  cells.push_back({crossing.at(0), kWindow2, "all", "yellow", 12, 1, Outline::RawH3});
  cells.push_back({crossing.at(1), kWindow2, "all", "red", 6, 3, Outline::CutAtAntimeridian});
  cells.push_back({beside.at(0), kWindow2, "all", "green", 8, 0});
  cells.push_back({beside.at(1), kWindow2, "all", "insufficient", 2, 0});
  return cells;
}

// As cells.geojson (src/output/cells_writer.hpp) writes it.
std::string cells_geojson(const std::vector<CellFixture>& cells) {
  std::string out = R"({"type":"FeatureCollection","gnsswatch":{"h3_resolution":5,"min_aircraft":3,)"
                    R"("levels":"green < 0.02 <= yellow < 0.10 <= red on bad_frac"},"features":[)";
  for (std::size_t i = 0; i < cells.size(); ++i) {
    const CellFixture& c = cells[i];
    const double frac = std::max(0, c.bad - 1) / double(c.good + c.bad);
    out += fmt::format(
        R"({}{{"type":"Feature","geometry":{},"properties":{{"hex":"{}","count_good_aircraft":{},)"
        R"("count_bad_aircraft":{},"window_start":"{}","window_end":"{}","band":"{}","bad_frac":{:.4f},)"
        R"("ci_low":{:.4f},"ci_high":{:.4f},"level":"{}"}}}})",
        i ? "," : "", geometry_json(c.cell, c.outline), h3::to_string(c.cell), c.good, c.bad, iso(c.window_start),
        iso(c.window_start + 3600), c.band, frac, frac / 2, std::min(1.0, frac * 1.5 + 0.05), c.level);
  }
  return out + "]}";
}

// As events.json (src/output/events_writer.hpp) writes it: two located sources on the first event (two jammers at
// once: `sources`, the main one also as `source`), too little evidence for the second.
constexpr const char* kEvents = R"({"events":[
 {"id":1,"start":"2026-01-06T22:11:00Z","end":"2026-01-06T22:35:00Z","duration_s":1440,"affected_aircraft":3,
  "unaffected_aircraft":9,"affected_fraction":0.25,"peak":{"time":"2026-01-06T22:16:40Z","affected_aircraft":3},
  "severity":2,"severity_label":"moderate",
  "region":{"type":"Polygon","coordinates":[[[24.9,60.35],[25.4,60.35],[25.4,60.6],[24.9,60.6],[24.9,60.35]]]},
  "aircraft":[
   {"icao":"461f2a","platform":"aircraft","lost_at":{"time":"2026-01-06T22:11:00Z","lat":60.41,"lon":25.02},
    "altitude_ft":12000,"regained_at":{"time":"2026-01-06T22:18:20Z","lat":60.6,"lon":25.5}},
   {"icao":"4ca8e3","platform":"aircraft","lost_at":{"time":"2026-01-06T22:15:00Z","lat":60.52,"lon":25.31},
    "regained_at":{"time":"2026-01-06T22:25:00Z","lat":60.7,"lon":25.6}},
   {"icao":"3c6586","platform":"aircraft","lost_at":{"time":"2026-01-06T22:16:40Z","lat":60.47,"lon":25.18},
    "regained_at":null}],
  "source":{"status":"located","lat":60.55,"lon":25.6,"radius_km":44.2,"aircraft":3,
   "ellipse95":{"semi_major_km":6.5,"semi_minor_km":3.2,"orientation_deg":30},"ci95":{"type":"Polygon","coordinates":[[
   [25.3,60.45],[25.9,60.45],[25.9,60.65],[25.3,60.65],[25.3,60.45]]]}},
  "sources":[{"status":"located","lat":60.55,"lon":25.6,"radius_km":44.2,"aircraft":3,
   "ellipse95":{"semi_major_km":6.5,"semi_minor_km":3.2,"orientation_deg":30},"ci95":{"type":"Polygon","coordinates":[[
   [25.3,60.45],[25.9,60.45],[25.9,60.65],[25.3,60.65],[25.3,60.45]]]}},
   {"status":"located","lat":60.3,"lon":24.6,"radius_km":20.5,"aircraft":9,
   "ellipse95":{"semi_major_km":4.1,"semi_minor_km":2.0,"orientation_deg":80},"ci95":{"type":"Polygon","coordinates":[[
   [24.5,60.25],[24.7,60.25],[24.7,60.35],[24.5,60.35],[24.5,60.25]]]}}]},
 {"id":2,"start":"2026-01-06T22:53:20Z","end":"2026-01-06T23:03:20Z","duration_s":600,"affected_aircraft":2,
  "unaffected_aircraft":4,"affected_fraction":0.333,"peak":{"time":"2026-01-06T22:55:00Z","affected_aircraft":2},
  "severity":1,"severity_label":"minor",
  "region":{"type":"Polygon","coordinates":[[[24.7,60.2],[25.1,60.2],[25.1,60.4],[24.7,60.4],[24.7,60.2]]]},
  "aircraft":[
   {"icao":"45ac52","platform":"aircraft","lost_at":{"time":"2026-01-06T22:53:20Z","lat":60.3,"lon":24.9},
    "regained_at":{"time":"2026-01-06T23:00:00Z","lat":60.1,"lon":24.8}},
   {"icao":"502ce1","platform":"aircraft","lost_at":{"time":"2026-01-06T22:55:00Z","lat":60.32,"lon":24.95},
    "regained_at":{"time":"2026-01-06T23:03:20Z","lat":60.0,"lon":24.9}}],
  "source":{"status":"insufficient_evidence","aircraft":2,"witnesses":0,"reason":"fewer than 4 aircraft"}}
]})";

// As spoofing.json (src/output/spoofing_writer.hpp) writes it; one evidence value carries markup.
std::string spoofing_json() {
  return fmt::format(R"({{"findings":[{{"kind":"position_jump","aircraft":["4b1805"],"start":"2026-01-06T22:20:00Z",)"
                     R"("end":"2026-01-06T22:21:00Z","occurrences":3,"evidence":{{"jump_km":212.4,"note":"{}"}},)"
                     R"("reported":{{"lat":59.1,"lon":27.3}},"plausible":{{"lat":60.2,"lon":24.9}}}}],)"
                     R"("counters":{{"messages":1200,"positions":800}}}})",
                     kBreakout);
}

constexpr const char* kSummary = R"({"aircraft":42,"start_s":1767736616,"end_s":1767744000,"classifier":"gpsjam"})";

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::size_t count(const std::string& text, const std::string& needle) {
  std::size_t n = 0;
  for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + needle.size())) ++n;
  return n;
}

class ReportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::temp_directory_path() / fmt::format("gnsswatch_report_{}_{}", ::getpid(), info->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    cells_ = cell_fixtures();
    cells_json_ = cells_geojson(cells_);
  }
  void TearDown() override {
    if (!HasFailure() && !keep_) fs::remove_all(dir_);
  }

  fs::path write_fixture_report() {
    const fs::path path = dir_ / "report.html";
    gw::output::write_report_html(path.string(), kSummary, cells_json_, kEvents, spoofing_json());
    return path;
  }

  fs::path dir_;
  std::vector<CellFixture> cells_;
  std::string cells_json_;
  bool keep_ = false;
};

// The data script's text: what JSON.parse reads in the page.
std::string data_text(const std::string& html) {
  const std::string open = R"(<script id="gnsswatch-data" type="application/json">)";
  const auto begin = html.find(open);
  if (begin == std::string::npos) return {};
  const auto end = html.find("</script>", begin);
  return html.substr(begin + open.size(), end - begin - open.size());
}

TEST_F(ReportTest, TemplateHoldsTheDataPlaceholderOnce) {
  EXPECT_EQ(count(std::string(gw::output::report_template()), std::string(gw::output::kReportDataPlaceholder)), 1u);
}

TEST_F(ReportTest, WritesOneFileThatLoadsNothingFromTheNetwork) {
  const fs::path path = write_fixture_report();
  std::vector<fs::path> files(fs::directory_iterator(dir_), fs::directory_iterator{});
  ASSERT_EQ(files.size(), 1u) << "report.html only, no temporary or side files";
  const std::string html = read_file(path);
  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
  // Nothing fetched: no src/href/url()/@import to a network address, no linked files, no web fonts.
  EXPECT_FALSE(std::regex_search(html, std::regex(R"((src|href)\s*=\s*["']?\s*(https?:)?//)", std::regex::icase)));
  EXPECT_FALSE(std::regex_search(html, std::regex(R"(url\(\s*["']?\s*(https?:)?//)", std::regex::icase)));
  EXPECT_EQ(html.find("@import"), std::string::npos);
  EXPECT_EQ(html.find("@font-face"), std::string::npos);
  EXPECT_EQ(html.find("<link"), std::string::npos);
  EXPECT_FALSE(std::regex_search(html, std::regex(R"(<script[^>]*\ssrc\s*=)", std::regex::icase)));
  EXPECT_EQ(html.find("tile"), std::string::npos) << "no map tiles: the basemap is bundled";
}

TEST_F(ReportTest, DataCannotEndItsScriptElement) {
  const std::string html = gw::output::render_report_html(kSummary, cells_json_, kEvents, spoofing_json());
  // The template's own two scripts close; the data adds no "</script" and no "<" at all.
  EXPECT_EQ(count(html, "</script"), 2u);
  const std::string data = data_text(html);
  ASSERT_FALSE(data.empty());
  EXPECT_EQ(data.find('<'), std::string::npos);
  // The escaped data still parses to the same values.
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  ASSERT_EQ(parser.parse(data).get(doc), simdjson::SUCCESS);
  std::string_view detail;
  ASSERT_EQ(doc["spoofing"]["findings"].at(0)["evidence"]["note"].get(detail), simdjson::SUCCESS);
  EXPECT_EQ(detail, kBreakout);
  int64_t aircraft = 0;
  ASSERT_EQ(doc["summary"]["aircraft"].get(aircraft), simdjson::SUCCESS);
  EXPECT_EQ(aircraft, 42);
}

TEST_F(ReportTest, EmptyDocumentsBecomeNull) {
  const std::string data = data_text(gw::output::render_report_html("", " ", "\n", ""));
  EXPECT_EQ(data, R"({"summary":null,"cells":null,"events":null,"spoofing":null})");
}

TEST_F(ReportTest, WrittenPiecewiseEqualsTheRenderedPageWithCellsFromAFile) {
  // map writes cells.geojson first and streams it into the page in chunks; the page must be the same, '<'
  // escapes included (a '<' in the cells: a cell name or property a later writer might add).
  const std::string cells = cells_json_.substr(0, cells_json_.size() - 1) + R"(,"note":"</script><!--"})";
  const fs::path cells_path = dir_ / "cells.geojson", a = dir_ / "a.html", b = dir_ / "b.html";
  std::ofstream(cells_path, std::ios::binary) << cells;
  gw::output::write_report_html(a.string(), kSummary, cells, kEvents, spoofing_json());
  gw::output::write_report_html_cells_file(b.string(), kSummary, cells_path.string(), kEvents, spoofing_json());
  const std::string expected = gw::output::render_report_html(kSummary, cells, kEvents, spoofing_json());
  EXPECT_EQ(read_file(a), expected);
  EXPECT_EQ(read_file(b), expected);
  std::ofstream(cells_path, std::ios::binary | std::ios::trunc) << " \n";
  gw::output::write_report_html_cells_file(b.string(), "", cells_path.string(), "", "");
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  ASSERT_EQ(parser.parse(data_text(read_file(b))).get(doc), simdjson::SUCCESS) << "blank cells file: null";
  EXPECT_TRUE(doc["cells"].is_null());
}

TEST_F(ReportTest, UnwritablePathThrowsNamingIt) {
  const std::string path = (dir_ / "missing" / "report.html").string();
  try {
    gw::output::write_report_html(path, kSummary, cells_json_, kEvents, spoofing_json());
    FAIL() << "no exception";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find(path), std::string::npos) << e.what();
  }
}

// --- In the real browser --------------------------------------------------------------------------------------

std::string find_chromium() {
  for (const char* candidate : {"/usr/bin/chromium", "/usr/bin/chromium-browser"}) {
    if (::access(candidate, X_OK) == 0) return candidate;
  }
  return {};
}

struct Rendered {
  std::string dom;  // the DOM after the page's script ran
  std::string png;  // a 1400 x 900 screenshot
  std::string log;  // chromium's stderr
};

// Opens `page` (plus `fragment`) in headless chromium: one run dumps the DOM and takes the screenshot.
Rendered render(const std::string& chromium, const fs::path& dir, const fs::path& page, const std::string& fragment,
                const std::string& name) {
  const fs::path profile = dir / "profile";
  const fs::path png = dir / (name + ".png");
  const fs::path log = dir / (name + ".log");
  fs::create_directories(profile);
  const std::string command = fmt::format(
      "timeout 60 '{}' --headless --no-sandbox --disable-gpu --disable-quic --no-first-run "
      "--disable-background-networking --disable-component-update --disable-sync --disable-extensions "
      "--user-data-dir='{}' --virtual-time-budget=5000 --window-size=1400,900 --hide-scrollbars "
      "--screenshot='{}' --dump-dom 'file://{}{}' 2>'{}'",
      chromium, profile.string(), png.string(), page.string(), fragment, log.string());
  Rendered r;
  if (FILE* pipe = ::popen(command.c_str(), "r")) {
    std::array<char, 65536> buffer;
    std::size_t n;
    while ((n = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0) r.dom.append(buffer.data(), n);
    ::pclose(pipe);
  }
  r.png = read_file(png);
  r.log = read_file(log);
  return r;
}

std::string attribute(const std::string& dom, const std::string& element_start, const std::string& name) {
  const auto begin = dom.find(element_start);
  if (begin == std::string::npos) return {};
  const auto end = dom.find('>', begin);
  const std::regex re(name + R"(=\"([^\"]*)\")");
  std::smatch m;
  const std::string tag = dom.substr(begin, end - begin);
  return std::regex_search(tag, m, re) ? m[1].str() : std::string();
}

// Cell paths drawn without a shape.
std::size_t empty_cells(const std::string& dom) {
  const std::regex re(R"(<path class="cell[^"]*" d="")");
  return std::distance(std::sregex_iterator(dom.begin(), dom.end(), re), std::sregex_iterator());
}

std::size_t options_of(const std::string& dom, const std::string& select_id) {
  const auto begin = dom.find(fmt::format(R"(id="{}")", select_id));
  if (begin == std::string::npos) return 0;
  return count(dom.substr(begin, dom.find("</select>", begin) - begin), "<option");
}

void expect_screenshot(const Rendered& r) {
  ASSERT_GT(r.png.size(), 24u) << "no screenshot; chromium's log: " << r.log.substr(0, 4000);
  EXPECT_EQ(r.png.substr(1, 3), "PNG");
  const auto be32 = [&](std::size_t at) {
    return (unsigned(std::uint8_t(r.png[at])) << 24) | (unsigned(std::uint8_t(r.png[at + 1])) << 16) |
           (unsigned(std::uint8_t(r.png[at + 2])) << 8) | unsigned(std::uint8_t(r.png[at + 3]));
  };
  EXPECT_EQ(be32(16), 1400u);
  EXPECT_EQ(be32(20), 900u);
}

// Two runs of the real browser: the default view (Helsinki, window 1) and window 2 chosen in the address
// (cells across the antimeridian). Screenshots are kept, with their paths printed, when
// GNSSWATCH_KEEP_SCREENSHOT is set.
TEST_F(ReportTest, RendersInHeadlessChromium) {
  const std::string chromium = find_chromium();
  ASSERT_FALSE(chromium.empty())
      << "chromium is not installed: the report is tested in a real browser; run scripts/install-deps.sh";
  const fs::path page = write_fixture_report();
  const auto cells_of = [&](std::int64_t window, const std::string& band) {
    return std::count_if(cells_.begin(), cells_.end(),
                         [&](const CellFixture& c) { return c.window_start == window && band == c.band; });
  };

  const Rendered first = render(chromium, dir_, page, "", "default");
  ASSERT_NE(first.dom.find(R"(data-ready="true")"), std::string::npos)
      << "the page's script did not finish; chromium's log: " << first.log.substr(0, 4000);
  const std::string& dom = first.dom;

  // The hex layer: one path per feature of the selected window and band, each with a shape.
  EXPECT_EQ(attribute(dom, R"(<svg id="map")", "data-window"), iso(kWindow1))
      << "the default is the window and band with the most red and yellow cells";
  EXPECT_EQ(attribute(dom, R"(<svg id="map")", "data-band"), "all");
  EXPECT_EQ(count(dom, R"(<path class="cell )"), std::size_t(cells_of(kWindow1, "all")));
  EXPECT_EQ(count(dom, R"(<path class="cell level-red")"), 2u);
  EXPECT_EQ(count(dom, R"(<path class="cell level-yellow")"), 2u);
  EXPECT_EQ(count(dom, R"(<path class="cell level-green")"), 2u);
  EXPECT_EQ(count(dom, R"(<path class="cell level-insufficient")"), 1u);
  EXPECT_EQ(empty_cells(dom), 0u);
  // The bundled basemap.
  EXPECT_NE(dom.find(R"(<path class="land" d="M)"), std::string::npos);
  EXPECT_NE(dom.find(R"(<path class="coast" d="M)"), std::string::npos);
  EXPECT_NE(dom.find(R"(<path class="borders" d="M)"), std::string::npos);
  // Selectors list the data's windows and bands.
  EXPECT_EQ(options_of(dom, "window-select"), 2u);
  EXPECT_EQ(options_of(dom, "band-select"), 2u);

  // The legend says no data is not clean.
  const auto legend = dom.find(R"(id="legend")");
  ASSERT_NE(legend, std::string::npos);
  EXPECT_NE(dom.find("no data", legend), std::string::npos);
  EXPECT_NE(dom.find("No data is not clean", legend), std::string::npos);

  // Events, each with its chart and region; the two located sources of event 1, each drawn and described.
  EXPECT_EQ(count(dom, R"(<li class="event")"), 2u);
  EXPECT_EQ(count(dom, R"(<svg class="event-chart")"), 2u);
  EXPECT_EQ(count(dom, R"(<path class="event-region")"), 2u);
  EXPECT_EQ(count(dom, R"(<path class="source-region" d="M)"), 2u);
  EXPECT_EQ(count(dom, R"(<path class="source-point" d="M)"), 2u);
  EXPECT_NE(dom.find("Located source: 60.550, 25.600, 95 % region 6.5 × 3.2 km (semi-axes); jammed radius 44 km; "
                     "from 3 aircraft"),
            std::string::npos);
  EXPECT_NE(dom.find("Second source: 60.300, 24.600, 95 % region 4.1 × 2.0 km (semi-axes); jammed radius 21 km; "
                     "from 9 aircraft"),
            std::string::npos);
  EXPECT_NE(dom.find("Source not located: insufficient evidence (fewer than 4 aircraft)"), std::string::npos);

  // The findings table, the hostile text shown as text; the summary.
  EXPECT_NE(dom.find(R"(<table id="findings")"), std::string::npos);
  EXPECT_EQ(count(dom, R"(<tr class="finding")"), 1u);
  EXPECT_NE(dom.find("&lt;/script&gt;&lt;script&gt;document.title='broken out'"), std::string::npos);
  EXPECT_EQ(dom.find("<title>broken out"), std::string::npos);
  EXPECT_NE(dom.find(R"(<div class="stat" id="sum-aircraft"><span class="stat-value">42</span>)"), std::string::npos);
  EXPECT_NE(dom.find(R"(<div class="stat" id="sum-events"><span class="stat-value">2</span>)"), std::string::npos);
  EXPECT_NE(dom.find(R"(<div class="stat" id="sum-findings"><span class="stat-value">1</span>)"), std::string::npos);
  expect_screenshot(first);

  // Window 2 from the address: the antimeridian cells (raw H3 and cut into a MultiPolygon) are drawn.
  const std::string window2 = iso(kWindow2);
  const Rendered second =
      render(chromium, dir_, page, "#window=" + std::regex_replace(window2, std::regex(":"), "%3A") + "&band=all",
             "window2");
  EXPECT_EQ(attribute(second.dom, R"(<svg id="map")", "data-window"), window2) << second.log.substr(0, 4000);
  EXPECT_EQ(count(second.dom, R"(<path class="cell )"), std::size_t(cells_of(kWindow2, "all")));
  EXPECT_EQ(empty_cells(second.dom), 0u);
  expect_screenshot(second);

  if (std::getenv("GNSSWATCH_KEEP_SCREENSHOT")) {
    keep_ = true;
    std::printf("report: %s\nscreenshots: %s, %s\n", page.c_str(), (dir_ / "default.png").c_str(),
                (dir_ / "window2.png").c_str());
  }
}

}  // namespace
