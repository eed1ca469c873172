// GNSS spoofing evidence from ADS-B tracks (docs/EVENTS_SPOOFING.md gives every rule, bound and source).
//
// Per track: a position jump no aircraft can fly (and the same after a reception gap: a reappearance far away),
// positions stuck or drifting against the reported ground velocity, GNSS height diverging from barometric
// altitude. Across tracks: several aircraft jumping onto one point (convergence) or by one displacement vector
// (common offset). Implausible is data (STYLE.md §10): nothing is dropped, findings are returned by finish().
//
// SpoofingDetector mutates only itself; not thread-safe (one per thread or per input part; merge the findings
// with merge_findings). Memory is bounded: at most SpoofingOptions::max_tracks tracks (stale ones are evicted),
// max_findings findings, a fixed ring of recent jumps. update() allocates only when an aircraft is first seen or
// a finding is opened, never for a message of a known aircraft.
#pragma once

#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "detect/health.hpp"
#include "modes/message.hpp"
#include "track/address_map.hpp"

namespace gw::detect {

enum class SpoofingKind : std::uint8_t {
  PositionJump,        // consecutive positions imply a speed beyond max_speed_kt, and the new place persists
  Reappearance,        // the same after a gap of reappear_gap_s or more without positions
  PositionStuck,       // reported ground speed says the aircraft moved; its positions did not
  VelocityMismatch,    // positions moved, but not where the reported ground velocity says
  GnssBaroDivergence,  // GNSS height minus barometric altitude beyond the altitude-dependent bound
  Convergence,         // >= cross_min_aircraft aircraft jumped onto one place from places far apart
  CommonOffset,        // >= cross_min_aircraft aircraft jumped by the same displacement vector
  ImplausibleGroundSpeed,  // GNSS ground speed of a hovering object while barometric altitude says cruise
};
inline constexpr std::size_t kSpoofingKinds = 8;
std::string_view spoofing_kind_name(SpoofingKind k);  // "position_jump", "reappearance", ...

struct SpoofingOptions {
  // Jumps. No civil aircraft flies 1,000 kt over ground (cruise Mach 0.85 ~ 490 kt TAS plus a 200 kt jet stream
  // is under 700 kt). A jump also needs jump_min_km, so that CPR/local-decode noise over short intervals
  // (metres to a few hundred metres in 0.5 s) never counts as a speed.
  double max_speed_kt = 1000.0;
  double jump_min_km = 5.0;
  // A jump is reported only when the next confirm_positions positions, spanning at least confirm_min_span_s,
  // continue from the new place. A position that returns to the old track makes it a glitch (counted only):
  // single wrong CPR decodes (a wrong zone, a corrupted frame) are not spoofing.
  int confirm_positions = 3;
  double confirm_min_span_s = 5.0;
  double reappear_gap_s = 60.0;

  // Position against reported velocity (TC 19 ground velocity), over windows of at least velocity_window_s in
  // which velocity messages come at most velocity_max_gap_s apart. Reported positions are compared with the
  // path dead-reckoned from the window's first position by integrating the reported velocity.
  double velocity_window_s = 60.0;
  double velocity_max_gap_s = 10.0;
  double stuck_min_expected_km = 3.0;   // ~100 kt for 60 s
  double stuck_max_fraction = 0.1;      // moved less than 10 % of the dead-reckoned distance
  double mismatch_min_km = 3.0;         // dead-reckoning error beyond max(3 km, 25 % of the distance)
  double mismatch_fraction = 0.25;

  // GNSS height - barometric altitude: |diff| > divergence_base_ft + divergence_fraction * |alt_baro|,
  // in divergence_min_reports reports spanning divergence_min_span_s or more. Normal differences come from the
  // sea-level pressure (~27-30 ft/hPa, ICAO Doc 7488 standard atmosphere: +-30 hPa is ~+-850 ft) and from
  // temperature (~4 % of height per 10 degC from ISA, ICAO Doc 8168 PANS-OPS Vol I temperature correction).
  double divergence_base_ft = 1000.0;
  double divergence_fraction = 0.06;    // 15 degC off ISA
  int divergence_min_reports = 3;
  double divergence_min_span_s = 10.0;
  double baro_max_age_s = 10.0;         // alt_geom (TC 20-22) is compared with a barometric altitude this fresh

  // GNSS ground speed below slow_max_gs_kt while the barometric altitude is at least slow_min_alt_ft, in
  // slow_min_reports reports spanning slow_min_span_s: above FL150 no aeroplane flies that slowly (stall speeds
  // there exceed 150 kt TAS and winds rarely exceed 150 kt). Emitter categories that can (set B: gliders,
  // balloons, parachutists, ultralights, UAVs, space vehicles; A7 rotorcraft) are exempt. A GNSS receiver led by
  // a static spoofed signal reports such a speed (docs/EVENTS_SPOOFING.md, the Helsinki finding).
  double slow_max_gs_kt = 50.0;
  std::int32_t slow_min_alt_ft = 15000;
  int slow_min_reports = 3;
  double slow_min_span_s = 10.0;

