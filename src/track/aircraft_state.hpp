// What one aircraft last said about itself, folded from its messages in time order: position and when, the last
// position whose GNSS was good (readsb's "gpsOk" position), integrity and accuracy (NIC, NUCp, NACp), kinematics
// (ground speed, track, barometric and geometric altitude) and whether it is airborne or on the ground.
//
// `apply` is a pure fold: it mutates only the AircraftState it is given, allocates nothing and reads no clock.
// AircraftTable keeps one per address; detect::HealthTracker keeps its own (so it also serves inputs that never
// pass through a table, such as readsb JSON records).
#pragma once

#include <cstdint>
#include <limits>
#include <optional>

#include "modes/message.hpp"

namespace gw::track {

inline constexpr double kNever = -std::numeric_limits<double>::infinity();

// A transponder sends velocity at 2 Hz and status/identification at 0.2-0.4 Hz (DO-260B §2.2.3.3.1 rates): in
// 10 s of full reception about 25 non-position messages. A gap of more than 5 s between received messages is a
// reception gap (out of range, shadowed), not evidence about positions; 5 messages is the least we accept as
// "still heard" over the span.
inline constexpr double kReceptionGapS = 5.0;
inline constexpr std::uint32_t kPositionlessMinMessages = 5;

enum class AirGround : std::uint8_t { Unknown, Airborne, Ground };

// Type-code classes (DO-260B §2.2.3.2.1.5, Table 2-14 "TYPE Subfield Code Definitions").
constexpr bool is_surface_position_tc(std::uint8_t tc) noexcept { return tc >= 5 && tc <= 8; }
constexpr bool is_airborne_position_tc(std::uint8_t tc) noexcept {
  return (tc >= 9 && tc <= 18) || (tc >= 20 && tc <= 22);
}
constexpr bool is_position_tc(std::uint8_t tc) noexcept {
  return is_surface_position_tc(tc) || is_airborne_position_tc(tc);
}

// An extended squitter the aircraft sent about itself (DF17, or DF18 with an ADS-B control field) — not TIS-B or
// ADS-R, whose integrity fields describe a ground system's surveillance, not the aircraft's GNSS.
constexpr bool is_own_adsb(const modes::ModeSMessage& msg) noexcept {
  return msg.df == 17 || (msg.df == 18 && (msg.address_kind == modes::AddressKind::AdsbIcao ||
                                          msg.address_kind == modes::AddressKind::AdsbOther));
}

// A record of state another tracker already decoded: a readsb aircraft.json entry or globe_history trace row, an
// OpenSky state vector (io/readsb_json.hpp, io/opensky.hpp). The readers emit them as df 0 with no type code and
// address_source Parity; a decoded DF0 frame always has a recovered address (address/parity overlay), so the two
// cannot be confused. One record is one observation of the other tracker's state, not one transmitted message.
constexpr bool is_state_record(const modes::ModeSMessage& msg) noexcept {
  return msg.df == 0 && !msg.type_code && msg.address_source == modes::AddressSource::Parity;
}

// A state record of the aircraft's own ADS-B (readsb type adsb_icao / adsb_other; OpenSky rows are all marked
// AdsbIcao) — not MLAT, Mode S, TIS-B or ADS-R, whose positions are not the aircraft's own GNSS.
constexpr bool is_own_adsb_record(const modes::ModeSMessage& msg) noexcept {
  return is_state_record(msg) &&
         (msg.address_kind == modes::AddressKind::AdsbIcao || msg.address_kind == modes::AddressKind::AdsbOther);
}

// Version 0 carries no NACp, only NUCp (from the position type code). The equivalent used here is the NACp whose
// EPU bound (DO-260B Table 2-70) is the smallest one not below the NUCp's HPL bound (DO-260 NUCp table):
// NUCp 9 (HPL < 7.5 m) -> 10 (< 10 m), 8 (< 25 m) -> 9 (< 30 m), 7 (< 0.1 NM) -> 7 (< 0.1 NM),
// 6 (< 0.2 NM) -> 6 (< 0.3 NM), 5 -> 5, 4 -> 4, 3 -> 3 (equal bounds), 2 (< 10 NM) -> 1, 1 and 0 -> 0.
// HPL is an integrity bound and EPU an accuracy bound, so this is a conservative stand-in, not a conversion;
// gnsswatch's own choice (readsb also derives a version-0 NACp from the type code; we did not copy its table).
std::uint8_t nac_p_equivalent_of_nuc_p(std::uint8_t nuc_p) noexcept;

struct AircraftStateOptions {
  // A NACp (TC 31 / TC 29) older than this is no longer taken as the aircraft's current accuracy.
  double nac_p_max_age_s = 60.0;
  // readsb counts a position as "GNSS ok" when the aircraft's NACp is at least 4 (EPU < 1 NM; Table 2-70).
  std::uint8_t gnss_ok_min_nac_p = 4;
  // A NACp taken from a state record is the other tracker's current value and is repeated only now and then:
  // a readsb trace writes its `details` (which carry nac_p) on about one row in four; in the sample trace
  // (trace_full_ac671b.json) 43 s apart at the median, 79 s at the 90th percentile. So it stays current longer.
  double record_nac_p_max_age_s = 180.0;
};

struct AircraftState {
  double last_heard_s = kNever;

