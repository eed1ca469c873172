// One aircraft's GNSS receiver and the ADS-B avionics fed by it, under the interference model: what position and
// quality indicators the aircraft would broadcast each second. docs/INTERFERENCE_MODEL.md gives the behaviour and
// its sources.
#pragma once

#include <cstdint>

#include "sim/interference.hpp"

namespace gw::sim {

class TruthRecorder;

// The true state of one aircraft at one instant, as the engine knows it.
struct AircraftTruth {
  double time_s = 0;  // unix seconds, increasing from call to call
  double lat_deg = 0, lon_deg = 0;
  double alt_baro_ft = 0;          // barometric altitude; the model takes it as height above mean sea level
  double geom_minus_baro_ft = 0;   // true GNSS (geometric) height minus barometric altitude
  bool on_ground = false;
  double gs_kt = 0;
};

// What the aircraft's avionics output now; the engine encodes frames from it.
struct GnssOutput {
  // false: no position to broadcast. Airborne position squitters become type code 0 (barometric altitude only,
  // DO-260B §2.2.3.2.3.1); surface position squitters are not sent.
  bool position_valid = true;
  double lat_deg = 0, lon_deg = 0;  // the reported position (true, spoofed, or held)
  double geom_minus_baro_ft = 0;    // GNSS height minus barometric, as reported (TC 19 difference, TC 20-22)
  bool gnss_height_valid = true;    // false: no GNSS height now (TC 19 difference "not available", no TC 20-22)
  // What version-2 avionics report (the engine maps NIC to type code/supplements, and to NUCp for versions 0/1).
  std::uint8_t nic = 8, nacp = 9, nacv = 1, sil = 3;
  bool jammed = false, spoofed = false;  // truth: inside a jammed / spoofed interval (delays included); never sent
};

// How the avionics report a lost fix (docs/INTERFERENCE_MODEL.md: both are seen in real data).
enum class LossReport : std::uint8_t {
  NoPosition,      // position squitters carry no position (TC 0) until the fix returns
  ZeroIntegrity,   // position squitters continue (hybrid IRS/FMS position) with NIC 0 and NACp 0
};

// One receiver's characteristics: drawn per aircraft from its seed (ReceiverProfile::random), or nominal for tests.
struct ReceiverProfile {
  double loss_js_db = radio::kLossJsDb;            // J/S at which tracking is lost
  double reacquire_js_db = radio::kReacquireJsDb;  // J/S below which acquisition can start again
  double reacquire_delay_s = 20;                   // from J/S below reacquire_js_db to a valid fix
  double spoof_capture_db = radio::kSpoofCaptureDb;
  double spoof_release_db = radio::kSpoofReleaseDb;
  double spoof_recovery_delay_s = 30;              // from the spoofer's release to an authentic fix
  LossReport loss_report = LossReport::NoPosition;
  // Unjammed quality indicators (version 2).
  std::uint8_t nic = 8, nacp = 9, nacv = 1, sil = 3;

  static ReceiverProfile nominal() { return {}; }
  // Thresholds +-2 dB (hysteresis kept), delays spread over their documented ranges, loss report and unjammed
  // NIC/NACp from the typical mix of transport-category equipage.
  static ReceiverProfile random(std::uint64_t seed);
};

// One aircraft's GNSS receiver + avionics. Loss when J/S exceeds the tracking threshold; re-acquisition only after
// J/S has stayed below the acquisition threshold for the re-acquisition delay; NIC/NACp degrade in the last few dB
// before loss. Spoof capture when a spoofer's signal exceeds the authentic one by the capture margin; the false
// position follows the spoofer's pattern; after release, an authentic fix returns after the recovery delay.
// Called about once per second with increasing time; records affected intervals into the TruthRecorder.
// Allocation-free per call; one object per aircraft, not shared between threads.
class AircraftGnss {
 public:
  // has_gnss false: the aircraft never outputs a GNSS position (position_valid false, NIC/NACp 0) and is never
  // affected. seed: per aircraft (e.g. mix_seed(scenario seed, icao)); draws ReceiverProfile::random(seed).
  AircraftGnss(std::uint32_t icao, bool has_gnss, std::uint64_t seed);
  AircraftGnss(std::uint32_t icao, bool has_gnss, const ReceiverProfile& profile);

  const GnssOutput& update(const GnssEnvironment& environment, const AircraftTruth& truth, TruthRecorder& truth_out);
  // Closes an interval still open at the end of the simulation (or when the aircraft stops transmitting) at
  // truth.time_s and resets the receiver: a later update() starts from a valid fix.
  void finish(const AircraftTruth& truth, TruthRecorder& truth_out);

  const GnssOutput& output() const { return output_; }
  const ReceiverProfile& profile() const { return profile_; }
  std::uint32_t icao() const { return icao_; }

  enum class State : std::uint8_t { Tracking, Lost, Reacquiring, Spoofed, Recovering };
  State state() const { return state_; }

 private:
  void open_interval(TruthRecorder& truth_out, const AircraftTruth& truth, bool spoofed, std::int32_t interferer,
                     const GnssEnvironment& environment);
  void close_interval(TruthRecorder& truth_out, const AircraftTruth& truth);
  // A position fix with the profile's nominal integrity (NIC, NACp, NACv, SIL): true or counterfeit.
  void report_fix(double lat_deg, double lon_deg, double geom_minus_baro_ft, bool spoofed);
  void report_true_position(const AircraftTruth& truth, double margin_db);
  void report_spoofed_position(const GnssEnvironment& environment, const AircraftTruth& truth);
  void report_lost(const AircraftTruth& truth);

  std::uint32_t icao_;
  bool has_gnss_;
  ReceiverProfile profile_;
  GnssOutput output_;
  State state_ = State::Tracking;
  double state_since_s_ = 0;        // Reacquiring: when J/S fell below the acquisition threshold;
                                    // Spoofed/Recovering: the capture time (the drift origin)
  double recovering_since_s_ = 0;   // Recovering: when the spoofer released the receiver
  std::int32_t interferer_ = -1;    // the interferer the open interval belongs to
  bool interval_open_ = false;
};

}  // namespace gw::sim
