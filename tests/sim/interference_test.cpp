// The radio model: FSPL, radio horizon, antenna gain, I/S, intermittent and moving interferers, the reach boxes
// that skip far interferers, radius_km, and the random jammer for generated scenarios.
#include "sim/interference.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <set>

namespace gw::sim {
namespace {

constexpr double kFt = radio::kFeetToMetres;

Interferer jammer_at(double lat, double lon, double eirp_dbw, double height_m = 30.0, std::uint32_t id = 1) {
  Interferer j;
  j.id = id;
  j.name = std::string("test");
  j.lat_deg = lat;
  j.lon_deg = lon;
  j.eirp_dbw = eirp_dbw;
  j.height_m = height_m;
  return j;
}

TEST(SplitMix64, MatchesTheReferenceSequence) {
  // splitmix64.c (Vigna), state 0: the first two outputs.
  SplitMix64 rng(0);
  EXPECT_EQ(rng.next(), 0xe220a8397b1dcdafULL);
  EXPECT_EQ(rng.next(), 0x6e789e6aa1b965f4ULL);
}

TEST(SplitMix64, UniformStaysInRangeAndIsReproducible) {
  SplitMix64 a(42), b(42);
  for (int i = 0; i < 10000; ++i) {
    const double x = a.uniform(-2.0, 2.0);
    EXPECT_EQ(x, b.uniform(-2.0, 2.0));
    ASSERT_GE(x, -2.0);
    ASSERT_LT(x, 2.0);
  }
  EXPECT_NE(mix_seed(1, 0x71c012), mix_seed(1, 0x71c013));
  EXPECT_NE(mix_seed(1, 0x71c012), mix_seed(2, 0x71c012));
}

TEST(Radio, FreeSpacePathLossAtL1) {
  // 20 log10(4 pi d f / c) with f = 1575.42 MHz: 21.984 + 20 log10(d) + 183.948 - 169.536.
  EXPECT_NEAR(radio::free_space_path_loss_db(1000.0), 96.396, 0.001);
  EXPECT_NEAR(radio::free_space_path_loss_db(100000.0), 136.396, 0.001);
  // Doubling the distance: +6.02 dB.
  EXPECT_NEAR(radio::free_space_path_loss_db(2000.0) - radio::free_space_path_loss_db(1000.0), 6.0206, 1e-4);
}

TEST(Radio, RadioHorizonOnAFourThirdsEarth) {
  // sqrt(2 * 4/3 * 6371008.8 m * h)
  EXPECT_NEAR(radio::radio_horizon_m(30.0), 22576.1, 0.1);
  EXPECT_NEAR(radio::radio_horizon_m(35000 * kFt), 425725.8, 0.5);
  EXPECT_NEAR(radio::line_of_sight_m(30.0, 35000 * kFt), 22576.1 + 425725.8, 0.6);
  EXPECT_EQ(radio::radio_horizon_m(-5.0), 0.0);
}

TEST(Radio, AntennaGainFallsBelowTheHorizon) {
  EXPECT_DOUBLE_EQ(radio::aircraft_antenna_gain_db(45.0), -5.5);
  EXPECT_DOUBLE_EQ(radio::aircraft_antenna_gain_db(0.0), -5.5);
  EXPECT_DOUBLE_EQ(radio::aircraft_antenna_gain_db(-5.0), -7.75);
  EXPECT_DOUBLE_EQ(radio::aircraft_antenna_gain_db(-10.0), -10.0);
  EXPECT_DOUBLE_EQ(radio::aircraft_antenna_gain_db(-90.0), -10.0);
}

TEST(Radio, InterferenceToSignalMatchesAHandCalculation) {
  // EIRP 30 dBW, jammer 30 m, aircraft 10,000 m, 100 km ground distance. By hand on the 4/3 Earth
  // (R' = 8,494,678 m, angle = d / R'): slant 100,553.9 m, elevation -6.0274°, gain -5.5 - 4.5 * 0.60274 =
  // -8.2123 dBi, FSPL 136.4437 dB; I/S = 30 - 136.4437 - 8.2123 + 158.5 = 43.844 dB.
  EXPECT_NEAR(radio::slant_range_m(100e3, 30, 10000), 100553.9, 0.1);
  EXPECT_NEAR(radio::elevation_deg(100e3, 30, 10000), -6.0274, 1e-4);
  EXPECT_NEAR(radio::interference_to_signal_db(30, 100e3, 30, 10000), 43.844, 0.001);
  // Overhead at 10 km: elevation -90°, gain -10, FSPL over 9,970 m.
  EXPECT_NEAR(radio::interference_to_signal_db(30, 0, 30, 10000),
              30 - radio::free_space_path_loss_db(9970) - 10 + 158.5, 1e-6);
}

TEST(Radio, LineOfSightBlocksALowAircraftFarAwayButNotAHighOne) {
  const GnssEnvironment env({jammer_at(54.7, 20.5, 40.0)});
  // 200 km north: a 1,000 ft aircraft is beyond the radio horizon (22.6 + 68.2 km); at 35,000 ft it is not.
  const GeoPoint far = destination(54.7, 20.5, 0.0, 200e3);
  EXPECT_EQ(env.is_db(0, 0, far.lat_deg, far.lon_deg, 1000), radio::kNoSignalDb);
  const double high = env.is_db(0, 0, far.lat_deg, far.lon_deg, 35000);
  EXPECT_GT(high, radio::kLossJsDb);
  EXPECT_EQ(env.exposure(0, far.lat_deg, far.lon_deg, 1000).jammer, -1);
  EXPECT_EQ(env.exposure(0, far.lat_deg, far.lon_deg, 35000).jammer, 0);
}

TEST(Environment, IntermittentJammerIsOnlyHeardInItsIntervals) {
  Interferer j = jammer_at(37.97, 126.55, 25.0);
  j.active = {{1000, 2000}, {5000, 5600}};
  const GnssEnvironment env({j});
  const GeoPoint near = destination(37.97, 126.55, 180.0, 20e3);
  for (const double t : {999.0, 2000.0, 3000.0, 4999.9, 5600.0}) {
    EXPECT_FALSE(env.active_at(0, t)) << t;
    EXPECT_EQ(env.exposure(t, near.lat_deg, near.lon_deg, 5000).jam_js_db, radio::kNoSignalDb) << t;
  }
  for (const double t : {1000.0, 1999.9, 5000.0, 5599.0}) {
    EXPECT_TRUE(env.active_at(0, t)) << t;
    EXPECT_GT(env.exposure(t, near.lat_deg, near.lon_deg, 5000).jam_js_db, radio::kLossJsDb) << t;
  }
}

TEST(Environment, MovingJammerInterpolatesItsTrack) {
  Interferer j = jammer_at(0, 0, 25.0);
  j.track = {{2000, 55.0, 20.0}, {1000, 54.0, 19.0}, {3000, 55.0, 22.0}};  // unsorted on purpose
  const GnssEnvironment env({j});
  auto at = [&](double t) { return env.position_at(0, t); };
  EXPECT_DOUBLE_EQ(at(0).lat_deg, 54.0);  // held before the first waypoint
  EXPECT_DOUBLE_EQ(at(0).lon_deg, 19.0);
  EXPECT_NEAR(at(1500).lat_deg, 54.5, 1e-12);
  EXPECT_NEAR(at(1500).lon_deg, 19.5, 1e-12);
  EXPECT_NEAR(at(2500).lat_deg, 55.0, 1e-12);
  EXPECT_NEAR(at(2500).lon_deg, 21.0, 1e-12);
  EXPECT_DOUBLE_EQ(at(9999).lon_deg, 22.0);  // held after the last
  // An aircraft near the end of the track is affected at the end, not at the start (300+ km away then).
  const GeoPoint near_end = destination(55.0, 22.0, 90.0, 10e3);
  EXPECT_GT(env.exposure(3000, near_end.lat_deg, near_end.lon_deg, 3000).jam_js_db, radio::kLossJsDb);
  EXPECT_LT(env.exposure(1000, near_end.lat_deg, near_end.lon_deg, 3000).jam_js_db, radio::kLossJsDb);
}

TEST(Environment, TrackAcrossTheAntimeridianTakesTheShortWay) {
  Interferer j = jammer_at(0, 0, 25.0);
  j.track = {{0, 10.0, 179.0}, {100, 10.0, -179.0}};
  const GnssEnvironment env({j});
  EXPECT_NEAR(std::abs(env.position_at(0, 50).lon_deg), 180.0, 1e-9);
  EXPECT_NEAR(env.position_at(0, 25).lon_deg, 179.5, 1e-9);
}

TEST(Environment, JammerPowersAdd) {
  const GnssEnvironment one({jammer_at(50, 10, 20)});
  const GnssEnvironment two({jammer_at(50, 10, 20, 30, 1), jammer_at(50, 10, 20, 30, 2)});
  const GeoPoint p = destination(50, 10, 45, 80e3);
  EXPECT_NEAR(two.exposure(0, p.lat_deg, p.lon_deg, 20000).jam_js_db -
                  one.exposure(0, p.lat_deg, p.lon_deg, 20000).jam_js_db,
              10 * std::log10(2.0), 1e-9);
}

TEST(Environment, ReachBoxesNeverSkipAnInterfererThatMatters) {
  // Brute force: at random points up to 1,200 km from several interferers (one near the antimeridian, one far
  // north), exposure() must equal the direct per-interferer evaluation wherever that is above the floor.
  Interferer spoofer = jammer_at(33.9, 35.5, 10.0, 200.0, 4);
  spoofer.kind = InterfererKind::Spoofer;
  const std::vector<Interferer> list{jammer_at(54.7, 20.5, 35, 100, 1), jammer_at(65.0, 179.8, 30, 50, 2),
                                     jammer_at(78.0, 15.0, 30, 300, 3), spoofer};
  const GnssEnvironment env(list);
  SplitMix64 rng(7);
  int checked = 0, affected = 0;
  for (int i = 0; i < 20000; ++i) {
    const Interferer& around = list[rng.below(list.size())];
    const GeoPoint p = destination(around.lat_deg, around.lon_deg, rng.uniform(0, 360), rng.uniform(0, 1.2e6));
    const double alt = rng.uniform(0, 45000);
    const Exposure e = env.exposure(0, p.lat_deg, p.lon_deg, alt);
    double linear = 0, best_spoof = radio::kNoSignalDb;
    for (std::size_t k = 0; k < list.size(); ++k) {
      const double level = env.is_db(k, 0, p.lat_deg, p.lon_deg, alt);
      if (list[k].kind == InterfererKind::Spoofer) {
        best_spoof = std::max(best_spoof, level);
      } else if (level >= radio::kJammerFloorDb - 10.0) {
        linear += std::pow(10.0, level / 10.0);
      }
    }
    const double direct_jam = linear > 0 ? 10 * std::log10(linear) : radio::kNoSignalDb;
    if (direct_jam >= radio::kJammerFloorDb) {
      ++affected;
      ASSERT_NEAR(e.jam_js_db, direct_jam, 1e-9) << p.lat_deg << " " << p.lon_deg << " " << alt;
    }
    if (best_spoof >= radio::kSpoofFloorDb) {
      ASSERT_NEAR(e.spoof_ss_db, best_spoof, 1e-9);
    }
    ++checked;
  }
  EXPECT_EQ(checked, 20000);
  EXPECT_GT(affected, 2000);  // the check was not vacuous
}

TEST(Environment, FarInterferersAreSkipped) {
  const GnssEnvironment env({jammer_at(54.7, 20.5, 35, 100)});
  const Exposure e = env.exposure(0, -33.9, 151.2, 35000);  // Sydney
  EXPECT_EQ(e.jammer, -1);
  EXPECT_EQ(e.jam_js_db, radio::kNoSignalDb);
}

TEST(Environment, RadiusIsWhereTheLevelCrossesTheThreshold) {
  const GnssEnvironment env({jammer_at(37.97, 126.55, 20.0, 30.0)});
  for (const double alt : {1000.0, 10000.0, 35000.0}) {
    const double r_m = env.radius_km(0, alt) * 1000.0;
    const double los = radio::line_of_sight_m(30.0, alt * kFt);
    ASSERT_GT(r_m, 0);
    ASSERT_LE(r_m, los + 1e-6);
    if (r_m < los - 1.0) {
      EXPECT_GE(radio::interference_to_signal_db(20.0, r_m - 1.0, 30.0, alt * kFt), radio::kLossJsDb);
      EXPECT_LT(radio::interference_to_signal_db(20.0, r_m + 1.0, 30.0, alt * kFt), radio::kLossJsDb);
    }
    // Nothing beyond the radius reaches the threshold (the outermost crossing).
    for (double d = r_m + 100.0; d <= los; d += 500.0)
      ASSERT_LT(radio::interference_to_signal_db(20.0, d, 30.0, alt * kFt), radio::kLossJsDb) << alt << " " << d;
  }
  // A low aircraft near a stronger jammer is limited by line of sight: 1,000 ft, 22.6 + 68.2 km.
  const GnssEnvironment strong({jammer_at(37.97, 126.55, 30.0, 30.0)});
  EXPECT_NEAR(strong.radius_km(0, 1000), radio::line_of_sight_m(30.0, 1000 * kFt) / 1000.0, 1e-9);
  EXPECT_GT(strong.radius_km(0, 35000), env.radius_km(0, 35000) * 3.0);  // +10 dB: sqrt(10) x the distance
  // Korea suggestion (interference.hpp): 20 dBW reaches ~60 km at 35,000 ft.
  EXPECT_NEAR(env.radius_km(0, 35000), 57.0, 3.0);
}

TEST(Environment, EirpForRadiusInvertsRadius) {
  for (const double radius : {60.0, 120.0, 250.0}) {
    const double eirp = eirp_for_radius_dbw(radius, 35000, 50.0);
    const GnssEnvironment env({jammer_at(0, 0, eirp, 50.0)});
    EXPECT_NEAR(env.radius_km(0, 35000), radius, 0.01);
  }
  EXPECT_TRUE(std::isnan(eirp_for_radius_dbw(500.0, 1000, 30.0)));  // beyond line of sight
}

TEST(RandomJammer, IsPlausibleAndReproducible) {
  int intermittent = 0, moving = 0;
  std::set<double> eirps;
  for (std::uint64_t seed = 0; seed < 300; ++seed) {
    SplitMix64 rng(seed), again(seed);
    const Interferer j = random_jammer(rng, 37.5, 127.0, 1000.0, 8200.0, 9, 50.0);
    const Interferer k = random_jammer(again, 37.5, 127.0, 1000.0, 8200.0, 9, 50.0);
    EXPECT_EQ(j.eirp_dbw, k.eirp_dbw);
    EXPECT_EQ(j.lat_deg, k.lat_deg);
    EXPECT_EQ(j.id, 9u);
    EXPECT_EQ(j.kind, InterfererKind::Jammer);
    EXPECT_LE(great_circle_m(37.5, 127.0, j.lat_deg, j.lon_deg), 50e3 + 1.0);
    EXPECT_GE(j.height_m, 10.0);
    EXPECT_LE(j.height_m, 300.0);
    const GnssEnvironment env({j});
    const double r = env.radius_km(0, 35000);
    EXPECT_GE(r, 59.9);
    EXPECT_LE(r, 250.1);
    for (const Interval& a : j.active) {
      EXPECT_GE(a.start_s, 1000.0);
      EXPECT_LE(a.end_s, 8200.0);
      EXPECT_LT(a.start_s, a.end_s);
    }
    intermittent += !j.active.empty();
    moving += !j.track.empty();
    eirps.insert(j.eirp_dbw);
  }
  EXPECT_GT(intermittent, 50);
  EXPECT_LT(intermittent, 130);
  EXPECT_GT(moving, 20);
  EXPECT_LT(moving, 80);
  EXPECT_GT(eirps.size(), 290u);
}

}  // namespace
}  // namespace gw::sim
