#include "eval/map_output.hpp"

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "eval/json_read.hpp"

namespace gw::eval {

std::size_t DetectedEvent::distinct_aircraft() const {
  std::vector<std::uint32_t> ids;
  for (const auto& e : episodes) ids.push_back(e.icao);
  std::sort(ids.begin(), ids.end());
  return static_cast<std::size_t>(std::unique(ids.begin(), ids.end()) - ids.begin());
}

namespace {

using detail::dom::element;
using detail::JsonReader;

std::uint32_t parse_icao(const JsonReader& r, std::string_view text, std::string_view where) {
  std::uint32_t v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v, 16);
  if (text.size() != 6 || ec != std::errc() || end != text.data() + text.size())
    r.fail(where, fmt::format("\"{}\" is not a 6-digit hex ICAO address", text));
  return v;
}

double time_member(const JsonReader& r, element e, std::string_view key, std::string_view where, bool required) {
  const auto value = r.optional_member(e, key);
  if (!value) {
    if (required) r.fail(fmt::format("{}.{}", where, key), "missing");
    return kNoTime;
  }
  std::string_view text;
  if (value->get_string().get(text)) r.fail(fmt::format("{}.{}", where, key), "not a time string");
  const auto t = detail::parse_iso8601_utc(text);
  if (!t) r.fail(fmt::format("{}.{}", where, key), fmt::format("\"{}\" is not an ISO 8601 UTC time", text));
  return *t;
}

Ring read_ring(const JsonReader& r, element ring, const std::string& where) {
  detail::dom::array positions;
  if (ring.get_array().get(positions)) r.fail(where, "not an array of positions");
  Ring out;
  for (element p : positions) {
    detail::dom::array pair;
    double lon = 0, lat = 0;
    if (p.get_array().get(pair) || pair.size() < 2 || pair.at(0).get_double().get(lon) || pair.at(1).get_double().get(lat))
      r.fail(where, "a position is not [lon, lat]");
    out.push_back({lat, lon});
  }
  if (out.size() < 3) r.fail(where, "a ring needs at least 3 positions");
  return out;
}

Polygon read_polygon(const JsonReader& r, element rings, const std::string& where) {
  detail::dom::array list;
  if (rings.get_array().get(list)) r.fail(where, "not an array of rings");
  Polygon out;
  std::size_t i = 0;
  for (element ring : list) out.push_back(read_ring(r, ring, fmt::format("{}[{}]", where, i++)));
  if (out.empty()) r.fail(where, "no ring");
  return out;
}

std::vector<Polygon> read_geometry(const JsonReader& r, element g, const std::string& where) {
  const std::string_view type = r.string(g, "type", where);
  const std::string coords = where + ".coordinates";
  const auto coordinates = r.optional_member(g, "coordinates");
  if (!coordinates) r.fail(coords, "missing");
  if (type == "Polygon") return {read_polygon(r, *coordinates, coords)};
  if (type == "MultiPolygon") {
    detail::dom::array polygons;
    if (coordinates->get_array().get(polygons)) r.fail(coords, "not an array of polygons");
    std::vector<Polygon> out;
    std::size_t i = 0;
    for (element p : polygons) out.push_back(read_polygon(r, p, fmt::format("{}[{}]", coords, i++)));
    return out;
  }
  r.fail(where + ".type", fmt::format("\"{}\" is not Polygon or MultiPolygon", type));
}

// One source object (`w` names it in errors).
DetectedSource read_source_object(const JsonReader& r, element source, const std::string& w) {
  DetectedSource s;
  r.object(source, w);
  s.status_text = r.string(source, "status", w);
  if (s.status_text != "located") {
    s.status = DetectedSource::Status::NotLocated;
    return s;
  }
  s.status = DetectedSource::Status::Located;
  s.lat_deg = r.number(source, "lat", w);
  s.lon_deg = r.number(source, "lon", w);
  if (const auto radius = r.optional_number(source, "radius_km", w)) s.radius_km = *radius;
  if (const auto ci = r.optional_member(source, "ci95")) s.ci95 = read_geometry(r, *ci, w + ".ci95");
  if (const auto method = r.optional_member(source, "method")) {
    std::string_view m;
    if (!method->get_string().get(m)) s.method = m;
  }
  if (const auto n = r.optional_number(source, "aircraft", w)) s.aircraft = static_cast<int>(*n);
  return s;
}

DetectedSource read_source(const JsonReader& r, element e, const std::string& where) {
  const auto value = r.optional_member(e, "source");
  if (!value) return {};  // "source": null (or absent, as before localisation existed)
  return read_source_object(r, *value, where + ".source");
}

std::vector<DetectedEvent> read_events(JsonReader& r, element root) {
  r.object(root, "(top level)");
  std::vector<DetectedEvent> events;
  std::size_t i = 0;
  for (element e : r.array(root, "events", "(top level)")) {
    const std::string where = fmt::format("events[{}]", i++);
    r.object(e, where);
    DetectedEvent ev;
    ev.id = static_cast<int>(r.integer(e, "id", where));
    ev.start_s = time_member(r, e, "start", where, true);
    ev.end_s = time_member(r, e, "end", where, true);
    ev.affected_aircraft = static_cast<int>(r.integer(e, "affected_aircraft", where));
    if (const auto peak = r.optional_member(e, "peak")) ev.peak_s = time_member(r, *peak, "time", where + ".peak", false);
    std::size_t k = 0;
    for (element a : r.array(e, "aircraft", where)) {
      const std::string w = fmt::format("{}.aircraft[{}]", where, k++);
      const auto icao = r.optional_member(a, "icao");
      if (!icao) continue;  // a ship ("mmsi"): the simulator has none
      std::string_view text;
      if (icao->get_string().get(text)) r.fail(w + ".icao", "not a string");
      DetectedEpisode ep;
      ep.icao = parse_icao(r, text, w + ".icao");
      const auto lost = r.optional_member(a, "lost_at");
      if (!lost) r.fail(w + ".lost_at", "missing");
      ep.lost_s = time_member(r, *lost, "time", w + ".lost_at", true);
      if (const auto regained = r.optional_member(a, "regained_at"))
        ep.regained_s = time_member(r, *regained, "time", w + ".regained_at", false);
      ev.episodes.push_back(ep);
    }
    ev.source = read_source(r, e, where);
    if (r.optional_member(e, "sources")) {  // two sources at once (docs/EVENTS_SPOOFING.md)
      std::size_t k = 0;
      for (element s : r.array(e, "sources", where))
        ev.sources.push_back(read_source_object(r, s, fmt::format("{}.sources[{}]", where, k++)));
    }
    events.push_back(std::move(ev));
  }
  return events;
}

std::vector<DetectedFinding> read_findings(JsonReader& r, element root) {
  r.object(root, "(top level)");
  std::vector<DetectedFinding> findings;
  std::size_t i = 0;
  for (element f : r.array(root, "findings", "(top level)")) {
    const std::string where = fmt::format("findings[{}]", i++);
    r.object(f, where);
    DetectedFinding d;
    d.kind = r.string(f, "kind", where);
    std::size_t k = 0;
    for (element a : r.array(f, "aircraft", where)) {
      std::string_view text;
      const std::string w = fmt::format("{}.aircraft[{}]", where, k++);
      if (a.get_string().get(text)) r.fail(w, "not a string");
      d.aircraft.push_back(parse_icao(r, text, w));
    }
    d.start_s = time_member(r, f, "start", where, false);
    d.end_s = time_member(r, f, "end", where, false);
    findings.push_back(std::move(d));
  }
  return findings;
}

std::string read_text_file(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) throw EvalError(fmt::format("{}: no such file", path));
  std::ifstream in(path, std::ios::binary);
  if (!in) throw EvalError(fmt::format("{}: cannot read", path));
  std::stringstream ss;
  ss << in.rdbuf();
  if (in.bad()) throw EvalError(fmt::format("{}: cannot read", path));
  return ss.str();
}

}  // namespace

