#include "eval/truth.hpp"

#include <algorithm>
#include <charconv>

#include <fmt/format.h>

#include "eval/json_read.hpp"

namespace gw::eval {

LatLon TruthInterferer::position_at(double time_s) const {
  if (track.empty()) return {lat_deg, lon_deg};
  if (time_s <= track.front().time_s) return {track.front().lat_deg, track.front().lon_deg};
  if (time_s >= track.back().time_s) return {track.back().lat_deg, track.back().lon_deg};
  const auto next = std::upper_bound(track.begin(), track.end(), time_s,
                                     [](double t, const TrackPoint& p) { return t < p.time_s; });
  const TrackPoint& b = *next;
  const TrackPoint& a = *(next - 1);
  const double span = b.time_s - a.time_s;
  const double f = span > 0 ? (time_s - a.time_s) / span : 0.0;
  // Longitude the short way round, so a track crossing 180° interpolates across it.
  double dlon = b.lon_deg - a.lon_deg;
  if (dlon > 180) dlon -= 360;
  if (dlon < -180) dlon += 360;
  double lon = a.lon_deg + f * dlon;
  if (lon > 180) lon -= 360;
  if (lon < -180) lon += 360;
  return {a.lat_deg + f * (b.lat_deg - a.lat_deg), lon};
}

const TruthInterferer* Truth::interferer(int id) const {
  for (const auto& i : interferers)
    if (i.id == id) return &i;
  return nullptr;
}

namespace {

using detail::dom::element;

std::uint32_t parse_icao(const detail::JsonReader& r, std::string_view text, std::string_view where) {
  std::uint32_t v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v, 16);
  if (text.size() != 6 || ec != std::errc() || end != text.data() + text.size())
    r.fail(where, fmt::format("\"{}\" is not a 6-digit hex ICAO address", text));
  return v;
}

Truth read_truth(detail::JsonReader& r, element root) {
  r.object(root, "(top level)");
  const std::string_view format = r.string(root, "format", "(top level)");
  if (format != "gnsswatch-truth/1")
    r.fail("format", fmt::format("\"{}\" is not \"gnsswatch-truth/1\" (docs/TRUTH.md)", format));
  Truth t;
  t.path = r.path();
  if (const auto scenario = r.optional_member(root, "scenario")) {
    std::string_view s;
    if (!scenario->get_string().get(s)) t.scenario = s;
  }
  if (const auto seed = r.optional_member(root, "seed")) {
    std::int64_t s = 0;
    if (!seed->get_int64().get(s)) t.seed = s;
  }
  t.start_s = r.number(root, "start_s", "(top level)");
  t.end_s = r.number(root, "end_s", "(top level)");

  std::size_t i = 0;
  for (element e : r.array(root, "interferers", "(top level)")) {
    const std::string where = fmt::format("interferers[{}]", i++);
    r.object(e, where);
    TruthInterferer in;
    in.id = static_cast<int>(r.integer(e, "id", where));
    in.kind = r.string(e, "kind", where);
    if (in.kind != "jammer" && in.kind != "spoofer") r.fail(where + ".kind", fmt::format("\"{}\" is neither jammer nor spoofer", in.kind));
    if (const auto name = r.optional_member(e, "name")) {
      std::string_view s;
      if (!name->get_string().get(s)) in.name = s;
    }
    in.lat_deg = r.number(e, "lat", where);
    in.lon_deg = r.number(e, "lon", where);
    std::size_t k = 0;
    for (element a : r.array(e, "active", where)) {
      const std::string w = fmt::format("{}.active[{}]", where, k++);
      in.active.push_back({r.number(a, "start_s", w), r.number(a, "end_s", w)});
      if (in.active.back().end_s < in.active.back().start_s) r.fail(w, "end_s before start_s");
    }
    k = 0;
    if (const auto track = r.optional_member(e, "track")) {
      detail::dom::array points;
      if (track->get_array().get(points)) r.fail(where + ".track", "not an array");
      for (element p : points) {
        const std::string w = fmt::format("{}.track[{}]", where, k++);
        in.track.push_back({r.number(p, "time_s", w), r.number(p, "lat", w), r.number(p, "lon", w)});
        if (in.track.size() > 1 && in.track.back().time_s < in.track[in.track.size() - 2].time_s)
          r.fail(w, "waypoints out of time order");
      }
    }
    if (t.interferer(in.id)) r.fail(where + ".id", fmt::format("{} appears twice", in.id));
    t.interferers.push_back(std::move(in));
  }

  i = 0;
  for (element e : r.array(root, "aircraft", "(top level)")) {
    const std::string where = fmt::format("aircraft[{}]", i++);
    r.object(e, where);
    TruthAircraft a;
    a.icao = parse_icao(r, r.string(e, "icao", where), where + ".icao");
    if (const auto callsign = r.optional_member(e, "callsign")) {
      std::string_view s;
      if (!callsign->get_string().get(s)) a.callsign = s;
    }
    if (r.optional_member(e, "gnss")) a.gnss = r.boolean(e, "gnss", where);
    std::size_t k = 0;
    if (r.optional_member(e, "affected")) {
      for (element f : r.array(e, "affected", where)) {
        const std::string w = fmt::format("{}.affected[{}]", where, k++);
        TruthAffected af;
        af.interferer = static_cast<int>(r.integer(f, "interferer", w));
        af.kind = r.string(f, "kind", w);
        if (af.kind != "jammed" && af.kind != "spoofed") r.fail(w + ".kind", fmt::format("\"{}\" is neither jammed nor spoofed", af.kind));
        af.start_s = r.number(f, "start_s", w);
        af.end_s = r.number(f, "end_s", w);
        af.heard = r.boolean(f, "heard", w);
        if (r.optional_member(f, "start_on_ground")) af.start_on_ground = r.boolean(f, "start_on_ground", w);
        // Present (a number, or null for "none within 15 min") in truth.json written since session 3.
        af.has_good_fix = f.at_key("good_before_s").error() == simdjson::SUCCESS;
        if (const auto before = r.optional_number(f, "good_before_s", w)) af.good_before_s = *before;
        if (const auto after = r.optional_number(f, "good_after_s", w)) af.good_after_s = *after;
        if (!t.interferer(af.interferer)) r.fail(w + ".interferer", fmt::format("no interferer with id {}", af.interferer));
        a.affected.push_back(std::move(af));
      }
    }
    t.aircraft.push_back(std::move(a));
  }
  return t;
}

}  // namespace

Truth load_truth(const std::string& path) {
  detail::JsonReader reader(path);
  return read_truth(reader, reader.load());
}

Truth parse_truth(std::string_view json, const std::string& path) {
  detail::JsonReader reader(path);
  return read_truth(reader, reader.parse(json));
}

}  // namespace gw::eval
