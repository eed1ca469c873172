#include "track/aircraft_state.hpp"

#include <array>

namespace gw::track {
namespace {

// See the header: index NUCp 0..9.
constexpr std::array<std::uint8_t, 10> kNacPOfNucP = {0, 0, 1, 3, 4, 5, 6, 7, 9, 10};

}  // namespace

std::uint8_t nac_p_equivalent_of_nuc_p(std::uint8_t nuc_p) noexcept {
  return nuc_p < kNacPOfNucP.size() ? kNacPOfNucP[nuc_p] : 0;
}

void apply(AircraftState& s, const modes::ModeSMessage& msg, double time_s,
           const AircraftStateOptions& options) noexcept {
  s.last_heard_s = time_s;
  if (msg.derived.version) s.version = msg.derived.version;

  // Kinematics.
  if (msg.gs_kt) {
    s.gs_kt = msg.gs_kt;
    s.track_deg = msg.track_deg;  // may be absent (e.g. zero speed): then unknown, not the old value
    s.velocity_s = time_s;
  }
  if (msg.alt_baro_ft) s.alt_baro_ft = msg.alt_baro_ft;
  if (msg.alt_geom_ft) s.alt_geom_ft = msg.alt_geom_ft;

  // Air / ground. An explicit on_ground (VS, FS, CA, surface position) wins over what a type code implies.
  const std::uint8_t tc = msg.type_code.value_or(0xFF);
  const bool own_adsb = is_own_adsb(msg);
  const bool own_record = is_own_adsb_record(msg);
  if (msg.on_ground) {
    s.air_ground = *msg.on_ground ? AirGround::Ground : AirGround::Airborne;
    s.air_ground_s = time_s;
  } else if (own_adsb && msg.type_code && is_airborne_position_tc(tc)) {
    s.air_ground = AirGround::Airborne;
    s.air_ground_s = time_s;
  }

  // Integrity and accuracy. Version-0 positions carry their own NUCp, from which a NACp equivalent.
  if ((own_adsb || own_record) && msg.nac_p) {
    s.nac_p = msg.nac_p;
    s.nac_p_s = time_s;
    s.nac_p_from_record = own_record;
  }
  if (own_record && msg.derived.nic) s.nic = msg.derived.nic;
  if (own_adsb && msg.type_code) {
    if (tc == 0) s.no_position_message_s = time_s;
    if (time_s - s.last_adsb_s > kReceptionGapS) {  // reception gap: start counting afresh
      s.positionless_since_s = kNever;
      s.positionless_count = 0;
    }
    s.last_adsb_s = time_s;
    if (!is_position_tc(tc)) {
      if (s.positionless_since_s == kNever) s.positionless_since_s = time_s;
      ++s.positionless_count;
    }
    if (is_position_tc(tc)) {
      s.position_message_s = time_s;
      s.positionless_since_s = kNever;
      s.positionless_count = 0;
      s.nic = msg.derived.nic;
      s.nuc_p = msg.derived.nuc_p;
      if (msg.derived.nuc_p) {
        s.nac_p = nac_p_equivalent_of_nuc_p(*msg.derived.nuc_p);
        s.nac_p_s = time_s;
        s.nac_p_from_record = false;
      }
    }
  }

  // Position, and the "GNSS ok" position.
  if (msg.derived.lat && msg.derived.lon) {
    s.lat_deg = *msg.derived.lat;
    s.lon_deg = *msg.derived.lon;
    s.position_s = time_s;
    const auto nac_p = s.current_nac_p(time_s, options);
    if ((own_adsb || own_record) && nac_p && *nac_p >= options.gnss_ok_min_nac_p) {
      s.gnss_ok_lat_deg = s.lat_deg;
      s.gnss_ok_lon_deg = s.lon_deg;
      s.gnss_ok_s = time_s;
      s.gnss_ok_gs_kt = s.gs_kt;
      s.gnss_ok_track_deg = s.track_deg;
    }
  }
}

}  // namespace gw::track