  // Across tracks: confirmed jumps within cross_window_s of each other.
  double cross_window_s = 300.0;
  std::size_t cross_min_aircraft = 3;
  double converge_radius_km = 5.0;      // new places within this of each other ...
  double converge_min_spread_km = 20.0; // ... while the places before the jumps spread at least this far
  double offset_tolerance_km = 5.0;     // displacement vectors equal within max(5 km, 10 % of their length)
  double offset_tolerance_fraction = 0.1;

  // Findings of one kind for one aircraft closer than this in time are one finding (span extended).
  double coalesce_s = 120.0;
  // Bounds.
  double forget_after_s = 1800.0;       // tracks not heard for this long are dropped
  std::size_t max_tracks = 20000;
  std::size_t max_findings = 100000;
  std::size_t jump_ring = 256;
};

struct GeoPoint {
  double lat_deg = kNaN;
  double lon_deg = kNaN;
};

// One named number that triggered a finding (names are string literals, e.g. "implied_speed_kt").
struct Evidence {
  const char* name = nullptr;
  double value = kNaN;
};
inline constexpr std::size_t kMaxEvidence = 8;

struct SpoofingFinding {
  SpoofingKind kind = SpoofingKind::PositionJump;
  std::vector<std::uint32_t> aircraft;  // ICAO addresses: one per-track, several for cross-track kinds (sorted)
  double start_s = kNaN;
  double end_s = kNaN;
  std::size_t occurrences = 1;          // triggers coalesced into this finding
  std::optional<GeoPoint> reported;     // the position the aircraft reported (first trigger)
  std::optional<GeoPoint> plausible;    // dead-reckoned from the last trusted position and velocity
  std::array<Evidence, kMaxEvidence> evidence{};
  std::size_t evidence_count = 0;

  void add_evidence(const char* name, double value);
};

struct SpoofingCounters {
  std::uint64_t messages = 0;             // given to update()
  std::uint64_t positions = 0;            // with a decoded position, checked
  std::uint64_t positions_no_integrity = 0;  // TC 8/18/22 (NIC 0: the aircraft vouches for nothing): not checked
  std::uint64_t velocities = 0;           // TC 19 ground velocities used
  std::uint64_t skipped_corrected = 0;    // CRC-corrected messages: a repaired bit may be the wrong one
  std::uint64_t skipped_not_adsb = 0;     // Mode S replies, TIS-B (radar-derived) and reserved control fields
  std::uint64_t out_of_order = 0;         // time earlier than the aircraft's last message: ignored
  std::uint64_t glitches = 0;             // impossible jumps that returned to the track (not reported)
  std::uint64_t jumps_unconfirmed = 0;    // impossible jumps left pending when the track ended
  std::uint64_t tracks_evicted = 0;
  std::uint64_t tracks_refused = 0;       // a new aircraft while max_tracks were all fresh: not tracked
  std::uint64_t findings_dropped = 0;     // beyond max_findings
};

class SpoofingDetector {
 public:
  explicit SpoofingDetector(SpoofingOptions options = {});

  // One accepted message (from track::MessagePipeline), in time order per aircraft. `time_s` is the message's
  // time in seconds (unix time, or any monotonic clock); non-finite times are ignored. Inline: most messages
  // carry nothing checked here and leave after a few tests.
  void update(const modes::ModeSMessage& msg, double time_s) {
    ++counters_.messages;
    if (!std::isfinite(time_s)) return;
    if (!is_adsb(msg)) {
      ++counters_.skipped_not_adsb;
      return;
    }
    if (msg.crc_corrected) {
      ++counters_.skipped_corrected;
      return;
    }
    if (!(time_s < next_evict_s_)) evict_due(time_s);  // also while next_evict_s_ is NaN (not started)
    const bool has_pos = msg.derived.lat && msg.derived.lon;
    const bool has_vel = msg.type_code == 19 && msg.gs_kt && msg.track_deg;
    const bool has_alt = msg.alt_baro_ft || msg.alt_geom_ft || msg.gnss_baro_diff_ft || msg.category;
    if (has_pos || has_vel || has_alt) update_track(msg, time_s, has_pos, has_vel, has_alt);
  }
  // update() with a fieldless squitter (modes::fieldless_squitter_address: ADS-B, no correction, no position,
  // velocity, altitude or category): counted, and it keeps the eviction schedule; no track is touched.
  void update_fieldless(double time_s) {
    if (!std::isfinite(time_s)) {
      ++counters_.messages;
      return;
    }
    update_fieldless_timed(time_s);
  }
  // The same for a time the caller knows is finite (map's fast path has tested it already).
  void update_fieldless_timed(double time_s) {
    ++counters_.messages;
    if (!(time_s < next_evict_s_)) evict_due(time_s);
  }
  // Ends every track (pending jumps are dropped as unconfirmed) and returns the findings sorted by start time.
  // The detector is empty afterwards and may be reused.
  std::vector<SpoofingFinding> finish();