std::vector<DetectedEvent> parse_events_json(std::string_view json, const std::string& path) {
  JsonReader reader(path);
  return read_events(reader, reader.parse(json));
}

std::vector<DetectedFinding> parse_spoofing_json(std::string_view json, const std::string& path) {
  JsonReader reader(path);
  return read_findings(reader, reader.parse(json));
}

CellCoverage parse_cells_csv(std::string_view csv, const std::string& path) {
  // The columns eval needs, in the order docs/MAP_OUTPUTS.md fixes.
  constexpr std::string_view kHeaderStart = "hex,count_good_aircraft,count_bad_aircraft,window_start,window_end,band";
  CellCoverage c;
  std::size_t line_no = 0, pos = 0;
  bool header = true;
  while (pos < csv.size()) {
    std::size_t eol = csv.find('\n', pos);
    if (eol == std::string_view::npos) eol = csv.size();
    std::string_view line = csv.substr(pos, eol - pos);
    pos = eol + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (header) {
      if (line.substr(0, kHeaderStart.size()) != kHeaderStart)
        throw EvalError(fmt::format("{}: line 1: header does not start with \"{}\" (docs/MAP_OUTPUTS.md)", path, kHeaderStart));
      header = false;
      continue;
    }
    if (line.empty()) continue;
    std::string_view fields[6];
    std::size_t start = 0;
    for (int f = 0; f < 6; ++f) {
      const std::size_t comma = line.find(',', start);
      if (comma == std::string_view::npos && f < 5)
        throw EvalError(fmt::format("{}: line {}: fewer than 6 columns", path, line_no));
      fields[f] = line.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
      start = comma == std::string_view::npos ? line.size() : comma + 1;
    }
    const auto ws = detail::parse_iso8601_utc(fields[3]);
    const auto we = detail::parse_iso8601_utc(fields[4]);
    if (!ws || !we)
      throw EvalError(fmt::format("{}: line {}: window_start/window_end \"{}\", \"{}\" are not ISO 8601 UTC times", path,
                                  line_no, fields[3], fields[4]));
    ++c.rows;
    if (!(*ws >= c.first_window_start_s)) c.first_window_start_s = *ws;
    if (!(*we <= c.last_window_end_s)) c.last_window_end_s = *we;
    if (*we - *ws == 3600.0) {
      c.has_hour_windows = true;
      if (fields[5] == "all") ++c.all_band_hour_rows;
    }
  }
  if (header) throw EvalError(fmt::format("{}: empty (no header line)", path));
  return c;
}

MapOutput load_map_output(const std::string& dir) {
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) throw EvalError(fmt::format("{}: not a directory (expected a map --out directory)", dir));
  MapOutput m;
  m.dir = dir;
  const std::string events_path = (std::filesystem::path(dir) / "events.json").string();
  const std::string spoofing_path = (std::filesystem::path(dir) / "spoofing.json").string();
  const std::string cells_path = (std::filesystem::path(dir) / "cells.csv").string();
  {
    JsonReader reader(events_path);
    m.events = read_events(reader, reader.load());
  }
  {
    JsonReader reader(spoofing_path);
    m.findings = read_findings(reader, reader.load());
  }
  m.coverage = parse_cells_csv(read_text_file(cells_path), cells_path);
  return m;
}

}  // namespace gw::eval
