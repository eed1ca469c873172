// The simulator's interference model: jammers and spoofers on the ground (or moving), the radio path from them to
// an aircraft's GNSS antenna at GPS L1, and the jamming-to-signal ratio that decides whether the aircraft keeps
// its fix. Every constant and its source: docs/INTERFERENCE_MODEL.md. The simulator only writes recording files;
// nothing here transmits anything.
//
// Suggested EIRP for the bundled scenarios (radius = where J/S reaches the nominal loss threshold, radius_km();
// the table is in docs/INTERFERENCE_MODEL.md):
//   korea-dmz (Kaesong area, ~37.97N 126.55E, 30 m): 20 dBW (100 W) -> 93 / 85 / 56 km at 1,000 / 10,000 /
//     35,000 ft: low aircraft on the Incheon/Gimpo approaches ~50-60 km south lose GNSS, cruise traffic only
//     close in.
//   baltic-kaliningrad (~54.71N 20.51E, 100 m mast): 30 dBW -> 113 / 269 / 255 km (line of sight limits low
//     aircraft; 31.3 dBW gives 300 km at cruise).
//   east-med (e.g. off the Levant coast, 30 m): jammer 28 dBW -> 95 / 222 / 197 km; a circle spoofer at
//     -10 dBW captures out to 95 / 96 / 64 km.
//   intermittent: 25 dBW, 30 m -> 95 / 156 / 130 km, with 3-5 active intervals of 10-40 min.
#pragma once

#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <vector>

namespace gw::sim {

// A small deterministic PRNG (splitmix64, Steele/Lea/Flood 2014): the simulator draws every random quantity from
// one of these, seeded from the scenario seed, so a scenario replays bit-identically on every platform (no
// std:: distributions, whose output is implementation-defined).
class SplitMix64 {
 public:
  explicit SplitMix64(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  // Uniform in [0, 1) with 53 random bits.
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }
  // Uniform integer in [0, n) (n > 0); the modulo bias is below 2^-40 for the small n the simulator uses.
  std::uint64_t below(std::uint64_t n) { return next() % n; }
  bool chance(double probability) { return uniform() < probability; }

 private:
  std::uint64_t state_;
};
using Rng = SplitMix64;

// Mixes several values into one seed (per-aircraft seeds from the scenario seed and the ICAO address).
std::uint64_t mix_seed(std::uint64_t a, std::uint64_t b);

struct Interval {
  double start_s = 0, end_s = 0;  // unix seconds, [start, end)
};
struct Waypoint {
  double time_s = 0, lat_deg = 0, lon_deg = 0;
};
enum class InterfererKind : std::uint8_t { Jammer, Spoofer };
enum class SpoofMode : std::uint8_t { Fixed, Drift, Circle };

// Where spoofed receivers believe they are.
struct SpoofPattern {
  SpoofMode mode = SpoofMode::Fixed;
  double lat_deg = 0, lon_deg = 0;              // Fixed: the false point; Circle: the centre; Drift: unused
  double drift_mps = 0, drift_bearing_deg = 0;  // Drift: the false position leaves the true one (from the moment
                                                // of capture) at drift_mps on this true bearing
  double circle_radius_km = 0, circle_period_s = 0;  // Circle: the same point on the circle for every victim
                                                     // at one instant (phase 0 = north at unix time 0)
  double alt_offset_ft = 0;                     // GNSS height minus its true value while spoofed
};

struct Interferer {
  std::uint32_t id = 0;
  InterfererKind kind = InterfererKind::Jammer;
  std::string name;
  double lat_deg = 0, lon_deg = 0;  // fixed position (moving: ignored, the track gives the position)
  double height_m = 30;             // antenna height above mean sea level (no terrain)
  double eirp_dbw = 30;             // effective isotropic radiated power in the GPS L1 band
  std::vector<Interval> active;     // empty = always on
  std::vector<Waypoint> track;      // empty = fixed; else linear interpolation in time (held at the ends)
  SpoofPattern spoof;               // spoofers only
};

struct GeoPoint {
  double lat_deg = 0, lon_deg = 0;
};

// The radio path from an emitter to an aircraft's GNSS antenna at GPS L1 (docs/INTERFERENCE_MODEL.md).
namespace radio {
inline constexpr double kL1Hz = 1575.42e6;                 // IS-GPS-200 §3.3.1.1
inline constexpr double kSpeedOfLightMps = 299792458.0;
inline constexpr double kL1MinReceivedPowerDbw = -158.5;   // IS-GPS-200 Table 3-Va, L1 C/A
inline constexpr double kEarthRadiusM = 6371008.8;         // mean Earth radius (IUGG)
inline constexpr double kEffectiveEarthFactor = 4.0 / 3.0;  // standard refraction, ITU-R P.453/P.834 "4/3 Earth"
inline constexpr double kFeetToMetres = 0.3048;
// J/S (dB) at which a receiver loses tracking and at which it can acquire again (nominal receiver; each aircraft
// varies by +-2 dB): from the effective C/N0 under wideband noise (Betz; Kaplan & Hegarty) with 43 dB-Hz
// unjammed, a 26 dB-Hz tracking threshold and a 31.7 dB-Hz acquisition threshold (MITRE, Benson 2006).
inline constexpr double kLossJsDb = 37.0;
inline constexpr double kReacquireJsDb = 31.1;
// A spoofer captures a receiver when its signals arrive this much above the authentic ones (S/S, dB), and the
// receiver is released when they fall below the release level (docs/INTERFERENCE_MODEL.md).
inline constexpr double kSpoofCaptureDb = 6.0;
inline constexpr double kSpoofReleaseDb = -3.0;
// The weakest levels that can change any receiver's state or output (loss threshold - 2 dB receiver spread - 6 dB
// degradation band; spoof release - 2 dB spread - 1 dB): exposure() may report weaker interferers as kNoSignalDb.
inline constexpr double kJammerFloorDb = kLossJsDb - 9.0;
inline constexpr double kSpoofFloorDb = kSpoofReleaseDb - 3.0;
// Returned for an emitter that is off, beyond the radio horizon or not considered.
inline constexpr double kNoSignalDb = -std::numeric_limits<double>::infinity();

// 20 log10(4 pi d f / c), d in metres (> 0).
double free_space_path_loss_db(double distance_m, double frequency_hz = kL1Hz);
// Distance to the radio horizon from an antenna height_m above a 4/3-radius Earth: sqrt(2 k R h).
double radio_horizon_m(double height_m);
// Greatest ground distance at which two antennas see each other: the sum of their radio horizons.
double line_of_sight_m(double height_a_m, double height_b_m);
// Elevation (degrees) of the emitter as seen from the aircraft over a 4/3-radius Earth: negative below the
// aircraft's local horizon.
double elevation_deg(double ground_distance_m, double emitter_height_m, double aircraft_height_m);
// Gain (dBi) of an aircraft's top-mounted GNSS antenna toward an emitter at this elevation: nominal above the
// horizon, attenuated by the fuselage below it (docs/INTERFERENCE_MODEL.md, RTCA DO-235B / DO-301 figures).
double aircraft_antenna_gain_db(double elevation_deg);
// Slant range (m) between the two antennas over a 4/3-radius Earth.
double slant_range_m(double ground_distance_m, double emitter_height_m, double aircraft_height_m);
// Interference-to-signal ratio (dB) at the aircraft's receiver: EIRP - FSPL(slant range) + antenna gain toward
// the emitter - the minimum received L1 C/A power; kNoSignalDb beyond line of sight.
double interference_to_signal_db(double eirp_dbw, double ground_distance_m, double emitter_height_m,
                                 double aircraft_height_m);
}  // namespace radio

// Great-circle distance (m) on the mean Earth sphere, and the point reached along a bearing.
double great_circle_m(double lat1_deg, double lon1_deg, double lat2_deg, double lon2_deg);
GeoPoint destination(double lat_deg, double lon_deg, double bearing_deg, double distance_m);

// What one aircraft's receiver sees from all interferers at one instant.
struct Exposure {
  double jam_js_db = radio::kNoSignalDb;     // all active jammers together (powers add)
  std::int32_t jammer = -1;                  // index of the strongest active jammer, -1 for none
  double spoof_ss_db = radio::kNoSignalDb;   // the strongest active spoofer's signal over the authentic one
  std::int32_t spoofer = -1;                 // its index, -1 for none
};

// The environment: all interferers of one scenario. Immutable after construction and safe to share between
// threads. Interferers are addressed by their index in interferers().
class GnssEnvironment {
 public:
  GnssEnvironment() = default;
  explicit GnssEnvironment(std::vector<Interferer> interferers);

