// truth.json, what a simulated scenario really contained (schema: docs/TRUTH.md), read for `gnsswatch eval`.
#pragma once

#include <cmath>
#include <cstdint>
#include <limits>
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
  // Optional in truth.json ("start_on_ground"): the aircraft was on the ground when the interval began. The
  // detector judges no aircraft on the ground (docs/HEALTH.md), so eval leaves such jammed intervals out.
  bool start_on_ground = false;
  // Optional in truth.json ("good_before_s", "good_after_s", docs/TRUTH.md): seconds between the last usable
  // (good-GNSS) position heard before the start and the start, within 15 min; NaN when null (none that close).
  // has_good_fix is false when the truth does not give them (an older truth.json).
  bool has_good_fix = false;
  double good_before_s = std::numeric_limits<double>::quiet_NaN();
  double good_after_s = std::numeric_limits<double>::quiet_NaN();
  // Heard with good GNSS shortly before the interval: the detector could judge the loss (docs/HEALTH.md: an
  // aircraft is judged bad only after it was seen good, and the gpsjam rule only for 15 min after that).
  bool good_before() const { return std::isfinite(good_before_s); }
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
