// What `gnsswatch map --out DIR` wrote, read back for scoring: events.json and spoofing.json
// (docs/EVENTS_SPOOFING.md) and the window columns of cells.csv (docs/MAP_OUTPUTS.md).
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "eval/truth.hpp"

namespace gw::eval {

inline constexpr double kNoTime = std::numeric_limits<double>::quiet_NaN();

// One loss of GNSS in an event (one entry of events.json's "aircraft"; ships are skipped).
struct DetectedEpisode {
  std::uint32_t icao = 0;
  double lost_s = kNoTime;
  double regained_s = kNoTime;  // NaN when not heard good again
};

// A ring of a GeoJSON polygon, positions as written: [lon, lat].
using Ring = std::vector<LatLon>;
// A Polygon's rings (the first is the exterior, any others holes); a MultiPolygon gives several.
using Polygon = std::vector<Ring>;

// events.json's "source": null, located, or anything else (insufficient_evidence, ...).
struct DetectedSource {
  enum class Status { None, Located, NotLocated };
  Status status = Status::None;
  std::string status_text;  // as written ("located", "insufficient_evidence", ...); empty for null
  double lat_deg = 0;
  double lon_deg = 0;
  double radius_km = kNoTime;
  std::vector<Polygon> ci95;  // empty when the file gives none
  std::string method;
  int aircraft = -1;
};

struct DetectedEvent {
  int id = 0;
  double start_s = kNoTime;
  double end_s = kNoTime;
  double peak_s = kNoTime;
  int affected_aircraft = 0;  // as written
  std::vector<DetectedEpisode> episodes;
  DetectedSource source;
  std::vector<DetectedSource> sources;  // "sources": two jammers at once, the first is `source`; usually empty

  // Distinct aircraft among the episodes.
  std::size_t distinct_aircraft() const;
};

struct DetectedFinding {
  std::string kind;
  std::vector<std::uint32_t> aircraft;
  double start_s = kNoTime;
  double end_s = kNoTime;
};

// From cells.csv: how much was mapped, in cell-hours.
struct CellCoverage {
  std::int64_t rows = 0;
  std::int64_t all_band_hour_rows = 0;  // rows with band "all" and a 3,600 s window: one cell-hour each
  bool has_hour_windows = false;
  double first_window_start_s = kNoTime, last_window_end_s = kNoTime;  // the time the map covers (NaN: no row)
};

struct MapOutput {
  std::string dir;
  std::vector<DetectedEvent> events;
  std::vector<DetectedFinding> findings;
  CellCoverage coverage;
};

// Reads DIR/events.json, DIR/spoofing.json and DIR/cells.csv. Throws EvalError naming the file (and the field or
// line) when one is missing or ill-formed.
MapOutput load_map_output(const std::string& dir);

// The single files, from text (for tests); `path` only names the source in errors.
std::vector<DetectedEvent> parse_events_json(std::string_view json, const std::string& path);
std::vector<DetectedFinding> parse_spoofing_json(std::string_view json, const std::string& path);
CellCoverage parse_cells_csv(std::string_view csv, const std::string& path);

}  // namespace gw::eval
