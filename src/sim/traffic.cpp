#include "sim/traffic.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <unordered_set>

#include "sim/fast_math.hpp"

namespace gw::sim {
namespace {

constexpr double kDeg = std::numbers::pi / 180.0;

std::array<double, 3> unit_vector(double lat_deg, double lon_deg) {
  const double la = lat_deg * kDeg, lo = lon_deg * kDeg;
  return {std::cos(la) * std::cos(lo), std::cos(la) * std::sin(lo), std::sin(la)};
}

// Typical transport-aircraft profile figures (rounded from EUROCONTROL BADA-style climb/descent schedules for
// medium jets): enough to give realistic altitude/speed/time relations, not a performance model.
constexpr double kTaxiMps = 15 * kKtToMps;
constexpr double kRotateMps = 150 * kKtToMps;
constexpr double kTakeoffRollS = 40;
constexpr double kClimbBelow10kFpm = 2500, kClimbAbove10kFpm = 1800;
constexpr double kSpeedAt10kMps = 250 * kKtToMps;  // 250 kt below FL100 (ICAO Doc 4444 airspace class speed limit)
constexpr double kDescentAbove10kFpm = 2200, kDescentBelow10kFpm = 1500;
constexpr double kFinalApproachMps = 140 * kKtToMps;
constexpr double kFinalApproachFpm = 750;          // a 3 degree glide path at 140 kt
constexpr double kFinalApproachHeightFt = 2000;
constexpr double kLandingRollS = 35, kLandingTurnoffMps = 20 * kKtToMps;

}  // namespace

std::uint64_t derive_seed(std::uint64_t seed, std::uint64_t stream) {
  SplitMix64 mixer(seed ^ (stream * 0xD1B54A32D192ED03ull));
  mixer.next();
  return mixer.next();
}

double ground_distance_m(double lat1_deg, double lon1_deg, double lat2_deg, double lon2_deg) {
  const double dlat = (lat2_deg - lat1_deg) * kDeg, dlon = (lon2_deg - lon1_deg) * kDeg;
  const double a = std::sin(dlat / 2) * std::sin(dlat / 2) +
                   std::cos(lat1_deg * kDeg) * std::cos(lat2_deg * kDeg) * std::sin(dlon / 2) * std::sin(dlon / 2);
  return 2 * kEarthMeanRadiusM * std::asin(std::min(1.0, std::sqrt(a)));
}

// ---- Flight ------------------------------------------------------------------------------------------------

Flight::Flight(double lat0, double lon0, double lat1, double lon1) {
  a_ = unit_vector(lat0, lon0);
  const auto c = unit_vector(lat1, lon1);
  const double dot = std::clamp(a_[0] * c[0] + a_[1] * c[1] + a_[2] * c[2], -1.0, 1.0);
  // b: c with its component along a removed, normalised: the direction of travel at the origin.
  std::array<double, 3> b{c[0] - dot * a_[0], c[1] - dot * a_[1], c[2] - dot * a_[2]};
  double norm = std::sqrt(b[0] * b[0] + b[1] * b[1] + b[2] * b[2]);
  if (norm < 1e-12) {  // same or antipodal points: head north (east at a pole)
    const double la = lat0 * kDeg, lo = lon0 * kDeg;
    b = {-std::sin(la) * std::cos(lo), -std::sin(la) * std::sin(lo), std::cos(la)};
    norm = std::sqrt(b[0] * b[0] + b[1] * b[1] + b[2] * b[2]);
    if (norm < 1e-12) b = {0, 1, 0}, norm = 1;
  }
  for (auto& x : b) x /= norm;
  b_ = b;
  distance_m_ = std::acos(dot) * kEarthMeanRadiusM;
}

void Flight::add_segment(double duration_s, double v0_mps, double v1_mps, double alt0_ft, double alt1_ft,
                         bool on_ground) {
  Segment seg{};
  seg.t0_s = segments_.empty() ? 0.0 : segments_.back().t1_s;
  seg.t1_s = seg.t0_s + std::max(duration_s, 1e-3);
  if (segments_.empty()) {
    seg.s0_m = 0;
  } else {
    const Segment& p = segments_.back();
    const double d = p.t1_s - p.t0_s;
    seg.s0_m = p.s0_m + p.v0_mps * d + 0.5 * p.a_mps2 * d * d;
  }
  seg.v0_mps = v0_mps;
  seg.a_mps2 = (v1_mps - v0_mps) / (seg.t1_s - seg.t0_s);
  seg.alt0_ft = alt0_ft;
  seg.alt1_ft = alt1_ft;
  seg.on_ground = on_ground;
  segments_.push_back(seg);
}

void Flight::point_at(double s_m, double& lat_deg, double& lon_deg, double& track_deg) const {
  Kinematics k;
  point_at(s_m, k);
  lat_deg = k.lat_deg;
  lon_deg = k.lon_deg;
  track_deg = k.track_deg();
}

void Flight::point_at(double s_m, Kinematics& k) const {
  const double theta = s_m / kEarthMeanRadiusM;
  const double c = std::cos(theta), s = std::sin(theta);
  const double p[3] = {c * a_[0] + s * b_[0], c * a_[1] + s * b_[1], c * a_[2] + s * b_[2]};
  const double d[3] = {-s * a_[0] + c * b_[0], -s * a_[1] + c * b_[1], -s * a_[2] + c * b_[2]};  // direction
  // sin/cos of latitude and longitude straight from the unit vector (no further trigonometric calls).
  const double sin_lat = std::clamp(p[2], -1.0, 1.0);
  const double cos_lat = std::sqrt(p[0] * p[0] + p[1] * p[1]);
  const double cos_lon = cos_lat > 1e-12 ? p[0] / cos_lat : 1.0, sin_lon = cos_lat > 1e-12 ? p[1] / cos_lat : 0.0;
  // Local east and north unit vectors at p.
  const double east[3] = {-sin_lon, cos_lon, 0.0};
  const double north[3] = {-sin_lat * cos_lon, -sin_lat * sin_lon, cos_lat};
  const double de = d[0] * east[0] + d[1] * east[1] + d[2] * east[2];
  const double dn = d[0] * north[0] + d[1] * north[1] + d[2] * north[2];
  const double dh = std::sqrt(de * de + dn * dn);
  k.unit = {p[0], p[1], p[2]};
  // atan2_arith, not std::atan2: a third of the per-aircraft-second cost otherwise (fast_math.hpp).
  k.lat_deg = atan2_arith(sin_lat, cos_lat) / kDeg;
  k.lon_deg = atan2_arith(p[1], p[0]) / kDeg;
  k.track_east = de;
  k.track_north = dn;
  k.east = dh > 0 ? de / dh : 0.0;
  k.north = dh > 0 ? dn / dh : 1.0;
}

double Kinematics::track_deg() const {
  // atan2_arith, not std::atan2: a third of the per-aircraft-second cost otherwise (fast_math.hpp).
  const double deg = atan2_arith(track_east, track_north) / kDeg;
  return deg < 0 ? deg + 360.0 : deg;
}

Kinematics Flight::at(double t_s) const {
  Kinematics k;
  at(t_s, k);
  return k;
}

void Flight::at(double t_s, Kinematics& k) const {
  const double t = t_s - start_s_;
  if (segments_.empty() || t < 0 || t >= segments_.back().t1_s) {
    k = Kinematics{};
    return;
  }
  if (cursor_ >= segments_.size() || segments_[cursor_].t0_s > t) cursor_ = 0;
  while (segments_[cursor_].t1_s <= t) ++cursor_;
  const Segment& seg = segments_[cursor_];
  const double dt = t - seg.t0_s;
  const double s = seg.s0_m + seg.v0_mps * dt + 0.5 * seg.a_mps2 * dt * dt;
  const double v = seg.v0_mps + seg.a_mps2 * dt;
  const double dur = seg.t1_s - seg.t0_s;
  k.transmitting = true;
  k.on_ground = seg.on_ground;
  point_at(s + s_offset_m_, k);
  k.alt_ft = seg.alt0_ft + (seg.alt1_ft - seg.alt0_ft) * (dt / dur);
  k.vrate_fpm = (seg.alt1_ft - seg.alt0_ft) / dur * 60.0;
  k.gs_kt = std::max(0.0, v) / kKtToMps;
  k.target_alt_ft = target_alt_ft_;
}

// ---- Airframe ----------------------------------------------------------------------------------------------

Airframe::Airframe(const TrafficOptions& options, AircraftIdentity identity, const Airport* home, bool overflight,
                   std::uint64_t seed, double scenario_start_s)
    : options_(&options), identity_(std::move(identity)), rng_(seed), overflight_(overflight), at_(home),
      flight_(0, 0, 0, 0) {
  flight_ = next_flight();
  // A random phase in the cycle (flight + turnaround), so that traffic is in steady state from the start.
  const double cycle = flight_.duration_s() + turnaround_s();
  flight_.set_start(scenario_start_s - rng_.uniform(0.0, cycle));
}

double Airframe::turnaround_s() { return overflight_ ? rng_.uniform(300, 3600) : rng_.uniform(2400, 5400); }

Kinematics Airframe::at(double t_s) {
  Kinematics k;
  at(t_s, k);
  return k;
}

void Airframe::at(double t_s, Kinematics& k) {
  while (t_s >= flight_.end_s()) {
    const double next_start = flight_.end_s() + turnaround_s();
    flight_ = next_flight();
    flight_.set_start(next_start);
  }
  flight_.at(t_s, k);
}

Flight Airframe::next_flight() {
  if (overflight_) return make_overflight();
  const Airport& from = *at_;
  const Airport& to = pick_destination(from);
  at_ = &to;
  return make_airport_flight(from, to);
}

const Airport& Airframe::pick_destination(const Airport& from) {
  // Weighted by traffic; at least one end local; not too short.
  int total = 0;
  for (const Airport* a : options_->airports) {
    if (a == &from || (!a->local && !from.local)) continue;
    if (ground_distance_m(from.lat_deg, from.lon_deg, a->lat_deg, a->lon_deg) < options_->min_route_km * 1000) continue;
    total += a->weight;
  }
  if (total == 0) {  // degenerate airport set: any other airport
    for (const Airport* a : options_->airports) {
      if (a != &from) return *a;
    }
    return from;
  }
  int pick = static_cast<int>(rng_.below(static_cast<std::uint64_t>(total)));
  for (const Airport* a : options_->airports) {
    if (a == &from || (!a->local && !from.local)) continue;
    if (ground_distance_m(from.lat_deg, from.lon_deg, a->lat_deg, a->lon_deg) < options_->min_route_km * 1000) continue;
    pick -= a->weight;
    if (pick < 0) return *a;
  }
  return *options_->airports.back();
}

Flight Airframe::make_airport_flight(const Airport& from, const Airport& to) {
  Flight f(from.lat_deg, from.lon_deg, to.lat_deg, to.lon_deg);
  const double d = f.distance_m();
  const double elev0 = from.elevation_m / kFtToM, elev1 = to.elevation_m / kFtToM;
  // Cruise level by route length, in whole thousands of feet.
  double cruise = d < 300e3 ? rng_.uniform(20000, 27000) : d < 700e3 ? rng_.uniform(28000, 35000)
                                                                      : rng_.uniform(33000, 41000);
  cruise = std::round(cruise / 1000) * 1000;
  const double v_cruise = rng_.uniform(430, 490) * kKtToMps;

  const double taxi_out_m = rng_.uniform(1500, 4500), taxi_in_m = rng_.uniform(1000, 4000);
  // Distances of the fixed parts, then lower the cruise level until climb and descent fit the route.
  auto climb_descent_m = [&](double level) {
    const double top_low = std::max(elev0 + 1500, std::min(10000.0, level));
    const double t1 = (top_low - elev0) / kClimbBelow10kFpm * 60, t2 = std::max(0.0, level - top_low) / kClimbAbove10kFpm * 60;
    const double d1 = t1 * (kRotateMps + kSpeedAt10kMps) / 2, d2 = t2 * (kSpeedAt10kMps + v_cruise) / 2;
    const double bottom = elev1 + kFinalApproachHeightFt;
    const double mid = std::max(bottom, std::min(10000.0, level));
    const double t3 = std::max(0.0, level - mid) / kDescentAbove10kFpm * 60, t4 = std::max(0.0, mid - bottom) / kDescentBelow10kFpm * 60;
    const double t5 = kFinalApproachHeightFt / kFinalApproachFpm * 60;
    const double d3 = t3 * (v_cruise + kSpeedAt10kMps) / 2, d4 = t4 * (kSpeedAt10kMps + kFinalApproachMps) / 2;
    return kTakeoffRollS * kRotateMps / 2 + d1 + d2 + d3 + d4 + t5 * kFinalApproachMps;
  };
  while (cruise > 6000 && climb_descent_m(cruise) > d - 1000) cruise -= 1000;
  f.set_target_alt(cruise);

  // Parked at the gate with the transponder on, taxi, line up.
  f.add_segment(rng_.uniform(60, 400), 0, 0, elev0, elev0, true);
  // Taxiing starts behind the origin so that the take-off roll begins at the aerodrome reference point.
  // (Segments accumulate distance from 0, so the flight's s is shifted below by taxi_out_m.)
  f.add_segment(taxi_out_m / kTaxiMps, kTaxiMps, kTaxiMps, elev0, elev0, true);
  f.add_segment(rng_.uniform(20, 120), 0, 0, elev0, elev0, true);
  f.add_segment(kTakeoffRollS, 0, kRotateMps, elev0, elev0, true);
  const double top_low = std::max(elev0 + 1500, std::min(10000.0, cruise));
  f.add_segment((top_low - elev0) / kClimbBelow10kFpm * 60, kRotateMps, kSpeedAt10kMps, elev0, top_low, false);
  if (cruise > top_low) {
    f.add_segment((cruise - top_low) / kClimbAbove10kFpm * 60, kSpeedAt10kMps, v_cruise, top_low, cruise, false);
  }
  const double cruise_m = std::max(0.0, d - 1000 - climb_descent_m(cruise));
  const double v_top = cruise > top_low ? v_cruise : kSpeedAt10kMps;
  f.add_segment(cruise_m / v_top, v_top, v_top, cruise, cruise, false);
  const double bottom = elev1 + kFinalApproachHeightFt;
  const double mid = std::max(bottom, std::min(10000.0, cruise));
  if (cruise > mid) f.add_segment((cruise - mid) / kDescentAbove10kFpm * 60, v_top, kSpeedAt10kMps, cruise, mid, false);
  if (mid > bottom) {
    f.add_segment((mid - bottom) / kDescentBelow10kFpm * 60, cruise > mid ? kSpeedAt10kMps : v_top, kFinalApproachMps,
                  mid, bottom, false);
  }
  f.add_segment(kFinalApproachHeightFt / kFinalApproachFpm * 60, kFinalApproachMps, kFinalApproachMps, bottom, elev1,
                false);
  f.add_segment(kLandingRollS, kFinalApproachMps, kLandingTurnoffMps, elev1, elev1, true);
  f.add_segment(taxi_in_m / kTaxiMps, kTaxiMps, kTaxiMps, elev1, elev1, true);
  f.add_segment(rng_.uniform(60, 300), 0, 0, elev1, elev1, true);
  f.shift_distance(-(taxi_out_m + 0.0));
  return f;
}

Flight Airframe::make_overflight() {
  const auto& o = *options_;
  const double r = o.overflight_radius_km * 1000;
  // The next overflight is the way back, entering near where the last one left (an aircraft cannot reappear
  // across the region after a short gap: gnsswatch's spoofing checks would rightly call that impossible).
  const double entry_bearing = std::isnan(last_exit_bearing_) ? rng_.uniform(0, 360)
                                                              : last_exit_bearing_ + rng_.uniform(-8, 8);
  const double exit_bearing = entry_bearing + 180 + rng_.uniform(-50, 50);
  last_exit_bearing_ = exit_bearing;
  double lat0, lon0, lat1, lon1;
  // The point at distance r on the given bearing from the centre (spherical direct problem).
  auto on_circle = [&](double bearing_deg, double& lat, double& lon) {
    const double b = bearing_deg * kDeg, ang = r / kEarthMeanRadiusM;
    const double la0 = o.centre_lat_deg * kDeg, lo0 = o.centre_lon_deg * kDeg;
    const double la = std::asin(std::sin(la0) * std::cos(ang) + std::cos(la0) * std::sin(ang) * std::cos(b));
    const double lo = lo0 + std::atan2(std::sin(b) * std::sin(ang) * std::cos(la0),
                                       std::cos(ang) - std::sin(la0) * std::sin(la));
    lat = la / kDeg;
    lon = std::remainder(lo / kDeg, 360.0);
  };
  on_circle(entry_bearing, lat0, lon0);
  on_circle(exit_bearing, lat1, lon1);
  Flight f(lat0, lon0, lat1, lon1);
  const double level = std::round(rng_.uniform(30000, 41000) / 1000) * 1000;
  const double v = rng_.uniform(440, 500) * kKtToMps;
  f.set_target_alt(level);
  f.add_segment(f.distance_m() / v, v, v, level, level, false);
  return f;
}

// ---- make_traffic ------------------------------------------------------------------------------------------

std::vector<Airframe> make_traffic(const TrafficOptions& options, std::size_t count, std::uint64_t seed,
                                   double scenario_start_s) {
  std::vector<Airframe> out;
  out.reserve(count);
  Rng rng(derive_seed(seed, 0x7AFF1C));
  std::unordered_set<std::uint32_t> used;
  int total_weight = 0;
  for (const Airport* a : options.airports) total_weight += a->weight;
  for (std::size_t i = 0; i < count; ++i) {
    // Home airport, weighted by traffic.
    int pick = static_cast<int>(rng.below(static_cast<std::uint64_t>(std::max(total_weight, 1))));
    const Airport* home = options.airports.front();
    for (const Airport* a : options.airports) {
      pick -= a->weight;
      if (pick < 0) {
        home = a;
        break;
      }
    }
    if (!home->local) {  // flights need one local end: start foreign-based airframes at a local airport half the time
      if (rng.chance(0.5)) {
        for (const Airport* a : options.airports) {
          if (a->local) {
            home = a;
            break;
          }
        }
      }
    }
    AircraftIdentity id;
    const std::uint32_t span = home->address_last - home->address_first + 1;
    // From the state's block; when that is full (huge --aircraft), from anywhere in the 24-bit space.
    bool found = false;
    for (int attempt = 0; attempt < 64 && !found; ++attempt) {
      id.icao = home->address_first + static_cast<std::uint32_t>(rng.below(span));
      found = used.insert(id.icao).second;
    }
    while (!found) {
      id.icao = 1 + static_cast<std::uint32_t>(rng.below(0xFFFFFE));
      found = used.insert(id.icao).second;
    }
    // Callsign: an airline of the home state and a flight number.
    std::vector<std::string_view> airlines;
    for (std::size_t p = 0; p < home->airlines.size();) {
      const std::size_t q = std::min(home->airlines.find(' ', p), home->airlines.size());
      airlines.push_back(home->airlines.substr(p, q - p));
      p = q + 1;
    }
    id.callsign = std::string(airlines[rng.below(airlines.size())]) + std::to_string(1 + rng.below(rng.chance(0.5) ? 999 : 8999));
    const double v = rng.uniform();
    id.version = v < options.version_mix[0] ? 0 : v < options.version_mix[0] + options.version_mix[1] ? 1 : 2;
    id.has_gnss = !rng.chance(options.no_gnss_fraction);
    id.positions_without_gnss = rng.chance(0.5);
    id.category = rng.chance(0.25) ? 0xA5 : 0xA3;  // heavy or large
    id.squawk = static_cast<std::uint16_t>(((1 + rng.below(6)) << 12) | (rng.below(8) << 8) | (rng.below(8) << 4) |
                                           rng.below(8));
    const bool overflight = rng.chance(options.overflight_fraction);
    out.emplace_back(options, std::move(id), home, overflight, derive_seed(seed, i + 1), scenario_start_s);
  }
  return out;
}

}  // namespace gw::sim
