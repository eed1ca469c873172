// truth.json, what a simulated scenario really contained (schema: docs/TRUTH.md), read for `gnsswatch eval`.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace gw::eval {

// A file eval reads is missing or ill-formed. The message names the file (and the field or line).
class EvalError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct TimeInterval {
  double start_s = 0;
  double end_s = 0;
};

struct TrackPoint {
  double time_s = 0;
  double lat_deg = 0;
  double lon_deg = 0;
};

struct LatLon {
  double lat_deg = 0;
  double lon_deg = 0;
};

struct TruthInterferer {
  int id = 0;
  std::string kind;  // "jammer" or "spoofer"
  std::string name;
  double lat_deg = 0;
  double lon_deg = 0;
  std::vector<TimeInterval> active;
  std::vector<TrackPoint> track;  // empty for a fixed interferer

  bool is_jammer() const { return kind == "jammer"; }
  // Where it was at `time_s`: its fixed place, or the track interpolated linearly in lat/lon (held at the first
  // and last waypoint outside the track's span).
  LatLon position_at(double time_s) const;
};

struct TruthAffected {
  int interferer = 0;
  std::string kind;  // "jammed" or "spoofed"
  double start_s = 0;
  double end_s = 0;
  bool heard = false;
};

struct TruthAircraft {
  std::uint32_t icao = 0;
  std::string callsign;
  bool gnss = true;
  std::vector<TruthAffected> affected;
};

struct Truth {
  std::string path;  // the file it was read from
  std::string scenario;
  std::int64_t seed = 0;
  double start_s = 0;
  double end_s = 0;
  std::vector<TruthInterferer> interferers;
  std::vector<TruthAircraft> aircraft;

  const TruthInterferer* interferer(int id) const;
};

// Reads and checks truth.json. Throws EvalError naming `path` (and the field) when the file is missing,
// is not JSON, is not format "gnsswatch-truth/1", or lacks a field eval needs.
Truth load_truth(const std::string& path);
// The same from text (for tests); `path` only names the source in errors.
Truth parse_truth(std::string_view json, const std::string& path);

}  // namespace gw::eval
