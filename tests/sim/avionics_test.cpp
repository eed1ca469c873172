// One aircraft's receiver and avionics under the interference model: loss at the radius, hysteresis and the
// re-acquisition delay, degradation before loss, the two ways of reporting a lost fix, intermittent jammers, the
// spoof patterns and recovery, and what ends up in the truth.
#include "sim/avionics.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "sim/truth.hpp"

namespace gw::sim {
namespace {

constexpr double kJamLat = 50.0, kJamLon = 10.0;

Interferer jammer(double eirp_dbw = 20.0, std::uint32_t id = 7) {
  Interferer j;
  j.id = id;
  j.name = std::string("jammer");
  j.lat_deg = kJamLat;
  j.lon_deg = kJamLon;
  j.height_m = 30;
  j.eirp_dbw = eirp_dbw;
  return j;
}

// The aircraft distance_m from the jammer on a bearing, at time t.
AircraftTruth at(double t, double distance_m, double alt_ft, double bearing_deg = 0.0) {
  const GeoPoint p = destination(kJamLat, kJamLon, bearing_deg, distance_m);
  AircraftTruth truth;
  truth.time_s = t;
  truth.lat_deg = p.lat_deg;
  truth.lon_deg = p.lon_deg;
  truth.alt_baro_ft = alt_ft;
  truth.geom_minus_baro_ft = 150;
  truth.gs_kt = 450;
  return truth;
}

// The distance (m) on a bearing where the jammer's I/S at alt_ft equals level_db (bisection; I/S falls with
// distance beyond the first few km).
double distance_for_level(const GnssEnvironment& env, double level_db, double alt_ft) {
  double inside = 5000, outside = 400e3;
  for (int i = 0; i < 100; ++i) {
    const double mid = (inside + outside) / 2;
    const AircraftTruth p = at(0, mid, alt_ft);
    (env.is_db(0, 0, p.lat_deg, p.lon_deg, alt_ft) >= level_db ? inside : outside) = mid;
  }
  return (inside + outside) / 2;
}

TEST(AircraftGnss, LosesGnssJustInsideTheRadiusAndKeepsItJustOutside) {
  const GnssEnvironment env({jammer()});
  for (const double alt : {1000.0, 10000.0, 35000.0}) {
    const double r_m = env.radius_km(0, alt) * 1000.0;
    TruthRecorder truth;
    AircraftGnss outside(0x400001, true, ReceiverProfile::nominal());
    AircraftGnss inside(0x400002, true, ReceiverProfile::nominal());
    EXPECT_FALSE(outside.update(env, at(0, r_m + 50.0, alt), truth).jammed) << alt;
    EXPECT_TRUE(outside.output().position_valid);
    EXPECT_TRUE(inside.update(env, at(0, r_m - 50.0, alt), truth).jammed) << alt;
    EXPECT_FALSE(inside.output().position_valid);  // nominal profile: TC 0
    EXPECT_EQ(inside.output().nic, 0);
    EXPECT_EQ(inside.output().nacp, 0);
  }
}

TEST(AircraftGnss, HysteresisAndReacquisitionDelay) {
  const GnssEnvironment env({jammer()});
  ReceiverProfile profile = ReceiverProfile::nominal();
  profile.reacquire_delay_s = 20;
  AircraftGnss gnss(0x400003, true, profile);
  TruthRecorder truth;
  truth.add_aircraft(0x400003, "TEST1", 2, true);
  const double alt = 20000;
  const double lose = distance_for_level(env, profile.loss_js_db + 1.0, alt);        // J/S above loss
  const double between = distance_for_level(env, profile.reacquire_js_db + 2.0, alt);  // between the thresholds
  const double clear = distance_for_level(env, profile.reacquire_js_db - 1.0, alt);    // below acquisition

  // Between the thresholds with a fix: kept (no loss below the tracking threshold).
  EXPECT_FALSE(gnss.update(env, at(0, between, alt), truth).jammed);
  EXPECT_TRUE(gnss.update(env, at(1, lose, alt), truth).jammed);
  // Back between the thresholds: still lost, however long.
  for (double t = 2; t < 200; t += 1) ASSERT_TRUE(gnss.update(env, at(t, between, alt), truth).jammed) << t;
  // Below the acquisition threshold from t = 200: lost until the delay has passed, then a fix.
  for (double t = 200; t < 220; t += 1) ASSERT_TRUE(gnss.update(env, at(t, clear, alt), truth).jammed) << t;
  const GnssOutput& back = gnss.update(env, at(220, clear, alt), truth);
  EXPECT_FALSE(back.jammed);
  EXPECT_TRUE(back.position_valid);
  EXPECT_EQ(gnss.state(), AircraftGnss::State::Tracking);

  const auto* entry = truth.aircraft(0x400003);
  ASSERT_NE(entry, nullptr);
  ASSERT_EQ(entry->affected.size(), 1u);
  const AffectedInterval& v = entry->affected[0];
  EXPECT_EQ(v.kind, AffectKind::Jammed);
  EXPECT_EQ(v.interferer_id, 7u);
  EXPECT_DOUBLE_EQ(v.start_s, 1);
  EXPECT_DOUBLE_EQ(v.end_s, 220);
  EXPECT_TRUE(v.closed);
  EXPECT_DOUBLE_EQ(v.start_alt_ft, alt);
  EXPECT_NEAR(great_circle_m(kJamLat, kJamLon, v.start_lat, v.start_lon), lose, 1.0);
  EXPECT_NEAR(great_circle_m(kJamLat, kJamLon, v.end_lat, v.end_lon), clear, 1.0);
}

TEST(AircraftGnss, ReacquisitionWaitsForACleanPeriod) {
  // A J/S that bounces above the acquisition threshold restarts the delay.
  const GnssEnvironment env({jammer()});
  ReceiverProfile profile = ReceiverProfile::nominal();
  profile.reacquire_delay_s = 10;
  AircraftGnss gnss(1, true, profile);
  TruthRecorder truth;
  const double alt = 20000;
  const double lose = distance_for_level(env, profile.loss_js_db + 1.0, alt);
  const double between = distance_for_level(env, profile.reacquire_js_db + 1.0, alt);
  const double clear = distance_for_level(env, profile.reacquire_js_db - 1.0, alt);
  gnss.update(env, at(0, lose, alt), truth);
  for (double t = 1; t < 6; ++t) gnss.update(env, at(t, clear, alt), truth);
  gnss.update(env, at(6, between, alt), truth);  // restarts
  for (double t = 7; t < 17; ++t) ASSERT_TRUE(gnss.update(env, at(t, clear, alt), truth).jammed) << t;
  EXPECT_FALSE(gnss.update(env, at(17, clear, alt), truth).jammed);
}

TEST(AircraftGnss, IndicatorsDegradeAsJammingApproachesTheThreshold) {
  const GnssEnvironment env({jammer()});
  ReceiverProfile profile = ReceiverProfile::nominal();
  profile.nic = 8;
  profile.nacp = 10;
  TruthRecorder truth;
  const double alt = 30000;
  auto output_at_margin = [&](double margin_db) {
    AircraftGnss gnss(1, true, profile);
    return gnss.update(env, at(0, distance_for_level(env, profile.loss_js_db - margin_db, alt), alt), truth);
  };
  const GnssOutput far = output_at_margin(10);
  EXPECT_EQ(far.nic, 8);
  EXPECT_EQ(far.nacp, 10);
  const GnssOutput five = output_at_margin(5);
  EXPECT_EQ(five.nic, 8);
  EXPECT_EQ(five.nacp, 9);
  const GnssOutput three = output_at_margin(3);
  EXPECT_EQ(three.nic, 6);  // Rc < 0.6 NM: a NIC < 7 rule calls it bad
  EXPECT_EQ(three.nacp, 7);
  const GnssOutput one = output_at_margin(1);
  EXPECT_EQ(one.nic, 5);
  EXPECT_EQ(one.nacp, 5);
  for (const GnssOutput& o : {far, five, three, one}) {
    EXPECT_TRUE(o.position_valid);
    EXPECT_FALSE(o.jammed);
  }
}

TEST(AircraftGnss, ZeroIntegrityInstallationsKeepSendingPositions) {
  const GnssEnvironment env({jammer()});
  ReceiverProfile profile = ReceiverProfile::nominal();
  profile.loss_report = LossReport::ZeroIntegrity;
  AircraftGnss gnss(1, true, profile);
  TruthRecorder truth;
  const AircraftTruth near = at(0, 10e3, 10000);
  const GnssOutput& o = gnss.update(env, near, truth);
  EXPECT_TRUE(o.jammed);
  EXPECT_TRUE(o.position_valid);
  EXPECT_EQ(o.nic, 0);
  EXPECT_EQ(o.nacp, 0);
  EXPECT_FALSE(o.gnss_height_valid);
  EXPECT_DOUBLE_EQ(o.lat_deg, near.lat_deg);
}

TEST(AircraftGnss, IntermittentJammerGivesOneIntervalPerBurst) {
  Interferer j = jammer();
  j.active = {{100, 200}, {400, 500}};
  const GnssEnvironment env({j});
  ReceiverProfile profile = ReceiverProfile::nominal();
  profile.reacquire_delay_s = 15;
  AircraftGnss gnss(0x400004, true, profile);
  TruthRecorder truth;
  truth.add_aircraft(0x400004, "", 2, true);
  for (double t = 0; t < 700; t += 1) {
    const GnssOutput& o = gnss.update(env, at(t, 30e3, 5000), truth);
    const bool expect_jammed = (t >= 100 && t < 215) || (t >= 400 && t < 515);
    ASSERT_EQ(o.jammed, expect_jammed) << t;
  }
  const auto& affected = truth.aircraft(0x400004)->affected;
  ASSERT_EQ(affected.size(), 2u);
  EXPECT_DOUBLE_EQ(affected[0].start_s, 100);
  EXPECT_DOUBLE_EQ(affected[0].end_s, 215);
  EXPECT_DOUBLE_EQ(affected[1].start_s, 400);
  EXPECT_DOUBLE_EQ(affected[1].end_s, 515);
}

TEST(AircraftGnss, AircraftWithoutGnssAreNeverAffected) {
  const GnssEnvironment env({jammer()});
  AircraftGnss gnss(0x400005, false, ReceiverProfile::nominal());
  TruthRecorder truth;
  truth.add_aircraft(0x400005, "", 0, false);
  for (double t = 0; t < 10; ++t) {
    const GnssOutput& o = gnss.update(env, at(t, 5e3, 3000), truth);
    EXPECT_FALSE(o.position_valid);
    EXPECT_FALSE(o.jammed);
    EXPECT_EQ(o.nacp, 0);
  }
  EXPECT_TRUE(truth.aircraft(0x400005)->affected.empty());
}

Interferer spoofer(SpoofMode mode) {
  Interferer s;
  s.id = 3;
  s.kind = InterfererKind::Spoofer;
  s.name = std::string("spoofer");
  s.lat_deg = kJamLat;
  s.lon_deg = kJamLon;
  s.height_m = 30;
  s.eirp_dbw = -10;
  s.spoof.mode = mode;
  s.spoof.lat_deg = 48.0;
  s.spoof.lon_deg = 12.0;
  s.spoof.drift_mps = 50;
  s.spoof.drift_bearing_deg = 90;
  s.spoof.circle_radius_km = 20;
  s.spoof.circle_period_s = 400;
  s.spoof.alt_offset_ft = 1200;
  return s;
}

TEST(AircraftGnss, FixedSpoofReportsTheFalsePointWithHighIntegrity) {
  const GnssEnvironment env({spoofer(SpoofMode::Fixed)});
  const ReceiverProfile profile = ReceiverProfile::nominal();
  AircraftGnss gnss(0x400006, true, profile);
  TruthRecorder truth;
  const GnssOutput& o = gnss.update(env, at(1000, 20e3, 10000), truth);
  EXPECT_TRUE(o.spoofed);
  EXPECT_FALSE(o.jammed);
  EXPECT_TRUE(o.position_valid);
  EXPECT_DOUBLE_EQ(o.lat_deg, 48.0);
  EXPECT_DOUBLE_EQ(o.lon_deg, 12.0);
  EXPECT_EQ(o.nic, profile.nic);
  EXPECT_EQ(o.nacp, profile.nacp);
  EXPECT_DOUBLE_EQ(o.geom_minus_baro_ft, 150 + 1200);
  ASSERT_EQ(truth.aircraft(0x400006)->affected.size(), 1u);
  EXPECT_EQ(truth.aircraft(0x400006)->affected[0].kind, AffectKind::Spoofed);
  EXPECT_EQ(truth.aircraft(0x400006)->affected[0].interferer_id, 3u);
}

TEST(AircraftGnss, DriftSpoofMovesAwayFromTheTruePosition) {
  const GnssEnvironment env({spoofer(SpoofMode::Drift)});
  AircraftGnss gnss(1, true, ReceiverProfile::nominal());
  TruthRecorder truth;
  gnss.update(env, at(1000, 20e3, 10000), truth);  // capture at t = 1000
  for (const double dt : {0.0, 60.0, 300.0}) {
    const AircraftTruth now = at(1000 + dt, 20e3 + 100 * dt, 10000, 30);
    const GnssOutput& o = gnss.update(env, now, truth);
    ASSERT_TRUE(o.spoofed);
    EXPECT_NEAR(great_circle_m(now.lat_deg, now.lon_deg, o.lat_deg, o.lon_deg), 50 * dt, 0.5) << dt;
    if (dt > 0) {
      EXPECT_NEAR(o.lat_deg, now.lat_deg, 1e-3);  // due east
      EXPECT_GT(o.lon_deg, now.lon_deg);
    }
  }
}

TEST(AircraftGnss, CircleSpoofStaysOnTheCircle) {
  const GnssEnvironment env({spoofer(SpoofMode::Circle)});
  AircraftGnss gnss(1, true, ReceiverProfile::nominal());
  TruthRecorder truth;
  for (double t = 4000; t < 4400; t += 7) {  // 4000 = 10 periods: phase 0 (north)
    const GnssOutput& o = gnss.update(env, at(t, 20e3, 10000), truth);
    ASSERT_TRUE(o.spoofed);
    EXPECT_NEAR(great_circle_m(48.0, 12.0, o.lat_deg, o.lon_deg), 20e3, 1.0);
  }
  const GnssOutput& north = gnss.update(env, at(4800, 20e3, 10000), truth);
  EXPECT_GT(north.lat_deg, 48.1);
  const GnssOutput& east = gnss.update(env, at(4900, 20e3, 10000), truth);  // a quarter period later
  EXPECT_NEAR(east.lat_deg, 48.0, 0.01);
  EXPECT_GT(east.lon_deg, 12.2);
}

TEST(AircraftGnss, RecoversAfterTheSpooferIsGone) {
  Interferer s = spoofer(SpoofMode::Fixed);
  s.active = {{0, 100}};
  const GnssEnvironment env({s});
  ReceiverProfile profile = ReceiverProfile::nominal();
  profile.spoof_recovery_delay_s = 30;
  AircraftGnss gnss(0x400007, true, profile);
  TruthRecorder truth;
  for (double t = 0; t < 100; ++t) ASSERT_TRUE(gnss.update(env, at(t, 20e3, 10000), truth).spoofed);
  for (double t = 100; t < 130; ++t) {
    const GnssOutput& o = gnss.update(env, at(t, 20e3, 10000), truth);
    ASSERT_FALSE(o.position_valid) << t;  // no fix while the receiver recovers (nominal: TC 0)
    ASSERT_TRUE(o.spoofed) << t;          // still inside the truth interval
  }
  const GnssOutput& o = gnss.update(env, at(130, 20e3, 10000), truth);
  EXPECT_FALSE(o.spoofed);
  EXPECT_TRUE(o.position_valid);
  const auto& affected = truth.aircraft(0x400007)->affected;
  ASSERT_EQ(affected.size(), 1u);
  EXPECT_DOUBLE_EQ(affected[0].start_s, 0);
  EXPECT_DOUBLE_EQ(affected[0].end_s, 130);
}

TEST(AircraftGnss, SpoofedReceiverStaysCapturedUntilTheRelease) {
  // Captured near the spoofer, then flying out: kept captured down to the release level, below the capture one.
  const GnssEnvironment env({spoofer(SpoofMode::Fixed)});
  const ReceiverProfile profile = ReceiverProfile::nominal();
  AircraftGnss gnss(1, true, profile);
  TruthRecorder truth;
  const double alt = 10000;
  gnss.update(env, at(0, 20e3, alt), truth);
  ASSERT_EQ(gnss.state(), AircraftGnss::State::Spoofed);
  auto distance_for = [&](double level) {
    double lo = 1000, hi = 300e3;
    for (int i = 0; i < 80; ++i) {
      const double mid = (lo + hi) / 2;
      const AircraftTruth p = at(0, mid, alt);
      (env.is_db(0, 0, p.lat_deg, p.lon_deg, alt) >= level ? lo : hi) = mid;
    }
    return (lo + hi) / 2;
  };
  EXPECT_TRUE(gnss.update(env, at(1, distance_for(profile.spoof_release_db + 1), alt), truth).spoofed);
  EXPECT_EQ(gnss.state(), AircraftGnss::State::Spoofed);
  gnss.update(env, at(2, distance_for(profile.spoof_release_db - 1), alt), truth);
  EXPECT_EQ(gnss.state(), AircraftGnss::State::Recovering);
  // A fresh receiver at the same in-between level is not captured.
  AircraftGnss fresh(2, true, profile);
  EXPECT_FALSE(fresh.update(env, at(3, distance_for(profile.spoof_capture_db - 1), alt), truth).spoofed);
}

TEST(AircraftGnss, JammingOverridesSpoofing) {
  Interferer s = spoofer(SpoofMode::Fixed);
  Interferer j = jammer(20.0, 8);
  j.active = {{50, 1e9}};
  const GnssEnvironment env({s, j});
  AircraftGnss gnss(0x400008, true, ReceiverProfile::nominal());
  TruthRecorder truth;
  EXPECT_TRUE(gnss.update(env, at(0, 20e3, 10000), truth).spoofed);
  const GnssOutput& o = gnss.update(env, at(50, 20e3, 10000), truth);
  EXPECT_TRUE(o.jammed);
  EXPECT_FALSE(o.spoofed);
  const auto& affected = truth.aircraft(0x400008)->affected;
  ASSERT_EQ(affected.size(), 2u);
  EXPECT_EQ(affected[0].kind, AffectKind::Spoofed);
  EXPECT_DOUBLE_EQ(affected[0].end_s, 50);
  EXPECT_EQ(affected[1].kind, AffectKind::Jammed);
  EXPECT_EQ(affected[1].interferer_id, 8u);
}

TEST(AircraftGnss, FinishClosesAnOpenInterval) {
  const GnssEnvironment env({jammer()});
  AircraftGnss gnss(0x400009, true, ReceiverProfile::nominal());
  TruthRecorder truth;
  gnss.update(env, at(0, 10e3, 10000), truth);
  gnss.finish(at(42, 12e3, 10000), truth);
  const AffectedInterval& v = truth.aircraft(0x400009)->affected.at(0);
  EXPECT_TRUE(v.closed);
  EXPECT_DOUBLE_EQ(v.end_s, 42);
  EXPECT_NEAR(great_circle_m(kJamLat, kJamLon, v.end_lat, v.end_lon), 12e3, 1.0);
  // Back in the simulation, still jammed: a second interval, not a silent continuation.
  EXPECT_TRUE(gnss.update(env, at(100, 10e3, 10000), truth).jammed);
  ASSERT_EQ(truth.aircraft(0x400009)->affected.size(), 2u);
  EXPECT_DOUBLE_EQ(truth.aircraft(0x400009)->affected[1].start_s, 100);
}

TEST(ReceiverProfile, RandomProfilesVaryWithinTheirDocumentedRanges) {
  int no_position = 0;
  for (std::uint64_t seed = 1; seed <= 2000; ++seed) {
    const ReceiverProfile p = ReceiverProfile::random(mix_seed(99, seed));
    const ReceiverProfile q = ReceiverProfile::random(mix_seed(99, seed));
    ASSERT_EQ(p.loss_js_db, q.loss_js_db);  // deterministic
    ASSERT_GE(p.loss_js_db, radio::kLossJsDb - 2.0);
    ASSERT_LE(p.loss_js_db, radio::kLossJsDb + 2.0);
    ASSERT_NEAR(p.loss_js_db - p.reacquire_js_db, radio::kLossJsDb - radio::kReacquireJsDb, 1e-9);
    ASSERT_GE(p.reacquire_delay_s, 10.0);
    ASSERT_LE(p.reacquire_delay_s, 40.0);
    ASSERT_GT(p.spoof_capture_db, p.spoof_release_db);
    ASSERT_GE(p.nacp, 8);
    ASSERT_GE(p.nic, 7);
    no_position += p.loss_report == LossReport::NoPosition;
  }
  EXPECT_GT(no_position, 1100);
  EXPECT_LT(no_position, 1300);
}

}  // namespace
}  // namespace gw::sim
