// Small hand-written scenarios for the eval tests: truth.json and map outputs built from numbers the tests
// also use to compute the expected scores.
#pragma once

#include <array>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "output/events_writer.hpp"  // iso8601_utc

namespace gw::eval::test {

inline constexpr double kT0 = 1767754800.0;  // 2026-01-07T03:00:00Z

struct FxInterval {
  double start_s, end_s;
};

struct FxInterferer {
  int id;
  std::string kind = "jammer";
  std::string name;
  double lat, lon;
  std::vector<FxInterval> active;
  std::vector<std::array<double, 3>> track;  // time_s, lat, lon
};

struct FxAffected {
  int interferer;
  std::string kind = "jammed";
  double start_s, end_s;
  bool heard = true;
  std::optional<bool> start_on_ground = std::nullopt;
  // good_fix: write good_before_s (null when good_before_s is NaN) and good_after_s (null).
  bool good_fix = false;
  double good_before_s = std::numeric_limits<double>::quiet_NaN();
};

struct FxAircraft {
  std::string icao;
  std::vector<FxAffected> affected;
};

inline std::string truth_json(const std::vector<FxInterferer>& interferers, const std::vector<FxAircraft>& aircraft,
                              const std::string& scenario = "test", int seed = 7) {
  std::string s = fmt::format(
      "{{\"format\":\"gnsswatch-truth/1\",\"scenario\":\"{}\",\"seed\":{},\"start\":\"x\",\"start_s\":{:.1f},"
      "\"end\":\"x\",\"end_s\":{:.1f},\"receivers\":[{{\"name\":\"r\",\"lat\":60,\"lon\":25,\"height_m\":30,\"range_km\":400}}],"
      "\"interferers\":[",
      scenario, seed, kT0, kT0 + 7200);
  for (std::size_t i = 0; i < interferers.size(); ++i) {
    const auto& in = interferers[i];
    s += fmt::format("{}{{\"id\":{},\"kind\":\"{}\",\"name\":\"{}\",\"lat\":{},\"lon\":{},\"height_m\":30,\"eirp_dbw\":30,"
                     "\"radius_km\":{{\"1000\":85,\"10000\":160,\"35000\":160}},\"active\":[",
                     i ? "," : "", in.id, in.kind, in.name, in.lat, in.lon);
    for (std::size_t k = 0; k < in.active.size(); ++k)
      s += fmt::format("{}{{\"start\":\"x\",\"start_s\":{:.1f},\"end\":\"x\",\"end_s\":{:.1f}}}", k ? "," : "", in.active[k].start_s,
                       in.active[k].end_s);
    s += "],\"track\":[";
    for (std::size_t k = 0; k < in.track.size(); ++k)
      s += fmt::format("{}{{\"time_s\":{:.1f},\"lat\":{},\"lon\":{}}}", k ? "," : "", in.track[k][0], in.track[k][1], in.track[k][2]);
    s += "]}";
  }
  s += "],\"aircraft\":[";
  for (std::size_t i = 0; i < aircraft.size(); ++i) {
    const auto& a = aircraft[i];
    s += fmt::format("{}{{\"icao\":\"{}\",\"callsign\":\"T{}\",\"version\":2,\"gnss\":true,\"affected\":[", i ? "," : "", a.icao, i);
    for (std::size_t k = 0; k < a.affected.size(); ++k) {
      const auto& f = a.affected[k];
      s += fmt::format("{}{{\"interferer\":{},\"kind\":\"{}\",\"start\":\"x\",\"start_s\":{:.1f},\"end\":\"x\",\"end_s\":{:.1f},"
                       "\"start_lat\":60,\"start_lon\":25,\"start_alt_ft\":30000,\"end_lat\":60,\"end_lon\":25,\"heard\":{}{}{}}}",
                       k ? "," : "", f.interferer, f.kind, f.start_s, f.end_s, f.heard,
                       f.start_on_ground ? fmt::format(",\"start_on_ground\":{}", *f.start_on_ground) : "",
                       !f.good_fix ? ""
                       : std::isnan(f.good_before_s)
                           ? std::string(",\"good_before_s\":null,\"good_after_s\":null")
                           : fmt::format(",\"good_before_s\":{:.1f},\"good_after_s\":null", f.good_before_s));
    }
    s += "]}";
  }
  s += "]}\n";
  return s;
}

struct FxEpisode {
  std::string icao;
  double lost_s;
  std::optional<double> regained_s;
};

struct FxEvent {
  int id;
  double start_s, end_s, peak_s;
  std::vector<FxEpisode> episodes;
  std::string source = "null";  // JSON text of "source"
  std::string sources = "";     // JSON text of "sources" (two jammers at once); absent when empty
};

inline std::string time_text(double t) { return fmt::format("\"{}\"", output::iso8601_utc(t)); }

inline std::string events_json(const std::vector<FxEvent>& events) {
  std::string s = "{\"events\":[";
  for (std::size_t i = 0; i < events.size(); ++i) {
    const auto& e = events[i];
    s += fmt::format("{}\n{{\"id\":{},\"start\":{},\"end\":{},\"duration_s\":{:.0f},\"affected_aircraft\":{},\"unaffected_aircraft\":0,"
                     "\"affected_fraction\":1.000,\"peak\":{{\"time\":{},\"affected_aircraft\":2}},\"severity\":2,"
                     "\"severity_label\":\"moderate\",\"region\":{{\"type\":\"Polygon\",\"coordinates\":[[[25,60],[25.1,60],[25,60.1],[25,60]]]}},"
                     "\"aircraft\":[",
                     i ? "," : "", e.id, time_text(e.start_s), time_text(e.end_s), e.end_s - e.start_s, e.episodes.size(),
                     time_text(e.peak_s));
    for (std::size_t k = 0; k < e.episodes.size(); ++k) {
      const auto& ep = e.episodes[k];
      s += fmt::format("{}{{\"icao\":\"{}\",\"platform\":\"aircraft\",\"lost_at\":{{\"time\":{},\"lat\":60.1,\"lon\":25.1}},"
                       "\"altitude_ft\":30000,\"regained_at\":{}}}",
                       k ? "," : "", ep.icao, time_text(ep.lost_s),
                       ep.regained_s ? fmt::format("{{\"time\":{},\"lat\":60.2,\"lon\":25.2}}", time_text(*ep.regained_s)) : "null");
    }
    s += "],\"source\":" + e.source + (e.sources.empty() ? "" : ",\"sources\":" + e.sources) + "}";
  }
  s += "\n]}\n";
  return s;
}

inline std::string spoofing_json(const std::vector<std::vector<std::string>>& findings) {
  std::string s = "{\"findings\":[";
  for (std::size_t i = 0; i < findings.size(); ++i) {
    s += fmt::format("{}\n{{\"kind\":\"position_jump\",\"aircraft\":[", i ? "," : "");
    for (std::size_t k = 0; k < findings[i].size(); ++k) s += fmt::format("{}\"{}\"", k ? "," : "", findings[i][k]);
    s += fmt::format("],\"start\":{},\"end\":{},\"occurrences\":1,\"evidence\":{{\"distance_km\":111.2}},"
                     "\"reported\":{{\"lat\":61.0,\"lon\":24.1}},\"plausible\":null}}",
                     time_text(kT0 + 600), time_text(kT0 + 700));
  }
  s += "\n],\"counters\":{\"messages\":1}}\n";
  return s;
}

// cells.csv with `hour_cells` rows of band "all" per hour for `hours` hours, plus rows that must not count:
// other bands and a 24 h window.
inline std::string cells_csv(int hour_cells, int hours) {
  std::string s = "hex,count_good_aircraft,count_bad_aircraft,window_start,window_end,band,bad_frac,ci_low,ci_high,level\n";
  s += fmt::format("8408983ffffffff,1,0,{},{},all,0.000000,0.000000,0.793451,insufficient\n", output::iso8601_utc(kT0 - 3 * 3600),
                   output::iso8601_utc(kT0 + 21 * 3600));
  for (int h = 0; h < hours; ++h) {
    for (int c = 0; c < hour_cells; ++c)
      s += fmt::format("84089{:02x}ffffffff,3,1,{},{},all,0.000000,0.000000,0.5,green\n", c, output::iso8601_utc(kT0 + h * 3600.0),
                       output::iso8601_utc(kT0 + (h + 1) * 3600.0));
    s += fmt::format("8408900ffffffff,3,1,{},{},>=30000,0.000000,0.000000,0.5,green\n", output::iso8601_utc(kT0 + h * 3600.0),
                     output::iso8601_utc(kT0 + (h + 1) * 3600.0));
  }
  return s;
}

inline void write_text(const std::filesystem::path& p, const std::string& text) {
  std::filesystem::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << text;
}

}  // namespace gw::eval::test