  std::span<const Interferer> interferers() const { return interferers_; }
  bool empty() const { return interferers_.empty(); }

  bool active_at(std::size_t index, double time_s) const;
  // The interferer's position at time_s (a moving one interpolates its track, held at the ends).
  GeoPoint position_at(std::size_t index, double time_s) const;
  // I/S (dB) from one interferer toward an aircraft at this position and barometric altitude; kNoSignalDb when
  // it is off or beyond line of sight.
  double is_db(std::size_t index, double time_s, double lat_deg, double lon_deg, double alt_ft) const;
  // Everything that reaches an aircraft here now. Interferers whose maximum range cannot reach the position are
  // skipped by a cheap latitude/longitude box test before any trigonometry.
  Exposure exposure(double time_s, double lat_deg, double lon_deg, double alt_ft) const;

  // The ground distance (km) out to which an aircraft at alt_ft reaches the given I/S from this interferer alone
  // while it is active: the outermost such distance (the antenna pattern makes I/S not monotonic close in),
  // capped by line of sight. 0 when never reached.
  double radius_km(std::size_t index, double alt_ft, double threshold_db = radio::kLossJsDb) const;

 private:
  struct Reach {                 // the box outside which an interferer cannot matter
    double min_lat, max_lat;     // degrees
    double centre_lon, half_lon; // degrees; a longitude is unwrapped against the centre before comparing
    bool whole_world;            // box too large to be useful (near the poles)
  };
  // is_db with the aircraft's latitude cosine given (exposure() takes it once for all interferers).
  double is_db(std::size_t index, double time_s, double lat_deg, double lon_deg, double alt_ft, double cos_lat) const;

  std::vector<Interferer> interferers_;
  std::vector<Reach> reach_;
  std::vector<double> fixed_cos_lat_;  // cos of each interferer's fixed latitude (unused for moving ones)
};

// A random plausible jammer near (lat, lon), for random scenarios: within max_offset_km of the point, antenna
// 10-300 m, EIRP chosen so that radius_km at 35,000 ft is 60-250 km; with probability 0.3 intermittent (2-5
// active intervals inside [start_s, end_s)) and with probability 0.15 moving (a straight track at 10-30 m/s).
Interferer random_jammer(Rng& rng, double lat_deg, double lon_deg, double start_s, double end_s,
                         std::uint32_t id, double max_offset_km = 50.0);

// The EIRP (dBW) that gives this radius (km) at alt_ft for a jammer at height_m, with the nominal loss threshold;
// NaN when line of sight does not reach that far.
double eirp_for_radius_dbw(double radius_km, double alt_ft, double height_m);

}  // namespace gw::sim