  const SpoofingCounters& counters() const { return counters_; }
  std::size_t tracks() const { return tracks_.size(); }

 private:
  struct Track {
    std::uint32_t icao = 0;
    double last_heard_s = kNaN;
    // Last trusted position: every position is trusted unless it implies an impossible jump.
    bool has_pos = false;
    GeoPoint pos;
    double pos_s = kNaN;
    // Last NIC-0 position (TC 8/18/22): reported in findings, never checked for jumps.
    GeoPoint raw_pos;
    double raw_pos_s = kNaN;
    // A jump waiting for confirmation: first and latest positions at the new place.
    bool pending = false;
    GeoPoint pend_first, pend_last;
    double pend_first_s = kNaN, pend_last_s = kNaN;
    int pend_count = 0;
    // Last TC 19 ground velocity.
    bool has_vel = false;
    float gs_kt = 0, track_deg = 0;
    double vel_s = kNaN;
    // Velocity window: start position and the dead-reckoned displacement since (km east/north, path length).
    bool win = false;
    GeoPoint win_start;
    double win_s = kNaN, dr_s = kNaN;
    double dr_east_km = 0, dr_north_km = 0, dr_len_km = 0;
    // Altitudes.
    bool has_baro = false;
    std::int32_t alt_baro_ft = 0;
    double baro_s = kNaN;
    int div_reports = 0;
    double div_first_s = kNaN;
    int slow_reports = 0;
    double slow_first_s = kNaN;
    std::uint8_t category = 0;  // emitter category 0xSC when known, else 0
    // Open finding per kind (index into findings_), for coalescing; -1 when none.
    std::array<std::int64_t, kSpoofingKinds> open;
  };
  struct Jump {
    std::uint32_t icao = 0;
    double time_s = kNaN;
    GeoPoint from, to;
    double east_km = 0, north_km = 0;  // displacement, in the plane at `from`
  };

  // ADS-B and ADS-R (own positions relayed); not TIS-B (radar-derived positions) or reserved control fields.
  static bool is_adsb(const modes::ModeSMessage& m) noexcept {
    if (m.df != 17 && m.df != 18) return false;
    constexpr unsigned kAdsbKinds = 1u << static_cast<unsigned>(modes::AddressKind::AdsbIcao) |
                                    1u << static_cast<unsigned>(modes::AddressKind::AdsbOther) |
                                    1u << static_cast<unsigned>(modes::AddressKind::AdsrIcao) |
                                    1u << static_cast<unsigned>(modes::AddressKind::AdsrOther);
    return (kAdsbKinds >> static_cast<unsigned>(m.address_kind)) & 1u;
  }
  void evict_due(double time_s);
  void update_track(const modes::ModeSMessage& msg, double time_s, bool has_pos, bool has_vel, bool has_alt);
  Track* track_for(std::uint32_t icao, double time_s);
  void evict(double time_s);
  void on_position(Track& t, const modes::ModeSMessage& msg, double time_s, GeoPoint p);
  void on_velocity(Track& t, float gs_kt, float track_deg, double time_s);
  void check_ground_speed(Track& t, float gs_kt, double time_s);
  void on_altitudes(Track& t, const modes::ModeSMessage& msg, double time_s);
  void check_velocity_window(Track& t, double time_s, GeoPoint p);
  void confirm_jump(Track& t);
  void cross_track(const Jump& j);
  std::optional<GeoPoint> last_reported(const Track& t) const;
  std::optional<GeoPoint> plausible_at(const Track& t, double time_s) const;
  SpoofingFinding* open_finding(Track& t, SpoofingKind kind, double time_s, bool& fresh);
  SpoofingFinding* new_finding();

  SpoofingOptions options_;
  SpoofingCounters counters_;
  track::AddressMap<Track> tracks_;
  std::vector<SpoofingFinding> findings_;
  std::vector<Jump> jumps_;  // ring of recent confirmed jumps
  std::size_t jump_next_ = 0;
  double next_evict_s_ = kNaN;
};

// Concatenates findings from parts: exact duplicates (same kind, aircraft and span) are dropped, per-track
// findings of the same kind and aircraft whose spans overlap are joined. Sorted by start time, then kind.
std::vector<SpoofingFinding> merge_findings(std::span<const SpoofingFinding> a, std::span<const SpoofingFinding> b);

}  // namespace gw::detect
