// Simulated traffic: airframes that fly a chain of flights between real airports (taxi, take-off roll, climb,
// cruise, descent, landing roll, taxi in, then parked with the transponder off for the turnaround), or cross the
// region at cruise level (overflights). Kinematics only: what the transponder broadcasts is the engine's business.
//
// A flight is a one-dimensional profile s(t) (distance along the great circle from the origin, piecewise
// constant acceleration) and alt(t) (piecewise linear), laid on the great circle origin -> destination, so a
// state at any time costs a few trigonometric functions and no integration. Taxiing happens on the same great
// circle just behind the origin / beyond the destination: the airport surface is not modelled.
//
// Deterministic: each airframe draws from its own Rng seeded from (scenario seed, airframe index), and
// asks for states with non-decreasing times (the chain of flights is generated lazily).
#pragma once

#include <array>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "sim/airports.hpp"
#include "sim/interference.hpp"  // Rng

namespace gw::sim {

inline constexpr double kFtToM = 0.3048;
inline constexpr double kKtToMps = 1852.0 / 3600.0;
inline constexpr double kEarthMeanRadiusM = 6371008.8;

// The state of one airframe at one instant.
struct Kinematics {
  bool transmitting = false;  // transponder on: parked aircraft (turnaround) and aircraft between flights are off
  bool on_ground = false;
  double lat_deg = 0, lon_deg = 0;
  double alt_ft = 0;          // barometric (pressure) altitude; on the ground the aerodrome elevation
  double gs_kt = 0, vrate_fpm = 0;
  double target_alt_ft = 0;   // the level the aircraft is cleared to (TC 29 selected altitude)
  std::array<double, 3> unit{};  // the position as a unit vector (Earth-centred), for cheap distances
  double east = 0, north = 1;    // sin and cos of the track
  // The track's east and north components as the great circle gives them (not normalised): their arctangent is
  // taken only when a frame needs the track in degrees, which most aircraft-seconds do not.
  double track_east = 0, track_north = 1;
  double track_deg() const;  // [0, 360)
};

// One flight: the great circle and its speed/altitude profile.
class Flight {
 public:
  struct Segment {
    double t0_s, t1_s;       // seconds after the flight's start
    double s0_m;             // distance along the great circle at t0
    double v0_mps, a_mps2;   // speed at t0, constant acceleration
    double alt0_ft, alt1_ft; // altitude at t0 / t1, linear in between
    bool on_ground;
  };

  // A flight from (lat0, lon0) to (lat1, lon1).
  Flight(double lat0, double lon0, double lat1, double lon1);
  void add_segment(double duration_s, double v0_mps, double v1_mps, double alt0_ft, double alt1_ft, bool on_ground);
  void set_start(double t_s) { start_s_ = t_s; }
  void set_target_alt(double ft) { target_alt_ft_ = ft; }
  // Moves the whole profile along the great circle (taxiing starts behind the origin).
  void shift_distance(double ds_m) { s_offset_m_ += ds_m; }

  double start_s() const { return start_s_; }
  double end_s() const { return start_s_ + duration_s(); }
  double duration_s() const { return segments_.empty() ? 0.0 : segments_.back().t1_s; }
  double distance_m() const { return distance_m_; }
  Kinematics at(double t_s) const;  // transmitting false outside [start, end)
  void at(double t_s, Kinematics& k) const;  // the same, written in place

  // The point s metres along the great circle (s < 0 or beyond the destination extends the circle).
  void point_at(double s_m, double& lat_deg, double& lon_deg, double& track_deg) const;
  void point_at(double s_m, Kinematics& k) const;

 private:
  std::array<double, 3> a_{}, b_{};  // unit vectors: origin, and the direction of travel at the origin
  double distance_m_ = 0;
  double start_s_ = 0;
  double target_alt_ft_ = 0;
  double s_offset_m_ = 0;
  std::vector<Segment> segments_;
  mutable std::size_t cursor_ = 0;  // last segment used: queries move forward in time
};

// Who the airframe is: what its transponder says about itself.
struct AircraftIdentity {
  std::uint32_t icao = 0;
  std::string callsign;            // up to 8 characters
  int version = 2;                 // ADS-B version 0/1/2
  bool has_gnss = true;            // false: never outputs a GNSS position
  bool positions_without_gnss = true;  // has_gnss false: sends TC 0 position squitters (true) or none (false)
  std::uint8_t category = 0xA3;    // emitter category (set A, code 3: large)
  std::uint16_t squawk = 0x1000;
};

struct TrafficOptions {
  std::vector<const Airport*> airports;  // the airports flights use (at least two, one of them local)
  double centre_lat_deg = 0, centre_lon_deg = 0;  // region centre, for overflights
  double overflight_radius_km = 700;     // overflights enter and leave on this circle around the centre
  double overflight_fraction = 0.2;      // of airframes
  double no_gnss_fraction = 0.03;        // of airframes: never output a GNSS position
  std::array<double, 3> version_mix{0.05, 0.15, 0.80};  // ADS-B versions 0, 1, 2
  double min_route_km = 150;
};

// One simulated airframe and its chain of flights.
class Airframe {
 public:
  // home: where the first flight departs (ignored for overflights). The first flight is placed at a random
  // phase, so at scenario_start_s the airframe may be anywhere in its cycle.
  Airframe(const TrafficOptions& options, AircraftIdentity identity, const Airport* home, bool overflight,
           std::uint64_t seed, double scenario_start_s);
  const AircraftIdentity& identity() const { return identity_; }
  bool overflight() const { return overflight_; }
  // The state at t_s; t_s must not decrease from call to call.
  Kinematics at(double t_s);
  void at(double t_s, Kinematics& k);  // the same, written in place (the engine's once-per-second call)

 private:
  Flight next_flight();
  Flight make_airport_flight(const Airport& from, const Airport& to);
  Flight make_overflight();
  double turnaround_s();
  const Airport& pick_destination(const Airport& from);

  const TrafficOptions* options_;
  AircraftIdentity identity_;
  Rng rng_;
  bool overflight_;
  const Airport* at_ = nullptr;  // where the next flight departs
  double last_exit_bearing_ = std::numeric_limits<double>::quiet_NaN();  // overflights: where the last one left
  Flight flight_;
};

// Builds `count` airframes with unique addresses from the state blocks of their home airports, callsigns from
// the airlines there, versions and equipage from the mix. Deterministic for a seed.
std::vector<Airframe> make_traffic(const TrafficOptions& options, std::size_t count, std::uint64_t seed,
                                   double scenario_start_s);

// An independent seed for stream `stream` (airframe index, receiver ...) of a run seeded with `seed`.
std::uint64_t derive_seed(std::uint64_t seed, std::uint64_t stream);

// Great-circle distance (m) on the mean sphere.
double ground_distance_m(double lat1_deg, double lon1_deg, double lat2_deg, double lon2_deg);

}  // namespace gw::sim
