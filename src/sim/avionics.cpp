#include "sim/avionics.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "sim/truth.hpp"

namespace gw::sim {

ReceiverProfile ReceiverProfile::random(std::uint64_t seed) {
  SplitMix64 rng(seed);
  ReceiverProfile p;
  // Receivers differ by a few dB in interference tolerance (antenna installation, cable loss, front end); the
  // hysteresis between loss and acquisition is kept (docs/INTERFERENCE_MODEL.md "Receiver spread").
  p.loss_js_db = radio::kLossJsDb + rng.uniform(-2.0, 2.0);
  p.reacquire_js_db = p.loss_js_db - (radio::kLossJsDb - radio::kReacquireJsDb);
  // 10 s typical satellite reacquisition (Garmin GDL 90 / TSO-C145a spec sheet; "10 seconds or less" in the GPS
  // user equipment introduction) plus the time to a position with integrity: 10-40 s.
  p.reacquire_delay_s = rng.uniform(10.0, 40.0);
  p.spoof_capture_db = radio::kSpoofCaptureDb + rng.uniform(-2.0, 2.0);
  p.spoof_release_db = p.spoof_capture_db - (radio::kSpoofCaptureDb - radio::kSpoofReleaseDb);
  p.spoof_recovery_delay_s = rng.uniform(15.0, 60.0);
  // DO-260B: no position -> TC 0 squitters; hybrid IRS/GNSS installations keep sending positions with NIC 0 and
  // NACp 0. Both are seen in recordings (docs/HEALTH.md, docs/EVENTS_SPOOFING.md); the mix is an assumption.
  p.loss_report = rng.chance(0.6) ? LossReport::NoPosition : LossReport::ZeroIntegrity;
  const double u = rng.uniform();
  p.nacp = u < 0.1 ? 8 : (u < 0.7 ? 9 : 10);
  p.nic = rng.chance(0.9) ? 8 : 7;
  p.nacv = rng.chance(0.8) ? 1 : 2;
  p.sil = 3;
  return p;
}

AircraftGnss::AircraftGnss(std::uint32_t icao, bool has_gnss, std::uint64_t seed)
    : AircraftGnss(icao, has_gnss, ReceiverProfile::random(seed)) {}

AircraftGnss::AircraftGnss(std::uint32_t icao, bool has_gnss, const ReceiverProfile& profile)
    : icao_(icao), has_gnss_(has_gnss), profile_(profile) {
  report_fix(0, 0, 0, false);
}

void AircraftGnss::report_fix(double lat_deg, double lon_deg, double geom_minus_baro_ft, bool spoofed) {
  output_.position_valid = true;
  output_.lat_deg = lat_deg;
  output_.lon_deg = lon_deg;
  output_.geom_minus_baro_ft = geom_minus_baro_ft;
  output_.gnss_height_valid = true;
  output_.nic = profile_.nic;
  output_.nacp = profile_.nacp;
  output_.nacv = profile_.nacv;
  output_.sil = profile_.sil;
  output_.jammed = false;
  output_.spoofed = spoofed;
}

void AircraftGnss::open_interval(TruthRecorder& truth_out, const AircraftTruth& truth, bool spoofed,
                                 std::int32_t interferer, const GnssEnvironment& environment) {
  if (interval_open_) close_interval(truth_out, truth);
  interferer_ = interferer;
  interval_open_ = true;
  truth_out.open_affected(icao_, environment.interferers()[static_cast<std::size_t>(interferer)].id,
                          spoofed ? AffectKind::Spoofed : AffectKind::Jammed, truth.time_s, truth.lat_deg,
                          truth.lon_deg, truth.alt_baro_ft);
}

void AircraftGnss::close_interval(TruthRecorder& truth_out, const AircraftTruth& truth) {
  if (!interval_open_) return;
  truth_out.close_affected(icao_, truth.time_s, truth.lat_deg, truth.lon_deg);
  interval_open_ = false;
}

void AircraftGnss::report_true_position(const AircraftTruth& truth, double margin_db) {
  report_fix(truth.lat_deg, truth.lon_deg, truth.geom_minus_baro_ft, false);
  // The last dB before loss: the weakest (low-elevation) satellites drop out first, the geometry and the
  // protection level grow (docs/INTERFERENCE_MODEL.md "Degradation").
  if (margin_db < 2.0) {
    output_.nacp = std::min<std::uint8_t>(profile_.nacp, 5);
    output_.nic = std::min<std::uint8_t>(profile_.nic, 5);
    output_.nacv = std::min<std::uint8_t>(profile_.nacv, 1);
  } else if (margin_db < 4.0) {
    output_.nacp = std::min<std::uint8_t>(profile_.nacp, 7);
    output_.nic = std::min<std::uint8_t>(profile_.nic, 6);
  } else if (margin_db < 6.0) {
    output_.nacp = static_cast<std::uint8_t>(profile_.nacp > 0 ? profile_.nacp - 1 : 0);
  }
}

void AircraftGnss::report_lost(const AircraftTruth& truth) {
  const bool continues = profile_.loss_report == LossReport::ZeroIntegrity;
  output_.position_valid = continues;
  // A hybrid installation's position is inertial: over the minutes of an outage its drift (~1-2 NM/h) is far
  // below what anything downstream resolves, so the true position stands for it.
  output_.lat_deg = truth.lat_deg;
  output_.lon_deg = truth.lon_deg;
  output_.geom_minus_baro_ft = 0;
  output_.gnss_height_valid = false;
  output_.nic = 0;
  output_.nacp = 0;
  output_.nacv = 0;
  output_.sil = profile_.sil;
  output_.jammed = state_ == State::Lost || state_ == State::Reacquiring;
  output_.spoofed = state_ == State::Recovering;
}

void AircraftGnss::report_spoofed_position(const GnssEnvironment& environment, const AircraftTruth& truth) {
  const Interferer& spoofer = environment.interferers()[static_cast<std::size_t>(interferer_)];
  const SpoofPattern& pattern = spoofer.spoof;
  GeoPoint at{pattern.lat_deg, pattern.lon_deg};
  switch (pattern.mode) {
    case SpoofMode::Fixed:
      break;
    case SpoofMode::Drift:
      at = destination(truth.lat_deg, truth.lon_deg, pattern.drift_bearing_deg,
                       pattern.drift_mps * std::max(0.0, truth.time_s - state_since_s_));
      break;
    case SpoofMode::Circle: {
      double phase_deg = 0;
      if (pattern.circle_period_s > 0) {
        const double turns = std::fmod(truth.time_s, pattern.circle_period_s) / pattern.circle_period_s;
        phase_deg = 360.0 * turns;
      }
      at = destination(pattern.lat_deg, pattern.lon_deg, phase_deg, pattern.circle_radius_km * 1000.0);
      break;
    }
  }
  // A receiver locked on consistent counterfeit signals computes a clean solution: its indicators stay nominal.
  report_fix(at.lat_deg, at.lon_deg, truth.geom_minus_baro_ft + pattern.alt_offset_ft, true);
}

const GnssOutput& AircraftGnss::update(const GnssEnvironment& environment, const AircraftTruth& truth,
                                       TruthRecorder& truth_out) {
  if (!has_gnss_) {
    // Never a GNSS position: the same report as a lost fix, permanently, and never affected.
    report_lost(truth);
    output_.jammed = output_.spoofed = false;
    return output_;
  }
  const Exposure exposure = environment.empty() ? Exposure{} : environment.exposure(
      truth.time_s, truth.lat_deg, truth.lon_deg, truth.alt_baro_ft);
  const double now = truth.time_s;
  const bool jam_loses = exposure.jam_js_db >= profile_.loss_js_db;

  switch (state_) {
    case State::Tracking:
      if (jam_loses) {
        state_ = State::Lost;
        open_interval(truth_out, truth, false, exposure.jammer, environment);
      } else if (exposure.spoofer >= 0 && exposure.spoof_ss_db >= profile_.spoof_capture_db) {
        state_ = State::Spoofed;
        state_since_s_ = now;
        open_interval(truth_out, truth, true, exposure.spoofer, environment);
      }
      break;
    case State::Lost:
    case State::Reacquiring:
      if (exposure.jam_js_db >= profile_.reacquire_js_db) {
        state_ = State::Lost;
      } else if (state_ == State::Lost) {
        state_ = State::Reacquiring;
        state_since_s_ = now;
      }
      if (state_ == State::Reacquiring && now - state_since_s_ >= profile_.reacquire_delay_s) {
        if (exposure.spoofer >= 0 && exposure.spoof_ss_db >= profile_.spoof_capture_db) {
          // Acquisition finds the counterfeit signals first.
          state_ = State::Spoofed;
          state_since_s_ = now;
          open_interval(truth_out, truth, true, exposure.spoofer, environment);
        } else {
          state_ = State::Tracking;
          close_interval(truth_out, truth);
        }
      }
      break;
    case State::Spoofed:
    case State::Recovering: {
      const double spoof_db =
          environment.is_db(static_cast<std::size_t>(interferer_), now, truth.lat_deg, truth.lon_deg,
                            truth.alt_baro_ft);
      if (jam_loses) {
        state_ = State::Lost;
        open_interval(truth_out, truth, false, exposure.jammer, environment);
      } else if (state_ == State::Spoofed && spoof_db < profile_.spoof_release_db) {
        state_ = State::Recovering;
        recovering_since_s_ = now;
      } else if (state_ == State::Recovering && spoof_db >= profile_.spoof_capture_db) {
        state_ = State::Spoofed;  // captured again: the same interval, the same drift origin
      } else if (state_ == State::Recovering && now - recovering_since_s_ >= profile_.spoof_recovery_delay_s) {
        state_ = State::Tracking;
        close_interval(truth_out, truth);
      }
      break;
    }
  }

  switch (state_) {
    case State::Tracking:
      report_true_position(truth, profile_.loss_js_db - exposure.jam_js_db);
      break;
    case State::Spoofed:
      report_spoofed_position(environment, truth);
      break;
    case State::Lost:
    case State::Reacquiring:
    case State::Recovering:
      report_lost(truth);
      break;
  }
  return output_;
}

void AircraftGnss::finish(const AircraftTruth& truth, TruthRecorder& truth_out) {
  close_interval(truth_out, truth);
  // The aircraft has left the simulation (or its transponder is off): if it comes back, it starts with a fresh
  // fix, and a new interval opens when it is affected again.
  state_ = State::Tracking;
  interferer_ = -1;
}

}  // namespace gw::sim