  // Last decoded position (msg.derived.lat/lon) and when.
  double lat_deg = std::numeric_limits<double>::quiet_NaN();
  double lon_deg = std::numeric_limits<double>::quiet_NaN();
  double position_s = kNever;
  // Last own ADS-B position message (TC 5-18, 20-22), decoded or not (a CPR half waiting for its pair counts),
  // and last "no position" message (TC 0).
  double position_message_s = kNever;
  double no_position_message_s = kNever;
  // How long and how many of its own ADS-B messages the aircraft has been heard sending without a position
  // message in between: the time of the first such message (kNever while the latest was a position) and their
  // count. A reception gap longer than kReceptionGapS restarts the span, so silence is never read as "no position".
  double last_adsb_s = kNever;
  double positionless_since_s = kNever;
  std::uint32_t positionless_count = 0;
  // Last position decoded while the aircraft's NACp (version 0: the NUCp equivalent) was at least
  // options.gnss_ok_min_nac_p: readsb's gpsOkBefore / gpsOkLat / gpsOkLon. Speed and track at that time
  // (for dead reckoning from it).
  double gnss_ok_lat_deg = std::numeric_limits<double>::quiet_NaN();
  double gnss_ok_lon_deg = std::numeric_limits<double>::quiet_NaN();
  double gnss_ok_s = kNever;
  std::optional<float> gnss_ok_gs_kt;
  std::optional<float> gnss_ok_track_deg;

  // Integrity and accuracy.
  std::optional<std::uint8_t> version;
  std::optional<std::uint8_t> nic;    // of the last position message (version 1/2), or of a state record
  std::optional<std::uint8_t> nuc_p;  // of the last position message (version 0)
  std::optional<std::uint8_t> nac_p;  // TC 31 / TC 29, or the NUCp equivalent of a version-0 position
  double nac_p_s = kNever;
  bool nac_p_from_record = false;     // nac_p came from a state record (options.record_nac_p_max_age_s applies)

  // Kinematics.
  std::optional<float> gs_kt;
  std::optional<float> track_deg;
  double velocity_s = kNever;
  std::optional<std::int32_t> alt_baro_ft;
  std::optional<std::int32_t> alt_geom_ft;

  // Air/ground: from on_ground (DF0 VS, DF4/5/20/21 FS, DF11/17 CA, surface positions) and position type codes.
  AirGround air_ground = AirGround::Unknown;
  double air_ground_s = kNever;

  bool has_position() const noexcept { return position_s != kNever; }
  // Heard for at least `span_s`, in at least kPositionlessMinMessages messages, sending own ADS-B messages but no
  // position message, after having sent positions before.
  bool positions_stopped(double time_s, double span_s) const noexcept {
    return position_message_s != kNever && positionless_since_s != kNever &&
           time_s - positionless_since_s >= span_s && positionless_count >= kPositionlessMinMessages;
  }
  bool ever_gnss_ok() const noexcept { return gnss_ok_s != kNever; }
  // NACp known and at most options.nac_p_max_age_s (from a state record: record_nac_p_max_age_s) old at `time_s`.
  std::optional<std::uint8_t> current_nac_p(double time_s, const AircraftStateOptions& options) const noexcept {
    const double max_age_s = nac_p_from_record ? options.record_nac_p_max_age_s : options.nac_p_max_age_s;
    if (nac_p && time_s - nac_p_s <= max_age_s) return nac_p;
    return std::nullopt;
  }
  // Barometric altitude when known, else geometric.
  std::optional<std::int32_t> altitude_ft() const noexcept { return alt_baro_ft ? alt_baro_ft : alt_geom_ft; }
};

// Folds `msg` (already through AircraftTable, so msg.derived is filled; or a state record) into `state` at
// `time_s`. A state record of own ADS-B sets position, NACp, NIC, kinematics and air/ground as a message would;
// its position is "GNSS ok" under the same NACp >= 4 rule. A record without integrity fields (OpenSky) never
// makes a GNSS-ok position.
void apply(AircraftState& state, const modes::ModeSMessage& msg, double time_s,
           const AircraftStateOptions& options = {}) noexcept;

}  // namespace gw::track
