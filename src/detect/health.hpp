// What the detectors consume: verdicts on one emitter's GNSS at one time and place (HealthSample), and the
// intervals in which an emitter had lost it (GnssEpisode). Aircraft (ADS-B) and, later, ships (AIS) produce the
// same types, so the grid, events and outputs serve both unchanged.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>

namespace gw::detect {

enum class Platform : std::uint8_t { Aircraft, Ship };

// How GNSS health is judged (docs/HEALTH.md gives each rule and its source).
enum class Classifier : std::uint8_t {
  Gpsjam,  // readsb's counter rule, the basis of gpsjam.org's map (default)
  Nic,     // NIC < 7 (containment radius 0.2 NM or more)
  Nacp,    // NACp < 7
};

// Where a sample is placed on the map.
enum class Placement : std::uint8_t {
  Reported,  // the position the emitter reported with this verdict
  LastGood,  // the last position reported while GNSS was good (like readsb's gpsOkLat/Lon)
  DeadReckoned,  // the last good position moved on by the speed and track reported then (docs/HEALTH.md)
};

inline constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// One verdict: emitter `id` at `time_s`, counted at (lat, lon), had good or bad GNSS.
struct HealthSample {
  double time_s = kNaN;                 // unix seconds (or counter seconds when the input has no epoch)
  std::uint32_t id = 0;                 // ICAO 24-bit address, or MMSI
  Platform platform = Platform::Aircraft;
  double lat_deg = kNaN;
  double lon_deg = kNaN;
  Placement placement = Placement::Reported;
  std::optional<std::int32_t> altitude_ft;  // barometric when known, else geometric
  bool bad = false;
  // Bad samples only: the position the emitter itself sent with this verdict, when it sent one since its last
  // good position (hybrid IRS/GNSS avionics keep broadcasting positions flagged NIC 0 / NACp 0 while GNSS is lost;
  // TC 0 senders have none: NaN). Not used for placement (lat_deg/lon_deg above): the localizer uses it as
  // "inside the jammed disk" evidence (docs/LOCALIZATION.md), with its NACp when one was stated.
  double reported_lat_deg = kNaN;
  double reported_lon_deg = kNaN;
  std::optional<std::uint8_t> reported_nac_p;
};

// One loss of GNSS by one emitter: when and where it was lost and regained.
struct GnssEpisode {
  std::uint32_t id = 0;
  Platform platform = Platform::Aircraft;
  double lost_s = kNaN;          // first bad verdict
  double regained_s = kNaN;      // first good verdict after it; NaN when the emitter was not heard good again
  double lost_lat_deg = kNaN;    // last good position before the loss (where it was lost)
  double lost_lon_deg = kNaN;
  double regained_lat_deg = kNaN;  // first good position after it
  double regained_lon_deg = kNaN;
  std::optional<std::int32_t> altitude_ft;  // at the loss place (reported with the last good position)
  std::optional<std::int32_t> regained_altitude_ft;  // at the regain place (reported with the first good position)
  // A loss seen only at its regain (docs/HEALTH.md, "Losses seen at the regain"): the emitter was first heard
  // already without GNSS, so there is no last good position: lost_s is the first message heard without GNSS (it
  // was lost at least from then), the loss place is unknown (NaN) and the regain is known. Events group such an
  // episode at its regain place; the grid never sees it (no bad sample is made of it).
  bool seen_at_regain = false;
  // Integrity degradation before the loss (docs/HEALTH.md, "Degradation before the loss"): as J/S rises towards
  // the loss threshold the weakest satellites drop out first and the protection level grows, so the aircraft's
  // reported NIC (NUCp for version 0) falls below its usual level before GNSS is lost. `degraded_*`: the first
  // position of the run of positions below its usual level that led to this loss; `degraded_more_*`: the first
  // position of that run at a level below the run's first one. At or before the loss place; NaN when not seen
  // (no drop, a drop more than 15 min before the loss, a loss seen at the regain, the NIC / NACp classifiers
  // whose loss is the drop itself).
  double degraded_s = kNaN;
  double degraded_lat_deg = kNaN;
  double degraded_lon_deg = kNaN;
  std::optional<std::int32_t> degraded_altitude_ft;
  double degraded_more_s = kNaN;
  double degraded_more_lat_deg = kNaN;
  double degraded_more_lon_deg = kNaN;
  std::optional<std::int32_t> degraded_more_altitude_ft;
};

// An integrity drop without a loss (docs/HEALTH.md, "Degradation passes"): an aircraft whose NIC (NUCp for
// version 0) fell below its usual level and came back up to it without losing GNSS, e.g. one skimming the ring
// around a jammer's disk. The avionics lower their NIC at a fixed margin below the receiver's own loss threshold,
// so going in and coming out it crossed the same J/S: the two places lie at (nearly) the same slant distance from
// the jammer, whatever the receiver's threshold offset. `in_*`: the first position below the usual level; `out_*`:
// the last one below it (both just inside the level's disk); back_s: the first position at the usual level again.
struct DegradedPass {
  std::uint32_t id = 0;
  double in_s = kNaN, in_lat_deg = kNaN, in_lon_deg = kNaN;
  double out_s = kNaN, out_lat_deg = kNaN, out_lon_deg = kNaN;
  double back_s = kNaN;
  std::optional<std::int32_t> in_altitude_ft, out_altitude_ft;
};

}  // namespace gw::detect
