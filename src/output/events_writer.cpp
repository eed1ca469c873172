#include "output/events_writer.hpp"

#include <cmath>
#include <cstdint>

#include <fmt/format.h>

#include "output/atomic_file.hpp"
#include "output/cells_writer.hpp"

namespace gw::output {
namespace {

using Buffer = fmt::memory_buffer;

void put_time(Buffer& b, double t) {
  if (!std::isfinite(t)) {
    fmt::format_to(std::back_inserter(b), "null");
    return;
  }
  fmt::format_to(std::back_inserter(b), "\"{}\"", iso8601_utc(t));
}

void put_number(Buffer& b, double v, int decimals) {
  if (!std::isfinite(v)) fmt::format_to(std::back_inserter(b), "null");
  else fmt::format_to(std::back_inserter(b), "{:.{}f}", v, decimals);
}

void put_id(Buffer& b, const detect::GnssEpisode& e) {
  if (e.platform == detect::Platform::Ship) fmt::format_to(std::back_inserter(b), "\"mmsi\":{},\"platform\":\"ship\"", e.id);
  else fmt::format_to(std::back_inserter(b), "\"icao\":\"{:06x}\",\"platform\":\"aircraft\"", e.id);
}

void put_place(Buffer& b, double t, double lat, double lon) {
  b.append(std::string_view("{\"time\":"));
  put_time(b, t);
  b.append(std::string_view(",\"lat\":"));
  put_number(b, lat, 5);
  b.append(std::string_view(",\"lon\":"));
  put_number(b, lon, 5);
  b.push_back('}');
}

void put_polygon(Buffer& b, const detect::Event& ev) {
  b.append(std::string_view("{\"type\":\"Polygon\",\"coordinates\":[["));
  for (std::size_t i = 0; i < ev.region.size(); ++i) {
    if (i) b.push_back(',');
    fmt::format_to(std::back_inserter(b), "[{:.5f},{:.5f}]", ev.region[i].lon_deg, ev.region[i].lat_deg);
  }
  b.append(std::string_view("]]}"));
}

void put_ring(Buffer& b, const std::vector<geo::h3::LatLng>& ring) {
  b.append(std::string_view("{\"type\":\"Polygon\",\"coordinates\":[["));
  for (std::size_t i = 0; i < ring.size(); ++i) {
    if (i) b.push_back(',');
    fmt::format_to(std::back_inserter(b), "[{:.5f},{:.5f}]", ring[i].lon_deg, ring[i].lat_deg);
  }
  b.append(std::string_view("]]}"));
}

void put_escaped(Buffer& b, std::string_view text) {
  b.push_back('"');
  for (char c : text) {
    if (c == '"' || c == '\\') b.push_back('\\');
    if (static_cast<unsigned char>(c) < 0x20) fmt::format_to(std::back_inserter(b), "\\u{:04x}", static_cast<int>(c));
    else b.push_back(c);
  }
  b.push_back('"');
}

// The located source (docs/EVENTS_SPOOFING.md, docs/LOCALIZATION.md), or null when localization was not run.
void put_source(Buffer& b, const std::optional<detect::SourceEstimate>& source) {
  if (!source) {
    b.append(std::string_view("null"));
    return;
  }
  const detect::SourceEstimate& s = *source;
  if (s.status != detect::SourceStatus::Located) {
    fmt::format_to(std::back_inserter(b), "{{\"status\":\"insufficient_evidence\",\"aircraft\":{},\"witnesses\":{},"
                   "\"method\":", s.aircraft, s.witnesses);
    put_escaped(b, s.method);
    b.append(std::string_view(",\"reason\":"));
    put_escaped(b, s.reason);
    b.push_back('}');
    return;
  }
  b.append(std::string_view("{\"status\":\"located\",\"lat\":"));
  put_number(b, s.lat_deg, 5);
  b.append(std::string_view(",\"lon\":"));
  put_number(b, s.lon_deg, 5);
  b.append(std::string_view(",\"radius_km\":"));
  put_number(b, s.radius_km, 1);
  b.append(std::string_view(",\"radius_km_at_ft\":{"));
  for (int i = 0; i < 3; ++i) {
    fmt::format_to(std::back_inserter(b), "{}\"{:.0f}\":", i ? "," : "", detect::kSourceAltitudesFt[i]);
    put_number(b, s.radius_at_ft[i], 1);
  }
  b.append(std::string_view("},\"height_m\":"));
  put_number(b, s.height_m, 0);
  b.append(std::string_view(",\"boundary_sigma_km\":"));
  put_number(b, s.boundary_sigma_km, 2);
  b.append(std::string_view(",\"ellipse95\":{\"semi_major_km\":"));
  put_number(b, s.semi_major_km, 2);
  b.append(std::string_view(",\"semi_minor_km\":"));
  put_number(b, s.semi_minor_km, 2);
  b.append(std::string_view(",\"orientation_deg\":"));
  put_number(b, s.orientation_deg, 1);
  b.append(std::string_view(",\"statistical_semi_major_km\":"));
  put_number(b, s.statistical_semi_major_km, 3);
  b.append(std::string_view(",\"statistical_semi_minor_km\":"));
  put_number(b, s.statistical_semi_minor_km, 3);
  b.append(std::string_view(",\"systematic_range_km\":"));
  put_number(b, s.systematic_range_km, 2);
  b.append(std::string_view(",\"model_spread_km\":"));
  put_number(b, s.model_spread_km, 3);
  b.append(std::string_view("},\"ci95\":"));
  put_ring(b, s.ci95);
  if (std::isfinite(s.velocity_east_kmh)) {  // a moving source: where it was at `time`, and its velocity
    b.append(std::string_view(",\"time\":"));
    put_time(b, s.time_s);
    b.append(std::string_view(",\"velocity_kmh\":{\"east\":"));
    put_number(b, s.velocity_east_kmh, 1);
    b.append(std::string_view(",\"north\":"));
    put_number(b, s.velocity_north_kmh, 1);
    b.push_back('}');
  }
  fmt::format_to(std::back_inserter(b),
                 ",\"aircraft\":{},\"witnesses\":{},\"drop_pairs\":{},\"passes\":{},\"events_pooled\":{},\"method\":",
                 s.aircraft, s.witnesses, s.drop_pairs, s.passes, s.pooled ? s.pooled_events : 1);
  put_escaped(b, s.method);
  b.push_back('}');
}

double affected_fraction(const detect::Event& ev) {
  const double present = static_cast<double>(ev.affected + ev.unaffected);
  return present > 0 ? static_cast<double>(ev.affected) / present : 0.0;
}

// The summary both files carry.
void put_summary(Buffer& b, const detect::Event& ev) {
  fmt::format_to(std::back_inserter(b), "\"id\":{},\"start\":", ev.id);
  put_time(b, ev.start_s);
  b.append(std::string_view(",\"end\":"));
  put_time(b, ev.end_s);
  fmt::format_to(std::back_inserter(b),
                 ",\"duration_s\":{:.0f},\"affected_aircraft\":{},\"unaffected_aircraft\":{},\"affected_fraction\":{:.3f},"
                 "\"peak\":{{\"time\":",
                 ev.end_s - ev.start_s, ev.affected, ev.unaffected, affected_fraction(ev));
  put_time(b, ev.peak_s);
  fmt::format_to(std::back_inserter(b), ",\"affected_aircraft\":{}}},\"severity\":{},\"severity_label\":\"{}\"",
                 ev.peak_affected, static_cast<int>(ev.severity), detect::severity_name(ev.severity));
}

}  // namespace

std::string iso8601_utc(double unix_s) {
  if (!std::isfinite(unix_s)) return {};
  return iso8601_utc(static_cast<std::int64_t>(std::floor(unix_s)));  // cells_writer.hpp: whole seconds
}

std::string events_json_text(std::span<const detect::Event> events) {
  Buffer b;
  b.append(std::string_view("{\"events\":["));
  for (std::size_t i = 0; i < events.size(); ++i) {
    const detect::Event& ev = events[i];
    b.append(std::string_view(i ? ",\n{" : "\n{"));
    put_summary(b, ev);
    b.append(std::string_view(",\"region\":"));
    put_polygon(b, ev);
    b.append(std::string_view(",\"aircraft\":["));
    for (std::size_t k = 0; k < ev.episodes.size(); ++k) {
      const detect::GnssEpisode& e = ev.episodes[k];
      b.append(std::string_view(k ? ",{" : "{"));
      put_id(b, e);
      b.append(std::string_view(",\"lost_at\":"));
      put_place(b, e.lost_s, e.lost_lat_deg, e.lost_lon_deg);
      if (e.altitude_ft) fmt::format_to(std::back_inserter(b), ",\"altitude_ft\":{}", *e.altitude_ft);
      b.append(std::string_view(",\"regained_at\":"));
      if (std::isfinite(e.regained_s)) put_place(b, e.regained_s, e.regained_lat_deg, e.regained_lon_deg);
      else b.append(std::string_view("null"));
      // Lost before it was first heard good: lost_at is its first message heard without GNSS, place unknown.
      if (e.seen_at_regain) b.append(std::string_view(",\"seen_at_regain\":true"));
      b.push_back('}');
    }
    b.append(std::string_view("],\"source\":"));
    put_source(b, ev.source);
    if (!ev.sources.empty()) {  // several concurrent sources (docs/LOCALIZATION.md): `source` is the first
      b.append(std::string_view(",\"sources\":["));
      for (std::size_t k = 0; k < ev.sources.size(); ++k) {
        if (k) b.push_back(',');
        put_source(b, ev.sources[k]);
      }
      b.push_back(']');
    }
    b.push_back('}');
  }
  b.append(std::string_view("\n]}\n"));
  return fmt::to_string(b);
}

std::string events_geojson_text(std::span<const detect::Event> events) {
  Buffer b;
  b.append(std::string_view("{\"type\":\"FeatureCollection\",\"features\":["));
  for (std::size_t i = 0; i < events.size(); ++i) {
    b.append(std::string_view(i ? ",\n" : "\n"));
    b.append(std::string_view("{\"type\":\"Feature\",\"geometry\":"));
    put_polygon(b, events[i]);
    b.append(std::string_view(",\"properties\":{"));
    put_summary(b, events[i]);
    b.append(std::string_view("}}"));
  }
  b.append(std::string_view("\n]}\n"));
  return fmt::to_string(b);
}

void write_events_json(const std::string& path, std::span<const detect::Event> events) {
  write_events_json_text(path, events_json_text(events));
}

void write_events_json_text(const std::string& path, std::string_view text) {
  AtomicFile file(path);
  file.write(text);
  file.commit();
}

void write_events_geojson(const std::string& path, std::span<const detect::Event> events) {
  const std::string text = events_geojson_text(events);
  AtomicFile file(path);
  file.write(text);
  file.commit();
}

}  // namespace gw::output
