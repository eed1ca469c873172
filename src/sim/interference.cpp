#include "sim/interference.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <utility>

namespace gw::sim {

namespace {

constexpr double kDegToRad = std::numbers::pi / 180.0;
constexpr double kRadToDeg = 180.0 / std::numbers::pi;
constexpr double kEffectiveEarthRadiusM = radio::kEarthRadiusM * radio::kEffectiveEarthFactor;
// The highest aircraft the reach boxes allow for (FL600: above every transport aircraft).
constexpr double kMaxAircraftHeightM = 60000.0 * radio::kFeetToMetres;
constexpr double kMetresPerDegree = radio::kEarthRadiusM * kDegToRad;

double wrap_lon(double lon_deg) {
  // Already in range (nearly always, once per interferer and aircraft-second): fmod would return it unchanged.
  if (const double shifted = lon_deg + 180.0; shifted >= 0.0 && shifted < 360.0) return shifted - 180.0;
  lon_deg = std::fmod(lon_deg + 180.0, 360.0);
  if (lon_deg < 0) lon_deg += 360.0;
  return lon_deg - 180.0;
}

// The antenna geometry on the 4/3-radius Earth: the aircraft at the top, the emitter at central angle
// ground_distance / R_eff. Returns (horizontal, vertical) from the aircraft to the emitter in the aircraft's
// local horizontal frame.
std::pair<double, double> emitter_offset(double ground_distance_m, double emitter_height_m, double aircraft_height_m) {
  const double angle = ground_distance_m / kEffectiveEarthRadiusM;
  const double emitter_r = kEffectiveEarthRadiusM + emitter_height_m;
  const double aircraft_r = kEffectiveEarthRadiusM + aircraft_height_m;
  return {emitter_r * std::sin(angle), emitter_r * std::cos(angle) - aircraft_r};
}

}  // namespace

std::uint64_t mix_seed(std::uint64_t a, std::uint64_t b) {
  SplitMix64 rng(a ^ (b * 0x9e3779b97f4a7c15ULL + 0x632be59bd9b4e019ULL));
  rng.next();
  return rng.next();
}

namespace radio {

double free_space_path_loss_db(double distance_m, double frequency_hz) {
  return 20.0 * std::log10(4.0 * std::numbers::pi * distance_m * frequency_hz / kSpeedOfLightMps);
}

double radio_horizon_m(double height_m) {
  return std::sqrt(2.0 * kEffectiveEarthRadiusM * std::max(height_m, 0.0));
}

double line_of_sight_m(double height_a_m, double height_b_m) {
  return radio_horizon_m(height_a_m) + radio_horizon_m(height_b_m);
}

double elevation_deg(double ground_distance_m, double emitter_height_m, double aircraft_height_m) {
  const auto [horizontal, vertical] = emitter_offset(ground_distance_m, emitter_height_m, aircraft_height_m);
  return std::atan2(vertical, horizontal) * kRadToDeg;
}

double slant_range_m(double ground_distance_m, double emitter_height_m, double aircraft_height_m) {
  const auto [horizontal, vertical] = emitter_offset(ground_distance_m, emitter_height_m, aircraft_height_m);
  return std::hypot(horizontal, vertical);
}

double aircraft_antenna_gain_db(double elevation_deg) {
  // docs/INTERFERENCE_MODEL.md "Aircraft antenna": -5.5 dBic at the horizon (RTCA DO-301's minimum gain at 5°
  // elevation, taken as the horizon gain), falling linearly to -10 dBic at 10° below the horizon and held there
  // (the below-horizon gain used by RTCA DO-235B-style interference assessments; fuselage shadowing).
  constexpr double kHorizonDbi = -5.5;
  constexpr double kBelowDbi = -10.0;
  constexpr double kBelowFromDeg = -10.0;
  if (elevation_deg >= 0.0) return kHorizonDbi;
  if (elevation_deg <= kBelowFromDeg) return kBelowDbi;
  return kHorizonDbi + (kBelowDbi - kHorizonDbi) * (elevation_deg / kBelowFromDeg);
}

double interference_to_signal_db(double eirp_dbw, double ground_distance_m, double emitter_height_m,
                                 double aircraft_height_m) {
  if (ground_distance_m > line_of_sight_m(emitter_height_m, aircraft_height_m)) return kNoSignalDb;
  const auto [horizontal, vertical] = emitter_offset(ground_distance_m, emitter_height_m, aircraft_height_m);
  const double slant = std::max(std::hypot(horizontal, vertical), 1.0);  // never log of 0 (emitter at the antenna)
  const double gain = aircraft_antenna_gain_db(std::atan2(vertical, horizontal) * kRadToDeg);
  return eirp_dbw - free_space_path_loss_db(slant) + gain - kL1MinReceivedPowerDbw;
}

}  // namespace radio

namespace {
// great_circle_m with the cosines of the two latitudes (in radians: lat_deg * kDegToRad) given: a fixed
// interferer's is computed once, an aircraft's once per exposure() instead of once per interferer.
double great_circle_m(double lat1_deg, double lon1_deg, double cos_lat1, double lat2_deg, double lon2_deg,
                      double cos_lat2) {
  const double lat1 = lat1_deg * kDegToRad, lat2 = lat2_deg * kDegToRad;
  const double dlat = lat2 - lat1, dlon = (lon2_deg - lon1_deg) * kDegToRad;
  const double s = std::sin(dlat / 2), t = std::sin(dlon / 2);
  const double h = std::min(1.0, s * s + cos_lat1 * cos_lat2 * t * t);
  return 2.0 * radio::kEarthRadiusM * std::asin(std::sqrt(h));
}
}  // namespace

double great_circle_m(double lat1_deg, double lon1_deg, double lat2_deg, double lon2_deg) {
  return great_circle_m(lat1_deg, lon1_deg, std::cos(lat1_deg * kDegToRad), lat2_deg, lon2_deg,
                        std::cos(lat2_deg * kDegToRad));
}

GeoPoint destination(double lat_deg, double lon_deg, double bearing_deg, double distance_m) {
  const double lat1 = lat_deg * kDegToRad, lon1 = lon_deg * kDegToRad, bearing = bearing_deg * kDegToRad;
  const double angle = distance_m / radio::kEarthRadiusM;
  const double sin_lat2 = std::sin(lat1) * std::cos(angle) + std::cos(lat1) * std::sin(angle) * std::cos(bearing);
  const double lat2 = std::asin(std::clamp(sin_lat2, -1.0, 1.0));
  const double lon2 = lon1 + std::atan2(std::sin(bearing) * std::sin(angle) * std::cos(lat1),
                                        std::cos(angle) - std::sin(lat1) * sin_lat2);
  return {lat2 * kRadToDeg, wrap_lon(lon2 * kRadToDeg)};
}

GnssEnvironment::GnssEnvironment(std::vector<Interferer> interferers) : interferers_(std::move(interferers)) {
  reach_.reserve(interferers_.size());
  for (Interferer& interferer : interferers_) {
    std::sort(interferer.track.begin(), interferer.track.end(),
              [](const Waypoint& a, const Waypoint& b) { return a.time_s < b.time_s; });
    // The farthest any aircraft can be affected: line of sight to FL600, and the distance at which even a 0 dBi
    // antenna gain leaves the interferer below the weakest level that matters.
    const double floor_db =
        interferer.kind == InterfererKind::Jammer ? radio::kJammerFloorDb : radio::kSpoofFloorDb;
    const double max_path_loss_db = interferer.eirp_dbw - radio::kL1MinReceivedPowerDbw - floor_db;
    const double power_limit_m = std::pow(10.0, (max_path_loss_db - radio::free_space_path_loss_db(1.0)) / 20.0);
    const double range_m =
        std::min(power_limit_m, radio::line_of_sight_m(interferer.height_m, kMaxAircraftHeightM)) + 1000.0;

    std::vector<GeoPoint> points;
    if (interferer.track.empty()) {
      points.push_back({interferer.lat_deg, interferer.lon_deg});
    } else {
      for (const Waypoint& w : interferer.track) points.push_back({w.lat_deg, w.lon_deg});
    }
    const double half_lat = range_m / kMetresPerDegree;
    Reach reach{};
    reach.min_lat = 90, reach.max_lat = -90;
    for (const GeoPoint& p : points) {
      reach.min_lat = std::min(reach.min_lat, p.lat_deg - half_lat);
      reach.max_lat = std::max(reach.max_lat, p.lat_deg + half_lat);
    }
    // Longitudes: unwrap every point against the first, take the span's middle as the centre.
    double lo = points.front().lon_deg, hi = lo;
    for (const GeoPoint& p : points) {
      const double unwrapped = points.front().lon_deg + wrap_lon(p.lon_deg - points.front().lon_deg);
      lo = std::min(lo, unwrapped);
      hi = std::max(hi, unwrapped);
    }
    const double worst_lat = std::max(std::abs(reach.min_lat), std::abs(reach.max_lat));
    reach.whole_world = worst_lat >= 89.0;
    reach.centre_lon = wrap_lon((lo + hi) / 2.0);
    reach.half_lon = reach.whole_world ? 180.0 : (hi - lo) / 2.0 + half_lat / std::cos(worst_lat * kDegToRad);
    if (reach.half_lon >= 180.0) reach.whole_world = true;
    reach_.push_back(reach);
    fixed_cos_lat_.push_back(std::cos(interferer.lat_deg * kDegToRad));
  }
}

bool GnssEnvironment::active_at(std::size_t index, double time_s) const {
  const Interferer& interferer = interferers_[index];
  if (interferer.active.empty()) return true;
  for (const Interval& interval : interferer.active) {
    if (time_s >= interval.start_s && time_s < interval.end_s) return true;
  }
  return false;
}

GeoPoint GnssEnvironment::position_at(std::size_t index, double time_s) const {
  const Interferer& interferer = interferers_[index];
  const std::vector<Waypoint>& track = interferer.track;
  if (track.empty()) return {interferer.lat_deg, interferer.lon_deg};
  if (time_s <= track.front().time_s) return {track.front().lat_deg, track.front().lon_deg};
  if (time_s >= track.back().time_s) return {track.back().lat_deg, track.back().lon_deg};
  const auto next = std::upper_bound(track.begin(), track.end(), time_s,
                                     [](double t, const Waypoint& w) { return t < w.time_s; });
  const Waypoint& b = *next;
  const Waypoint& a = *(next - 1);
  const double span = b.time_s - a.time_s;
  const double f = span > 0 ? (time_s - a.time_s) / span : 1.0;
  // Linear in latitude and (unwrapped) longitude, as docs/TRUTH.md states for tracks.
  return {a.lat_deg + f * (b.lat_deg - a.lat_deg), wrap_lon(a.lon_deg + f * wrap_lon(b.lon_deg - a.lon_deg))};
}

double GnssEnvironment::is_db(std::size_t index, double time_s, double lat_deg, double lon_deg,
                              double alt_ft) const {
  return is_db(index, time_s, lat_deg, lon_deg, alt_ft, std::cos(lat_deg * kDegToRad));
}

double GnssEnvironment::is_db(std::size_t index, double time_s, double lat_deg, double lon_deg, double alt_ft,
                              double cos_lat) const {
  if (!active_at(index, time_s)) return radio::kNoSignalDb;
  const Interferer& interferer = interferers_[index];
  const GeoPoint at = position_at(index, time_s);
  // A fixed interferer's latitude cosine was taken once (the same value: cos of the same argument).
  const double cos_at = interferer.track.empty() ? fixed_cos_lat_[index] : std::cos(at.lat_deg * kDegToRad);
  const double ground_m = great_circle_m(at.lat_deg, at.lon_deg, cos_at, lat_deg, lon_deg, cos_lat);
  return radio::interference_to_signal_db(interferer.eirp_dbw, ground_m, interferer.height_m,
                                          alt_ft * radio::kFeetToMetres);
}

Exposure GnssEnvironment::exposure(double time_s, double lat_deg, double lon_deg, double alt_ft) const {
  Exposure result;
  double jam_linear = 0;
  double strongest_jam = radio::kNoSignalDb;
  double cos_lat = 2;  // the aircraft's latitude cosine, taken when first needed (2: not yet)
  for (std::size_t i = 0; i < interferers_.size(); ++i) {
    const Reach& reach = reach_[i];
    if (!reach.whole_world) {
      if (lat_deg < reach.min_lat || lat_deg > reach.max_lat) continue;
      if (std::abs(wrap_lon(lon_deg - reach.centre_lon)) > reach.half_lon) continue;
    }
    if (!active_at(i, time_s)) continue;  // is_db would say kNoSignalDb
    if (cos_lat > 1) cos_lat = std::cos(lat_deg * kDegToRad);
    const double level = is_db(i, time_s, lat_deg, lon_deg, alt_ft, cos_lat);
    if (level == radio::kNoSignalDb) continue;
    if (interferers_[i].kind == InterfererKind::Jammer) {
      if (level < radio::kJammerFloorDb - 10.0) continue;  // negligible in the power sum
      jam_linear += std::pow(10.0, level / 10.0);
      if (level > strongest_jam) {
        strongest_jam = level;
        result.jammer = static_cast<std::int32_t>(i);
      }
    } else if (level > result.spoof_ss_db) {
      result.spoof_ss_db = level;
      result.spoofer = static_cast<std::int32_t>(i);
    }
  }
  if (jam_linear > 0) result.jam_js_db = 10.0 * std::log10(jam_linear);
  return result;
}

double GnssEnvironment::radius_km(std::size_t index, double alt_ft, double threshold_db) const {
  const Interferer& interferer = interferers_[index];
  const double aircraft_m = alt_ft * radio::kFeetToMetres;
  const auto level = [&](double d) {
    return radio::interference_to_signal_db(interferer.eirp_dbw, d, interferer.height_m, aircraft_m);
  };
  const double los_m = radio::line_of_sight_m(interferer.height_m, aircraft_m);
  if (level(los_m) >= threshold_db) return los_m / 1000.0;
  // From the horizon inwards, find the first distance that reaches the threshold (the outermost edge: the antenna
  // pattern makes the level not strictly monotonic close in), then bisect between it and the step before.
  constexpr double kStepM = 100.0;
  double outside = los_m;
  for (double d = std::max(los_m - kStepM, 0.0);; d = std::max(d - kStepM, 0.0)) {
    if (level(d) >= threshold_db) {
      double inside = d;
      while (outside - inside > 0.01) {
        const double mid = (inside + outside) / 2.0;
        (level(mid) >= threshold_db ? inside : outside) = mid;
      }
      return inside / 1000.0;
    }
    if (d == 0.0) return 0.0;
    outside = d;
  }
}

double eirp_for_radius_dbw(double radius_km, double alt_ft, double height_m) {
  const double aircraft_m = alt_ft * radio::kFeetToMetres;
  const double d = radius_km * 1000.0;
  if (d > radio::line_of_sight_m(height_m, aircraft_m)) return std::nan("");
  return radio::kLossJsDb - radio::interference_to_signal_db(0.0, d, height_m, aircraft_m);
}

Interferer random_jammer(Rng& rng, double lat_deg, double lon_deg, double start_s, double end_s,
                         std::uint32_t id, double max_offset_km) {
  Interferer jammer;
  jammer.id = id;
  jammer.kind = InterfererKind::Jammer;
  jammer.name = fmt::format("jammer-{}", id);
  // Uniform over the disc around the point.
  const GeoPoint at = destination(lat_deg, lon_deg, rng.uniform(0.0, 360.0),
                                  max_offset_km * 1000.0 * std::sqrt(rng.uniform()));
  jammer.lat_deg = at.lat_deg;
  jammer.lon_deg = at.lon_deg;
  jammer.height_m = rng.uniform(10.0, 300.0);
  jammer.eirp_dbw = eirp_for_radius_dbw(rng.uniform(60.0, 250.0), 35000.0, jammer.height_m);

  const double duration = end_s - start_s;
  if (duration > 0 && rng.chance(0.3)) {
    // 2-5 bursts, one in each equal slot of the scenario, each 30-80% of its slot.
    const int bursts = 2 + static_cast<int>(rng.below(4));
    const double slot = duration / bursts;
    for (int b = 0; b < bursts; ++b) {
      const double length = slot * rng.uniform(0.3, 0.8);
      const double begin = start_s + b * slot + rng.uniform(0.0, slot - length);
      jammer.active.push_back({begin, begin + length});
    }
  }
  if (duration > 0 && rng.chance(0.15)) {
    // A vehicle or vessel: a straight track at 5-25 m/s over the scenario.
    const double bearing = rng.uniform(0.0, 360.0);
    const double speed = rng.uniform(5.0, 25.0);
    const GeoPoint to = destination(jammer.lat_deg, jammer.lon_deg, bearing, speed * duration);
    jammer.track = {{start_s, jammer.lat_deg, jammer.lon_deg}, {end_s, to.lat_deg, to.lon_deg}};
  }
  return jammer;
}

}  // namespace gw::sim
